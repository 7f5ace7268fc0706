// The fraction_determinant operation: a*d - b*c for two fractions a/b and c/d (Int2Int's `fraction_determinant`).
import {
  operation,
  PositionalInt,
  type Example,
  type NumberArray,
  type Operation,
  type ParamsOf,
  type Rng,
  type Verdict,
} from 'int2int';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, MAXINT, MININT } from './shared-params';

const PARAMS = { maxint: MAXINT, minint: MININT, base: BASE };

@operation({
  name: 'fraction_determinant',
  summary: 'Determinant a*d - b*c of two fractions a/b and c/d',
  params: PARAMS,
  evalMetrics: 2,
})
export class FractionDeterminantOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly range: OperandRange;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.range = readOperandRange(params, 'fraction_determinant', 2);
    this.inputTokenizer = operandsTokenizer(4, params.base);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  generate(rng: Rng): Example<number[], number> {
    const input = drawOperands(rng, 4, this.range);
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
