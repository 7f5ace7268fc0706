// The fraction_determinant operation: a*d - b*c for two fractions a/b and c/d (Int2Int's `fraction_determinant`).
import { operation, PositionalInt } from 'int2int';
import type { Example, Operation, ParamsOf, Rng, Verdict } from 'int2int';
import { OPERAND_PARAMS, OperandsOperation } from './operands';

@operation({
  name: 'fraction_determinant',
  summary: 'Determinant a*d - b*c of two fractions a/b and c/d',
  params: OPERAND_PARAMS,
  evalMetrics: 2,
})
export class FractionDeterminantOperation extends OperandsOperation implements Operation<number[], number> {
  readonly outputTokenizer: PositionalInt;

  constructor(params: ParamsOf<typeof OPERAND_PARAMS>) {
    super(params, 'fraction_determinant', 4, 2);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  generate(rng: Rng): Example<number[], number> {
    const input = this.draw(rng, 4);
    return { input, output: this.solve(input) };
  }

  solve([a, b, c, d]: number[]): number {
    return a * d - b * c;
  }

  classOf(): number {
    return 0;
  }

  /** Close answers: eval metrics |ad - bc - w| < 1e6 and < 1e4 (Int2Int's acc_d1 and acc_d2). */
  verify(predicted: number, target: number): Verdict {
    const error = Math.abs(target - predicted);
    return { valid: error === 0, evalMetrics: [error < 1e6 ? 1 : 0, error < 1e4 ? 1 : 0] };
  }

  describe([a, b, c, d]: number[]): string {
    return `det(${a}/${b}, ${c}/${d}) = ${a}*${d} - ${b}*${c}`;
  }
}
