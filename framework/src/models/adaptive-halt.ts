// Adaptive Computation Time (Graves 2016; Int2Int's AdaptiveHalt): each token stops looping once it has halted.
import * as tf from '@tensorflow/tfjs';
import { valuesInMemory } from '../backends/tensor-values';
import type { KeysValues } from './attention';
import { Linear } from './linear';
import type { ActConfig } from './model-config';
import { constantInit, uniformInit, type ParameterStore } from './parameter-store';

/** One pass of the looped layer: its output, and (decoder) the self-attention keys/values it used. */
export type HaltingPass = (state: tf.Tensor2D, pass: number) => { output: tf.Tensor2D; kv?: KeysValues };

export interface HaltingResult {
  /** The halting-weighted mean of the passes' states, float32 [N, D]. */
  output: tf.Tensor2D;
  /** Mean remainder over the real tokens (the ponder penalty before its coupling), float32 scalar. */
  remainder: tf.Scalar;
  /** Mean number of passes a real token took part in, float32 scalar. */
  passes: tf.Scalar;
  /** Per pass run, the keys/values it returned. */
  kv: KeysValues[];
}

export class AdaptiveHalt {
  private readonly haltProb: Linear;
  /**
   * [wasRunning, newHalted, running], float32 [3, N], from the cumulative halting probability and this pass's p:
   * comparisons, so without gradient (as in PyTorch; tfjs has no gradient for them, hence the custom one).
   */
  private readonly masks: (halting: tf.Tensor1D, p: tf.Tensor1D) => tf.Tensor2D;

  constructor(store: ParameterStore, name: string, dim: number, config: ActConfig) {
    const init =
      config.initialBias === undefined
        ? undefined
        : { weight: uniformInit(1 / Math.sqrt(dim)), bias: constantInit(config.initialBias) };
    this.haltProb = new Linear(store, `${name}.halt_prob`, dim, 1, init);
    const threshold = 1 - config.threshold;
    const masks = (halting: tf.Tensor, p: tf.Tensor) => {
      const wasRunning = tf.cast(tf.less(halting, 1), 'float32');
      const proposed = tf.add(halting, tf.mul(p, wasRunning));
      const newHalted = tf.mul(tf.cast(tf.greater(proposed, threshold), 'float32'), wasRunning);
      const running = tf.mul(tf.cast(tf.lessEqual(proposed, threshold), 'float32'), wasRunning);
      return {
        value: tf.stack([wasRunning, newHalted, running]),
        gradFunc: () => [tf.zerosLike(halting), tf.zerosLike(p)],
      };
    };
    this.masks = tf.customGrad(masks as unknown as Parameters<typeof tf.customGrad>[0]) as (
      halting: tf.Tensor1D,
      p: tf.Tensor1D,
    ) => tf.Tensor2D;
  }

  /**
   * Runs up to maxPasses passes of `pass`. Each pass, a still-running token's halting unit p = sigmoid(W state + b)
   * adds to its cumulative probability; the token halts when that would exceed 1 - threshold, its remainder
   * completing it to 1; the output is the running mean of the states weighted by p (the remainder on the last pass).
   * @param mask float32 [N, 1], 1 at real tokens (padding never runs), or null when all are real
   * @param stopEarly stop once no token runs (not when every pass must fill a cache)
   */
  apply(
    state: tf.Tensor2D,
    mask: tf.Tensor2D | null,
    maxPasses: number,
    pass: HaltingPass,
    stopEarly: boolean,
  ): HaltingResult {
    const n = state.shape[0];
    const real = mask === null ? tf.ones([n]) : tf.reshape(mask, [n]);
    let halting: tf.Tensor1D = tf.sub(1, real); // padding starts halted
    let remainders: tf.Tensor1D = tf.zeros([n]);
    let updates: tf.Tensor1D = tf.zeros([n]);
    let accumulated: tf.Tensor2D = tf.zerosLike(state);
    const kv: KeysValues[] = [];
    for (let i = 0; i < maxPasses; i++) {
      const p = tf.reshape<tf.Rank.R1>(tf.sigmoid(this.haltProb.apply(state)), [n]);
      const [, newHalted, running] = tf.unstack(this.masks(halting, p)) as tf.Tensor1D[];
      halting = tf.add(halting, tf.mul(p, running));
      remainders = tf.add(remainders, tf.mul(newHalted, tf.sub(1, halting)));
      halting = tf.add(halting, tf.mul(newHalted, remainders));
      updates = tf.add(updates, tf.add(running, newHalted));
      const out = pass(state, i);
      state = out.output;
      if (out.kv) kv.push(out.kv);
      const weight = tf.reshape(tf.add(tf.mul(p, running), tf.mul(newHalted, remainders)), [n, 1]);
      accumulated = tf.add(tf.mul(state, weight), tf.mul(accumulated, tf.sub(1, weight)));
      // a backend whose values cannot be read without waiting (webgpu) makes every pass: the same output
      if (stopEarly && i + 1 < maxPasses && valuesInMemory(tf.sum(running))?.[0] === 0) break;
    }
    const [stillRunning] = tf.unstack(this.masks(halting, tf.zerosLike(halting))) as tf.Tensor1D[];
    remainders = tf.add(remainders, tf.mul(stillRunning, tf.sub(1, halting)));
    const count = tf.maximum(tf.sum(real), 1);
    return {
      output: accumulated,
      remainder: tf.div(tf.sum(tf.mul(remainders, real)), count),
      passes: tf.div(tf.sum(tf.mul(updates, real)), count),
      kv,
    };
  }
}
