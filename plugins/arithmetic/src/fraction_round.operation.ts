// The fraction_round operation: floor(a/b) for a > b > 0 (Int2Int's `fraction_round`).
import { operation, PositionalInt, type Example, type Operation, type ParamsOf, type Rng } from 'int2int';
import { mod } from './integers';
import { OPERAND_PARAMS, OperandsOperation } from './operands';

@operation({
  name: 'fraction_round',
  summary: 'Integer part floor(a/b) of a fraction a/b with a > b',
  params: OPERAND_PARAMS,
})
export class FractionRoundOperation extends OperandsOperation implements Operation<number[], number> {
  readonly outputTokenizer: PositionalInt;

  constructor(params: ParamsOf<typeof OPERAND_PARAMS>) {
    super(params, 'fraction_round', 2, 2);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  /** i0, i1, i2 uniform; with m1 < m2 the smaller and larger of i1, i2, the input is [i0*m2 + m1, m2]. */
  generate(rng: Rng): Example<number[], number> {
    const [i0, i1, i2] = this.draw(rng, 3);
    const m2 = Math.max(i1, i2);
    const m1 = i1 === i2 ? m2 - 1 : Math.min(i1, i2);
    return { input: [i0 * m2 + m1, m2], output: i0 };
  }

  /** floor(a/b), exactly. */
  solve([a, b]: number[]): number {
    return (a - mod(a, b)) / b;
  }

  classOf(): number {
    return 0;
  }

  describe([a, b]: number[]): string {
    return `floor(${a} / ${b})`;
  }
}
