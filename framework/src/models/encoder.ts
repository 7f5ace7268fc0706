// The encoder of Int2Int: embeddings, then post-LN self-attention layers; padding positions are zeroed.
import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention } from './attention';
import type { Dropout } from './dropout';
import { Embeddings } from './embeddings';
import { FeedForward } from './feed-forward';
import { LayerNorm } from './layer-norm';
import type { ModelConfig } from './model-config';
import type { ParameterStore } from './parameter-store';

class EncoderLayer {
  private readonly selfAttention: MultiHeadAttention;
  private readonly layerNorm1: LayerNorm;
  private readonly ffn: FeedForward;
  private readonly layerNorm2: LayerNorm;

  constructor(store: ParameterStore, name: string, config: ModelConfig) {
    const { dim, heads, hiddenLayers } = config.encoder;
    this.selfAttention = new MultiHeadAttention(
      store,
      `${name}.self_attention`,
      heads,
      dim,
      dim,
      config.normAttention,
      config.attentionDropout,
    );
    this.layerNorm1 = new LayerNorm(store, `${name}.layer_norm1`, dim);
    this.ffn = new FeedForward(store, `${name}.ffn`, dim, hiddenLayers, config.gelu, config.dropout);
    this.layerNorm2 = new LayerNorm(store, `${name}.layer_norm2`, dim);
  }

  /** t float32 [B*S, D], bias float32 [B, 1, 1, S] -> float32 [B*S, D] */
  apply(t: tf.Tensor2D, batch: number, bias: tf.Tensor4D, dropout: Dropout, rate: number): tf.Tensor2D {
    const q = this.selfAttention.queries(t, batch);
    const a = dropout(
      this.selfAttention.attend(q, this.selfAttention.keysValues(t, batch), bias, dropout),
      rate,
    );
    const o = this.layerNorm1.apply(tf.add(t, a));
    return this.layerNorm2.apply(tf.add(o, this.ffn.apply(o, dropout)));
  }
}

export class Encoder {
  private readonly embeddings: Embeddings;
  private readonly layers: EncoderLayer[] = [];

  constructor(
    store: ParameterStore,
    vocabSize: number,
    private readonly config: ModelConfig,
  ) {
    const { dim, layers, hasPosEmb } = config.encoder;
    this.embeddings = new Embeddings(store, 'encoder', vocabSize, dim, {
      hasPosEmb,
      sinusoidal: config.sinusoidalEmbeddings,
      dropout: config.dropout,
    });
    for (let i = 0; i < layers; i++) this.layers.push(new EncoderLayer(store, `encoder.layers.${i}`, config));
  }

  /**
   * @param x int32 [B, S] input ids
   * @param bias float32 [B, 1, 1, S] key-padding bias (masks.keyPaddingBias)
   * @param mask float32 [B*S, 1] position mask (masks.positionMask)
   * @returns float32 [B*S, D], zero at padding positions
   */
  apply(x: tf.Tensor2D, bias: tf.Tensor4D, mask: tf.Tensor2D, dropout: Dropout): tf.Tensor2D {
    const batch = x.shape[0];
    let h = tf.mul<tf.Tensor2D>(this.embeddings.apply(x, 0, dropout), mask);
    // one tidy per layer frees its intermediates as soon as it is done (the tape keeps what backprop needs)
    for (const layer of this.layers)
      h = tf.tidy(() => tf.mul<tf.Tensor2D>(layer.apply(h, batch, bias, dropout, this.config.dropout), mask));
    return h;
  }
}
