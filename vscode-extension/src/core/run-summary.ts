// The state of a run as shown in the runs view (running, finished, failed, diverged, stopped; latest loss and accuracy), folded from its events.
import type { EvaluationEvent, RunEndEvent, RunEvent } from '../../../framework/src/reporting/events';

export type RunState = 'running' | RunEndEvent['status'];

export interface RunSummary {
  operation?: string;
  /** The run_end status, when the run wrote one. */
  ended?: RunEndEvent['status'];
  epoch?: number;
  loss?: number;
  accuracy?: number;
}

/** A run without run_end whose events.jsonl was not written for this long was killed: it is stopped. */
export const STALE_AFTER_MS = 90_000;

/** The summary after `events` (appended to what `summary` already folded). */
export function foldEvents(summary: RunSummary, events: readonly RunEvent[]): RunSummary {
  const next = { ...summary };
  for (const event of events) {
    if (event.type === 'run_start') {
      next.operation = event.operation;
      next.ended = undefined; // a resumed run
    } else if (event.type === 'train_stats') {
      next.loss = event.loss;
      next.epoch = event.epoch;
    } else if (event.type === 'evaluation' && event.split === 'valid') {
      next.accuracy = accuracyOf(event);
    } else if (event.type === 'run_end') {
      next.ended = event.status;
    }
  }
  return next;
}

/** The top-1 accuracy (in %) of an evaluation: `<split>_arithmetic_acc`, else its first `*_acc` metric. */
export function accuracyOf(event: EvaluationEvent): number | undefined {
  const preferred = event.metrics[`${event.split}_arithmetic_acc`];
  if (preferred !== undefined) return preferred;
  const key = Object.keys(event.metrics).find((name) => name.endsWith('_acc'));
  return key === undefined ? undefined : event.metrics[key];
}

/** The state of a run, given when its events.jsonl was last written and whether a task of ours runs it. */
export function runState(summary: RunSummary, lastWrite: number, now: number, active: boolean): RunState {
  if (active) return 'running';
  if (summary.ended) return summary.ended;
  return now - lastWrite < STALE_AFTER_MS ? 'running' : 'stopped';
}

/** One line for the runs view: "running · epoch 0 · loss 0.412 · acc 73.9%". */
export function describeRun(state: RunState, summary: RunSummary): string {
  const parts: string[] = [state];
  if (summary.epoch !== undefined) parts.push(`epoch ${summary.epoch}`);
  if (summary.loss !== undefined) parts.push(`loss ${summary.loss.toFixed(3)}`);
  if (summary.accuracy !== undefined) parts.push(`acc ${summary.accuracy.toFixed(1)}%`);
  return parts.join(' · ');
}
