// Exact a_p of elliptic curves over Q by point counting over F_p, with the conventions of PARI's ellap at bad p.
import { minimalAt } from './minimal-model';
import { invariantsOf, type Coefficients } from './weierstrass';

/**
 * a_p = p + 1 - #E(F_p) counted on a model minimal at p, counting every projective point of the reduced cubic,
 * the singular one included. At a bad prime this gives +1 (split multiplicative), -1 (non-split) or 0
 * (additive), since the non-singular points number p - 1, p + 1 or p.
 */
export function apList(curve: Coefficients, primes: readonly number[]): number[] {
  const { c4, c6, discriminant } = invariantsOf(curve);
  if (discriminant === 0n) throw new RangeError(`[${curve.join(', ')}] is singular (discriminant 0)`);
  return primes.map((p) => (p < 5 ? apSmall(curve, p) : apShort(c4, c6, p)));
}

/** The first `count` primes: 2, 3, 5, ... */
export function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let n = 2; primes.length < count; n++) {
    if (primes.every((p) => n % p !== 0)) primes.push(n);
  }
  return primes;
}

/** For p >= 5: count on y^2 = x^3 - 27 c4 x - 54 c6, isomorphic over Z_(p) to a model minimal at p. */
function apShort(c4: bigint, c6: bigint, p: number): number {
  const big = BigInt(p);
  const p4 = big ** 4n;
  const p6 = big ** 6n;
  while (c4 % p4 === 0n && c6 % p6 === 0n) {
    c4 /= p4;
    c6 /= p6;
  }
  const a = mod(-27n * c4, big);
  const b = mod(-54n * c6, big);
  const { chi, cubes } = tableOf(p);
  let ap = 0; // -(sum of the Legendre symbols of x^3 + a x + b), written so that it is never -0
  for (let x = 0; x < p; x++) ap -= chi[(cubes[x] + a * x + b) % p];
  return ap;
}

/** For p = 2, 3: count the affine solutions of the general Weierstrass equation of a minimal model mod p. */
function apSmall(curve: Coefficients, p: number): number {
  const [a1, a2, a3, a4, a6] = minimalAt(curve, p).map((a) => mod(a, BigInt(p)));
  let affine = 0;
  for (let x = 0; x < p; x++) {
    for (let y = 0; y < p; y++) {
      if ((y * y + a1 * x * y + a3 * y - x * x * x - a2 * x * x - a4 * x - a6) % p === 0) affine++;
    }
  }
  return p - affine; // p + 1 - (affine points + the point at infinity)
}

/** The Legendre symbol of each residue (chi) and the cube of each residue, for one prime. */
interface PrimeTable {
  chi: Int8Array;
  cubes: Int32Array;
}

const tables = new Map<number, PrimeTable>();

function tableOf(p: number): PrimeTable {
  let table = tables.get(p);
  if (!table) {
    const chi = new Int8Array(p).fill(-1);
    chi[0] = 0;
    const cubes = new Int32Array(p);
    for (let x = 0; x < p; x++) {
      chi[(x * x) % p] = x === 0 ? 0 : 1;
      cubes[x] = (x * x * x) % p;
    }
    table = { chi, cubes };
    tables.set(p, table);
  }
  return table;
}

/** The residue of a in [0, m), as a number. */
function mod(a: bigint, m: bigint): number {
  return Number(((a % m) + m) % m);
}
