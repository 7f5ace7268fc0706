// The gcd operation: greatest common divisor of two integers drawn from [minint, maxint] (Int2Int's `gcd`).
import { inject } from 'tsyringe';
import {
  operation,
  OPERATION_PARAMS,
  PositionalInt,
  type Example,
  type NumberArray,
  type Operation,
  type ParamValues,
  type Rng,
} from 'int2int';
import { gcd } from './integers';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { BASE, CLASS_BY_LENGTH, intOf, MAX_CLASS, MAXINT, MININT } from './shared-params';
import { ValueClasses } from './value-class';

@operation({
  name: 'gcd',
  summary: 'Greatest common divisor of two integers from minint to maxint',
  params: {
    maxint: MAXINT,
    minint: MININT,
    base: BASE,
    max_class: MAX_CLASS,
    class_by_length: CLASS_BY_LENGTH,
  },
})
export class GcdOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly range: OperandRange;
  private readonly classes: ValueClasses;

  constructor(@inject(OPERATION_PARAMS) params: ParamValues) {
    this.range = readOperandRange(params, 'gcd');
    this.classes = new ValueClasses(params);
    this.inputTokenizer = operandsTokenizer(2, intOf(params, 'base'));
    this.outputTokenizer = new PositionalInt(intOf(params, 'base'));
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
