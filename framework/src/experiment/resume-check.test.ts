// Tests for changedSettings: which differences between a command and an experiment's checkpoint are refused.
import type { CheckpointData } from '../checkpoints/checkpoint-file';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import type { RunConfig } from '../config/resolve-run-config';
import type { ParamValues } from '../operations/parameters';
import { changedSettings, describeChanges } from './resume-check';

const DEFAULTS: ParamValues = coreSettings();
const SAVED: CheckpointData = {
  epoch: 1,
  nTotalIter: 40,
  bestMetrics: {},
  bestStoppingCriterion: null,
  stoppingCounter: 0,
  operation: 'gcd',
  params: { ...DEFAULTS, env_base_seed: 123, enc_emb_dim: 32 },
  operationParams: { maxint: 1000, base: 10 },
  vocabulary: [],
  weights: [],
};
const request = (
  core: Partial<CoreSettings>,
  operationParams: ParamValues = {},
  operation = 'gcd',
): RunConfig => ({
  operation,
  core: coreSettings({ enc_emb_dim: 32, ...core }),
  operationParams: { maxint: 1000, base: 10, ...operationParams },
  explicit: new Set(),
});

describe('changedSettings', () => {
  it('accepts the same settings, a random seed, and settings of a single run', () => {
    const perRun = {
      max_epoch: 7,
      backend: 'cpu',
      eval_size: 5,
      exp_id: 'x',
      nan_policy: 'skip',
      report_loss_every: 1,
    } as const;
    expect(changedSettings(request({ env_base_seed: -1, ...perRun }), SAVED)).toEqual([]);
    expect(changedSettings(request({ env_base_seed: 123 }), SAVED)).toEqual([]);
  });

  it('lists changes of the model, the training, the data, the seed and the operation', () => {
    const changes = changedSettings(
      request({ enc_emb_dim: 64, optimizer: 'sgd,lr=0.1', batch_size: 8, env_base_seed: 5 }, { base: 1000 }),
      SAVED,
    );
    expect(describeChanges(changes)).toBe(
      '--env_base_seed 5 (the experiment has 123), --enc_emb_dim 64 (the experiment has 32), ' +
        '--optimizer sgd,lr=0.1 (the experiment has adam,lr=0.0001), --batch_size 8 (the experiment has 32), ' +
        '--base 1000 (the experiment has 10)',
    );
    expect(changedSettings(request({}, {}, 'modular_add'), SAVED)).toEqual([
      { name: 'operation', requested: 'modular_add', saved: 'gcd' },
    ]);
  });

  it('compares optimizers by meaning, and ignores settings the checkpoint predates', () => {
    expect(changedSettings(request({ optimizer: 'adam,lr=1e-4' }), SAVED)).toEqual([]);
    const { max_len, ...older } = SAVED.params;
    expect(changedSettings(request({ max_len: 64 }), SAVED)).toEqual([
      { name: 'max_len', requested: 64, saved: max_len },
    ]);
    expect(changedSettings(request({ max_len: 64 }), { ...SAVED, params: older })).toEqual([]);
  });
});
