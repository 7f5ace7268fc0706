// Tests for lostWork: what a killed run logged after the checkpoint the next run resumes, and how the log says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLostWork, lostWork } from './lost-work';

const at = { time: 't', elapsed: 0 };
const stats = (step: number) => ({ ...at, type: 'train_stats', epoch: 0, step, loss: 1, learningRate: 1e-4 });
const saved = (step: number, epoch: number, phase?: 'training' | 'evaluating') => ({
  ...at,
  type: 'checkpoint',
  kind: 'last',
  epoch,
  step,
  path: 'checkpoint.ckpt',
  ...(phase && { progress: { phase, examples: 320 } }),
});
const batch = { ...at, type: 'log', level: 'INFO', message: '(64/200) Found 3/64 valid top-1 predictions.' };
const evaluation = (epoch: number) => ({
  ...at,
  type: 'evaluation',
  epoch,
  split: 'valid',
  metrics: {},
  classes: [],
  mistakes: [],
});

describe('lostWork', () => {
  let dir: string;
  const write = (events: object[]) =>
    writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-lost-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says nothing for a new experiment or a run stopped cleanly at its checkpoint', () => {
    expect(describeLostWork(lostWork(dir, undefined))).toBeUndefined();
    write([stats(5), stats(10), saved(10, 0, 'training')]);
    expect(
      describeLostWork(
        lostWork(dir, {
          epoch: 0,
          nTotalIter: 10,
          progress: { phase: 'training', examples: 160, reportLosses: [] },
        }),
      ),
    ).toBeUndefined();
  });

  it('points out the steps of a run killed before its first checkpoint', () => {
    write([stats(5), stats(10)]);
    expect(describeLostWork(lostWork(dir, undefined))).toBe(
      'An earlier run of this experiment trained to step 10 and was interrupted before its first checkpoint: the log above is done again below, from the start.',
    );
  });

  it('points out the steps, evaluations and cut-short evaluation after the checkpoint resumed', () => {
    write([
      stats(20),
      saved(20, 0),
      stats(25),
      stats(30),
      saved(40, 1, 'evaluating'),
      batch,
      evaluation(1),
      batch,
    ]);
    const end = { epoch: 0, nTotalIter: 20 };
    expect(describeLostWork(lostWork(dir, end))).toBe(
      'The interrupted run went on to step 30, evaluated epoch 1 and had started an evaluation after this ' +
        'checkpoint, without saving it: that part of the log above is done again below.',
    );
    const beforeEvaluation = {
      epoch: 1,
      nTotalIter: 40,
      progress: { phase: 'evaluating' as const, examples: 320, reportLosses: [] },
    };
    expect(lostWork(dir, beforeEvaluation)).toMatchObject({
      evaluatedEpochs: [1],
      interruptedEvaluation: true,
    });
  });
});
