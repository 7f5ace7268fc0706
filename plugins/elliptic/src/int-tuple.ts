// IntTuple: a fixed number of signed integers as PositionalInt tokens, one after the other, with no `V<n>` prefix.
import { PositionalInt, type Parsed, type Tokenizer } from 'int2int';

/**
 * Exactly `length` integers, each a sign then base-`base` digits (PositionalInt), with no dimension token:
 * the curve `[1, 0, 1, 1, -28]` in base 1000 is `+ 1 + 0 + 1 + 1 - 28`, as in the shared elliptic files.
 */
export class IntTuple implements Tokenizer<number[]> {
  readonly symbols: readonly string[];
  private readonly element: PositionalInt;

  constructor(
    readonly length: number,
    base: number,
  ) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`IntTuple needs a length >= 1, got ${length}`);
    }
    this.element = new PositionalInt(base);
    this.symbols = this.element.symbols;
  }

  encode(value: number[]): string[] {
    if (value.length !== this.length) {
      throw new RangeError(`IntTuple expects ${this.length} integers, got ${value.length}`);
    }
    return value.flatMap((x) => this.element.encode(x));
  }

  parse(tokens: readonly string[]): Parsed<number[]> | undefined {
    const value: number[] = [];
    let consumed = 0;
    for (let i = 0; i < this.length; i++) {
      const parsed = this.element.parse(tokens.slice(consumed));
      if (!parsed) return undefined;
      value.push(parsed.value);
      consumed += parsed.consumed;
    }
    return { value, consumed };
  }

  decode(tokens: readonly string[]): number[] | undefined {
    return this.parse(tokens)?.value;
  }
}
