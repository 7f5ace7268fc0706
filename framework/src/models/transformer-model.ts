// The Int2Int encoder-decoder transformer on tfjs: loss, teacher-forced scoring, greedy decoding, weights I/O.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import type { Batch } from '../data/batch';
import { EOS_INDEX } from '../tokenizers/vocabulary';
import type { KeysValues } from './attention';
import { beamSearch, type BeamHypothesis, type BeamOptions } from './beam-search';
import { Decoder, type CrossSource } from './decoder';
import { noDropout, seededDropout, type Dropout } from './dropout';
import { Encoder } from './encoder';
import { causalBias, keyPaddingBias, positionMask } from './masks';
import type { ModelConfig } from './model-config';
import type { NamedArray } from './named-array';
import { ParameterStore } from './parameter-store';
import { decoderInput, targetPositions, type TargetPositions } from './teacher-forcing';

export class TransformerModel {
  readonly trainableVariables: tf.Variable[];
  /** State-dict names of trainableVariables, in the same order. */
  readonly trainableNames: string[];
  private readonly store: ParameterStore;
  private readonly encoder: Encoder;
  private readonly decoder: Decoder;
  private readonly trainingDropout: Dropout;
  /** Draws the seeds of the training dropout masks; saved in checkpoints so that a resumed run draws the same. */
  private readonly dropoutRng: Rng;

  /** All initial values are drawn from rng, so a seed gives the same weights on every backend. */
  constructor(
    readonly config: ModelConfig,
    readonly vocabSize: number,
    rng: Rng,
  ) {
    this.store = new ParameterStore(rng);
    this.encoder = new Encoder(this.store, vocabSize, config);
    this.decoder = new Decoder(this.store, vocabSize, config);
    this.dropoutRng = new Rng([rng.nextUint32(), rng.nextUint32()]);
    this.trainingDropout = seededDropout(this.dropoutRng);
    ({ names: this.trainableNames, variables: this.trainableVariables } = this.store.trainable);
  }

  /** Trainable parameters of each side and the number of trainable tensors (Int2Int's log lines). */
  parameterCounts(): { encoder: number; decoder: number; tensors: number } {
    const encoder = this.store.count('encoder.');
    const decoder = this.store.count('decoder.');
    return {
      encoder: encoder.parameters,
      decoder: decoder.parameters,
      tensors: encoder.tensors + decoder.tensors,
    };
  }

  /** Encoder output and cross-attention source. Call inside tf.tidy. */
  private encode(batch: Batch, dropout: Dropout): CrossSource {
    const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
    const encoded = this.encoder.apply(
      x,
      keyPaddingBias(batch.xLen, batch.xMax),
      positionMask(batch.xLen, batch.xMax),
      dropout,
    ); // [B*S, Denc]
    return {
      kv: this.decoder.crossKeysValues(encoded, batch.size),
      bias: keyPaddingBias(batch.xLen, batch.xMax, this.config.maxSrcLen),
    };
  }

  /** Teacher-forced scores at the target positions, float32 [N, V]. Call inside tf.tidy. */
  private targetLogits(batch: Batch, where: TargetPositions, dropout: Dropout): tf.Tensor2D {
    const cross = this.encode(batch, dropout);
    const ids = tf.tensor2d(decoderInput(batch), [batch.size, where.len], 'int32');
    const pasts = new Array<null>(this.config.decoder.layers).fill(null);
    const lengths = batch.yLen.map((l) => l - 1);
    const mask = positionMask(lengths, where.len);
    const { hidden } = this.decoder.apply(ids, 0, pasts, causalBias(where.len), mask, cross, dropout); // [B*T, D]
    return this.decoder.logits(tf.gather(hidden, tf.tensor1d(where.positions, 'int32'))); // [N, V]
  }

  /** Per-token cross-entropy, float32 [N]. */
  private static tokenLosses(logits: tf.Tensor2D, targets: Int32Array): tf.Tensor1D {
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), logits.shape[1]), 'float32'); // never float oneHot: wasm bug
    return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(tf.logSoftmax(logits), oneHot), 1));
  }

  /**
   * Mean cross-entropy per target token (all positions after BOS up to and including the final EOS), as Int2Int.
   * training enables dropout.
   * @returns float32 scalar
   */
  loss(batch: Batch, training: boolean): tf.Scalar {
    return tf.tidy(() => {
      const where = targetPositions(batch);
      const logits = this.targetLogits(batch, where, training ? this.trainingDropout : noDropout);
      return tf.mean(TransformerModel.tokenLosses(logits, where.targets));
    });
  }

  /** Per-token cross-entropy and argmax at every target position, without dropout. */
  private teacherForced(batch: Batch): {
    where: TargetPositions;
    lossValues: Float32Array;
    predictedIds: Int32Array;
  } {
    const where = targetPositions(batch);
    const [losses, predicted] = tf.tidy((): [tf.Tensor1D, tf.Tensor1D] => {
      const logits = this.targetLogits(batch, where, noDropout);
      return [TransformerModel.tokenLosses(logits, where.targets), tf.argMax(logits, 1)];
    });
    const lossValues = losses.dataSync<'float32'>();
    const predictedIds = predicted.dataSync<'int32'>();
    tf.dispose([losses, predicted]);
    return { where, lossValues, predictedIds };
  }

  /**
   * Teacher-forced evaluation: the sum over the batch of per-token CE, and per row whether the argmax equals the
   * target at every target position (Int2Int's 'perfect').
   */
  scoreBatch(batch: Batch): { xeLossSum: number; perfect: boolean[] } {
    const { where, lossValues, predictedIds } = this.teacherForced(batch);
    const perfect = new Array<boolean>(batch.size).fill(true);
    let xeLossSum = 0;
    where.rows.forEach((row, n) => {
      xeLossSum += lossValues[n];
      if (predictedIds[n] !== where.targets[n]) perfect[row] = false;
    });
    return { xeLossSum, perfect };
  }

  /**
   * Greedy decoding with the encoder run once, cross-attention keys/values computed once and a self-attention
   * cache. At most maxLen tokens after BOS. Per row: the ids up to (excluding) the first EOS, and whether an EOS came.
   */
  greedyDecode(batch: Batch, maxLen: number): { tokens: number[][]; finished: boolean[] } {
    const tokens: number[][] = Array.from({ length: batch.size }, () => []);
    const finished = new Array<boolean>(batch.size).fill(false);
    const cross = tf.tidy(() => this.encode(batch, noDropout));
    let pasts: Array<KeysValues | null> = new Array<null>(this.config.decoder.layers).fill(null);
    let previous = new Int32Array(batch.size).fill(EOS_INDEX);
    try {
      for (let step = 0; step < maxLen && finished.includes(false); step++) {
        const { next, kv } = tf.tidy(() => {
          const ids = tf.tensor2d(previous, [batch.size, 1], 'int32');
          const out = this.decoder.apply(ids, step, pasts, null, null, cross, noDropout); // hidden [B, D]
          return { next: tf.argMax(this.decoder.logits(out.hidden), 1), kv: out.kv };
        });
        tf.dispose(pasts.flatMap((p) => (p === null ? [] : [p.k, p.v])));
        pasts = kv;
        previous = Int32Array.from(next.dataSync());
        next.dispose();
        previous.forEach((id, b) => {
          if (finished[b]) return;
          if (id === EOS_INDEX) finished[b] = true;
          else tokens[b].push(id);
        });
      }
    } finally {
      tf.dispose([cross.bias, ...cross.kv.flatMap((c) => [c.k, c.v])]);
      tf.dispose(pasts.flatMap((p) => (p === null ? [] : [p.k, p.v])));
    }
    return { tokens, finished };
  }

  /**
   * Beam search (Int2Int's --beam_eval): the encoder runs once, its keys/values serve all the beams of a row, and the
   * self-attention cache follows the beams as they are reordered. Per row, up to beamSize hypotheses, best first.
   */
  beamDecode(batch: Batch, options: BeamOptions): BeamHypothesis[][] {
    // the cross-attention keys and values stay one per source: the beams' queries are grouped against them
    const cross = tf.tidy(() => this.encode(batch, noDropout));
    let pasts: Array<KeysValues | null> = new Array<null>(this.config.decoder.layers).fill(null);
    try {
      return beamSearch(batch.size, this.vocabSize, options, (previous, position, reorder) => {
        if (reorder !== null) {
          // the reordered cache replaces the old one before the step runs: only one of them is alive at a time
          const current = pasts.filter((p): p is KeysValues => p !== null); // every layer's, after position 0
          pasts = tf.tidy(() => {
            const order = tf.tensor1d(reorder, 'int32');
            return current.map(({ k, v }) => ({ k: tf.gather(k, order), v: tf.gather(v, order) }));
          });
          tf.dispose(current.flatMap(({ k, v }) => [k, v]));
        }
        const { logProbs, kv } = tf.tidy(() => {
          const ids = tf.tensor2d(previous, [previous.length, 1], 'int32');
          const out = this.decoder.apply(ids, position, pasts, null, null, cross, noDropout); // [B*K, D]
          return { logProbs: tf.logSoftmax(this.decoder.logits(out.hidden)), kv: out.kv }; // [B*K, V]
        });
        tf.dispose(pasts.flatMap((p) => (p === null ? [] : [p.k, p.v])));
        pasts = kv;
        const values = logProbs.dataSync<'float32'>();
        logProbs.dispose();
        return values;
      });
    } finally {
      tf.dispose([cross.bias, ...cross.kv.flatMap((c) => [c.k, c.v])]);
      tf.dispose(pasts.flatMap((p) => (p === null ? [] : [p.k, p.v])));
    }
  }

  /** Copies of all weights by state-dict name (e.g. encoder.layers.0.self_attention.q_lin.weight), PyTorch layout. */
  getWeights(): NamedArray[] {
    return this.store.getWeights();
  }

  /** The state of the dropout masks' generator, for a checkpoint. */
  dropoutState(): number[] {
    return this.dropoutRng.state();
  }

  restoreDropoutState(state: readonly number[]): void {
    this.dropoutRng.restore(state);
  }

  /** Loads weights from getWeights(); throws when a name or a shape does not match. */
  setWeights(weights: NamedArray[]): void {
    this.store.setWeights(weights);
  }

  dispose(): void {
    this.store.dispose();
  }
}
