// Which outputs are scored under teacher forcing (Int2Int's pred_mask), for each architecture's sequence layout.
import { UsageError } from '../core/usage-error';
import type { Batch } from '../data/batch';
import { EOS_INDEX, PAD_INDEX, SEP_INDEX } from '../tokenizers/vocabulary';

/** The scored positions of a batch, flattened over the decoder input [B, T] with T = yMax - 1. */
export interface TargetPositions {
  /** decoder input length T (the last column of y is never an input) */
  len: number;
  /** index b*T + t of each scored position, int32 [N] */
  positions: Int32Array;
  /** the expected token y[b, t+1] of each scored position, int32 [N] */
  targets: Int32Array;
  /** the row b of each scored position, [N] */
  rows: Int32Array;
}

export function targetPositions(batch: Batch): TargetPositions {
  return outputTargets(batch, batch.yMax - 1);
}

/** Position t < len(y) + 1 of row b scores y[b, t + 1] (the output tokens, then EOS); rows of `len` positions. */
function outputTargets(batch: Batch, len: number): TargetPositions {
  let count = 0;
  for (let b = 0; b < batch.size; b++) count += batch.yLen[b] - 1;
  const positions = new Int32Array(count);
  const targets = new Int32Array(count);
  const rows = new Int32Array(count);
  let n = 0;
  for (let b = 0; b < batch.size; b++) {
    for (let t = 0; t < batch.yLen[b] - 1; t++, n++) {
      positions[n] = b * len + t;
      targets[n] = batch.y[b * batch.yMax + t + 1];
      rows[n] = b;
    }
  }
  return { len, positions, targets, rows };
}

/** The decoder input: the first yMax - 1 columns of y (<eos> as BOS, then the output), row-major [B, T]. */
export function decoderInput(batch: Batch): Int32Array {
  const len = batch.yMax - 1;
  const out = new Int32Array(batch.size * len);
  for (let b = 0; b < batch.size; b++)
    out.set(batch.y.subarray(b * batch.yMax, b * batch.yMax + len), b * len);
  return out;
}

/**
 * encoder_only (Int2Int's BERT-like model): output token t is read at input position t, the final EOS at position
 * len(y); rows of the encoder output have stride xMax. An output longer than its input cannot be read.
 */
export function encoderOnlyTargets(batch: Batch): TargetPositions {
  for (let b = 0; b < batch.size; b++) {
    const outputs = batch.yLen[b] - 1; // the output tokens and its EOS
    if (outputs > batch.xLen[b]) {
      throw new UsageError(
        `--architecture encoder_only reads output token k at input position k, so an output cannot be longer than ` +
          `its input: found an input of ${batch.xLen[b] - 1} tokens with an output of ${outputs - 1}; use ` +
          '--architecture encoder_decoder or decoder_only for this problem',
      );
    }
  }
  return outputTargets(batch, batch.xMax);
}

/** The decoder_only sequence of row b: <eos> x <sep> y <eos>, xLen + yLen ids. */
function decoderOnlyRow(batch: Batch, b: number): Int32Array {
  const xTokens = batch.x.subarray(b * batch.xMax, b * batch.xMax + batch.xLen[b] - 1);
  const yTokens = batch.y.subarray(b * batch.yMax + 1, b * batch.yMax + batch.yLen[b] - 1);
  const row = new Int32Array(batch.xLen[b] + batch.yLen[b]);
  row[0] = EOS_INDEX;
  row.set(xTokens, 1);
  row[xTokens.length + 1] = SEP_INDEX;
  row.set(yTokens, xTokens.length + 2);
  row[row.length - 1] = EOS_INDEX;
  return row;
}

/**
 * decoder_only (GPT-like): the input is every column of <eos> x <sep> y <eos> but the last, row-major [B, T]; the
 * scored positions are those of <sep> and of y's tokens, whose next tokens are y and its final EOS (the input is
 * not a target: it is given, not predicted).
 */
export function decoderOnlyLayout(batch: Batch): {
  ids: Int32Array;
  lengths: Int32Array;
  where: TargetPositions;
} {
  const rowsOf = Array.from({ length: batch.size }, (_, b) => decoderOnlyRow(batch, b));
  const len = Math.max(...rowsOf.map((row) => row.length)) - 1;
  const ids = new Int32Array(batch.size * len).fill(PAD_INDEX);
  const lengths = new Int32Array(batch.size);
  let count = 0;
  for (let b = 0; b < batch.size; b++) count += batch.yLen[b] - 1;
  const positions = new Int32Array(count);
  const targets = new Int32Array(count);
  const rows = new Int32Array(count);
  let n = 0;
  rowsOf.forEach((row, b) => {
    ids.set(row.subarray(0, row.length - 1), b * len);
    lengths[b] = row.length - 1;
    for (let p = batch.xLen[b]; p < row.length - 1; p++, n++) {
      positions[n] = b * len + p;
      targets[n] = row[p + 1];
      rows[n] = b;
    }
  });
  return { ids, lengths, where: { len, positions, targets, rows } };
}

/** The decoder_only prompt of each row, <eos> x <sep> (xLen + 1 ids). */
export function decoderOnlyPrompts(batch: Batch): Int32Array[] {
  return Array.from({ length: batch.size }, (_, b) =>
    decoderOnlyRow(batch, b).subarray(0, batch.xLen[b] + 1),
  );
}
