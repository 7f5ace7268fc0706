// The gcd operation: greatest common divisor of two integers drawn from [minint, maxint] (Int2Int's `gcd`).
import { operation, PositionalInt, type Example, type Operation, type ParamsOf, type Rng } from 'int2int';
import { gcd } from './integers';
import { OPERAND_PARAMS, OperandsOperation } from './operands';
import { CLASS_BY_LENGTH, MAX_CLASS } from './shared-params';
import { ValueClasses } from './value-class';

const PARAMS = { ...OPERAND_PARAMS, max_class: MAX_CLASS, class_by_length: CLASS_BY_LENGTH };

@operation({
  name: 'gcd',
  summary: 'Greatest common divisor of two integers from minint to maxint',
  params: PARAMS,
})
export class GcdOperation extends OperandsOperation implements Operation<number[], number> {
  readonly outputTokenizer: PositionalInt;
  private readonly classes: ValueClasses;

  constructor(params: ParamsOf<typeof PARAMS>) {
    super(params, 'gcd', 2);
    this.classes = new ValueClasses(params);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  generate(rng: Rng): Example<number[], number> {
    const input = this.draw(rng, 2);
    return { input, output: this.solve(input) };
  }

  solve([a, b]: number[]): number {
    return gcd(a, b);
  }

  classOf(output: number, input: number[] | undefined): number {
    return this.classes.classOf(output, input);
  }

  className(cls: number): string {
    return ValueClasses.className(cls);
  }

  describe([a, b]: number[]): string {
    return `gcd(${a}, ${b})`;
  }
}
