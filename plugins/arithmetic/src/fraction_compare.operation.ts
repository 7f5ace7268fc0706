// The fraction_compare operation: 1 if a/b > c/d (a*d - b*c > 0), else 0 (Int2Int's `fraction_compare`).
import { operation, SymbolicInt, type Example, type Operation, type ParamsOf, type Rng } from 'int2int';
import { OPERAND_PARAMS, OperandsOperation } from './operands';
import { MAX_CLASS } from './shared-params';

const PARAMS = { ...OPERAND_PARAMS, max_class: { ...MAX_CLASS, range: { min: 1 } } };

@operation({
  name: 'fraction_compare',
  summary: 'Compare two fractions: 1 if a/b > c/d, 0 otherwise',
  params: PARAMS,
})
export class FractionCompareOperation extends OperandsOperation implements Operation<number[], number> {
  /** A single token `0` or `1`, shared with the digits of the input. */
  readonly outputTokenizer = new SymbolicInt(0, 1);
  private readonly maxClass: number;

  constructor(params: ParamsOf<typeof PARAMS>) {
    super(params, 'fraction_compare', 4, 1);
    this.maxClass = params.max_class;
  }

  generate(rng: Rng): Example<number[], number> {
    const input = this.draw(rng, 4);
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
