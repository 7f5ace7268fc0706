// Tests for the divergence guard: --nan_policy stop and skip, the limit on skipped steps, the loss explosion warning.
import { RunLogger } from '../reporting/run-logger';
import { DivergenceError, DivergenceGuard, MAX_CONSECUTIVE_SKIPS, RISE_REPORTS } from './divergence-guard';

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
    guard.accepted();
    expect(guard.takeSkipped()).toBe(2);
    expect(guard.takeSkipped()).toBe(0);
    for (let step = 1; step < MAX_CONSECUTIVE_SKIPS; step++) guard.rejected(NAN_LOSS, step, 0, undefined);
    expect(() => guard.rejected(NAN_LOSS, 500, 4, LAST_GOOD)).toThrow(
      new RegExp(
        `the last ${MAX_CONSECUTIVE_SKIPS} steps \\(up to step 500, epoch 4\\) all had a non-finite loss`,
      ),
    );
  });

  it('warns once when the loss stays more than ten times its lowest value for several reports', () => {
    const { guard, lines } = setup('stop');
    guard.report(22, 200);
    guard.report(19, 400);
    const high = [200, 500, 1400, 14000];
    high.slice(0, RISE_REPORTS - 1).forEach((loss, i) => guard.report(loss, 600 + 200 * i));
    expect(lines).toEqual([]);
    guard.report(high[RISE_REPORTS - 1], 1000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /WARNING - .* The training loss is exploding: 1\.40e\+3 at step 1000, up from 19\.0000 at step 400, for 3 reports in a row/,
    );
    guard.report(14000, 2000);
    expect(lines).toHaveLength(1);
    guard.startEpoch(); // still exploding in the next epoch: said again
    for (let i = 0; i < RISE_REPORTS; i++) guard.report(14000, 2200 + 200 * i);
    expect(lines).toHaveLength(2);
  });

  it('warns when the loss is far above a uniform guess from the start', () => {
    const { guard, lines } = setup('stop');
    [4912, 5216, 4771].forEach((loss, i) => guard.report(loss, 10 * (i + 1)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /The training loss is exploding: 4\.77e\+3 at step 30, far above the 6\.9266 of a uniform guess over the 1019 words/,
    );
  });

  it('does not warn about a loss that falls, or a single spike', () => {
    const { guard, lines } = setup('stop');
    [2, 1, 0.5, 0.25, 0.1, 5, 0.09, 0.08, NaN, 0.07].forEach((loss, i) => guard.report(loss, 100 * i));
    expect(lines).toEqual([]);
  });
});
