// NumberArray: Int2Int's NumberArray encoder, a tensor of integers as its dimensions then its elements row-major.
import { SymbolicInt } from './symbolic-int';
import type { Parsed, Tokenizer } from './tokenizer';

/** A nested array of numbers: `number[]` for a vector, `number[][]` for a matrix, and so on. */
export type NumberTensor = number[] | NumberTensor[];

/**
 * Tensors of rank `tensorDim` with sizes in [1, maxDim]: one dimension token per axis (`V<size>` with
 * prefix `V`), then every element through `element`. A 2x3 matrix in base 10 is `V2 V3 + 1 + 2 + 3 + 4 + 5 + 6`.
 */
export class NumberArray<T extends NumberTensor = NumberTensor> implements Tokenizer<T> {
  readonly symbols: readonly string[];
  private readonly dims: SymbolicInt;

  constructor(
    readonly maxDim: number,
    readonly dimPrefix: string,
    readonly tensorDim: number,
    readonly element: Tokenizer<number>,
  ) {
    if (!Number.isInteger(tensorDim) || tensorDim < 1) {
      throw new RangeError(`NumberArray needs a tensor dimension >= 1, got ${tensorDim}`);
    }
    this.dims = new SymbolicInt(1, maxDim, dimPrefix);
    this.symbols = [...this.dims.symbols, ...element.symbols];
  }

  encode(value: T): string[] {
    const shape = this.shapeOf(value);
    const tokens = shape.flatMap((size) => this.dims.encode(size));
    for (const x of flatten(value, shape, 0)) tokens.push(...this.element.encode(x));
    return tokens;
  }

  parse(tokens: readonly string[]): Parsed<T> | undefined {
    const shape: number[] = [];
    let consumed = 0;
    for (let axis = 0; axis < this.tensorDim; axis++) {
      const size = this.dims.parse(tokens.slice(consumed, consumed + 1));
      if (!size) return undefined;
      shape.push(size.value);
      consumed += 1;
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const elements: number[] = [];
    for (let i = 0; i < count; i++) {
      const parsed = this.element.parse(tokens.slice(consumed));
      if (!parsed) return undefined;
      elements.push(parsed.value);
      consumed += parsed.consumed;
    }
    return { value: nest(elements, shape, 0, 0) as T, consumed };
  }

  decode(tokens: readonly string[]): T | undefined {
    return this.parse(tokens)?.value;
  }

  /** The sizes of each axis, checking that the value is a rectangular tensor of rank tensorDim. */
  private shapeOf(value: NumberTensor): number[] {
    const shape: number[] = [];
    let level: unknown = value;
    for (let axis = 0; axis < this.tensorDim; axis++) {
      if (!Array.isArray(level))
        throw new RangeError(`NumberArray expects a tensor of rank ${this.tensorDim}`);
      shape.push(level.length);
      level = level[0];
    }
    return shape;
  }
}

/** The elements in row-major order, checking every row against `shape`. */
function flatten(value: unknown, shape: readonly number[], axis: number): number[] {
  if (!Array.isArray(value) || value.length !== shape[axis]) {
    throw new RangeError(`NumberArray expects a rectangular tensor of shape [${shape.join(', ')}]`);
  }
  if (axis === shape.length - 1) {
    return value.map((x: unknown) => {
      if (typeof x !== 'number')
        throw new RangeError(`NumberArray expects numbers, got ${JSON.stringify(x)}`);
      return x;
    });
  }
  return value.flatMap((row: unknown) => flatten(row, shape, axis + 1));
}

function nest(
  elements: readonly number[],
  shape: readonly number[],
  axis: number,
  start: number,
): NumberTensor {
  if (axis === shape.length - 1) return elements.slice(start, start + shape[axis]);
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[axis] }, (_, i) => nest(elements, shape, axis + 1, start + i * stride));
}
