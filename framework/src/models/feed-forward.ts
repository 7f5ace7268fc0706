// TransformerFFN of Int2Int: lin1 (dim -> 4dim) -> act -> dropout -> [midlin (4dim -> 4dim) -> act -> dropout]* -> lin2.
import * as tf from '@tensorflow/tfjs';
import type { Dropout } from './dropout';
import { Linear } from './linear';
import type { ParameterStore } from './parameter-store';

/** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as Int2Int's gelu(). */
function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

export class FeedForward {
  private readonly lin1: Linear;
  private readonly midlin: Linear[] = [];
  private readonly lin2: Linear;

  constructor(
    store: ParameterStore,
    name: string,
    dim: number,
    hiddenLayers: number,
    private readonly useGelu: boolean,
    private readonly dropoutRate: number,
  ) {
    const hidden = 4 * dim;
    this.lin1 = new Linear(store, `${name}.lin1`, dim, hidden);
    for (let i = 1; i < hiddenLayers; i++)
      this.midlin.push(new Linear(store, `${name}.midlin.${i - 1}`, hidden, hidden));
    this.lin2 = new Linear(store, `${name}.lin2`, hidden, dim);
  }

  /**
   * @param x float32 [N, dim]
   * @returns float32 [N, dim]
   */
  apply(x: tf.Tensor2D, dropout: Dropout): tf.Tensor2D {
    const act = (h: tf.Tensor2D): tf.Tensor2D =>
      dropout(this.useGelu ? gelu(h) : tf.relu(h), this.dropoutRate);
    let h = act(this.lin1.apply(x)); // [N, 4dim]
    for (const lin of this.midlin) h = act(lin.apply(h));
    return this.lin2.apply(h);
  }
}
