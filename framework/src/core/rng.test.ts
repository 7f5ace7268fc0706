// Tests of the seeded random generator: determinism, seed sensitivity, ranges and uniformity.
import { Rng } from './rng';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const draw = (seed: number[]) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw([0, 0, 42])).toEqual(draw([0, 0, 42]));
    const streams = [
      [0, 0, 3],
      [0, 0, 4],
      [0, 0, 42],
      [1, 0, 42],
      [0, 1, 42],
      [0, 0, 42, 1],
    ].map(draw);
    expect(new Set(streams.map((s) => s.join(','))).size).toBe(streams.length);
  });

  it('draws integers in the inclusive range, uniformly', () => {
    const rng = new Rng([7]);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[rng.int(1, 6) - 1]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const big = rng.int(-1e13, 1e13);
      expect(Number.isSafeInteger(big) && big >= -1e13 && big <= 1e13).toBe(true);
    }
  });

  it('draws floats in [0, 1) and normals with mean 0 and variance 1', () => {
    const rng = new Rng([1, 2, 3]);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < 20000; i++) {
      const f = rng.float();
      expect(f >= 0 && f < 1).toBe(true);
      const n = rng.normal();
      sum += n;
      sumSq += n * n;
    }
    expect(Math.abs(sum / 20000)).toBeLessThan(0.05);
    expect(Math.abs(sumSq / 20000 - 1)).toBeLessThan(0.05);
  });

  it('continues from a saved state exactly, and refuses what is not a state', () => {
    const rng = new Rng([3, 1, 4]);
    for (let i = 0; i < 17; i++) rng.float();
    const copy = Rng.fromState(rng.state());
    expect(Array.from({ length: 50 }, () => copy.int(0, 1e12))).toEqual(
      Array.from({ length: 50 }, () => rng.int(0, 1e12)),
    );
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow('Not an Rng state');
    expect(() => Rng.fromState([1, 2, 3])).toThrow('Not an Rng state');
    expect(() => Rng.fromState([1, 2, 3, 2 ** 32])).toThrow('Not an Rng state');
  });

  it('rejects bad ranges', () => {
    expect(() => new Rng([0]).int(5, 4)).toThrow(RangeError);
  });
});
