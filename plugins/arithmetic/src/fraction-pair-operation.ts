// The shared shape of fraction_add and fraction_product: two fractions a/b and c/d in, one fraction in lowest terms out.
import type { Example, NumberArray, Operation, ParamsOf, Rng } from 'int2int';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, MAXINT, MININT } from './shared-params';

/** The parameters both operations declare, with Int2Int's defaults. */
export const FRACTION_PAIR_PARAMS = { maxint: MAXINT, minint: MININT, base: BASE };

export abstract class FractionPairOperation implements Operation<number[], number[]> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: NumberArray<number[]>;
  private readonly range: OperandRange;

  /**
   * `productFactor` bounds --maxint so that the products computed stay safe integers (see readOperandRange);
   * `symbol` is how the operation is written in the mistakes report.
   */
  protected constructor(
    params: ParamsOf<typeof FRACTION_PAIR_PARAMS>,
    name: string,
    productFactor: number,
    private readonly symbol: string,
  ) {
    this.range = readOperandRange(params, name, productFactor);
    this.inputTokenizer = operandsTokenizer(4, params.base);
    this.outputTokenizer = operandsTokenizer(2, params.base);
  }

  /** [numerator, denominator] of a/b op c/d in lowest terms; undefined when the denominator is 0. */
  abstract solve(input: number[]): number[] | undefined;

  generate(rng: Rng): Example<number[], number[]> | undefined {
    const input = drawOperands(rng, 4, this.range);
    const output = this.solve(input);
    return output && { input, output };
  }

  classOf(): number {
    return 0;
  }

  describe([a, b, c, d]: number[]): string {
    return `${a}/${b} ${this.symbol} ${c}/${d}`;
  }

  describeOutput([n, m]: number[]): string {
    return `${n}/${m}`;
  }
}
