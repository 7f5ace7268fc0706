// What an experiment's log records beyond the checkpoint a run resumes: work of a process killed before saving it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckpointData } from '../checkpoints/checkpoint-file';
import type { RunEvent } from '../reporting/events';
import { EVENTS_FILE } from '../reporting/run-logger';

/** The last training step and the evaluations that events.jsonl records after `checkpoint`. */
export interface LostWork {
  lastStep?: number;
  evaluatedEpochs: number[];
}

export function lostWork(
  runDir: string,
  checkpoint: Pick<CheckpointData, 'epoch' | 'nTotalIter' | 'progress'>,
): LostWork {
  const file = path.join(runDir, EVENTS_FILE);
  const lost: LostWork = { evaluatedEpochs: [] };
  if (!fs.existsSync(file)) return lost;
  const firstRedone = checkpoint.progress ? checkpoint.epoch : checkpoint.epoch + 1;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"train_stats"') && !line.includes('"evaluation"')) continue;
    let event: RunEvent;
    try {
      event = JSON.parse(line) as RunEvent;
    } catch {
      continue;
    }
    if (event.type === 'train_stats' && event.step > checkpoint.nTotalIter) lost.lastStep = event.step;
    if (
      event.type === 'evaluation' &&
      event.epoch >= firstRedone &&
      !lost.evaluatedEpochs.includes(event.epoch)
    ) {
      lost.evaluatedEpochs.push(event.epoch);
    }
  }
  return lost;
}

/** `The interrupted run went on to step 57 and evaluated epoch 1 after this checkpoint: ...`, or undefined. */
export function describeLostWork(lost: LostWork): string | undefined {
  const parts = [
    ...(lost.lastStep !== undefined ? [`to step ${lost.lastStep}`] : []),
    ...(lost.evaluatedEpochs.length ? [`evaluated epoch ${lost.evaluatedEpochs.join(', ')}`] : []),
  ];
  if (!parts.length) return undefined;
  return (
    `The interrupted run went on ${parts.join(' and ')} after this checkpoint, without saving it: that part of ` +
    'the log above is done again below.'
  );
}
