// The shared shape of fraction_add and fraction_product: two fractions a/b and c/d in, one fraction in lowest terms out.
import type { Example, NumberArray, Operation, ParamsOf, Rng } from 'int2int';
import { OPERAND_PARAMS, OperandsOperation, operandsTokenizer } from './operands';

/** The parameters both operations declare, with Int2Int's defaults. */
export const FRACTION_PAIR_PARAMS = OPERAND_PARAMS;

export abstract class FractionPairOperation
  extends OperandsOperation
  implements Operation<number[], number[]>
{
  readonly outputTokenizer: NumberArray<number[]>;

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
    super(params, name, 4, productFactor);
    this.outputTokenizer = operandsTokenizer(2, params.base);
  }

  /** [numerator, denominator] of a/b op c/d in lowest terms; undefined when the denominator is 0. */
  abstract solve(input: number[]): number[] | undefined;

  generate(rng: Rng): Example<number[], number[]> | undefined {
    const input = this.draw(rng, 4);
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
