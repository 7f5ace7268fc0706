// Tests for a run's series: each point once (resumes, restarts, events read twice), class gaps and class order.
import type { ClassResult, RunEvent, RunStartEvent } from './events';
import { classGrid, compareClassNames, headlineMetrics, RunSeries } from './run-series';

const PARAMS = { batch_size: 16, epoch_size: 320 };
const at = (elapsed: number) => ({ time: '2026-12-02T00:00:00.000Z', elapsed });
const start = (resumedFrom?: RunStartEvent['resumedFrom'], elapsed = 0): RunEvent => ({
  ...at(elapsed),
  type: 'run_start',
  runDir: '/runs/x',
  operation: 'gcd',
  params: PARAMS,
  backend: 'wasm',
  vocabularySize: 10,
  parameterCount: { encoder: 1, decoder: 1 },
  resumedFrom,
});
/** A report at `step` (20 steps an epoch), `elapsed` seconds into its process. */
const stats = (step: number, loss: number, elapsed = step / 10): RunEvent => ({
  ...at(elapsed),
  type: 'train_stats',
  epoch: Math.floor((step - 1) / 20),
  step,
  examplesPerSecond: 1,
  wordsPerSecond: 1,
  loss,
  learningRate: 1e-4,
});
const evaluation = (epoch: number, acc: number, classes?: ClassResult[], split = 'valid'): RunEvent => ({
  ...at(epoch),
  type: 'evaluation',
  epoch,
  split,
  metrics: { [`${split}_arithmetic_xe_loss`]: 2, [`${split}_arithmetic_acc`]: acc },
  classes: classes ?? [{ name: '1', correct: acc, total: 100 }],
  mistakes: [],
});
const checkpoint = (epoch: number, step: number, elapsed: number): RunEvent => ({
  ...at(elapsed),
  type: 'checkpoint',
  epoch,
  step,
  path: '/runs/x/checkpoint.ckpt',
  kind: 'last',
});
const series = (...batches: RunEvent[][]) => {
  const result = new RunSeries();
  for (const batch of batches) result.append(batch);
  return result;
};

describe('RunSeries', () => {
  it('drops the steps and evaluations a killed process logged after the checkpoint it resumes', () => {
    const run = series(
      [start(), stats(10, 3), stats(20, 2), evaluation(0, 50), stats(30, 1.5), evaluation(1, 60)],
      // killed after the evaluation of epoch 1, before its checkpoint: the run resumes from the end of epoch 0
      [start({ epoch: 0, iteration: 20 }), stats(30, 1.4), evaluation(1, 61)],
    );
    expect(run.training.map((point) => [point.step, point.loss])).toEqual([
      [10, 3],
      [20, 2],
      [30, 1.4],
    ]);
    expect(run.evaluationsOf().map((point) => [point.epoch, point.metrics.valid_arithmetic_acc])).toEqual([
      [0, 50],
      [1, 61],
    ]);
    expect(classGrid(run.evaluationsOf()).accuracy).toEqual([[50, 61]]);
  });

  it('keeps the epoch of a mid-epoch checkpoint open for its evaluation, and marks the resume', () => {
    const run = series([start(), stats(10, 3), stats(20, 2), stats(30, 1)]);
    run.append([start({ epoch: 1, iteration: 25, progress: { phase: 'training', examples: 80 } })]);
    expect(run.training.map((point) => point.step)).toEqual([10, 20]);
    run.append([stats(30, 1), evaluation(1, 40)]);
    expect(run.evaluationsOf().map((point) => point.epoch)).toEqual([1]);
    expect(run.resumes).toEqual([{ step: 25, epoch: 1.25, examples: 400, seconds: 2, checkpointEpoch: 1 }]);
  });

  it('gives each report its epochs done, examples seen and seconds since the start over all processes', () => {
    const run = series(
      [start(), stats(10, 3, 1), stats(20, 2, 2), checkpoint(0, 20, 2.5), stats(30, 1, 3)],
      [start({ epoch: 0, iteration: 20 }), stats(30, 1, 0.5), stats(40, 0.5, 1)],
    );
    expect(
      run.training.map(({ step, epoch, examples, seconds }) => [step, epoch, examples, seconds]),
    ).toEqual([
      [10, 0.5, 160, 1],
      [20, 1, 320, 2],
      [30, 1.5, 480, 3],
      [40, 2, 640, 3.5],
    ]);
    expect(run.resumes.map((marker) => [marker.step, marker.epoch, marker.seconds])).toEqual([[20, 1, 2.5]]);
  });

  it('counts no point twice when the same events file is read twice, or the run starts over', () => {
    const file = [
      start(),
      stats(10, 3),
      stats(20, 2),
      checkpoint(0, 20, 2),
      evaluation(0, 50),
      stats(30, 1.5),
      start({ epoch: 0, iteration: 20 }),
      stats(30, 1.4),
      stats(40, 1.2),
      evaluation(1, 61),
    ];
    const once = series(file);
    expect(series(file, file)).toEqual(once);
    expect(series(file.slice(0, 6), file)).toEqual(once);
    const afterRestart = series(file, [start(), stats(10, 9)]);
    expect(afterRestart.training.map((point) => point.loss)).toEqual([9]);
    expect(afterRestart.evaluations).toEqual([]);
    expect(afterRestart.resumes).toEqual([]);
  });

  it('keeps the splits apart, valid first, and a non-finite loss as a gap', () => {
    const run = series([start(), stats(10, NaN), evaluation(0, 50, [], 'test'), evaluation(0, 40)]);
    expect(run.splits()).toEqual(['valid', 'test']);
    expect(run.evaluationsOf('test').map((point) => point.metrics.test_arithmetic_acc)).toEqual([50]);
    expect(run.training[0].loss).toBeNull();
  });

  it('records how the run ended, until a resume', () => {
    const diverged: RunEvent = { ...at(1), type: 'run_end', status: 'diverged', message: 'the loss is NaN' };
    const run = series([start(), diverged]);
    expect(run.end).toEqual({ status: 'diverged', message: 'the loss is NaN', signal: undefined });
    run.append([start({ epoch: 0, iteration: 0 })]);
    expect(run.end).toBeUndefined();
  });
});

describe('classGrid', () => {
  it('leaves a gap (null, never NaN) where a class has no example in an epoch, and sorts classes numerically', () => {
    const run = series([
      start(),
      evaluation(0, 0, [
        { name: '101', correct: 1, total: 2 },
        { name: '2', correct: 1, total: 4 },
      ]),
      evaluation(1, 0, [
        { name: '19', correct: 3, total: 4 },
        { name: '2', correct: 2, total: 4 },
        { name: '101', correct: 0, total: 0 },
      ]),
    ]);
    expect(classGrid(run.evaluationsOf())).toEqual({
      epochs: [0, 1],
      classes: ['2', '19', '101'],
      accuracy: [
        [25, 50],
        [null, 75],
        [50, null],
      ],
    });
    expect(run.evaluationsOf()[1].classes.map((result) => result.name)).toEqual(['2', '19', '101']);
  });
});

describe('compareClassNames', () => {
  it('orders numbers by value and other names naturally', () => {
    expect(['101', '19', '-3', '2', '1'].sort(compareClassNames)).toEqual(['-3', '1', '2', '19', '101']);
    expect(['len 10', 'len 9', 'big'].sort(compareClassNames)).toEqual(['big', 'len 9', 'len 10']);
  });
});

describe('headlineMetrics', () => {
  it('leaves out the per-class accuracies and names the rest without their split', () => {
    const run = series([
      start(),
      {
        ...at(1),
        type: 'evaluation',
        epoch: 0,
        split: 'valid',
        metrics: {
          valid_arithmetic_xe_loss: 1.5,
          valid_arithmetic_acc: 62,
          valid_arithmetic_acc_eval1: 70,
          valid_arithmetic_acc_1: 80,
          valid_arithmetic_acc_12: 10,
        },
        classes: [
          { name: '1', correct: 8, total: 10 },
          { name: '12', correct: 1, total: 10 },
        ],
        mistakes: [],
      },
    ]);
    expect(headlineMetrics(run.evaluationsOf()[0])).toEqual([
      { key: 'valid_arithmetic_xe_loss', name: 'arithmetic_xe_loss', value: 1.5, unit: 'loss' },
      { key: 'valid_arithmetic_acc', name: 'arithmetic_acc', value: 62, unit: 'percent' },
      { key: 'valid_arithmetic_acc_eval1', name: 'arithmetic_acc_eval1', value: 70, unit: 'percent' },
    ]);
  });
});
