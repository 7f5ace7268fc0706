// The recurrent sequence-to-sequence model of Int2Int (--lstm true, --GRU true, --bidirectional true): embeddings and
// LayerNorm, a stack of LSTM or GRU layers, a linear map back to the model width; the encoder's final states seed the
// decoder, which has no attention.
import * as tf from '@tensorflow/tfjs';
import type { Dropout } from './dropout';
import { Embeddings } from './embeddings';
import { Linear } from './linear';
import { positionMask } from './masks';
import type { ModelConfig, RecurrentConfig } from './model-config';
import { uniformInit, type ParameterStore } from './parameter-store';

/** The state of one direction of one layer: h, and c for an LSTM; float32 [N, H] each. */
// A type, not an interface, so that tf.tidy can return states (a type has an implicit index signature).
export type CellState = {
  h: tf.Tensor2D;
  c: tf.Tensor2D | undefined;
};

export const cellStateTensors = (states: readonly CellState[]): tf.Tensor[] =>
  states.flatMap(({ h, c }) => (c === undefined ? [h] : [h, c]));

/** Gathers rows of every state (beams reordered, or a source's state repeated over its beams). */
export function gatherStates(states: readonly CellState[], rows: tf.Tensor1D): CellState[] {
  return states.map(({ h, c }) => ({
    h: tf.gather(h, rows),
    c: c === undefined ? undefined : tf.gather(c, rows),
  }));
}

/**
 * One direction of one layer of torch's nn.LSTM / nn.GRU, with its parameter names (weight_ih_l0, weight_hh_l0,
 * bias_ih_l0, bias_hh_l0, `_reverse` for the backward direction) and init U(-1/sqrt(H), 1/sqrt(H)).
 * Gates in torch's order: LSTM i, f, g, o; GRU r, z, n.
 */
class RecurrentCell {
  /** float32 [in, G*H] */
  private readonly inputWeight: tf.Variable;
  /** float32 [H, G*H] */
  private readonly hiddenWeight: tf.Variable;
  private readonly inputBias: tf.Variable;
  private readonly hiddenBias: tf.Variable;

  constructor(
    store: ParameterStore,
    name: string,
    suffix: string,
    inDim: number,
    private readonly hidden: number,
    private readonly kind: RecurrentConfig['cell'],
  ) {
    const gates = (kind === 'lstm' ? 4 : 3) * hidden;
    const init = uniformInit(1 / Math.sqrt(hidden));
    this.inputWeight = store.add(`${name}.weight_ih_${suffix}`, [inDim, gates], init, { transposed: true });
    this.hiddenWeight = store.add(`${name}.weight_hh_${suffix}`, [hidden, gates], init, { transposed: true });
    this.inputBias = store.add(`${name}.bias_ih_${suffix}`, [gates], init);
    this.hiddenBias = store.add(`${name}.bias_hh_${suffix}`, [gates], init);
  }

  /** The gates' input part x W_ih + b_ih, float32 [N, G*H]: one product for all the steps of a sequence. */
  project(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add<tf.Tensor2D>(tf.matMul(x, this.inputWeight), this.inputBias);
  }

  zeroState(rows: number): CellState {
    const zeros = (): tf.Tensor2D => tf.zeros([rows, this.hidden]);
    return { h: zeros(), c: this.kind === 'lstm' ? zeros() : undefined };
  }

  /** One step from the projected input (float32 [N, G*H]) and the previous state. */
  step(projected: tf.Tensor2D, state: CellState): CellState {
    const recurrent = tf.add<tf.Tensor2D>(tf.matMul(state.h, this.hiddenWeight), this.hiddenBias);
    if (this.kind === 'lstm') {
      const [i, f, g, o] = tf.split(tf.add(projected, recurrent), 4, 1);
      const c = tf.add<tf.Tensor2D>(
        tf.mul(tf.sigmoid(f), state.c as tf.Tensor2D),
        tf.mul(tf.sigmoid(i), tf.tanh(g)),
      );
      return { h: tf.mul(tf.sigmoid(o), tf.tanh(c)), c };
    }
    const [xr, xz, xn] = tf.split(projected, 3, 1);
    const [hr, hz, hn] = tf.split(recurrent, 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return { h: tf.add(n, tf.mul(z, tf.sub(state.h, n))), c: undefined }; // (1 - z) n + z h
  }
}

/** Keeps the previous state where mask is 0 (padding): float32 [N, 1]. */
function holdAtPadding(previous: CellState, next: CellState, mask: tf.Tensor2D): CellState {
  const blend = (old: tf.Tensor2D, fresh: tf.Tensor2D): tf.Tensor2D =>
    tf.add(old, tf.mul(mask, tf.sub(fresh, old)));
  return {
    h: blend(previous.h, next.h),
    c: previous.c === undefined ? undefined : blend(previous.c, next.c as tf.Tensor2D),
  };
}

/**
 * Embeddings + LayerNorm (no positions), the LSTM/GRU layers (prefix.layers.*) and gru_out, as Int2Int's LSTMModel.
 * cells[layer * directions + d], d = 1 the backward direction: the order of torch's final states.
 */
class RecurrentStack {
  readonly embeddings: Embeddings;
  protected readonly cells: RecurrentCell[] = [];
  protected readonly gruOut: Linear;
  protected readonly directions: number;
  protected readonly hidden: number;
  protected readonly dropoutRate: number;

  constructor(store: ParameterStore, prefix: string, vocabSize: number, config: ModelConfig, layers: number) {
    const recurrent = config.recurrent as RecurrentConfig;
    const { dim } = config.encoder;
    this.hidden = recurrent.hidden;
    this.directions = recurrent.bidirectional ? 2 : 1;
    this.dropoutRate = config.dropout;
    this.embeddings = new Embeddings(store, prefix, vocabSize, dim, {
      hasPosEmb: false,
      sinusoidal: false,
      dropout: config.dropout,
    });
    for (let layer = 0; layer < layers; layer++) {
      const inDim = layer === 0 ? dim : this.hidden * this.directions;
      for (let d = 0; d < this.directions; d++) {
        const suffix = `l${layer}${d === 1 ? '_reverse' : ''}`;
        this.cells.push(
          new RecurrentCell(store, `${prefix}.layers`, suffix, inDim, this.hidden, recurrent.cell),
        );
      }
    }
    this.gruOut = new Linear(store, `${prefix}.gru_out`, this.hidden * this.directions, dim);
  }

  protected get layerCount(): number {
    return this.cells.length / this.directions;
  }

  /** The embedded tokens with padding zeroed (Int2Int's `tensor *= mask`): float32 [B*T, D]. */
  protected embed(ids: tf.Tensor2D, lengths: Int32Array, dropout: Dropout): tf.Tensor2D {
    return tf.mul(this.embeddings.apply(ids, 0, dropout), positionMask(lengths, ids.shape[1]));
  }
}

/** The recurrent encoder: only its final states are used (they seed the decoder). */
export class RecurrentEncoder extends RecurrentStack {
  constructor(store: ParameterStore, vocabSize: number, config: ModelConfig) {
    super(store, 'encoder', vocabSize, config, config.encoder.layers);
  }

  /**
   * The final state of every layer and direction at each row's own length (padding never enters a state: the
   * forward direction ends at the row's last token, the backward one starts there).
   * @param ids int32 [B, S]
   */
  finalStates(ids: tf.Tensor2D, lengths: Int32Array, dropout: Dropout): CellState[] {
    const [batch, len] = ids.shape;
    const masks = tf.unstack(tf.reshape(positionMask(lengths, len), [batch, len, 1]), 1) as tf.Tensor2D[];
    let input = this.embed(ids, lengths, dropout);
    const finals: CellState[] = [];
    for (let layer = 0; layer < this.layerCount; layer++) {
      const outputs: tf.Tensor2D[] = [];
      for (let d = 0; d < this.directions; d++) {
        const cell = this.cells[layer * this.directions + d];
        const projected = tf.unstack(tf.reshape(cell.project(input), [batch, len, -1]), 1) as tf.Tensor2D[];
        const hs = new Array<tf.Tensor2D>(len);
        let state = cell.zeroState(batch);
        for (let k = 0; k < len; k++) {
          const t = d === 0 ? k : len - 1 - k;
          state = holdAtPadding(state, cell.step(projected[t], state), masks[t]);
          hs[t] = state.h;
        }
        finals.push(state);
        outputs.push(tf.reshape(tf.stack(hs, 1), [batch * len, this.hidden]));
      }
      if (layer + 1 < this.layerCount) input = dropout(tf.concat2d(outputs, 1), this.dropoutRate);
    }
    return finals;
  }
}

/**
 * The recurrent decoder, started from the encoder's final states. Its forward direction runs over the output as
 * torch's does; a backward direction (--bidirectional) cannot read tokens not yet generated, so at each position it
 * runs one step from the encoder's backward state over the current token (the same weights as torch's, and no
 * look-ahead: teacher forcing and step-by-step decoding agree).
 */
export class RecurrentDecoder extends RecurrentStack {
  constructor(store: ParameterStore, vocabSize: number, config: ModelConfig) {
    super(store, 'decoder', vocabSize, config, config.decoder.layers);
  }

  /** The states that evolve with the output: the forward direction's (one per layer). */
  forwardStates(seeds: readonly CellState[]): CellState[] {
    return seeds.filter((_, i) => i % this.directions === 0);
  }

  /**
   * Runs T new tokens from the forward states.
   * @param ids int32 [B, T]
   * @param lengths tokens per row (padding beyond is zeroed)
   * @param states per layer, the forward direction's state before the first new token, float32 [B, H]
   * @param seeds the encoder's final states (the backward directions start from theirs)
   * @returns hidden float32 [B*T, D] and the forward states after the last new token
   */
  apply(
    ids: tf.Tensor2D,
    lengths: Int32Array,
    states: readonly CellState[],
    seeds: readonly CellState[],
    dropout: Dropout,
  ): { hidden: tf.Tensor2D; states: CellState[] } {
    const [batch, len] = ids.shape;
    let input = this.embed(ids, lengths, dropout);
    const next: CellState[] = [];
    const sourceRow = tf.tensor1d(
      Int32Array.from({ length: batch * len }, (_, i) => Math.floor(i / len)),
      'int32',
    );
    for (let layer = 0; layer < this.layerCount; layer++) {
      const forward = this.cells[layer * this.directions];
      const projected = tf.unstack(tf.reshape(forward.project(input), [batch, len, -1]), 1) as tf.Tensor2D[];
      const hs: tf.Tensor2D[] = [];
      let state = states[layer];
      for (const step of projected) {
        state = forward.step(step, state);
        hs.push(state.h);
      }
      next.push(state);
      const outputs: tf.Tensor2D[] = [
        len === 1 ? hs[0] : tf.reshape(tf.stack(hs, 1), [batch * len, this.hidden]),
      ];
      if (this.directions === 2) {
        const backward = this.cells[layer * 2 + 1];
        const seed = gatherStates([seeds[layer * 2 + 1]], sourceRow)[0];
        outputs.push(backward.step(backward.project(input), seed).h);
      }
      const output = outputs.length === 1 ? outputs[0] : tf.concat2d(outputs, 1);
      input = layer + 1 < this.layerCount ? dropout(output, this.dropoutRate) : output;
    }
    return { hidden: this.gruOut.apply(input), states: next };
  }
}
