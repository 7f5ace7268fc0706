// Which decoder outputs are scored under teacher forcing: Int2Int's pred_mask (positions < len(y) - 1).
import type { Batch } from '../data/batch';

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
  const len = batch.yMax - 1;
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
