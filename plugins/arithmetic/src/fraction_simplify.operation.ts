// The fraction_simplify operation: a fraction i0*i1/g over i0*i2/g, put in lowest terms (Int2Int's `fraction_simplify`).
import { operation, type Example, type NumberArray, type Operation, type ParamsOf, type Rng } from 'int2int';
import { reduceFraction } from './integers';
import { OPERAND_PARAMS, OperandsOperation, operandsTokenizer } from './operands';

@operation({
  name: 'fraction_simplify',
  summary: 'Simplify a fraction a/b to lowest terms',
  params: OPERAND_PARAMS,
})
export class FractionSimplifyOperation extends OperandsOperation implements Operation<number[], number[]> {
  readonly outputTokenizer: NumberArray<number[]>;

  constructor(params: ParamsOf<typeof OPERAND_PARAMS>) {
    super(params, 'fraction_simplify', 2, 1);
    this.outputTokenizer = operandsTokenizer(2, params.base);
  }

  /** i0, i1, i2 uniform (i0 = 1 is redrawn in [2, maxint]); the input is i1/i2 in lowest terms times i0. */
  generate(rng: Rng): Example<number[], number[]> | undefined {
    const [drawn, i1, i2] = this.draw(rng, 3);
    const i0 = drawn === 1 ? rng.int(2, this.range.maxint) : drawn;
    const reduced = reduceFraction(i1, i2);
    if (!reduced) return undefined;
    return { input: [i0 * reduced[0], i0 * reduced[1]], output: reduced };
  }

  solve([a, b]: number[]): number[] | undefined {
    return reduceFraction(a, b);
  }

  classOf(): number {
    return 0;
  }

  describe([a, b]: number[]): string {
    return `simplify ${a}/${b}`;
  }

  describeOutput([n, m]: number[]): string {
    return `${n}/${m}`;
  }
}
