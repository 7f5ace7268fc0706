// How a_p predictions are scored (exact, plus partial-credit eval metrics) and grouped into per-class buckets.
import type { Verdict } from 'int2int';

/**
 * The eval metrics of the a_p tasks, reported as `<split>_arithmetic_acc_eval1..3` (in %, perfect predictions
 * counting 1): 1 = share of the a_p predicted exactly, 2 = the first a_p (a_2 for a full list) exact,
 * 3 = share of the predicted a_p within the Hasse bound |a_p| <= 2 sqrt(p).
 */
export const AP_EVAL_METRICS = 3;

/** A prediction is valid when every a_p is exact; the metrics give partial credit (see AP_EVAL_METRICS). */
export function apVerdict(predicted: number[], target: number[], primes: readonly number[]): Verdict {
  const exact = target.filter((ap, i) => predicted[i] === ap).length;
  const plausible = predicted.filter((ap, i) => ap * ap <= 4 * primes[i]).length;
  return {
    valid: exact === target.length,
    evalMetrics: [exact / target.length, predicted[0] === target[0] ? 1 : 0, plausible / target.length],
  };
}

/**
 * Per-class accuracy by the value of one a_p, which lies in [-2 sqrt(p), 2 sqrt(p)] (Hasse): the class is
 * a_p + floor(2 sqrt(p)), so that classes are non-negative, and is printed as the value of a_p.
 */
export class ApValueClass {
  private readonly bound: number;

  constructor(readonly prime: number) {
    this.bound = Math.floor(2 * Math.sqrt(prime));
  }

  classOf(ap: number): number {
    return Math.min(Math.max(ap + this.bound, 0), 2 * this.bound);
  }

  className(cls: number): string {
    return String(cls - this.bound);
  }
}
