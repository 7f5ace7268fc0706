// Batches of token ids in the layout of Int2Int's collate_fn: x = tokens + <eos>, y = <eos> + tokens + <eos>.
import { EOS_INDEX, PAD_INDEX, type Vocabulary } from '../tokenizers/vocabulary';

/** One example as token ids (no <eos>/BOS added yet), with its class for per-class accuracy. */
export interface IdExample {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  cls: number;
}

/**
 * A padded batch, rows of length xMax / yMax stored row-major ([B, T], int32), padded with <pad>.
 * Row i of x holds xLen[i] ids (the input then <eos>); row i of y holds yLen[i] ids (<eos>, output, <eos>).
 */
export interface Batch {
  size: number;
  x: Int32Array;
  xLen: Int32Array;
  xMax: number;
  y: Int32Array;
  yLen: Int32Array;
  yMax: number;
  classes: Int32Array;
}

/** Token ids of one sequence, or the first token missing from the vocabulary. */
export function toIds(tokens: readonly string[], vocab: Vocabulary): number[] | { unknown: string } {
  const ids: number[] = [];
  for (const token of tokens) {
    const id = vocab.id(token);
    if (id === undefined) return { unknown: token };
    ids.push(id);
  }
  return ids;
}

export function collate(examples: readonly IdExample[]): Batch {
  const size = examples.length;
  let xMax = 0;
  let yMax = 0;
  for (const e of examples) {
    xMax = Math.max(xMax, e.x.length + 1);
    yMax = Math.max(yMax, e.y.length + 2);
  }
  const x = new Int32Array(size * xMax).fill(PAD_INDEX);
  const y = new Int32Array(size * yMax).fill(PAD_INDEX);
  const xLen = new Int32Array(size);
  const yLen = new Int32Array(size);
  examples.forEach((e, i) => {
    for (let t = 0; t < e.x.length; t++) x[i * xMax + t] = e.x[t];
    x[i * xMax + e.x.length] = EOS_INDEX;
    xLen[i] = e.x.length + 1;
    y[i * yMax] = EOS_INDEX;
    for (let t = 0; t < e.y.length; t++) y[i * yMax + 1 + t] = e.y[t];
    y[i * yMax + 1 + e.y.length] = EOS_INDEX;
    yLen[i] = e.y.length + 2;
  });
  return { size, x, xLen, xMax, y, yLen, yMax, classes: Int32Array.from(examples, (e) => e.cls) };
}

/** The batch of the given rows of `batch`, in that order (re-padded to their own longest sequences). */
export function selectRows(batch: Batch, rows: readonly number[]): Batch {
  return collate(
    rows.map((b) => ({
      x: batch.x.subarray(b * batch.xMax, b * batch.xMax + batch.xLen[b] - 1),
      y: batch.y.subarray(b * batch.yMax + 1, b * batch.yMax + batch.yLen[b] - 1),
      cls: batch.classes[b],
    })),
  );
}
