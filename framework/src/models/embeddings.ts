// Token + positional embeddings with their LayerNorm (Int2Int's embeddings, position_embeddings, layer_norm_emb).
import * as tf from '@tensorflow/tfjs';
import { PAD_INDEX } from '../tokenizers/vocabulary';
import type { Dropout } from './dropout';
import { LayerNorm } from './layer-norm';
import { normalInit, type ParameterStore } from './parameter-store';

/** N_MAX_POSITIONS of Int2Int: rows of the positional table. */
export const MAX_POSITIONS = 4096;

/** Int2Int's create_sinusoidal_embeddings: sin on even columns, cos on odd ones, pos / 10000^(2(j//2)/dim). */
export function sinusoidalTable(positions: number, dim: number): Float32Array {
  const out = new Float32Array(positions * dim);
  for (let pos = 0; pos < positions; pos++) {
    for (let j = 0; j < dim; j++) {
      const angle = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / dim);
      out[pos * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export interface EmbeddingOptions {
  hasPosEmb: boolean;
  sinusoidal: boolean;
  dropout: number;
}

export class Embeddings {
  /** float32 [V, D]; the <pad> row starts at 0; the lookup gives it no gradient, since
   *  pad positions are zeroed by the position mask (a tied output projection does update it, as in PyTorch).  */
  readonly tokens: tf.Variable;
  /** float32 [4096, D]: learned, or fixed sinusoidal (not trainable). */
  private readonly positions: tf.Variable | undefined;
  private readonly norm: LayerNorm;

  constructor(
    store: ParameterStore,
    prefix: string,
    vocabSize: number,
    private readonly dim: number,
    private readonly options: EmbeddingOptions,
  ) {
    const init = normalInit(dim ** -0.5);
    if (options.hasPosEmb) {
      const name = `${prefix}.position_embeddings.weight`;
      this.positions = options.sinusoidal
        ? store.addValues(name, [MAX_POSITIONS, dim], sinusoidalTable(MAX_POSITIONS, dim), {
            trainable: false,
          })
        : store.add(name, [MAX_POSITIONS, dim], init);
    }
    this.tokens = store.add(`${prefix}.embeddings.weight`, [vocabSize, dim], (rng, n) => {
      const values = init(rng, n);
      values.fill(0, PAD_INDEX * dim, (PAD_INDEX + 1) * dim);
      return values;
    });
    this.norm = new LayerNorm(store, `${prefix}.layer_norm_emb`, dim);
  }

  /**
   * LayerNorm(token + position embedding), then dropout. Positions are start .. start+T-1.
   * @param ids int32 [B, T]
   * @returns float32 [B*T, D] (padding positions not masked yet)
   */
  apply(ids: tf.Tensor2D, start: number, dropout: Dropout): tf.Tensor2D {
    const [batch, len] = ids.shape;
    if (start + len > MAX_POSITIONS) {
      throw new Error(`Sequences are limited to ${MAX_POSITIONS} positions, got ${start + len}`);
    }
    let h = tf.gather(this.tokens, tf.reshape(ids, [-1])) as tf.Tensor2D; // [B*T, D]
    if (this.positions !== undefined) {
      const pos = tf.slice(this.positions, [start, 0], [len, this.dim]); // [T, D]
      h = tf.reshape<tf.Rank.R2>(tf.add(tf.reshape(h, [batch, len, this.dim]), pos), [batch * len, this.dim]);
    }
    return dropout(this.norm.apply(h), this.options.dropout);
  }
}
