// SymbolicInt: Int2Int's SymbolicInts encoder, one token per integer of a range (e.g. the ranks 1..100).
import type { Parsed, Tokenizer } from './tokenizer';

/** Each integer v in [min, max] is the single token `prefix + v` (so `V3` with prefix `V`). */
export class SymbolicInt implements Tokenizer<number> {
  readonly symbols: readonly string[];
  private readonly values: ReadonlyMap<string, number>;

  constructor(
    readonly min: number,
    readonly max: number,
    readonly prefix = '',
  ) {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`SymbolicInt needs integers min <= max, got [${min}, ${max}]`);
    }
    this.symbols = Array.from({ length: max - min + 1 }, (_, i) => `${prefix}${min + i}`);
    this.values = new Map(this.symbols.map((symbol, i) => [symbol, min + i]));
  }

  encode(value: number): string[] {
    if (!Number.isInteger(value) || value < this.min || value > this.max) {
      throw new RangeError(`SymbolicInt(${this.min}, ${this.max}) cannot encode ${value}`);
    }
    return [`${this.prefix}${value}`];
  }

  parse(tokens: readonly string[]): Parsed<number> | undefined {
    const value = tokens.length > 0 ? this.values.get(tokens[0]) : undefined;
    return value === undefined ? undefined : { value, consumed: 1 };
  }

  decode(tokens: readonly string[]): number | undefined {
    return this.parse(tokens)?.value;
  }
}
