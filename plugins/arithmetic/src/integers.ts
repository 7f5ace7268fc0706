// Integer helpers of the arithmetic operations: gcd, decimal length, and the safe-integer bound on operands.

/** The greatest common divisor of |a| and |b| (gcd(0, 0) = 0), as Python's math.gcd. */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** floor(log10(|v|)) for an integer v != 0, exactly (0 for v = 0). */
export function decimalExponent(v: number): number {
  return v === 0 ? 0 : String(Math.abs(v)).length - 1;
}

/** The largest m such that factor * m * m <= Number.MAX_SAFE_INTEGER. */
export function largestOperand(factor: number): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  let m = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER / factor));
  while (BigInt(factor) * BigInt(m) * BigInt(m) > limit) m--;
  while (BigInt(factor) * BigInt(m + 1) * BigInt(m + 1) <= limit) m++;
  return m;
}

/** a mod m in [0, m), for m >= 1 (Python's %). */
export function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

/** n/m in lowest terms as [n/g, m/g] with g = gcd(n, m); undefined for 0/0 (Int2Int retries the draw). */
export function reduceFraction(n: number, m: number): number[] | undefined {
  const g = gcd(n, m);
  return g === 0 ? undefined : [n / g, m / g];
}
