// What an experiment's log records beyond the checkpoint a run resumes: work of a process killed before saving it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckpointData } from '../checkpoints/checkpoint-file';
import type { RunEvent } from '../reporting/events';
import { EVENTS_FILE } from '../reporting/run-logger';

type Saved = Pick<CheckpointData, 'epoch' | 'nTotalIter' | 'progress'>;

/** What events.jsonl records after `checkpoint` (or, without one, at all): it is done again. */
export interface LostWork {
  /** Whether there is no checkpoint: the earlier process was killed before its first one. */
  beforeFirstCheckpoint: boolean;
  lastStep?: number;
  evaluatedEpochs: number[];
  /** An evaluation cut short (its batches logged, not its result). */
  interruptedEvaluation: boolean;
}

/** The evaluator's line for each batch: `(128/1000) Found 95/128 valid top-1 predictions. ...`. */
const EVALUATION_BATCH = /^\(\d+\/\d+\) Found /;

export function lostWork(runDir: string, checkpoint: Saved | undefined): LostWork {
  const lost: LostWork = {
    beforeFirstCheckpoint: checkpoint === undefined,
    evaluatedEpochs: [],
    interruptedEvaluation: false,
  };
  const file = path.join(runDir, EVENTS_FILE);
  if (!fs.existsSync(file)) return lost;
  const events = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line): RunEvent[] => {
      try {
        return line ? [JSON.parse(line) as RunEvent] : [];
      } catch {
        return [];
      }
    });
  // the work after the event of the checkpoint resumed is lost; without one, all training is
  const isSaved = (e: RunEvent) =>
    e.type === 'checkpoint' &&
    e.kind === 'last' &&
    e.step === checkpoint?.nTotalIter &&
    e.epoch === checkpoint.epoch &&
    e.progress?.phase === checkpoint.progress?.phase;
  const fromEnd = checkpoint ? [...events].reverse().findIndex(isSaved) : -1;
  // without an event of the checkpoint (none yet, or an older int2int), only the steps beyond it are known lost
  const after =
    fromEnd === -1 ? events.filter((e) => e.type === 'train_stats') : events.slice(events.length - fromEnd);
  let evaluating = false;
  for (const event of after) {
    if (event.type === 'train_stats' && (!checkpoint || event.step > checkpoint.nTotalIter))
      lost.lastStep = event.step;
    if (!checkpoint) continue;
    if (event.type === 'log' && EVALUATION_BATCH.test(event.message)) evaluating = true;
    if (event.type === 'evaluation') {
      evaluating = false;
      if (!lost.evaluatedEpochs.includes(event.epoch)) lost.evaluatedEpochs.push(event.epoch);
    }
  }
  lost.interruptedEvaluation = evaluating;
  return lost;
}

/** `The interrupted run went on to step 57 and evaluated epoch 1 after this checkpoint: ...`, or undefined. */
export function describeLostWork(lost: LostWork): string | undefined {
  if (lost.beforeFirstCheckpoint) {
    return lost.lastStep === undefined
      ? undefined
      : `An earlier run of this experiment trained to step ${lost.lastStep} and was interrupted before its first ` +
          'checkpoint: the log above is done again below, from the start.';
  }
  const parts = [
    ...(lost.lastStep !== undefined ? [`went on to step ${lost.lastStep}`] : []),
    ...(lost.evaluatedEpochs.length
      ? [
          `evaluated epoch${lost.evaluatedEpochs.length > 1 ? 's' : ''} ${listed(lost.evaluatedEpochs.map(String))}`,
        ]
      : []),
    ...(lost.interruptedEvaluation ? ['had started an evaluation'] : []),
  ];
  if (!parts.length) return undefined;
  return (
    `The interrupted run ${listed(parts)} after this checkpoint, without saving it: that part of the log ` +
    'above is done again below.'
  );
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : (items[0] ?? '');
}
