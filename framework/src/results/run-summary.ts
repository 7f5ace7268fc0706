// The state of a run (running, finished, failed, diverged, stopped; latest loss and accuracy), folded from its
// events, for the editor's runs view and `int2int runs`.
import type { RunEndEvent, RunEvent } from '../reporting/events';
import { accuracyOf } from '../reporting/run-series';

export type RunState = 'running' | RunEndEvent['status'];

export interface RunSummary {
  operation?: string;
  /** The run_end status, when the run wrote one (cleared when a resumed run starts). */
  ended?: RunEndEvent['status'];
  /** run_end's message: the error of a failed or diverged run. */
  message?: string;
  epoch?: number;
  step?: number;
  loss?: number;
  accuracy?: number;
  /** The latest validation evaluation: its epoch and scores. */
  evaluation?: { epoch: number; metrics: Record<string, number> };
  /** How many times the run was resumed from a checkpoint. */
  resumes?: number;
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
      next.message = undefined;
      if (event.resumedFrom) next.resumes = (next.resumes ?? 0) + 1;
    } else if (event.type === 'train_stats') {
      next.loss = event.loss;
      next.epoch = event.epoch;
      next.step = event.step;
    } else if (event.type === 'evaluation' && event.split === 'valid') {
      next.accuracy = accuracyOf(event);
      next.evaluation = { epoch: event.epoch, metrics: event.metrics };
    } else if (event.type === 'run_end') {
      next.ended = event.status;
      next.message = event.message;
    }
  }
  return next;
}

/** What decides a run's state besides its events. */
export interface Liveness {
  /** Whether the process holding the run's lock runs (undefined: no lock file, or a holder on another machine). */
  holderAlive: boolean | undefined;
  /** Whether one of this window's tasks is starting or running it. */
  active: boolean;
  /** When its events.jsonl was last written, and now (ms). */
  lastWrite: number;
  now: number;
}

/** The state of a run: its live process first, then what its events say, then how recently they were written. */
export function runState(summary: RunSummary, live: Liveness): RunState {
  if (live.active || live.holderAlive === true) return 'running';
  if (summary.ended) return summary.ended;
  if (live.holderAlive === false) return 'stopped'; // killed: no run_end, no process
  return live.now - live.lastWrite < STALE_AFTER_MS ? 'running' : 'stopped';
}

/** One line for the runs view: "running · epoch 0 · loss 0.412 · acc 73.9%". */
export function describeRun(state: RunState, summary: RunSummary): string {
  const parts: string[] = [state];
  if (summary.epoch !== undefined) parts.push(`epoch ${summary.epoch}`);
  if (summary.loss !== undefined) parts.push(`loss ${summary.loss.toFixed(3)}`);
  if (summary.accuracy !== undefined) parts.push(`acc ${summary.accuracy.toFixed(1)}%`);
  return parts.join(' · ');
}
