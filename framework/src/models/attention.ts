// MultiHeadAttention of Int2Int: q_lin, k_lin, v_lin, out_lin; scaled (or L2-normalised) dot-product attention.
import * as tf from '@tensorflow/tfjs';
import { attention } from '../backends/fused-attention';
import type { Dropout } from './dropout';
import { Linear } from './linear';
import { constantInit, type ParameterStore } from './parameter-store';

/** Keys and values split into heads: float32 [B, H, S, dh] each. */
export type KeysValues = {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
};

export class MultiHeadAttention {
  private readonly qLin: Linear;
  private readonly kLin: Linear;
  private readonly vLin: Linear;
  private readonly outLin: Linear;
  private readonly headDim: number;
  /** With norm_attention: the trainable softmax temperature, float32 [], initialised to 1/sqrt(dh). */
  private readonly attentionScale: tf.Variable | undefined;

  constructor(
    store: ParameterStore,
    name: string,
    private readonly heads: number,
    private readonly dim: number,
    srcDim: number,
    private readonly normalized: boolean,
    private readonly dropoutRate: number,
  ) {
    this.headDim = dim / heads;
    this.qLin = new Linear(store, `${name}.q_lin`, dim, dim);
    this.kLin = new Linear(store, `${name}.k_lin`, srcDim, dim);
    this.vLin = new Linear(store, `${name}.v_lin`, srcDim, dim);
    this.outLin = new Linear(store, `${name}.out_lin`, dim, dim);
    this.attentionScale = normalized
      ? store.add(`${name}.attention_scale`, [], constantInit(1 / Math.sqrt(this.headDim)))
      : undefined;
  }

  /** [B*T, D] -> [B, H, T, dh] */
  private split(x: tf.Tensor2D, batch: number): tf.Tensor4D {
    const len = x.shape[0] / batch;
    return tf.transpose(tf.reshape<tf.Rank.R4>(x, [batch, len, this.heads, this.headDim]), [0, 2, 1, 3]);
  }

  /** F.normalize(x, p=2, dim=-1): x / max(|x|, 1e-12). */
  private static l2Normalize(x: tf.Tensor4D): tf.Tensor4D {
    return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', -1, true), 1e-12));
  }

  /**
   * Projects a source into keys and values (keys already L2-normalised with norm_attention).
   * @param source float32 [B*S, srcDim]
   * @returns k, v float32 [B, H, S, dh]
   */
  keysValues(source: tf.Tensor2D, batch: number): KeysValues {
    const k = this.split(this.kLin.apply(source), batch);
    return {
      k: this.normalized ? MultiHeadAttention.l2Normalize(k) : k,
      v: this.split(this.vLin.apply(source), batch),
    };
  }

  /**
   * Projects and scales the queries: q / sqrt(dh), or normalize(q) * attention_scale.
   * @param input float32 [B*T, dim]
   * @returns float32 [B, H, T, dh]
   */
  queries(input: tf.Tensor2D, batch: number): tf.Tensor4D {
    const q = this.split(this.qLin.apply(input), batch);
    if (this.attentionScale !== undefined)
      return tf.mul(MultiHeadAttention.l2Normalize(q), this.attentionScale);
    return tf.mul(q, 1 / Math.sqrt(this.headDim));
  }

  /**
   * softmax(q k^T + bias) v, then out_lin. q may hold G consecutive rows per row of k and v (the beams of one
   * source in beam search): their queries are stacked against the same keys and values, which are not copied.
   * @param q float32 [B*G, H, T, dh] from queries()
   * @param k, v float32 [B, H, S, dh] from keysValues()
   * @param bias float32 broadcastable to [B, H, G*T, S]: 0 where attention is allowed, -1e9 where masked; null: none
   * @returns float32 [B*G*T, dim]
   */
  attend(q: tf.Tensor4D, { k, v }: KeysValues, bias: tf.Tensor | null, dropout: Dropout): tf.Tensor2D {
    const [rows, heads, len, headDim] = q.shape;
    const sources = k.shape[0];
    const group = rows / sources;
    if (!Number.isInteger(group))
      throw new Error(`attention: ${rows} query rows cannot be grouped over ${sources} key rows`);
    const stacked =
      group === 1
        ? q
        : tf.reshape<tf.Rank.R4>(
            tf.transpose(tf.reshape(q, [sources, group, heads, len, headDim]), [0, 2, 1, 3, 4]),
            [sources, heads, group * len, headDim],
          );
    const context = tf.reshape(this.context(stacked, k, v, bias, dropout), [
      sources,
      heads,
      group,
      len,
      headDim,
    ]);
    const merged = tf.reshape<tf.Rank.R2>(tf.transpose(context, [0, 2, 3, 1, 4]), [rows * len, this.dim]); // [B*G*T, D]
    return this.outLin.apply(merged);
  }

  /** softmax(q k^T + bias) v: q [B, H, T, dh], k and v [B, H, S, dh]; one fused op without attention dropout. */
  private context(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, bias: tf.Tensor | null, dropout: Dropout) {
    if (this.dropoutRate === 0) return attention(q, k, v, bias);
    let scores: tf.Tensor4D = tf.matMul(q, k, false, true); // [B, H, T, S]
    if (bias !== null) scores = tf.add(scores, bias);
    return tf.matMul(dropout(tf.softmax(scores), this.dropoutRate), v);
  }
}
