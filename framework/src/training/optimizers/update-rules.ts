// Per-parameter update rules: Int2Int's custom Adam and the torch.optim (1.13) algorithms, as tfjs ops.
import * as tf from '@tensorflow/tfjs';
import type { AdamCoefficients } from '../../backends/fused-updates';
import type { OptimizerName } from './parse-optimizer';

/** What an update needs besides the tensors: the settings, the learning rate and the 1-based step t. */
export interface StepContext {
  p: Record<string, number>;
  lr: number;
  t: number;
}

/** The new parameter value and new slot values (same order as UpdateRule.slots). Runs inside tf.tidy. */
type Update = (
  param: tf.Tensor,
  grad: tf.Tensor,
  slots: tf.Tensor[],
  c: StepContext,
) => [tf.Tensor, ...tf.Tensor[]];

export interface UpdateRule {
  /** slot names (state_dict names of torch) with their initial value */
  slots: (p: Record<string, number>) => Array<{ name: string; init: number }>;
  update: Update;
  /** For the rules that are Adam: its coefficients at this step, for the backend's fused loop (gradScale 1). */
  fusedAdam?: (c: StepContext) => AdamCoefficients | undefined;
}

/** grad + weight_decay * param (torch's L2 penalty), skipped when weight_decay is 0. */
const withDecay = (grad: tf.Tensor, param: tf.Tensor, wd: number): tf.Tensor =>
  wd === 0 ? grad : tf.add(grad, tf.mul(param, wd));

/** beta * avg + (1 - beta) * x */
const ema = (avg: tf.Tensor, x: tf.Tensor, beta: number): tf.Tensor =>
  tf.add(tf.mul(avg, beta), tf.mul(x, 1 - beta));

const MOMENTS = () => [
  { name: 'exp_avg', init: 0 },
  { name: 'exp_avg_sq', init: 0 },
];

/** Int2Int's Adam: eps on the uncorrected sqrt(v), both corrections in the step size, decoupled decay first. */
const int2intAdam: UpdateRule = {
  slots: MOMENTS,
  update: (param, grad, [m, v], { p, lr, t }) => {
    const m1 = ema(m, grad, p.beta1);
    const v1 = ema(v, tf.square(grad), p.beta2);
    const stepSize = (lr * Math.sqrt(1 - p.beta2 ** t)) / (1 - p.beta1 ** t);
    const decayed = p.weight_decay === 0 ? param : tf.mul(param, 1 - p.weight_decay * lr);
    return [tf.sub(decayed, tf.mul(tf.div(m1, tf.add(tf.sqrt(v1), p.eps)), stepSize)), m1, v1];
  },
  fusedAdam: ({ p, lr, t }) => ({
    gradScale: 1,
    l2: 0,
    beta1: p.beta1,
    beta2: p.beta2,
    decay: 1 - p.weight_decay * lr,
    stepSize: (lr * Math.sqrt(1 - p.beta2 ** t)) / (1 - p.beta1 ** t),
    sqrtScale: 1,
    eps: p.eps,
  }),
};

/** torch.optim.Adam (L2 decay) or AdamW (decoupled decay), with amsgrad. */
const torchAdam = (decoupled: boolean): UpdateRule => ({
  slots: (p) => [...MOMENTS(), ...(p.amsgrad !== 0 ? [{ name: 'max_exp_avg_sq', init: 0 }] : [])],
  update: (param, grad, [m, v, vMax], { p, lr, t }) => {
    const g = decoupled ? grad : withDecay(grad, param, p.weight_decay);
    const start = decoupled && p.weight_decay !== 0 ? tf.mul(param, 1 - lr * p.weight_decay) : param;
    const m1 = ema(m, g, p.beta1);
    const v1 = ema(v, tf.square(g), p.beta2);
    const vMax1 = vMax === undefined ? undefined : tf.maximum(vMax, v1);
    const denom = tf.add(tf.mul(tf.sqrt(vMax1 ?? v1), 1 / Math.sqrt(1 - p.beta2 ** t)), p.eps);
    const next = tf.sub(start, tf.mul(tf.div(m1, denom), lr / (1 - p.beta1 ** t)));
    return vMax1 === undefined ? [next, m1, v1] : [next, m1, v1, vMax1];
  },
  fusedAdam: ({ p, lr, t }) =>
    p.amsgrad !== 0
      ? undefined
      : {
          gradScale: 1,
          l2: decoupled ? 0 : p.weight_decay,
          beta1: p.beta1,
          beta2: p.beta2,
          decay: decoupled ? 1 - lr * p.weight_decay : 1,
          stepSize: lr / (1 - p.beta1 ** t),
          sqrtScale: 1 / Math.sqrt(1 - p.beta2 ** t),
          eps: p.eps,
        },
});

const adamax: UpdateRule = {
  slots: () => [
    { name: 'exp_avg', init: 0 },
    { name: 'exp_inf', init: 0 },
  ],
  update: (param, grad, [m, u], { p, lr, t }) => {
    const g = withDecay(grad, param, p.weight_decay);
    const m1 = ema(m, g, p.beta1);
    const u1 = tf.maximum(tf.mul(u, p.beta2), tf.add(tf.abs(g), p.eps));
    return [tf.sub(param, tf.mul(tf.div(m1, u1), lr / (1 - p.beta1 ** t))), m1, u1];
  },
};

const adadelta: UpdateRule = {
  slots: () => [
    { name: 'square_avg', init: 0 },
    { name: 'acc_delta', init: 0 },
  ],
  update: (param, grad, [sq, acc], { p, lr }) => {
    const g = withDecay(grad, param, p.weight_decay);
    const sq1 = ema(sq, tf.square(g), p.rho);
    const delta = tf.mul(tf.div(tf.sqrt(tf.add(acc, p.eps)), tf.sqrt(tf.add(sq1, p.eps))), g);
    return [tf.sub(param, tf.mul(delta, lr)), sq1, ema(acc, tf.square(delta), p.rho)];
  },
};

const adagrad: UpdateRule = {
  slots: (p) => [{ name: 'sum', init: p.initial_accumulator_value }],
  update: (param, grad, [sum], { p, lr, t }) => {
    const g = withDecay(grad, param, p.weight_decay);
    const sum1 = tf.add(sum, tf.square(g));
    const clr = lr / (1 + (t - 1) * p.lr_decay);
    return [tf.sub(param, tf.mul(tf.div(g, tf.add(tf.sqrt(sum1), p.eps)), clr)), sum1];
  },
};

const rmsprop: UpdateRule = {
  slots: (p) => [
    { name: 'square_avg', init: 0 },
    ...(p.momentum > 0 ? [{ name: 'momentum_buffer', init: 0 }] : []),
    ...(p.centered !== 0 ? [{ name: 'grad_avg', init: 0 }] : []),
  ],
  update: (param, grad, slots, { p, lr }) => {
    const g = withDecay(grad, param, p.weight_decay);
    const sq1 = ema(slots[0], tf.square(g), p.alpha);
    const out: tf.Tensor[] = [sq1];
    let variance = sq1;
    if (p.centered !== 0) {
      const avg1 = ema(slots[slots.length - 1], g, p.alpha);
      variance = tf.sub(sq1, tf.square(avg1));
      out.push(avg1);
    }
    const scaled = tf.div(g, tf.add(tf.sqrt(variance), p.eps));
    if (p.momentum <= 0) return [tf.sub(param, tf.mul(scaled, lr)), ...out];
    const buf1 = tf.add(tf.mul(slots[1], p.momentum), scaled);
    out.splice(1, 0, buf1);
    return [tf.sub(param, tf.mul(buf1, lr)), ...out];
  },
};

const sgd: UpdateRule = {
  slots: (p) => (p.momentum !== 0 ? [{ name: 'momentum_buffer', init: 0 }] : []),
  update: (param, grad, [buf], { p, lr, t }) => {
    const g = withDecay(grad, param, p.weight_decay);
    if (buf === undefined) return [tf.sub(param, tf.mul(g, lr))];
    const buf1 = t === 1 ? g : tf.add(tf.mul(buf, p.momentum), tf.mul(g, 1 - p.dampening));
    const direction = p.nesterov !== 0 ? tf.add(g, tf.mul(buf1, p.momentum)) : buf1;
    return [tf.sub(param, tf.mul(direction, lr)), buf1];
  },
};

export const UPDATE_RULES: Record<OptimizerName, UpdateRule> = {
  adam: int2intAdam,
  adam_warmup: int2intAdam,
  adam_inverse_sqrt: int2intAdam,
  adam_cosine: int2intAdam,
  adam_smooth_cosine: int2intAdam,
  adam_torch: torchAdam(false),
  adamw: torchAdam(true),
  adamax,
  adadelta,
  adagrad,
  rmsprop,
  sgd,
};
