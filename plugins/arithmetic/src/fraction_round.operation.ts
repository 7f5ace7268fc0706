// The fraction_round operation: floor(a/b) for a > b > 0 (Int2Int's `fraction_round`).
import {
  operation,
  PositionalInt,
  type Example,
  type NumberArray,
  type Operation,
  type ParamsOf,
  type Rng,
} from 'int2int';
import { mod } from './integers';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, MAXINT, MININT } from './shared-params';

const PARAMS = { maxint: MAXINT, minint: MININT, base: BASE };

@operation({
  name: 'fraction_round',
  summary: 'Integer part floor(a/b) of a fraction a/b with a > b',
  params: PARAMS,
})
export class FractionRoundOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly range: OperandRange;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.range = readOperandRange(params, 'fraction_round', 2);
    this.inputTokenizer = operandsTokenizer(2, params.base);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  /** i0, i1, i2 uniform; with m1 < m2 the smaller and larger of i1, i2, the input is [i0*m2 + m1, m2]. */
  generate(rng: Rng): Example<number[], number> {
    const [i0, i1, i2] = drawOperands(rng, 3, this.range);
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
