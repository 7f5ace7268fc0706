// The gcd operation: greatest common divisor of two integers drawn from [minint, maxint] (Int2Int's `gcd`).
import {
  operation,
  PositionalInt,
  type Example,
  type NumberArray,
  type Operation,
  type ParamsOf,
  type Rng,
} from 'int2int';
import { gcd } from './integers';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, CLASS_BY_LENGTH, MAX_CLASS, MAXINT, MININT } from './shared-params';
import { ValueClasses } from './value-class';

const PARAMS = {
  maxint: MAXINT,
  minint: MININT,
  base: BASE,
  max_class: MAX_CLASS,
  class_by_length: CLASS_BY_LENGTH,
};

@operation({
  name: 'gcd',
  summary: 'Greatest common divisor of two integers from minint to maxint',
  params: PARAMS,
})
export class GcdOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly range: OperandRange;
  private readonly classes: ValueClasses;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.range = readOperandRange(params, 'gcd');
    this.classes = new ValueClasses(params);
    this.inputTokenizer = operandsTokenizer(2, params.base);
    this.outputTokenizer = new PositionalInt(params.base);
  }

  generate(rng: Rng): Example<number[], number> {
    const input = drawOperands(rng, 2, this.range);
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
