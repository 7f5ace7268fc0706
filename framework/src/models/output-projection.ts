// The output layer of Int2Int (proj): scores over the vocabulary, its weight tied to the token embeddings by default.
import * as tf from '@tensorflow/tfjs';
import type { Embeddings } from './embeddings';
import { Linear } from './linear';
import type { ModelConfig } from './model-config';
import { constantInit, uniformInit, type ParameterStore } from './parameter-store';

export class OutputProjection {
  /** The projection's own weight when it is not tied to the embeddings: float32 [D, V]. */
  private readonly weight: tf.Variable | undefined;
  /** float32 [V] */
  private readonly bias: tf.Variable;

  /** `prefix.proj.bias` (and `prefix.proj.weight` when untied), after the module's other parameters. */
  constructor(
    store: ParameterStore,
    prefix: string,
    private readonly embeddings: Embeddings,
    vocabSize: number,
    dim: number,
    config: ModelConfig,
  ) {
    if (config.shareInoutEmb) {
      const bound = 1 / Math.sqrt(dim);
      this.bias = store.add(
        `${prefix}.proj.bias`,
        [vocabSize],
        config.xavInit ? constantInit(0) : uniformInit(bound),
      );
    } else {
      // xavier_uniform_ (gain 1) and a zero bias with --xav_init
      const xavier = { weight: uniformInit(Math.sqrt(6 / (dim + vocabSize))), bias: constantInit(0) };
      const proj = new Linear(store, `${prefix}.proj`, dim, vocabSize, config.xavInit ? xavier : undefined);
      this.weight = proj.weight;
      this.bias = proj.bias;
    }
  }

  /**
   * Scores over the vocabulary: h E^T + b (tied) or h W + b.
   * @param h float32 [N, D]
   * @returns float32 [N, V]
   */
  logits(h: tf.Tensor2D): tf.Tensor2D {
    const product =
      this.weight === undefined
        ? tf.matMul(h, this.embeddings.tokens, false, true)
        : tf.matMul(h, this.weight);
    return tf.add(product, this.bias);
  }
}
