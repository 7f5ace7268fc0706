// nn.LayerNorm of PyTorch on tfjs, with Int2Int's eps of 1e-12.
import * as tf from '@tensorflow/tfjs';
import { layerNorm } from '../backends/fused-layer-norm';
import { constantInit, type ParameterStore } from './parameter-store';

/** nn.LayerNorm(dim, eps=1e-12): weight 1, bias 0. */
export class LayerNorm {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(store: ParameterStore, name: string, dim: number) {
    this.weight = store.add(`${name}.weight`, [dim], constantInit(1));
    this.bias = store.add(`${name}.bias`, [dim], constantInit(0));
  }

  /**
   * Normalises each row over its last axis (biased variance, eps 1e-12).
   * @param x float32 [N, D]
   * @returns float32 [N, D]
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return layerNorm(x, this.weight as tf.Tensor1D, this.bias as tf.Tensor1D, 1e-12);
  }
}
