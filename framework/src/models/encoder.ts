// The encoder of Int2Int: embeddings, then post-LN self-attention layers (shared, gated or halting as configured);
// padding positions are zeroed.
import * as tf from '@tensorflow/tfjs';
import { AdaptiveHalt } from './adaptive-halt';
import { MultiHeadAttention } from './attention';
import { CopyGate } from './copy-gate';
import type { Dropout } from './dropout';
import { Embeddings } from './embeddings';
import { FeedForward } from './feed-forward';
import { LayerNorm } from './layer-norm';
import { stackSteps, type ModelConfig, type StackStep } from './model-config';
import type { ParameterStore } from './parameter-store';

/** ACT's statistics of a forward pass, float32 scalars: the mean remainder and the mean number of passes. */
export interface HaltingStats {
  remainder: tf.Scalar;
  passes: tf.Scalar;
}

class EncoderLayer {
  private readonly selfAttention: MultiHeadAttention;
  private readonly layerNorm1: LayerNorm;
  private readonly ffn: FeedForward;
  private readonly layerNorm2: LayerNorm;
  private readonly gate: CopyGate | undefined;

  constructor(store: ParameterStore, name: string, config: ModelConfig, gated: boolean) {
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
    if (gated) this.gate = new CopyGate(store, `${name}.gate`, dim, config.gate, config.dropout);
  }

  /** t float32 [B*S, D], bias float32 [B, 1, 1, S] -> float32 [B*S, D] */
  apply(t: tf.Tensor2D, batch: number, bias: tf.Tensor4D, dropout: Dropout, rate: number): tf.Tensor2D {
    const q = this.selfAttention.queries(t, batch);
    const a = dropout(
      this.selfAttention.attend(q, this.selfAttention.keysValues(t, batch), bias, dropout),
      rate,
    );
    const o = this.layerNorm1.apply(tf.add(t, a));
    const g = this.gate?.apply(o, dropout);
    const output = this.layerNorm2.apply(tf.add(o, this.ffn.apply(o, dropout)));
    return g === undefined ? output : CopyGate.mix(g, output, t);
  }
}

export class Encoder {
  readonly embeddings: Embeddings;
  private readonly layers: EncoderLayer[] = [];
  private readonly halts = new Map<number, AdaptiveHalt>();
  private readonly steps: StackStep[];

  constructor(
    store: ParameterStore,
    vocabSize: number,
    private readonly config: ModelConfig,
  ) {
    const { dim, layers, hasPosEmb, loopIdx, act, gated } = config.encoder;
    this.embeddings = new Embeddings(store, 'encoder', vocabSize, dim, {
      hasPosEmb,
      sinusoidal: config.sinusoidalEmbeddings,
      dropout: config.dropout,
    });
    for (let i = 0; i < layers; i++) {
      const name = `encoder.layers.${i}`;
      if (act !== undefined && i === loopIdx) {
        this.halts.set(i, new AdaptiveHalt(store, name, dim, act));
        this.layers.push(new EncoderLayer(store, `${name}.layer`, config, gated[i]));
      } else {
        this.layers.push(new EncoderLayer(store, name, config, gated[i]));
      }
    }
    this.steps = stackSteps(config.encoder);
  }

  /**
   * @param x int32 [B, S] input ids
   * @param bias float32 [B, 1, 1, S] key-padding bias (masks.keyPaddingBias)
   * @param mask float32 [B*S, 1] position mask (masks.positionMask)
   * @returns float32 [B*S, D], zero at padding positions, and ACT's statistics when the encoder halts
   */
  apply(
    x: tf.Tensor2D,
    bias: tf.Tensor4D,
    mask: tf.Tensor2D,
    dropout: Dropout,
  ): { hidden: tf.Tensor2D; halting?: HaltingStats } {
    const batch = x.shape[0];
    const rate = this.config.dropout;
    let h = tf.mul<tf.Tensor2D>(this.embeddings.apply(x, 0, dropout), mask);
    let halting: HaltingStats | undefined;
    // one tidy per step frees its intermediates as soon as it is done (the tape keeps what backprop needs)
    for (const step of this.steps) {
      const layer = this.layers[step.layer];
      const halt = this.halts.get(step.layer);
      if (step.act && halt !== undefined) {
        const result = tf.tidy(() => {
          const out = halt.apply(
            h,
            mask,
            step.passes,
            (state) => ({ output: layer.apply(state, batch, bias, dropout, rate) }),
            true,
          );
          return {
            output: tf.mul<tf.Tensor2D>(out.output, mask),
            remainder: out.remainder,
            passes: out.passes,
          };
        });
        h = result.output;
        halting = { remainder: result.remainder, passes: result.passes };
      } else {
        h = tf.tidy(() => tf.mul<tf.Tensor2D>(layer.apply(h, batch, bias, dropout, rate), mask));
      }
    }
    return { hidden: h, halting };
  }
}
