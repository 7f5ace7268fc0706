// PositionalInt: Int2Int's PositionalInts encoder, a sign token then the digits of |v| in a base, most significant first.
import type { Parsed, Tokenizer } from './tokenizer';

const DIGITS = /^[0-9]+$/;

/** Integers as `+`/`-` then base-`base` digits: 1234 in base 1000 is `+ 1 234`, and 0 is `+ 0`. */
export class PositionalInt implements Tokenizer<number> {
  readonly symbols: readonly string[];

  constructor(readonly base: number) {
    if (!Number.isInteger(base) || base < 2) {
      throw new RangeError(`PositionalInt needs an integer base >= 2, got ${base}`);
    }
    this.symbols = ['+', '-', ...Array.from({ length: base }, (_, i) => String(i))];
  }

  encode(value: number): string[] {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(
        `PositionalInt can only encode safe integers (|v| <= ${Number.MAX_SAFE_INTEGER}), got ${value}`,
      );
    }
    const digits: string[] = [];
    let rest = Math.abs(value);
    do {
      digits.push(String(rest % this.base));
      rest = Math.floor(rest / this.base);
    } while (rest > 0);
    return [value < 0 ? '-' : '+', ...digits.reverse()];
  }

  /** A sign, then at least one digit token (decimal digits, value below the base); stops at the first non-digit. */
  parse(tokens: readonly string[]): Parsed<number> | undefined {
    const sign = tokens[0];
    if (sign !== '+' && sign !== '-') return undefined;
    let value = 0;
    let consumed = 1;
    for (; consumed < tokens.length; consumed++) {
      const token = tokens[consumed];
      if (!DIGITS.test(token)) break;
      const digit = Number(token);
      if (digit >= this.base) return undefined;
      value = value * this.base + digit;
    }
    if (consumed === 1 || !Number.isSafeInteger(value)) return undefined;
    return { value: sign === '-' && value !== 0 ? -value : value, consumed };
  }

  decode(tokens: readonly string[]): number | undefined {
    return this.parse(tokens)?.value;
  }
}
