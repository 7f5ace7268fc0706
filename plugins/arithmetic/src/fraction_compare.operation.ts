// The fraction_compare operation: 1 if a/b > c/d (a*d - b*c > 0), else 0 (Int2Int's `fraction_compare`).
import {
  operation,
  SymbolicInt,
  type Example,
  type NumberArray,
  type Operation,
  type ParamsOf,
  type Rng,
} from 'int2int';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, MAX_CLASS, MAXINT, MININT } from './shared-params';

const PARAMS = { maxint: MAXINT, minint: MININT, base: BASE, max_class: { ...MAX_CLASS, range: { min: 1 } } };

@operation({
  name: 'fraction_compare',
  summary: 'Compare two fractions: 1 if a/b > c/d, 0 otherwise',
  params: PARAMS,
})
export class FractionCompareOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  /** A single token `0` or `1`, shared with the digits of the input. */
  readonly outputTokenizer = new SymbolicInt(0, 1);
  private readonly range: OperandRange;
  private readonly maxClass: number;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.range = readOperandRange(params, 'fraction_compare', 1);
    this.maxClass = params.max_class;
    this.inputTokenizer = operandsTokenizer(4, params.base);
  }

  generate(rng: Rng): Example<number[], number> {
    const input = drawOperands(rng, 4, this.range);
    return { input, output: this.solve(input) };
  }

  solve([a, b, c, d]: number[]): number {
    return a * d - b * c > 0 ? 1 : 0;
  }

  classOf(output: number): number {
    return output % this.maxClass;
  }

  describe([a, b, c, d]: number[]): string {
    return `${a}/${b} > ${c}/${d} ?`;
  }
}
