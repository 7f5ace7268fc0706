// Tests for the divergence guard: --nan_policy stop and skip, the limit on skipped steps, the loss explosion warning.
import { RunLogger } from '../reporting/run-logger';
import {
  DivergenceError,
  DivergenceGuard,
  MAX_CONSECUTIVE_SKIPS,
  RISE_WINDOWS,
  WINDOW_STEPS,
} from './divergence-guard';

const NAN_LOSS = { loss: NaN, gradNorm: NaN, rejected: 'loss' as const };
const INF_GRADIENT = { loss: 2.5, gradNorm: Infinity, rejected: 'gradient' as const };
const LAST_GOOD = { file: '/runs/x/checkpoint.ckpt', description: 'end of epoch 2, step 600' };

function setup(policy: 'stop' | 'skip') {
  const lines: string[] = [];
  return { guard: new DivergenceGuard(policy, new RunLogger((line) => lines.push(line)), 1019), lines };
}

describe('DivergenceGuard', () => {
  it('stops at the first rejected step under --nan_policy stop, naming the step and the last good checkpoint', () => {
    const { guard } = setup('stop');
    expect(() => guard.rejected(NAN_LOSS, 613, 3, LAST_GOOD)).toThrow(DivergenceError);
    expect(() => guard.rejected(INF_GRADIENT, 613, 3, undefined)).toThrow(
      'Training diverged at step 613 (epoch 3): the gradient norm is Infinity (loss 2.5). The update was not ' +
        'applied and nothing was saved after it. No checkpoint was written yet.',
    );
    expect(() => guard.rejected(NAN_LOSS, 613, 3, LAST_GOOD)).toThrow(
      /the loss is NaN\. .* The last good checkpoint is \/runs\/x\/checkpoint\.ckpt \(end of epoch 2, step 600\)/,
    );
  });

  it('counts skipped steps under --nan_policy skip, and stops after too many in a row', () => {
    const { guard } = setup('skip');
    guard.rejected(NAN_LOSS, 1, 0, undefined);
    guard.rejected(NAN_LOSS, 2, 0, undefined);
    guard.accepted(1.5, 3);
    expect(guard.takeSkipped()).toBe(2);
    expect(guard.takeSkipped()).toBe(0);
    for (let step = 1; step < MAX_CONSECUTIVE_SKIPS; step++) guard.rejected(NAN_LOSS, step, 0, undefined);
    expect(() => guard.rejected(NAN_LOSS, 500, 4, LAST_GOOD)).toThrow(
      new RegExp(
        `the last ${MAX_CONSECUTIVE_SKIPS} steps \\(up to step 500, epoch 4\\) all had a non-finite loss`,
      ),
    );
  });

  /** Feeds `losses`, one window of WINDOW_STEPS steps each (every step of a window has its loss), from `step`. */
  const feed = (guard: DivergenceGuard, losses: number[], step: number) => {
    for (const loss of losses) {
      for (let i = 0; i < WINDOW_STEPS; i++) guard.accepted(loss, step++);
    }
    return step;
  };

  it('warns once when the loss stays more than ten times its lowest value for several windows of steps', () => {
    const { guard, lines } = setup('stop');
    let step = feed(guard, [22, 19], 1);
    const high = [200, 500, 1400, 14000];
    step = feed(guard, high.slice(0, RISE_WINDOWS - 1), step);
    expect(lines).toEqual([]);
    step = feed(guard, [high[RISE_WINDOWS - 1]], step);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /WARNING - .* The training loss is exploding: 1\.40e\+3 at step 50 \(the mean of the last 10 steps\), up from 19\.0000 at step 20, for 30 steps in a row/,
    );
    step = feed(guard, [14000], step);
    expect(lines).toHaveLength(1);
    guard.startEpoch(); // still exploding in the next epoch: said again
    feed(guard, [14000], step);
    expect(lines).toHaveLength(2);
  });

  it('watches every step, whatever the report interval: a loss above a uniform guess from the start', () => {
    const { guard, lines } = setup('stop');
    for (let step = 1; step < RISE_WINDOWS * WINDOW_STEPS; step++) guard.accepted(4912, step);
    expect(lines).toEqual([]);
    guard.accepted(4771, RISE_WINDOWS * WINDOW_STEPS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /The training loss is exploding: 4\.90e\+3 at step 30 .*far above the 6\.9266 of a uniform guess over the 1019 words/,
    );
  });

  it('does not warn about a loss that falls, or a single spike', () => {
    const { guard, lines } = setup('stop');
    feed(guard, [2, 1, 0.5, 0.25, 0.1, 5, 0.09, 0.08, 0.07], 1);
    expect(lines).toEqual([]);
  });
});
