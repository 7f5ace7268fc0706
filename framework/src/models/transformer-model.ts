// The Int2Int models on tfjs (transformers: encoder-decoder, encoder only, decoder only; the recurrent
// encoder-decoder): loss, teacher-forced scoring, greedy and beam decoding, weights I/O.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import { selectRows, type Batch } from '../data/batch';
import { EOS_INDEX } from '../tokenizers/vocabulary';
import type { KeysValues } from './attention';
import { beamSearch, type BeamHypothesis, type BeamOptions } from './beam-search';
import { Decoder, type CrossSource } from './decoder';
import { noDropout, seededDropout, type Dropout } from './dropout';
import { Encoder, type HaltingStats } from './encoder';
import { causalBias, keyPaddingBias, positionMask } from './masks';
import type { ModelConfig } from './model-config';
import { scalarValue } from '../backends/tensor-values';
import type { ArraySource, NamedArray } from './named-array';
import { OutputProjection } from './output-projection';
import { ParameterStore } from './parameter-store';
import {
  cellStateTensors,
  gatherStates,
  RecurrentDecoder,
  RecurrentEncoder,
  type CellState,
} from './recurrent';
import {
  decoderInput,
  decoderOnlyLayout,
  decoderOnlyPrompts,
  encoderOnlyTargets,
  targetPositions,
  type TargetPositions,
} from './teacher-forcing';

export type ModuleName = 'encoder' | 'decoder';

/** Mean number of ACT passes per token in the last training batch, by module (only modules that halt). */
export type HaltingPasses = Partial<Record<ModuleName, number>>;

/**
 * Next-token scores of a decoder, position by position, over `rows` rows (beams), with its caches: step(previous,
 * position) gives float32 [rows, V]; reorder(order) makes row i continue row order[i].
 */
interface DecodingSession {
  step(previous: Int32Array, position: number): tf.Tensor2D;
  reorder(order: Int32Array): void;
  dispose(): void;
}

const disposeCache = (pasts: Array<KeysValues | null>) =>
  tf.dispose(pasts.flatMap((p) => (p === null ? [] : [p.k, p.v])));

export class TransformerModel {
  readonly trainableVariables: tf.Variable[];
  /** State-dict names of trainableVariables, in the same order. */
  readonly trainableNames: string[];
  private readonly store: ParameterStore;
  private readonly encoder: Encoder | undefined;
  /** encoder_only: the encoder's output layer. */
  private readonly encoderProjection: OutputProjection | undefined;
  private readonly decoder: Decoder | undefined;
  /** --lstm true: the recurrent encoder-decoder and its output layer, in place of the transformer stacks. */
  private readonly recurrent:
    { encoder: RecurrentEncoder; decoder: RecurrentDecoder; projection: OutputProjection } | undefined;
  /** The modules the model has, in Int2Int's order. */
  private readonly modules: ModuleName[];
  private readonly trainingDropout: Dropout;
  /** Draws the seeds of the training dropout masks; saved in checkpoints so that a resumed run draws the same. */
  private readonly dropoutRng: Rng;
  /** ACT's mean passes in the last training loss, kept until takeHaltingPasses() reads them. */
  private haltingPasses: Partial<Record<ModuleName, tf.Scalar>> = {};

  /** All initial values are drawn from rng, so a seed gives the same weights on every backend. */
  constructor(
    readonly config: ModelConfig,
    readonly vocabSize: number,
    rng: Rng,
  ) {
    this.store = new ParameterStore(rng);
    const { architecture } = config;
    this.modules = config.recurrent !== undefined ? ['encoder', 'decoder'] : [];
    if (config.recurrent !== undefined) {
      const encoder = new RecurrentEncoder(this.store, vocabSize, config);
      const decoder = new RecurrentDecoder(this.store, vocabSize, config);
      const projection = new OutputProjection(
        this.store,
        'decoder',
        decoder.embeddings,
        vocabSize,
        config.decoder.dim,
        config,
      );
      this.recurrent = { encoder, decoder, projection };
    } else if (architecture !== 'decoder_only') this.encoder = new Encoder(this.store, vocabSize, config);
    if (architecture === 'encoder_only' && this.encoder !== undefined) {
      const { dim } = config.encoder;
      this.encoderProjection = new OutputProjection(
        this.store,
        'encoder',
        this.encoder.embeddings,
        vocabSize,
        dim,
        config,
      );
    }
    if (config.recurrent === undefined && architecture !== 'encoder_only')
      this.decoder = new Decoder(this.store, vocabSize, config);
    if (config.recurrent === undefined) {
      if (this.encoder !== undefined) this.modules.push('encoder');
      if (this.decoder !== undefined) this.modules.push('decoder');
    }
    this.dropoutRng = new Rng([rng.nextUint32(), rng.nextUint32()]);
    this.trainingDropout = seededDropout(this.dropoutRng);
    ({ names: this.trainableNames, variables: this.trainableVariables } = this.store.trainable);
  }

  /** Trainable parameters of each module the architecture has, and the number of trainable tensors (Int2Int's log). */
  parameterCounts(): {
    modules: Array<{ name: ModuleName; parameters: number }>;
    total: number;
    tensors: number;
  } {
    const modules: Array<{ name: ModuleName; parameters: number }> = [];
    let tensors = 0;
    for (const name of this.modules) {
      const count = this.store.count(`${name}.`);
      modules.push({ name, parameters: count.parameters });
      tensors += count.tensors;
    }
    return { modules, total: modules.reduce((sum, m) => sum + m.parameters, 0), tensors };
  }

  private get encoderStack(): Encoder {
    if (this.encoder === undefined)
      throw new Error(`--architecture ${this.config.architecture} has no encoder`);
    return this.encoder;
  }

  private get decoderStack(): Decoder {
    if (this.decoder === undefined)
      throw new Error(`--architecture ${this.config.architecture} has no decoder`);
    return this.decoder;
  }

  /** Encoder output and the cross-attention source. Call inside tf.tidy. */
  private encode(batch: Batch, dropout: Dropout): { cross: CrossSource; halting?: HaltingStats } {
    const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
    const { hidden, halting } = this.encoderStack.apply(
      x,
      keyPaddingBias(batch.xLen, batch.xMax),
      positionMask(batch.xLen, batch.xMax),
      dropout,
    ); // [B*S, Denc]
    const cross = {
      kv: this.decoderStack.crossKeysValues(hidden, batch.size),
      bias: keyPaddingBias(batch.xLen, batch.xMax, this.config.maxSrcLen),
    };
    return { cross, halting };
  }

  /** Teacher-forced scores at the scored positions, float32 [N, V], and ACT's statistics. Call inside tf.tidy. */
  private targetLogits(
    batch: Batch,
    dropout: Dropout,
  ): { where: TargetPositions; logits: tf.Tensor2D; halting: Partial<Record<ModuleName, HaltingStats>> } {
    const gatherAt = (hidden: tf.Tensor2D, where: TargetPositions) =>
      tf.gather(hidden, tf.tensor1d(where.positions, 'int32'));
    if (this.recurrent !== undefined) {
      const { encoder, decoder, projection } = this.recurrent;
      const where = targetPositions(batch);
      const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
      const seeds = encoder.finalStates(x, batch.xLen, dropout);
      const ids = tf.tensor2d(decoderInput(batch), [batch.size, where.len], 'int32');
      const lengths = batch.yLen.map((l) => l - 1);
      const { hidden } = decoder.apply(ids, lengths, decoder.forwardStates(seeds), seeds, dropout);
      return { where, logits: projection.logits(gatherAt(hidden, where)), halting: {} };
    }
    switch (this.config.architecture) {
      case 'encoder_only': {
        const where = encoderOnlyTargets(batch);
        const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
        const mask = positionMask(batch.xLen, batch.xMax);
        const { hidden, halting } = this.encoderStack.apply(
          x,
          keyPaddingBias(batch.xLen, batch.xMax),
          mask,
          dropout,
        );
        const projection = this.encoderProjection as OutputProjection;
        return { where, logits: projection.logits(gatherAt(hidden, where)), halting: { encoder: halting } };
      }
      case 'decoder_only': {
        const { ids, lengths, where } = decoderOnlyLayout(batch);
        const decoder = this.decoderStack;
        const { hidden, halting } = decoder.apply(
          tf.tensor2d(ids, [batch.size, where.len], 'int32'),
          0,
          new Array<null>(decoder.cacheSlots).fill(null),
          causalBias(where.len),
          positionMask(lengths, where.len),
          null,
          dropout,
          false,
        );
        return { where, logits: decoder.logits(gatherAt(hidden, where)), halting: { decoder: halting } };
      }
      default: {
        const where = targetPositions(batch);
        const encoded = this.encode(batch, dropout);
        const decoder = this.decoderStack;
        const ids = tf.tensor2d(decoderInput(batch), [batch.size, where.len], 'int32');
        const lengths = batch.yLen.map((l) => l - 1);
        const { hidden, halting } = decoder.apply(
          ids,
          0,
          new Array<null>(decoder.cacheSlots).fill(null),
          causalBias(where.len),
          positionMask(lengths, where.len),
          encoded.cross,
          dropout,
          false,
        ); // [B*T, D]
        return {
          where,
          logits: decoder.logits(gatherAt(hidden, where)),
          halting: { encoder: encoded.halting, decoder: halting },
        };
      }
    }
  }

  /** Per-token cross-entropy, float32 [N]. */
  private static tokenLosses(logits: tf.Tensor2D, targets: Int32Array): tf.Tensor1D {
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), logits.shape[1]), 'float32'); // never float oneHot: wasm bug
    return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(tf.logSoftmax(logits), oneHot), 1));
  }

  /**
   * Mean cross-entropy per target token (all positions after BOS up to and including the final EOS), as Int2Int,
   * plus ACT's ponder penalty (coupling x mean remainder) of each module that halts. training enables dropout.
   * @returns float32 scalar
   */
  loss(batch: Batch, training: boolean): tf.Scalar {
    return tf.tidy(() => {
      const { where, logits, halting } = this.targetLogits(
        batch,
        training ? this.trainingDropout : noDropout,
      );
      let loss: tf.Scalar = tf.mean(TransformerModel.tokenLosses(logits, where.targets));
      for (const name of ['encoder', 'decoder'] as const) {
        const stats = halting[name];
        const act = this.config[name].act;
        if (stats === undefined || act === undefined) continue;
        loss = tf.add(loss, tf.mul(stats.remainder, act.ponderCoupling));
        if (training) {
          this.haltingPasses[name]?.dispose();
          this.haltingPasses[name] = tf.keep(stats.passes);
        }
      }
      return loss;
    });
  }

  /** ACT's mean passes per token in the last training loss, by module; undefined when no module halts. */
  async takeHaltingPasses(): Promise<HaltingPasses | undefined> {
    const entries = Object.entries(this.haltingPasses) as Array<[ModuleName, tf.Scalar]>;
    if (entries.length === 0) return undefined;
    this.haltingPasses = {};
    const passes: HaltingPasses = {};
    for (const [name, scalar] of entries) passes[name] = await scalarValue(scalar);
    tf.dispose(entries.map(([, scalar]) => scalar));
    return passes;
  }

  /** Per-token cross-entropy and argmax at every target position, without dropout. */
  private async teacherForced(batch: Batch): Promise<{
    where: TargetPositions;
    lossValues: Float32Array;
    predictedIds: Int32Array;
  }> {
    let where: TargetPositions | undefined;
    const [losses, predicted] = tf.tidy((): [tf.Tensor1D, tf.Tensor1D] => {
      const scored = this.targetLogits(batch, noDropout);
      where = scored.where;
      return [TransformerModel.tokenLosses(scored.logits, scored.where.targets), tf.argMax(scored.logits, 1)];
    });
    const [lossValues, predictedIds] = await Promise.all([
      losses.data<'float32'>(),
      predicted.data<'int32'>(),
    ]);
    tf.dispose([losses, predicted]);
    return { where: where as TargetPositions, lossValues, predictedIds };
  }

  /**
   * Teacher-forced evaluation: the sum over the batch of per-token CE, and per row whether the argmax equals the
   * target at every target position (Int2Int's 'perfect').
   */
  async scoreBatch(batch: Batch): Promise<{ xeLossSum: number; perfect: boolean[] }> {
    const { where, lossValues, predictedIds } = await this.teacherForced(batch);
    const perfect = new Array<boolean>(batch.size).fill(true);
    let xeLossSum = 0;
    where.rows.forEach((row, n) => {
      xeLossSum += lossValues[n];
      if (predictedIds[n] !== where.targets[n]) perfect[row] = false;
    });
    return { xeLossSum, perfect };
  }

  /** encoder_only: log-probabilities at every input position, float32 [B, S, V] as a flat array. */
  private async positionLogProbs(batch: Batch): Promise<Float32Array> {
    const logProbs = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
      const mask = positionMask(batch.xLen, batch.xMax);
      const { hidden } = this.encoderStack.apply(x, keyPaddingBias(batch.xLen, batch.xMax), mask, noDropout);
      return tf.logSoftmax((this.encoderProjection as OutputProjection).logits(hidden));
    });
    const values = await logProbs.data<'float32'>();
    logProbs.dispose();
    return values;
  }

  /**
   * A decoding session over `batch` with `beams` rows per source. Encoder-decoder: the encoder runs once and its
   * keys/values serve all the beams of a source. Decoder only: position 0 runs the prompts <eos> x <sep> (all of
   * one length: see byPromptLength), later positions extend their cache.
   */
  private session(batch: Batch, beams: number): DecodingSession {
    if (this.recurrent !== undefined) return this.recurrentSession(batch, beams);
    const decoder = this.decoderStack;
    let pasts: Array<KeysValues | null> = new Array<null>(decoder.cacheSlots).fill(null);
    const cross = this.encoder === undefined ? null : tf.tidy(() => this.encode(batch, noDropout).cross);
    const prompts = this.encoder === undefined ? decoderOnlyPrompts(batch) : undefined;
    const promptLen = prompts?.[0].length ?? 0;
    const rows = batch.size * beams;
    return {
      step: (previous, position) => {
        const { logits, kv } = tf.tidy(() => {
          if (prompts !== undefined && position === 0) {
            const ids = new Int32Array(rows * promptLen);
            for (let r = 0; r < rows; r++) ids.set(prompts[Math.floor(r / beams)], r * promptLen);
            const out = decoder.apply(
              tf.tensor2d(ids, [rows, promptLen], 'int32'),
              0,
              pasts,
              causalBias(promptLen),
              null,
              null,
              noDropout,
            );
            const last = tf.range(promptLen - 1, rows * promptLen, promptLen, 'int32');
            return { logits: decoder.logits(tf.gather(out.hidden, last)), kv: out.kv };
          }
          const ids = tf.tensor2d(previous, [rows, 1], 'int32');
          const start = prompts === undefined ? position : promptLen + position - 1;
          const out = decoder.apply(ids, start, pasts, null, null, cross, noDropout); // hidden [R, D]
          return { logits: decoder.logits(out.hidden), kv: out.kv };
        });
        disposeCache(pasts);
        pasts = kv;
        return logits;
      },
      reorder: (order) => {
        // the reordered cache replaces the old one before the step runs: only one of them is alive at a time
        const current = pasts.filter((p): p is KeysValues => p !== null);
        if (current.length === 0) return;
        pasts = tf.tidy(() => {
          const indices = tf.tensor1d(order, 'int32');
          return current.map(({ k, v }) => ({ k: tf.gather(k, indices), v: tf.gather(v, indices) }));
        });
        disposeCache(current);
      },
      dispose: () => {
        if (cross !== null) tf.dispose([cross.bias, ...cross.kv.flatMap((c) => [c.k, c.v])]);
        disposeCache(pasts);
      },
    };
  }

  /**
   * The recurrent decoder's session: the encoder's final states, repeated over the beams of each source, start the
   * decoder; the forward states are its cache.
   */
  private recurrentSession(batch: Batch, beams: number): DecodingSession {
    const { encoder, decoder, projection } = this.recurrent as NonNullable<typeof this.recurrent>;
    const rows = batch.size * beams;
    let seeds: CellState[] = tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, batch.xMax], 'int32');
      const finals = encoder.finalStates(x, batch.xLen, noDropout);
      const source = Int32Array.from({ length: rows }, (_, r) => Math.floor(r / beams));
      return gatherStates(finals, tf.tensor1d(source, 'int32'));
    });
    let states = decoder.forwardStates(seeds).map(({ h, c }) => ({
      h: tf.clone(h),
      c: c === undefined ? undefined : tf.clone(c),
    }));
    const oneToken = new Int32Array(rows).fill(1);
    return {
      step: (previous) => {
        const out = tf.tidy(() => {
          const ids = tf.tensor2d(previous, [rows, 1], 'int32');
          const { hidden, states: next } = decoder.apply(ids, oneToken, states, seeds, noDropout);
          return { logits: projection.logits(hidden), next };
        });
        tf.dispose(cellStateTensors(states));
        states = out.next;
        return out.logits;
      },
      reorder: (order) => {
        const [nextStates, nextSeeds] = tf.tidy(() => {
          const indices = tf.tensor1d(order, 'int32');
          return [gatherStates(states, indices), gatherStates(seeds, indices)];
        });
        tf.dispose([...cellStateTensors(states), ...cellStateTensors(seeds)]);
        states = nextStates;
        seeds = nextSeeds;
      },
      dispose: () => tf.dispose([...cellStateTensors(states), ...cellStateTensors(seeds)]),
    };
  }

  /** Runs `decode` on the rows of each prompt length (decoder only; the whole batch otherwise), results in row order. */
  private async byPromptLength<T>(batch: Batch, decode: (rows: Batch) => Promise<T[]>): Promise<T[]> {
    if (this.config.architecture !== 'decoder_only') return decode(batch);
    const groups = new Map<number, number[]>();
    batch.xLen.forEach((len, b) => groups.set(len, [...(groups.get(len) ?? []), b]));
    if (groups.size === 1) return decode(batch);
    const results = new Array<T>(batch.size);
    for (const rows of groups.values())
      (await decode(selectRows(batch, rows))).forEach((r, i) => (results[rows[i]] = r));
    return results;
  }

  /**
   * Greedy decoding: at most maxLen tokens after BOS, with the keys/values of the source and of earlier positions
   * cached (encoder only: the argmax at each input position). Per row: the ids up to (excluding) the first EOS,
   * and whether an EOS came.
   */
  async greedyDecode(batch: Batch, maxLen: number): Promise<{ tokens: number[][]; finished: boolean[] }> {
    const rows =
      this.config.architecture === 'encoder_only'
        ? await this.encoderGreedy(batch, maxLen)
        : await this.byPromptLength(batch, (sub) => this.decoderGreedy(sub, maxLen));
    return { tokens: rows.map((r) => r.tokens), finished: rows.map((r) => r.finished) };
  }

  private async encoderGreedy(
    batch: Batch,
    maxLen: number,
  ): Promise<Array<{ tokens: number[]; finished: boolean }>> {
    const logProbs = await this.positionLogProbs(batch);
    const V = this.vocabSize;
    return Array.from({ length: batch.size }, (_, b) => {
      const tokens: number[] = [];
      for (let t = 0; t < Math.min(batch.xLen[b], maxLen); t++) {
        const offset = (b * batch.xMax + t) * V;
        let best = 0;
        for (let v = 1; v < V; v++) if (logProbs[offset + v] > logProbs[offset + best]) best = v;
        if (best === EOS_INDEX) return { tokens, finished: true };
        tokens.push(best);
      }
      return { tokens, finished: false };
    });
  }

  private async decoderGreedy(
    batch: Batch,
    maxLen: number,
  ): Promise<Array<{ tokens: number[]; finished: boolean }>> {
    const tokens: number[][] = Array.from({ length: batch.size }, () => []);
    const finished = new Array<boolean>(batch.size).fill(false);
    const session = this.session(batch, 1);
    let previous = new Int32Array(batch.size).fill(EOS_INDEX);
    try {
      for (let step = 0; step < maxLen && finished.includes(false); step++) {
        const logits = session.step(previous, step);
        const next = tf.tidy(() => tf.argMax(logits, 1));
        logits.dispose();
        previous = Int32Array.from(await next.data<'int32'>());
        next.dispose();
        previous.forEach((id, b) => {
          if (finished[b]) return;
          if (id === EOS_INDEX) finished[b] = true;
          else tokens[b].push(id);
        });
      }
    } finally {
      session.dispose();
    }
    return tokens.map((t, b) => ({ tokens: t, finished: finished[b] }));
  }

  /**
   * Beam search (Int2Int's --beam_eval): the self-attention caches follow the beams as they are reordered. Encoder
   * only: the beams of the per-position distributions (an input position past the input can only end the output).
   * Per row, up to beamSize hypotheses, best first.
   */
  async beamDecode(batch: Batch, options: BeamOptions): Promise<BeamHypothesis[][]> {
    if (this.config.architecture === 'encoder_only') {
      const logProbs = await this.positionLogProbs(batch);
      const V = this.vocabSize;
      const K = options.beamSize;
      const ended = new Float32Array(V).fill(-Infinity);
      ended[EOS_INDEX] = 0;
      const rows = await beamSearch(batch.size, V, options, (_previous, position) => {
        const out = new Float32Array(batch.size * K * V);
        for (let r = 0; r < batch.size * K; r++) {
          const b = Math.floor(r / K);
          const offset = (b * batch.xMax + position) * V;
          out.set(position < batch.xLen[b] ? logProbs.subarray(offset, offset + V) : ended, r * V);
        }
        return Promise.resolve(out);
      });
      // an output that fills every input position has no position left for its EOS: it did not finish
      return rows.map((hypotheses, b) =>
        hypotheses.map((h) => (h.tokens.length < batch.xLen[b] ? h : { ...h, finished: false })),
      );
    }
    return this.byPromptLength(batch, async (sub) => {
      const session = this.session(sub, options.beamSize);
      try {
        return await beamSearch(sub.size, this.vocabSize, options, async (previous, position, reorder) => {
          if (reorder !== null) session.reorder(reorder);
          const logits = session.step(previous, position); // outside any tidy: the step keeps its cache
          const logProbs = tf.logSoftmax(logits);
          logits.dispose();
          const values = await logProbs.data<'float32'>();
          logProbs.dispose();
          return values;
        });
      } finally {
        session.dispose();
      }
    });
  }

  /** Copies of all weights by state-dict name (e.g. encoder.layers.0.self_attention.q_lin.weight), PyTorch layout. */
  getWeights(): Promise<NamedArray[]> {
    return this.store.getWeights();
  }

  /** The weights of getWeights() read one at a time, for a checkpoint (see ParameterStore.weightSources). */
  weightSources(): ArraySource[] {
    return this.store.weightSources();
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
    tf.dispose(Object.values(this.haltingPasses));
    this.store.dispose();
  }
}
