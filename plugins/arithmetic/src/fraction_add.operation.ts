// The fraction_add operation: sum of two fractions a/b + c/d, in lowest terms (Int2Int's `fraction_add`).
import { inject } from 'tsyringe';
import {
  operation,
  OPERATION_PARAMS,
  type Example,
  type NumberArray,
  type Operation,
  type ParamValues,
  type Rng,
} from 'int2int';
import { reduceFraction } from './integers';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, intOf, MAXINT, MININT } from './shared-params';

@operation({
  name: 'fraction_add',
  summary: 'Sum of two fractions a/b + c/d, in lowest terms',
  params: { maxint: MAXINT, minint: MININT, base: BASE },
})
export class FractionAddOperation implements Operation<number[], number[]> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: NumberArray<number[]>;
  private readonly range: OperandRange;

  constructor(@inject(OPERATION_PARAMS) params: ParamValues) {
    this.range = readOperandRange(params, 'fraction_add', 2);
    this.inputTokenizer = operandsTokenizer(4, intOf(params, 'base'));
    this.outputTokenizer = operandsTokenizer(2, intOf(params, 'base'));
  }

  generate(rng: Rng): Example<number[], number[]> | undefined {
    const input = drawOperands(rng, 4, this.range);
    const output = this.solve(input);
    return output && { input, output };
  }

  /** a/b + c/d = (ad + bc)/bd in lowest terms. */
  solve([a, b, c, d]: number[]): number[] | undefined {
    return reduceFraction(a * d + b * c, b * d);
  }

  classOf(): number {
    return 0;
  }

  describe([a, b, c, d]: number[]): string {
    return `${a}/${b} + ${c}/${d}`;
  }

  describeOutput([n, m]: number[]): string {
    return `${n}/${m}`;
  }
}
