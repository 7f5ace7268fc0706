// Integers of any size in Int2Int's positional encoding (sign token, then base-`base` digits), as BigInt.

/** `-8902` in base 1000 is `- 8 902`; `0` is `+ 0`. Unlike PositionalInt, not limited to safe integers. */
export function encodeBigInt(value: bigint, base: number): string[] {
  const b = BigInt(base);
  const digits: string[] = [];
  let rest = value < 0n ? -value : value;
  do {
    digits.push(String(rest % b));
    rest /= b;
  } while (rest > 0n);
  return [value < 0n ? '-' : '+', ...digits.reverse()];
}

/**
 * Reads a whole token sequence as signed integers (`+ 1 - 12 106 875` is [1, -12106875]); undefined when a
 * token is neither a sign nor a digit below the base, or a sign has no digits.
 */
export function parseBigInts(tokens: readonly string[], base: number): bigint[] | undefined {
  const b = BigInt(base);
  const values: bigint[] = [];
  let i = 0;
  while (i < tokens.length) {
    const sign = tokens[i++];
    if (sign !== '+' && sign !== '-') return undefined;
    let value = 0n;
    const start = i;
    for (; i < tokens.length && /^[0-9]+$/.test(tokens[i]); i++) {
      if (Number(tokens[i]) >= base) return undefined;
      value = value * b + BigInt(tokens[i]);
    }
    if (i === start) return undefined;
    values.push(sign === '-' ? -value : value);
  }
  return values;
}
