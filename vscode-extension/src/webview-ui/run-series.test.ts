// Tests for the run panel's series: a resumed run's events replace what an earlier process logged after its checkpoint.
import type { RunEvent } from '../../../framework/src/reporting/events';
import { appendEvents, emptySeries } from './run-series';

const at = { time: '2026-12-02T00:00:00.000Z', elapsed: 0 };
const start = (resumedFrom?: {
  epoch: number;
  iteration: number;
  progress?: { phase: 'training'; examples: number };
}): RunEvent => ({
  ...at,
  type: 'run_start',
  runDir: '/runs/x',
  operation: 'gcd',
  params: {},
  backend: 'wasm',
  vocabularySize: 10,
  parameterCount: { encoder: 1, decoder: 1 },
  resumedFrom,
});
const stats = (step: number, loss: number): RunEvent => ({
  ...at,
  type: 'train_stats',
  epoch: 0,
  step,
  examplesPerSecond: 1,
  wordsPerSecond: 1,
  loss,
  learningRate: 1e-4,
});
const evaluation = (epoch: number, acc: number): RunEvent => ({
  ...at,
  type: 'evaluation',
  epoch,
  split: 'valid',
  metrics: { valid_arithmetic_acc: acc },
  classes: [{ name: '1', correct: acc, total: 100 }],
  mistakes: [],
});

describe('appendEvents', () => {
  it('drops the steps and evaluations a killed process logged after the checkpoint it resumes', () => {
    const series = emptySeries();
    appendEvents(series, [
      start(),
      stats(10, 3),
      stats(20, 2),
      evaluation(0, 50),
      stats(30, 1.5),
      evaluation(1, 60),
    ]);
    // killed after the evaluation of epoch 1, before its checkpoint: the run resumes from the end of epoch 0
    appendEvents(series, [start({ epoch: 0, iteration: 20 }), stats(30, 1.4), evaluation(1, 61)]);
    expect(series.steps).toEqual([10, 20, 30]);
    expect(series.loss).toEqual([3, 2, 1.4]);
    expect(series.epochs).toEqual([0, 1]);
    expect(series.accuracy).toEqual([50, 61]);
    expect(series.classAccuracy.get('1')).toEqual([50, 61]);
  });

  it('keeps the epoch of a mid-epoch checkpoint open for its evaluation', () => {
    const series = emptySeries();
    appendEvents(series, [start(), stats(10, 3), stats(20, 2), stats(30, 1)]);
    appendEvents(series, [
      start({ epoch: 0, iteration: 20, progress: { phase: 'training', examples: 640 } }),
    ]);
    expect(series.steps).toEqual([10, 20]);
    appendEvents(series, [stats(30, 1), evaluation(0, 40)]);
    expect(series.epochs).toEqual([0]);
  });
});
