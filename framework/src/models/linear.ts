// nn.Linear of PyTorch on tfjs: y = x W^T + b, with W stored transposed ([in, out]) so matMul needs no transpose.
import * as tf from '@tensorflow/tfjs';
import { uniformInit, type Initializer, type ParameterStore } from './parameter-store';

export class Linear {
  /** float32 [in, out] (exported as <name>.weight [out, in]). */
  readonly weight: tf.Variable;
  /** float32 [out]. */
  readonly bias: tf.Variable;

  /** Default init as PyTorch's, kaiming_uniform(a=sqrt(5)): weight and bias U(-1/sqrt(in), 1/sqrt(in)). */
  constructor(
    store: ParameterStore,
    name: string,
    inDim: number,
    outDim: number,
    init?: { weight: Initializer; bias: Initializer },
  ) {
    const bound = 1 / Math.sqrt(inDim);
    const weightInit = init?.weight ?? uniformInit(bound);
    this.weight = store.add(`${name}.weight`, [inDim, outDim], weightInit, { transposed: true });
    this.bias = store.add(`${name}.bias`, [outDim], init?.bias ?? uniformInit(bound));
  }

  /**
   * @param x float32 [N, in]
   * @returns float32 [N, out]
   */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.weight), this.bias);
  }
}
