// Tests for the a_p computation: known curves, non-minimal models, and every curve of ap25.test.gz exactly.
import { existsSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { apList, firstPrimes } from './ap';
import { parseBigInts } from './big-positional';
import { changeCoordinates, coefficientsOf, type Coefficients } from './weierstrass';

const PRIMES = firstPrimes(25);
const AP25_TEST = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'elliptic', 'ap25.test.gz');

// 11a1 = X_0(11): a_p from its modular form q * prod (1 - q^n)^2 (1 - q^11n)^2 (LMFDB 11.a2).
const CURVE_11A1 = coefficientsOf([0, -1, 1, -10, -20]);
const AP_11A1 = [-2, -1, 1, -2, 1, 4, -2, 0, -1, 0, 7, 3, -8, -6, 8, -6, 5, 12, -7, -3, 4, -10, -6, 15, -7];

/** The same curve in coordinates x = u^2 x' + r, y = u^3 y' + u^2 s x' + t (a model not minimal at u's primes). */
function scaled(curve: Coefficients, u: bigint, r: bigint, s: bigint, t: bigint): Coefficients {
  const [a1, a2, a3, a4, a6] = changeCoordinates(curve, r, s, t);
  return [a1 * u, a2 * u ** 2n, a3 * u ** 3n, a4 * u ** 4n, a6 * u ** 6n];
}

describe('apList', () => {
  it('gives the a_p of 11a1, with +1 at its split multiplicative prime 11', () => {
    expect(apList(CURVE_11A1, PRIMES)).toEqual(AP_11A1);
  });

  it('gives -1 at a non-split prime and 0 at additive primes (y^2 = x^3 + 1, conductor 36)', () => {
    expect(apList(coefficientsOf([0, 0, 0, 0, 1]), PRIMES.slice(0, 4))).toEqual([0, 0, 0, -4]);
    // 14a1 = [1, 0, 1, 4, -6] (LMFDB 14.a5): non-split multiplicative at 2, split multiplicative at 7
    expect(apList(coefficientsOf([1, 0, 1, 4, -6]), [2, 3, 5, 7])).toEqual([-1, -2, 0, 1]);
  });

  it('does not depend on the model: non-minimal models at 2, 3, 5 and 6 give the same a_p', () => {
    for (const u of [2n, 3n, 5n, 6n]) {
      expect(apList(scaled(CURVE_11A1, u, 3n, 1n, -2n), PRIMES)).toEqual(AP_11A1);
      expect(apList(scaled(CURVE_11A1, u, 0n, 0n, 0n), PRIMES)).toEqual(AP_11A1);
    }
  });

  it('refuses singular models', () => {
    expect(() => apList(coefficientsOf([0, 0, 0, 0, 0]), PRIMES)).toThrow('is singular');
  });

  it('lists the first primes', () => {
    expect(PRIMES.slice(0, 6)).toEqual([2, 3, 5, 7, 11, 13]);
    expect(PRIMES[24]).toBe(97);
  });
});

// in CI (CI=true) the check runs, and fails, without the file; elsewhere it is skipped, saying so
const describeFile = existsSync(AP25_TEST) || process.env.CI === 'true' ? describe : describe.skip;
if (!existsSync(AP25_TEST)) console.warn(`The ap25.test.gz check needs ${AP25_TEST}, which is absent`);

describeFile('apList on ap25.test.gz (PARI ellap on Cremona curves)', () => {
  it('agrees exactly on every test curve', async () => {
    const lines = createInterface({
      input: createReadStream(AP25_TEST).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let checked = 0;
    const mismatches: string[] = [];
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const [input, output] = line.split('\t').map((side) => parseBigInts(side.trim().split(' '), 1000));
      const [a1, a2, a3, a4, a6] = input!;
      const computed = apList([a1, a2, a3, a4, a6], PRIMES).join(' ');
      if (computed !== output!.join(' ')) mismatches.push(`line ${checked + 1}: ${computed} for ${line}`);
      checked++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBe(10000);
  });
});
