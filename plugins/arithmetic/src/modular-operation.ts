// The shared shape of modular_add and modular_mul: (a op b) mod modulus for two integers from [minint, maxint].
import { PositionalInt, type Example, type Operation, type ParamsOf, type Rng } from 'int2int';
import { mod } from './integers';
import { OPERAND_PARAMS, OperandsOperation } from './operands';
import { CLASS_BY_LENGTH, MAX_CLASS, MODULUS } from './shared-params';
import { ValueClasses } from './value-class';

/** The parameters both modular operations declare, with Int2Int's defaults. */
export const MODULAR_PARAMS = {
  ...OPERAND_PARAMS,
  max_class: MAX_CLASS,
  class_by_length: CLASS_BY_LENGTH,
  modulus: MODULUS,
};

export abstract class ModularOperation extends OperandsOperation implements Operation<number[], number> {
  readonly outputTokenizer: PositionalInt;
  protected readonly modulus: number;
  private readonly classes: ValueClasses;

  /** `symbol` is how the operation is written in the mistakes report (`+`, `*`). */
  protected constructor(
    params: ParamsOf<typeof MODULAR_PARAMS>,
    name: string,
    private readonly symbol: string,
  ) {
    super(params, name, 2);
    this.classes = new ValueClasses(params);
    this.modulus = params.modulus;
    this.outputTokenizer = new PositionalInt(params.base);
  }

  /** a op b on residues in [0, modulus). */
  protected abstract combine(a: number, b: number): number;

  generate(rng: Rng): Example<number[], number> {
    const input = this.draw(rng, 2);
    return { input, output: this.solve(input) };
  }

  solve([a, b]: number[]): number {
    return mod(this.combine(mod(a, this.modulus), mod(b, this.modulus)), this.modulus);
  }

  classOf(output: number, input: number[] | undefined): number {
    return this.classes.classOf(output, input);
  }

  className(cls: number): string {
    return ValueClasses.className(cls);
  }

  describe([a, b]: number[]): string {
    return `${a} ${this.symbol} ${b} mod ${this.modulus}`;
  }
}
