// The {{operation}} operation: the sum of two integers drawn from [0, maxint] (a starting point: replace the problem).
import {
  inject,
  intParam,
  NumberArray,
  operation,
  OPERATION_PARAMS,
  PositionalInt,
  type Example,
  type Operation,
  type ParamValues,
  type Rng,
} from 'int2int';

@operation({
  name: '{{operation}}',
  summary: 'Sum of two integers from 0 to maxint',
  params: {
    maxint: intParam(1000, 'the operands are drawn uniformly from [0, maxint]'),
    base: intParam(10, 'the base in which the integers are written'),
  },
})
export class {{className}}Operation implements Operation<number[], number> {
  readonly inputTokenizer: NumberArray<number[]>;
  readonly outputTokenizer: PositionalInt;
  private readonly maxint: number;

  constructor(@inject(OPERATION_PARAMS) params: ParamValues) {
    this.maxint = Number(params.maxint);
    this.inputTokenizer = new NumberArray<number[]>(2, 'V', 1, new PositionalInt(Number(params.base)));
    this.outputTokenizer = new PositionalInt(Number(params.base));
  }

  /** One problem and its solution; returning undefined (or throwing) makes int2int draw again. */
  generate(rng: Rng): Example<number[], number> | undefined {
    const input = [rng.int(0, this.maxint), rng.int(0, this.maxint)];
    return { input, output: this.solve(input) };
  }

  solve([a, b]: number[]): number {
    return a + b;
  }

  /** The class of an example for per-class accuracy (Int2Int's code_class): the number of digits of the sum. */
  classOf(output: number): number {
    return String(Math.abs(output)).length;
  }

  /** How a problem is written in the evaluation's list of mistakes. */
  describe([a, b]: number[]): string {
    return `${a} + ${b}`;
  }
}
