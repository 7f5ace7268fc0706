// Models minimal at a small prime: removes factors u = p from a Weierstrass model by Laska's search over (r, s, t).
import { changeCoordinates, invariantsOf, type Coefficients } from './weierstrass';

/** The p-adic valuation of a non-zero integer. */
export function valuation(n: bigint, p: bigint): number {
  let v = 0;
  while (n !== 0n && n % p === 0n) {
    n /= p;
    v++;
  }
  return v;
}

/**
 * A model of the same curve that is minimal at p, with integer coefficients. A model is not minimal at p
 * exactly when some x = p^2 x' + r, y = p^3 y' + p^2 s x' + t gives integer coefficients again; it suffices
 * to try r mod p^2, s mod p and t mod p^3 (other choices differ by an integral change of coordinates).
 * Meant for p = 2 and 3 (the search has p^6 candidates); for p >= 5 work with c4 and c6 instead.
 */
export function minimalAt(curve: Coefficients, p: number): Coefficients {
  const big = BigInt(p);
  let model = curve;
  while (valuation(invariantsOf(model).discriminant, big) >= 12) {
    const smaller = divideOut(model, big);
    if (!smaller) break;
    model = smaller;
  }
  return model;
}

/** The model with one factor u = p removed, or undefined when it is minimal at p. */
function divideOut(model: Coefficients, p: bigint): Coefficients | undefined {
  const powers = [p, p ** 2n, p ** 3n, p ** 4n, p ** 6n];
  for (let s = 0n; s < p; s++) {
    for (let r = 0n; r < powers[1]; r++) {
      for (let t = 0n; t < powers[2]; t++) {
        const moved = changeCoordinates(model, r, s, t);
        if (moved.every((a, i) => a % powers[i] === 0n)) {
          const [a1, a2, a3, a4, a6] = moved.map((a, i) => a / powers[i]);
          return [a1, a2, a3, a4, a6];
        }
      }
    }
  }
  return undefined;
}
