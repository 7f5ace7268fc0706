// Parses Int2Int's --optimizer strings ("name" or "name,key=value,..."; src/optim.py get_optimizer), with defaults.
import { closestMatches } from '../../core/closest-match';
import { UsageError } from '../../core/usage-error';

/** The accepted keys of each optimizer with their defaults (NaN: required), as the original's positional args. */
const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 };
const WARMUP = { ...ADAM, warmup_updates: 4000, warmup_init_lr: 1e-7 };
const COSINE = {
  ...WARMUP,
  min_lr: 1e-9,
  init_period: 1000000,
  period_mult: 1,
  lr_shrink: 0.75,
  lr_shrink_min: 0.75,
};

export const OPTIMIZER_DEFAULTS = {
  adam: ADAM,
  adam_warmup: WARMUP,
  adam_inverse_sqrt: { ...WARMUP, exp_factor: 0.5 },
  adam_cosine: COSINE,
  adam_smooth_cosine: COSINE,
  adam_torch: { ...ADAM, amsgrad: 0 },
  adamw: { ...ADAM, weight_decay: 0.01, amsgrad: 0 },
  adamax: { ...ADAM, lr: 2e-3 },
  adadelta: { lr: 1, rho: 0.9, eps: 1e-6, weight_decay: 0 },
  adagrad: { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10 },
  rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: 0 },
  sgd: { lr: NaN, momentum: 0, dampening: 0, weight_decay: 0, nesterov: 0 },
} as const satisfies Record<string, Record<string, number>>;

export type OptimizerName = keyof typeof OPTIMIZER_DEFAULTS;

/** Optimizers of Int2Int (torch.optim classes) that int2int does not implement yet. */
const NOT_IMPLEMENTED = ['asgd', 'rprop'];

/** A parsed --optimizer: its name and every setting (given or default). */
export interface OptimizerSpec {
  name: OptimizerName;
  params: Record<string, number>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses "name" or "name,key=value,...". Values are numbers (unlike Int2Int, 1e-4 is accepted).
 * Unknown names or keys, a missing sgd lr and invalid values are errors that list what is accepted.
 */
export function parseOptimizer(spec: string): OptimizerSpec {
  const [rawName, ...settings] = spec.split(',').map((s) => s.trim());
  const names = Object.keys(OPTIMIZER_DEFAULTS);
  if (NOT_IMPLEMENTED.includes(rawName)) {
    throw new UsageError(
      `Optimizer "${rawName}" is not implemented yet in int2int; implemented: ${names.join(', ')}`,
    );
  }
  if (!names.includes(rawName)) {
    const suggestions = closestMatches(rawName, names);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    throw new UsageError(
      `Unknown optimizer "${rawName}" in --optimizer ${spec};${hint} Expected one of ${names.join(', ')}`,
    );
  }
  const name = rawName as OptimizerName;
  const defaults: Record<string, number> = OPTIMIZER_DEFAULTS[name];
  const params: Record<string, number> = { ...defaults };
  for (const setting of settings) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(setting);
    if (match === null || !NUMBER.test(match[2])) {
      throw new UsageError(`Invalid setting "${setting}" in --optimizer ${spec}: expected key=number`);
    }
    const [, key, value] = match;
    if (!(key in defaults)) {
      throw new UsageError(
        `Unexpected parameter "${key}" for optimizer ${name}; accepted: ${Object.keys(defaults).join(', ')}`,
      );
    }
    params[key] = Number(value);
  }
  if (Number.isNaN(params.lr))
    throw new UsageError(`Optimizer ${name} needs a learning rate: --optimizer ${name},lr=0.01`);
  if (name === 'adam_smooth_cosine' && params.period_mult !== 1) {
    throw new UsageError('adam_smooth_cosine needs period_mult=1');
  }
  if (name === 'sgd' && params.nesterov !== 0 && (params.momentum <= 0 || params.dampening !== 0)) {
    throw new UsageError('sgd with nesterov=1 needs momentum > 0 and dampening=0');
  }
  return { name, params };
}
