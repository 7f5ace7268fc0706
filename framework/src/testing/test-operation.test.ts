// Tests of the conformance harness: an operation whose generate() sometimes fails passes it, and failing draws
// are retried by the framework (manual §4.3) until an operation that always fails stops with its name.
import { inject } from 'tsyringe';
import { operation } from '../core/registry/operation.decorator';
import { Rng } from '../core/rng';
import { OPERATION_PARAMS } from '../core/tokens';
import { drawExample as drawTrainingExample } from '../data/example-factory';
import type { Example, Operation } from '../operations/operation';
import { intParam, type ParamValues } from '../operations/parameters';
import { PositionalInt } from '../tokenizers/positional-int';
import { Vocabulary } from '../tokenizers/vocabulary';
import { buildOperation } from '../core/build-operation';
import { drawExample, testOperation } from './test-operation';

@operation({
  name: 'harness_even_square',
  summary: 'Squares of even integers; odd draws are rejected and drawn again',
  params: { maxint: intParam(100, 'integers are drawn from [0, maxint]') },
})
class EvenSquareOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  constructor(@inject(OPERATION_PARAMS) private readonly params: ParamValues) {}

  generate(rng: Rng): Example<number, number> | undefined {
    const x = rng.int(0, Number(this.params.maxint));
    return x % 2 === 0 ? { input: x, output: x * x } : undefined;
  }

  classOf(output: number): number {
    return String(output).length;
  }
}

@operation({ name: 'harness_never', summary: 'An operation whose generator always fails' })
class NeverOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  generate(): Example<number, number> | undefined {
    return undefined;
  }

  classOf(): number {
    return 0;
  }
}

testOperation(EvenSquareOperation, {
  params: { maxint: 50 },
  examples: [{ input: 12, output: 144 }],
  wrongAnswers: [{ input: 12, output: 144, predicted: 24 }],
});

describe('retries (manual §4.3)', () => {
  const never = buildOperation('harness_never').operation;
  const vocab = Vocabulary.fromSymbols(never.inputTokenizer.symbols, never.outputTokenizer.symbols);

  it('stops the framework with an error naming an operation whose generate() always returns undefined', () => {
    expect(never).toBeInstanceOf(NeverOperation);
    const options = { operation: never, label: 'Operation harness_never', vocab, maxLen: 0 };
    expect(() => drawTrainingExample(options, new Rng([0, 0, 1]), 'train')).toThrow(
      /^Operation harness_never failed to generate an example \d+ times in a row: generate\(\) returned undefined/,
    );
  });

  it('names the operation when the harness gives up drawing', () => {
    expect(() => drawExample(never, new Rng([0, 0, 1]))).toThrow(
      /^Operation harness_never: generate\(\) returned undefined \d+ times in a row/,
    );
  });

  it('draws again after a failed draw, so every example the harness draws is valid', () => {
    const even = buildOperation('harness_even_square').operation;
    const rng = new Rng([0, 0, 2]);
    const inputs = Array.from({ length: 20 }, () => drawExample(even, rng).input as number);
    expect(inputs.every((x) => x % 2 === 0)).toBe(true);
  });
});
