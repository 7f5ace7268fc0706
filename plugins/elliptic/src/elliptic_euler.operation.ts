// The elliptic_euler operation: random curves with exact a_p by point counting; predict all a_p, or one from the rest.
import {
  intParam,
  operation,
  stringParam,
  type Example,
  type Operation,
  type ParamsOf,
  type Rng,
  type Verdict,
} from 'int2int';
import { apList, firstPrimes } from './ap';
import { AP_EVAL_METRICS, apVerdict, ApValueClass } from './ap-scoring';
import { BASE } from './elliptic-params';
import { IntTuple } from './int-tuple';
import { coefficientsOf, describeCurve, invariantsOf } from './weierstrass';

export const EULER_TASKS = ['all', 'one'] as const;

const PARAMS = {
  coef_max: intParam(
    1000,
    'a4 and a6 are uniform in [-coef_max, coef_max]; a1, a3 in {0, 1}, a2 in {-1, 0, 1}',
    { min: 1, max: 2 ** 40 },
  ),
  n_primes: intParam(25, 'The a_p of the first n_primes primes (25: p = 2 .. 97)', { min: 1, max: 1000 }),
  task: stringParam(
    'all',
    'all: every a_p from the coefficients; one: a_p of --target_prime from the rest',
    EULER_TASKS,
  ),
  target_prime: intParam(2, 'With --task one, the prime whose a_p is predicted (one of the first n_primes)', {
    min: 2,
  }),
  base: BASE,
};

@operation({
  name: 'elliptic_euler',
  summary:
    'Random curves over Q: predict a_p for the first primes, or one a_p from the coefficients and the others',
  params: PARAMS,
  evalMetrics: AP_EVAL_METRICS,
})
export class EllipticEulerOperation implements Operation<number[], number[]> {
  readonly inputTokenizer: IntTuple;
  readonly outputTokenizer: IntTuple;
  private readonly coefMax: number;
  private readonly primes: number[];
  /** With task one, the index of the target prime in `primes`; undefined with task all. */
  private readonly target: number | undefined;
  private readonly classes: ApValueClass;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.coefMax = params.coef_max;
    this.primes = firstPrimes(params.n_primes);
    const base = params.base;
    if (params.task === 'one') {
      this.target = this.primes.indexOf(params.target_prime);
      if (this.target < 0) {
        throw new Error(
          `--target_prime must be one of the first --n_primes primes (${this.primes.slice(0, 8).join(', ')}, ...), got ${params.target_prime}`,
        );
      }
    }
    const targets = this.targetPrimes();
    this.classes = new ApValueClass(targets[0]);
    this.inputTokenizer = new IntTuple(5 + this.primes.length - targets.length, base);
    this.outputTokenizer = new IntTuple(targets.length, base);
  }

  generate(rng: Rng): Example<number[], number[]> | undefined {
    const m = this.coefMax;
    const curve = [rng.int(0, 1), rng.int(-1, 1), rng.int(0, 1), rng.int(-m, m), rng.int(-m, m)];
    if (invariantsOf(coefficientsOf(curve)).discriminant === 0n) return undefined; // singular: draw again
    const aps = apList(coefficientsOf(curve), this.primes);
    if (this.target === undefined) return { input: curve, output: aps };
    return { input: [...curve, ...aps.filter((_, i) => i !== this.target)], output: [aps[this.target]] };
  }

  /** The a_p to predict, computed exactly from the coefficients (the first five input integers). */
  solve(input: number[]): number[] {
    const aps = apList(coefficientsOf(input.slice(0, 5)), this.primes);
    return this.target === undefined ? aps : [aps[this.target]];
  }

  /** Classes by the value of the first predicted a_p (a_2 with task all). */
  classOf(output: number[]): number {
    return this.classes.classOf(output[0]);
  }

  className(cls: number): string {
    return this.classes.className(cls);
  }

  verify(predicted: number[], target: number[]): Verdict {
    return apVerdict(predicted, target, this.targetPrimes());
  }

  describe(input: number[]): string {
    const targets = this.targetPrimes();
    const what = targets.length === 1 ? `a_${targets[0]}` : `a_2 .. a_${targets[targets.length - 1]}`;
    return `${what} of ${describeCurve(input.slice(0, 5))}`;
  }

  private targetPrimes(): number[] {
    return this.target === undefined ? this.primes : [this.primes[this.target]];
  }
}
