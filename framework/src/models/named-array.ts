// Named float arrays: the portable form of weights and optimizer slots, used by checkpoints.

/** A float32 array with its name and shape (row-major, the layout of the PyTorch state_dict entry). */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Number of elements of a shape ([] is a scalar: 1). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Transposes a row-major [rows, cols] matrix into a [cols, rows] array: `out` when given (at least as long), else a new one. */
export function transposeMatrix(
  values: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array = new Float32Array(values.length),
): Float32Array {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  }
  return out;
}

/** The values of an ArraySource: read() itself where it returned them (no wait: a view stays valid), else awaited. */
export async function readSource(source: ArraySource): Promise<Float32Array> {
  const read = source.read();
  return 'then' in read ? await read : read;
}

/** Copies of the values of sources, read one at a time. */
export async function copySources(sources: readonly ArraySource[]): Promise<NamedArray[]> {
  const copies: NamedArray[] = [];
  for (const source of sources) {
    copies.push({ name: source.name, shape: source.shape, values: (await readSource(source)).slice() });
  }
  return copies;
}

/**
 * A float32 array read only when it is needed: a checkpoint reads and writes one tensor at a time instead of holding
 * copies of all of them. read() may return a view of the backend's memory, valid until the next tensor operation.
 */
export interface ArraySource {
  name: string;
  shape: number[];
  read: () => Float32Array | Promise<Float32Array>;
}
