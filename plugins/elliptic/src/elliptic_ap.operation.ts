// The elliptic_ap operation: a_2, a_3, ..., a_97 of a curve over Q from its coefficients, read from the ap25 files.
import { operation, type Operation, type ParamsOf, type Verdict } from 'int2int';
import { apList, firstPrimes } from './ap';
import { AP_EVAL_METRICS, apVerdict, ApValueClass } from './ap-scoring';
import { BASE, readsFilesError } from './elliptic-params';
import { IntTuple } from './int-tuple';
import { coefficientsOf, describeCurve } from './weierstrass';

/** The ap25 files list a_p for the 25 primes below 100. */
export const AP_PRIMES = firstPrimes(25);

const PARAMS = { base: BASE };

@operation({
  name: 'elliptic_ap',
  summary:
    'a_p for the 25 primes p < 100 of an elliptic curve from [a1, a2, a3, a4, a6] (files: ap25.train/test)',
  params: PARAMS,
  evalMetrics: AP_EVAL_METRICS,
  generates: false,
})
export class EllipticApOperation implements Operation<number[], number[]> {
  readonly inputTokenizer: IntTuple;
  readonly outputTokenizer: IntTuple;
  private readonly classes = new ApValueClass(AP_PRIMES[0]);

  constructor(params: ParamsOf<typeof PARAMS>) {
    const base = params.base;
    this.inputTokenizer = new IntTuple(5, base);
    this.outputTokenizer = new IntTuple(AP_PRIMES.length, base);
  }

  generate(): never {
    throw readsFilesError('elliptic_ap', 'ap25');
  }

  /** The exact a_p of a minimal model (the files' curves are minimal; see elliptic_euler for generated ones). */
  solve(input: number[]): number[] {
    return apList(coefficientsOf(input), AP_PRIMES);
  }

  /** Classes by the value of a_2 (-2..2; at 2, bad reduction gives -1, 0 or 1 as everywhere). */
  classOf(output: number[]): number {
    return this.classes.classOf(output[0]);
  }

  className(cls: number): string {
    return this.classes.className(cls);
  }

  verify(predicted: number[], target: number[]): Verdict {
    return apVerdict(predicted, target, AP_PRIMES);
  }

  describe(input: number[]): string {
    return `a_p of ${describeCurve(input)}`;
  }
}
