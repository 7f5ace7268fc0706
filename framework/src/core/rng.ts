// Seeded random number generator (xoshiro128**) used for data generation, sampling and model init.
// Int2Int seeds numpy's RandomState with [worker_id, rank, env_base_seed]; Rng takes the same kind of seed list.

const UINT32 = 0x1_0000_0000;

/** Mixes a list of integers into four non-zero 32-bit words (splitmix32 over the list). */
function seedState(seed: readonly number[]): Uint32Array {
  let h = 0x9e3779b9;
  const mix = (value: number): number => {
    h = (Math.imul(h ^ value, 0x85ebca6b) + 0x9e3779b9) | 0;
    let z = h >>> 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  for (const part of seed) {
    if (!Number.isSafeInteger(part)) throw new Error(`Rng seed parts must be safe integers, got ${part}`);
    mix(part % UINT32);
    mix(Math.floor(Math.abs(part) / UINT32) + (part < 0 ? 1 : 0));
  }
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) state[i] = mix(i + 1) || 1;
  return state;
}

/** A seeded pseudo-random stream; the same seed list always yields the same sequence. */
export class Rng {
  private readonly s: Uint32Array;

  constructor(seed: readonly number[]) {
    this.s = seedState(seed);
  }

  /** A generator that continues from a state() saved earlier (a checkpoint's data-stream position). */
  static fromState(state: readonly number[]): Rng {
    const rng = new Rng([]);
    rng.restore(state);
    return rng;
  }

  /** Continues from a state() saved earlier, in place. */
  restore(state: readonly number[]): void {
    const valid =
      state.length === 4 &&
      state.every((word) => Number.isInteger(word) && word >= 0 && word < UINT32) &&
      state.some((word) => word !== 0);
    if (!valid) throw new Error(`Not an Rng state: ${JSON.stringify(state)}`);
    this.s.set(state);
  }

  /** The four state words: Rng.fromState(rng.state()) draws what rng would draw next. */
  state(): number[] {
    return Array.from(this.s);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [lo, hi] (both inclusive), exact for ranges up to 2^53. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`Rng.int needs safe integers lo <= hi, got [${lo}, ${hi}]`);
    }
    const span = hi - lo + 1;
    if (span <= UINT32) {
      // rejection sampling keeps the draw exactly uniform
      const limit = UINT32 - (UINT32 % span);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return lo + (x % span);
    }
    const limit = 9007199254740992 - (9007199254740992 % span);
    let x = this.float() * 9007199254740992;
    while (x >= limit) x = this.float() * 9007199254740992;
    return lo + (x % span);
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
