// The decoder of Int2Int: causal self-attention, cross-attention queried by the layer INPUT, FFN; output projection.
import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention, type KeysValues } from './attention';
import type { Dropout } from './dropout';
import { Embeddings } from './embeddings';
import { FeedForward } from './feed-forward';
import { LayerNorm } from './layer-norm';
import { Linear } from './linear';
import type { ModelConfig } from './model-config';
import { constantInit, uniformInit, type ParameterStore } from './parameter-store';

/** What the decoder attends to: the encoder output per layer (keys/values computed once) and its padding bias. */
export type CrossSource = {
  /** per layer, float32 [B, H, S, dh] each; B may be the decoder's batch over G (G beams per source, see attend) */
  kv: KeysValues[];
  /** float32 [B, 1, 1, S] */
  bias: tf.Tensor4D;
};

class DecoderLayer {
  readonly selfAttention: MultiHeadAttention;
  readonly crossAttention: MultiHeadAttention;
  private readonly layerNorm1: LayerNorm;
  private readonly layerNorm15: LayerNorm;
  private readonly ffn: FeedForward;
  private readonly layerNorm2: LayerNorm;

  constructor(
    store: ParameterStore,
    name: string,
    private readonly config: ModelConfig,
  ) {
    const { dim, heads, hiddenLayers } = config.decoder;
    const { normAttention, attentionDropout } = config;
    this.selfAttention = new MultiHeadAttention(
      store,
      `${name}.self_attention`,
      heads,
      dim,
      dim,
      normAttention,
      attentionDropout,
    );
    this.layerNorm1 = new LayerNorm(store, `${name}.layer_norm1`, dim);
    this.layerNorm15 = new LayerNorm(store, `${name}.layer_norm15`, dim);
    const srcDim = config.encoder.dim;
    this.crossAttention = new MultiHeadAttention(
      store,
      `${name}.cross_attention`,
      heads,
      dim,
      srcDim,
      normAttention,
      attentionDropout,
    );
    this.ffn = new FeedForward(store, `${name}.ffn`, dim, hiddenLayers, config.gelu, config.dropout);
    this.layerNorm2 = new LayerNorm(store, `${name}.layer_norm2`, dim);
  }

  /**
   * o = LN1(t + SA(t)); o = LN15(o + CA(query = t, kv = encoder)); o = LN2(o + FFN(o)).
   * @param t float32 [B*T, D]: the new positions only when past holds the keys/values of earlier ones
   * @param past self-attention keys/values of earlier positions, float32 [B, H, T0, dh], or null
   * @param selfBias float32 [1, 1, T, T0+T] causal bias, or null (a single new position sees everything)
   * @returns output float32 [B*T, D] and the self-attention keys/values of all positions [B, H, T0+T, dh]
   */
  apply(
    t: tf.Tensor2D,
    batch: number,
    past: KeysValues | null,
    selfBias: tf.Tensor4D | null,
    crossKV: KeysValues,
    crossBias: tf.Tensor4D,
    dropout: Dropout,
  ): { output: tf.Tensor2D; kv: KeysValues } {
    const rate = this.config.dropout;
    const fresh = this.selfAttention.keysValues(t, batch);
    const kv =
      past === null ? fresh : { k: tf.concat([past.k, fresh.k], 2), v: tf.concat([past.v, fresh.v], 2) };
    const a = dropout(
      this.selfAttention.attend(this.selfAttention.queries(t, batch), kv, selfBias, dropout),
      rate,
    );
    let o = this.layerNorm1.apply(tf.add(t, a));
    const c = this.crossAttention.attend(this.crossAttention.queries(t, batch), crossKV, crossBias, dropout);
    o = this.layerNorm15.apply(tf.add(o, dropout(c, rate)));
    return { output: this.layerNorm2.apply(tf.add(o, this.ffn.apply(o, dropout))), kv };
  }
}

export class Decoder {
  readonly embeddings: Embeddings;
  private readonly layers: DecoderLayer[] = [];
  /** The output projection's own weight when it is not tied to the embeddings: float32 [D, V]. */
  private readonly projWeight: tf.Variable | undefined;
  /** float32 [V] */
  private readonly projBias: tf.Variable;

  constructor(store: ParameterStore, vocabSize: number, config: ModelConfig) {
    const { dim, layers, hasPosEmb } = config.decoder;
    this.embeddings = new Embeddings(store, 'decoder', vocabSize, dim, {
      hasPosEmb,
      sinusoidal: config.sinusoidalEmbeddings,
      dropout: config.dropout,
    });
    for (let i = 0; i < layers; i++) this.layers.push(new DecoderLayer(store, `decoder.layers.${i}`, config));
    if (config.shareInoutEmb) {
      const bound = 1 / Math.sqrt(dim);
      this.projBias = store.add(
        'decoder.proj.bias',
        [vocabSize],
        config.xavInit ? constantInit(0) : uniformInit(bound),
      );
    } else {
      // xavier_uniform_ (gain 1) and a zero bias with --xav_init
      const xavier = { weight: uniformInit(Math.sqrt(6 / (dim + vocabSize))), bias: constantInit(0) };
      const proj = new Linear(store, 'decoder.proj', dim, vocabSize, config.xavInit ? xavier : undefined);
      this.projWeight = proj.weight;
      this.projBias = proj.bias;
    }
  }

  /**
   * Cross-attention keys and values of every layer, computed once per source.
   * @param source float32 [B*S, Denc] encoder output
   */
  crossKeysValues(source: tf.Tensor2D, batch: number): KeysValues[] {
    return this.layers.map((layer) => layer.crossAttention.keysValues(source, batch));
  }

  /**
   * @param ids int32 [B, T] decoder input ids at positions start .. start+T-1
   * @param pasts per layer, keys/values of positions < start (all null when start is 0)
   * @param mask float32 [B*T, 1] position mask, or null when every position is real
   * @returns hidden float32 [B*T, D] and, per layer, the keys/values of positions < start+T
   */
  apply(
    ids: tf.Tensor2D,
    start: number,
    pasts: Array<KeysValues | null>,
    selfBias: tf.Tensor4D | null,
    mask: tf.Tensor2D | null,
    cross: CrossSource,
    dropout: Dropout,
  ): { hidden: tf.Tensor2D; kv: KeysValues[] } {
    const batch = ids.shape[0];
    const masked = (h: tf.Tensor2D): tf.Tensor2D => (mask === null ? h : tf.mul(h, mask));
    let h = masked(this.embeddings.apply(ids, start, dropout));
    const kv: KeysValues[] = [];
    // one tidy per layer frees its intermediates as soon as it is done (the tape keeps what backprop needs)
    this.layers.forEach((layer, i) => {
      const out = tf.tidy(() => {
        const { output, kv } = layer.apply(h, batch, pasts[i], selfBias, cross.kv[i], cross.bias, dropout);
        return { output: masked(output), kv };
      });
      h = out.output;
      kv.push(out.kv);
    });
    return { hidden: h, kv };
  }

  /**
   * Scores over the vocabulary: h E^T + b (tied) or h W + b.
   * @param h float32 [N, D]
   * @returns float32 [N, V]
   */
  logits(h: tf.Tensor2D): tf.Tensor2D {
    const product =
      this.projWeight === undefined
        ? tf.matMul(h, this.embeddings.tokens, false, true)
        : tf.matMul(h, this.projWeight);
    return tf.add(product, this.projBias);
  }
}
