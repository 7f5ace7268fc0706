// The decoder of Int2Int: causal self-attention, cross-attention queried by the layer INPUT (none in a decoder-only
// model), FFN, shared, gated or halting layers as configured; the output projection.
import * as tf from '@tensorflow/tfjs';
import { AdaptiveHalt } from './adaptive-halt';
import { MultiHeadAttention, type KeysValues } from './attention';
import { CopyGate } from './copy-gate';
import type { Dropout } from './dropout';
import { Embeddings } from './embeddings';
import type { HaltingStats } from './encoder';
import { FeedForward } from './feed-forward';
import { LayerNorm } from './layer-norm';
import { layerPasses, stackSteps, type ModelConfig, type StackStep } from './model-config';
import { OutputProjection } from './output-projection';
import type { ParameterStore } from './parameter-store';

/** What the decoder attends to: the encoder output per layer (keys/values computed once) and its padding bias. */
export type CrossSource = {
  /** per layer, float32 [B, H, S, dh] each; B may be the decoder's batch over G (G beams per source, see attend) */
  kv: KeysValues[];
  /** float32 [B, 1, 1, S] */
  bias: tf.Tensor4D;
};

/** One layer's view of the source: its cross-attention keys/values and the padding bias. */
interface LayerSource {
  kv: KeysValues;
  bias: tf.Tensor4D;
}

class DecoderLayer {
  readonly selfAttention: MultiHeadAttention;
  readonly crossAttention: MultiHeadAttention | undefined;
  private readonly layerNorm1: LayerNorm;
  private readonly layerNorm15: LayerNorm | undefined;
  private readonly ffn: FeedForward;
  private readonly layerNorm2: LayerNorm;
  private readonly gate: CopyGate | undefined;

  constructor(
    store: ParameterStore,
    name: string,
    private readonly config: ModelConfig,
    gated: boolean,
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
    if (config.architecture !== 'decoder_only') {
      this.layerNorm15 = new LayerNorm(store, `${name}.layer_norm15`, dim);
      this.crossAttention = new MultiHeadAttention(
        store,
        `${name}.cross_attention`,
        heads,
        dim,
        config.encoder.dim,
        normAttention,
        attentionDropout,
      );
    }
    this.ffn = new FeedForward(store, `${name}.ffn`, dim, hiddenLayers, config.gelu, config.dropout);
    this.layerNorm2 = new LayerNorm(store, `${name}.layer_norm2`, dim);
    if (gated) this.gate = new CopyGate(store, `${name}.gate`, dim, config.gate, config.dropout);
  }

  /**
   * o = LN1(t + SA(t)); [g = Gate(o)]; o = LN15(o + CA(query = t, kv = encoder)); o = LN2(o + FFN(o));
   * [o = g o + (1 - g) t].
   * @param t float32 [B*T, D]: the new positions only when past holds the keys/values of earlier ones
   * @param past self-attention keys/values of earlier positions, float32 [B, H, T0, dh], or null
   * @param selfBias float32 [1, 1, T, T0+T] causal bias, or null (a single new position sees everything)
   * @param source the encoder's output as this layer sees it, or null (decoder only)
   * @returns output float32 [B*T, D] and the self-attention keys/values of all positions [B, H, T0+T, dh]
   */
  apply(
    t: tf.Tensor2D,
    batch: number,
    past: KeysValues | null,
    selfBias: tf.Tensor4D | null,
    source: LayerSource | null,
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
    const g = this.gate?.apply(o, dropout);
    if (source !== null && this.crossAttention !== undefined && this.layerNorm15 !== undefined) {
      const c = this.crossAttention.attend(
        this.crossAttention.queries(t, batch),
        source.kv,
        source.bias,
        dropout,
      );
      o = this.layerNorm15.apply(tf.add(o, dropout(c, rate)));
    }
    const output = this.layerNorm2.apply(tf.add(o, this.ffn.apply(o, dropout)));
    return { output: g === undefined ? output : CopyGate.mix(g, output, t), kv };
  }
}

export class Decoder {
  readonly embeddings: Embeddings;
  readonly projection: OutputProjection;
  /** Self-attention caches of incremental decoding: one per pass (a shared layer has one per loop). */
  readonly cacheSlots: number;
  private readonly layers: DecoderLayer[] = [];
  private readonly halts = new Map<number, AdaptiveHalt>();
  private readonly steps: StackStep[];

  constructor(store: ParameterStore, vocabSize: number, config: ModelConfig) {
    const { dim, layers, hasPosEmb, loopIdx, act, gated } = config.decoder;
    this.embeddings = new Embeddings(store, 'decoder', vocabSize, dim, {
      hasPosEmb,
      sinusoidal: config.sinusoidalEmbeddings,
      dropout: config.dropout,
    });
    for (let i = 0; i < layers; i++) {
      const name = `decoder.layers.${i}`;
      if (act !== undefined && i === loopIdx) {
        this.halts.set(i, new AdaptiveHalt(store, name, dim, act));
        this.layers.push(new DecoderLayer(store, `${name}.layer`, config, gated[i]));
      } else {
        this.layers.push(new DecoderLayer(store, name, config, gated[i]));
      }
    }
    this.projection = new OutputProjection(store, 'decoder', this.embeddings, vocabSize, dim, config);
    this.steps = stackSteps(config.decoder);
    this.cacheSlots = layerPasses(config.decoder).length;
  }

  /**
   * Cross-attention keys and values of every layer, computed once per source.
   * @param source float32 [B*S, Denc] encoder output
   */
  crossKeysValues(source: tf.Tensor2D, batch: number): KeysValues[] {
    return this.layers.map((layer) => (layer.crossAttention as MultiHeadAttention).keysValues(source, batch));
  }

  /**
   * @param ids int32 [B, T] decoder input ids at positions start .. start+T-1
   * @param pasts per pass (cacheSlots), keys/values of positions < start (all null when start is 0)
   * @param mask float32 [B*T, 1] position mask, or null when every position is real
   * @param cross the encoder's output, or null (decoder only)
   * @param caching whether the keys/values returned will be used: then a halting layer runs every pass
   * @returns hidden float32 [B*T, D], per pass the keys/values of positions < start+T, and ACT's statistics
   */
  apply(
    ids: tf.Tensor2D,
    start: number,
    pasts: Array<KeysValues | null>,
    selfBias: tf.Tensor4D | null,
    mask: tf.Tensor2D | null,
    cross: CrossSource | null,
    dropout: Dropout,
    caching = true,
  ): { hidden: tf.Tensor2D; kv: KeysValues[]; halting?: HaltingStats } {
    const batch = ids.shape[0];
    const masked = (h: tf.Tensor2D): tf.Tensor2D => (mask === null ? h : tf.mul(h, mask));
    let h = masked(this.embeddings.apply(ids, start, dropout));
    const kv: KeysValues[] = [];
    let halting: HaltingStats | undefined;
    // one tidy per step frees its intermediates as soon as it is done (the tape keeps what backprop needs)
    for (const step of this.steps) {
      const layer = this.layers[step.layer];
      const source = cross === null ? null : { kv: cross.kv[step.layer], bias: cross.bias };
      const halt = this.halts.get(step.layer);
      if (step.act && halt !== undefined) {
        const out = tf.tidy(() => {
          const result = halt.apply(
            h,
            mask,
            step.passes,
            (state, pass) =>
              layer.apply(state, batch, pasts[step.firstPass + pass], selfBias, source, dropout),
            !caching,
          );
          return { ...result, output: masked(result.output) };
        });
        h = out.output;
        kv.push(...out.kv);
        halting = { remainder: out.remainder, passes: out.passes };
      } else {
        const out = tf.tidy(() => {
          const { output, kv } = layer.apply(h, batch, pasts[step.firstPass], selfBias, source, dropout);
          return { output: masked(output), kv };
        });
        h = out.output;
        kv.push(out.kv);
      }
    }
    return { hidden: h, kv, halting };
  }

  /**
   * @param h float32 [N, D]
   * @returns float32 [N, V]
   */
  logits(h: tf.Tensor2D): tf.Tensor2D {
    return this.projection.logits(h);
  }
}
