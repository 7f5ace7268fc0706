// Weierstrass models [a1, a2, a3, a4, a6] of elliptic curves over Q: invariants, coordinate changes, equations.

/** The coefficients [a1, a2, a3, a4, a6] of y^2 + a1 xy + a3 y = x^3 + a2 x^2 + a4 x + a6. */
export type Coefficients = readonly [bigint, bigint, bigint, bigint, bigint];

/** The standard invariants of a model (Silverman III.1): b2, b4, b6, b8, c4, c6 and the discriminant. */
export interface Invariants {
  b2: bigint;
  b4: bigint;
  b6: bigint;
  b8: bigint;
  c4: bigint;
  c6: bigint;
  discriminant: bigint;
}

/** Exact coefficients from numbers (throws on anything but 5 safe integers). */
export function coefficientsOf(values: readonly number[]): Coefficients {
  if (values.length !== 5 || !values.every((v) => Number.isSafeInteger(v))) {
    throw new RangeError(
      `A curve needs 5 integer coefficients [a1, a2, a3, a4, a6], got [${values.join(', ')}]`,
    );
  }
  const [a1, a2, a3, a4, a6] = values.map(BigInt);
  return [a1, a2, a3, a4, a6];
}

export function invariantsOf([a1, a2, a3, a4, a6]: Coefficients): Invariants {
  const b2 = a1 * a1 + 4n * a2;
  const b4 = 2n * a4 + a1 * a3;
  const b6 = a3 * a3 + 4n * a6;
  const b8 = a1 * a1 * a6 + 4n * a2 * a6 - a1 * a3 * a4 + a2 * a3 * a3 - a4 * a4;
  const c4 = b2 * b2 - 24n * b4;
  const c6 = -b2 * b2 * b2 + 36n * b2 * b4 - 216n * b6;
  const discriminant = -b2 * b2 * b8 - 8n * b4 * b4 * b4 - 27n * b6 * b6 + 9n * b2 * b4 * b6;
  return { b2, b4, b6, b8, c4, c6, discriminant };
}

/**
 * The model in the coordinates x = u^2 x' + r, y = u^3 y' + u^2 s x' + t, before dividing by the powers of u:
 * [u a1', u^2 a2', u^3 a3', u^4 a4', u^6 a6'] (Silverman Table 3.1).
 */
export function changeCoordinates(
  [a1, a2, a3, a4, a6]: Coefficients,
  r: bigint,
  s: bigint,
  t: bigint,
): Coefficients {
  return [
    a1 + 2n * s,
    a2 - s * a1 + 3n * r - s * s,
    a3 + r * a1 + 2n * t,
    a4 - s * a3 + 2n * r * a2 - (t + r * s) * a1 + 3n * r * r - 2n * s * t,
    a6 + r * a4 + r * r * a2 + r * r * r - t * a3 - t * t - r * t * a1,
  ];
}

/** The equation of a model, e.g. `y^2 + xy + y = x^3 - x^2 - 10x - 20` for [1, -1, 1, -10, -20]. */
export function describeCurve([a1, a2, a3, a4, a6]: readonly (number | bigint)[]): string {
  const left = ['y^2', term(a1, 'xy'), term(a3, 'y')].join('');
  const right = ['x^3', term(a2, 'x^2'), term(a4, 'x'), term(a6, '')].join('');
  return `${left} = ${right}`;
}

/** ` + 3x`, ` - x`, or nothing for a zero coefficient. */
function term(coefficient: number | bigint, monomial: string): string {
  const c = BigInt(coefficient);
  if (c === 0n) return '';
  const size = c < 0n ? -c : c;
  const shown = size === 1n && monomial !== '' ? '' : String(size);
  return ` ${c < 0n ? '-' : '+'} ${shown}${monomial}`;
}
