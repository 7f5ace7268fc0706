// The copy-gate of Csordas et al. (Int2Int's Gate): per token, how much of a layer's output replaces its input.
import * as tf from '@tensorflow/tfjs';
import type { Dropout } from './dropout';
import { Linear } from './linear';
import type { GateConfig } from './model-config';
import { constantInit, uniformInit, type ParameterStore } from './parameter-store';

export class CopyGate {
  private readonly gate1: Linear;
  private readonly gate2: Linear;

  constructor(
    store: ParameterStore,
    name: string,
    dim: number,
    config: GateConfig,
    private readonly dropoutRate: number,
  ) {
    this.gate1 = new Linear(store, `${name}.gate1`, dim, 4 * dim);
    const bound = 1 / Math.sqrt(4 * dim);
    const init =
      config.initialBias === undefined
        ? undefined
        : { weight: uniformInit(bound), bias: constantInit(config.initialBias) };
    this.gate2 = new Linear(store, `${name}.gate2`, 4 * dim, config.scalar ? 1 : dim, init);
  }

  /**
   * sigmoid(gate2(dropout(relu(gate1(o))))).
   * @param o float32 [N, D]
   * @returns float32 [N, 1] (scalar gates) or [N, D]
   */
  apply(o: tf.Tensor2D, dropout: Dropout): tf.Tensor2D {
    return tf.sigmoid(this.gate2.apply(dropout(tf.relu(this.gate1.apply(o)), this.dropoutRate)));
  }

  /** g o + (1 - g) t: the gated layer's new state from its input t and output o, with g = apply(gateInput). */
  static mix(g: tf.Tensor2D, o: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.mul(g, o), tf.mul(tf.sub(1, g), t));
  }
}
