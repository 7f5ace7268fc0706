// The modular_mul operation: (a * b) mod modulus for two integers drawn from [minint, maxint] (Int2Int's `modular_mul`).
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
import { largestOperand, mod } from './integers';
import { drawOperands, operandsTokenizer, readOperandRange, type OperandRange } from './operands';
import { atLeast, BASE, CLASS_BY_LENGTH, intOf, MAX_CLASS, MAXINT, MININT, MODULUS } from './shared-params';
import { ValueClasses } from './value-class';

@operation({
  name: 'modular_mul',
  summary: 'Product of two integers from minint to maxint, modulo modulus',
  params: {
    maxint: MAXINT,
    minint: MININT,
    base: BASE,
    max_class: MAX_CLASS,
    class_by_length: CLASS_BY_LENGTH,
    modulus: MODULUS,
  },
})
export class ModularMulOperation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly range: OperandRange;
  private readonly classes: ValueClasses;
  private readonly modulus: number;

  constructor(@inject(OPERATION_PARAMS) params: ParamValues) {
    this.range = readOperandRange(params, 'modular_mul');
    this.classes = new ValueClasses(params);
    this.modulus = atLeast(params, 'modulus', 1);
    if (this.modulus - 1 > largestOperand(1)) {
      throw new Error(`--modulus ${this.modulus} is too large: (modulus - 1)^2 must be a safe integer`);
    }
    this.inputTokenizer = operandsTokenizer(2, intOf(params, 'base'));
    this.outputTokenizer = new PositionalInt(intOf(params, 'base'));
  }

  generate(rng: Rng): Example<number[], number> {
    const input = drawOperands(rng, 2, this.range);
    return { input, output: this.solve(input) };
  }

  solve([a, b]: number[]): number {
    return mod(mod(a, this.modulus) * mod(b, this.modulus), this.modulus);
  }

  classOf(output: number, input: number[] | undefined): number {
    return this.classes.classOf(output, input);
  }

  className(cls: number): string {
    return ValueClasses.className(cls);
  }

  describe([a, b]: number[]): string {
    return `${a} * ${b} mod ${this.modulus}`;
  }
}
