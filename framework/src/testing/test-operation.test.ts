// Tests of the conformance harness: retries through int2int's own drawing code (manual §4.3), and the valid and
// invalid sides of a verifier's cases, which tell a too strict or too lax verifier from a right one.
import { buildOperation } from '../core/build-operation';
import { operation } from '../core/registry/operation.decorator';
import { Rng } from '../core/rng';
import { drawExample as drawTrainingExample } from '../data/example-factory';
import type { Example, Operation, Verdict } from '../operations/operation';
import { intParam, type ParamsOf } from '../operations/parameters';
import { PositionalInt } from '../tokenizers/positional-int';
import { Vocabulary } from '../tokenizers/vocabulary';
import {
  checkAlternatives,
  checkRejectsSomething,
  checkWrongAnswers,
  drawExample,
  testOperation,
} from './test-operation';

const EVEN_SQUARE_PARAMS = { maxint: intParam(100, 'integers are drawn from [0, maxint]') };

@operation({
  name: 'harness_even_square',
  summary: 'Squares of even integers; odd draws are rejected and drawn again',
  params: EVEN_SQUARE_PARAMS,
})
class EvenSquareOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  constructor(private readonly params: ParamsOf<typeof EVEN_SQUARE_PARAMS>) {}

  generate(rng: Rng): Example<number, number> | undefined {
    const x = rng.int(0, this.params.maxint);
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

const PRIMES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

/** Whether g generates the multiplicative group mod the prime p (its order is p - 1). */
function isPrimitiveRoot(g: number, p: number): boolean {
  if (g <= 0 || g >= p) return false;
  let x = 1;
  for (let k = 1; k < p - 1; k++) {
    x = (x * g) % p;
    if (x === 1) return false;
  }
  return true;
}

/** A primitive root mod p, any one being right: the kind of verifier the harness has to judge. */
@operation({ name: 'harness_primitive_root', summary: 'A primitive root modulo a small prime' })
class PrimitiveRootOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  generate(rng: Rng): Example<number, number> {
    const p = PRIMES[rng.int(0, PRIMES.length - 1)];
    return { input: p, output: this.solve(p) };
  }

  solve(p: number): number {
    for (let g = 2; ; g++) if (isPrimitiveRoot(g, p)) return g;
  }

  verify(predicted: number, _target: number, p: number | undefined): Verdict {
    return { valid: p !== undefined && isPrimitiveRoot(predicted, p) };
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

testOperation(PrimitiveRootOperation, {
  examples: [{ input: 7, output: 3 }],
  alternativeAnswers: [
    { input: 7, answers: [5] },
    { input: 11, answers: [6, 7, 8] },
  ],
  wrongAnswers: [
    { input: 7, predicted: 6 },
    { input: 7, predicted: 2 },
  ],
});

describe('the verifier cases', () => {
  const right = buildOperation('harness_primitive_root').operation;
  /** The operation with another verifier. */
  const withVerifier = (verify: (predicted: number, target: number, p: number) => boolean): Operation =>
    Object.assign(Object.create(right) as Operation, {
      verify: (predicted: number, target: number, p: number): Verdict => ({
        valid: verify(predicted, target, p),
      }),
    });
  const alternatives = [{ input: 7, answers: [5] }];
  const wrong = [{ input: 7, predicted: 6 }];

  it('pass for the right verifier', () => {
    expect(() => checkAlternatives(right, alternatives)).not.toThrow();
    expect(() => checkWrongAnswers(right, wrong)).not.toThrow();
    expect(() => checkRejectsSomething(right, 50)).not.toThrow();
  });

  it('fail for a verifier that accepts only the target, naming the rejected alternative', () => {
    const exact = withVerifier((predicted, target) => predicted === target);
    expect(() => checkAlternatives(exact, alternatives)).toThrow(
      'verify() rejected the correct answer 5 for 7 (target 3): a verifier that accepts only the target',
    );
  });

  it('fail for a subtly wrong verifier (every quadratic non-residue taken for a primitive root)', () => {
    const nonResidue = withVerifier((g, _target, p) => g > 0 && g < p && g ** ((p - 1) / 2) % p === p - 1);
    expect(() => checkAlternatives(nonResidue, alternatives)).not.toThrow();
    expect(() => checkWrongAnswers(nonResidue, wrong)).toThrow('verify() accepted the wrong answer 6 for 7');
  });

  it('fail for a verifier that accepts every answer, even without listed wrong answers', () => {
    const lax = withVerifier(() => true);
    expect(() => checkWrongAnswers(lax, wrong)).toThrow('verify() accepted the wrong answer 6');
    expect(() => checkRejectsSomething(lax, 50)).toThrow(/^verify\(\) accepted every answer it was shown/);
  });

  it('refuse alternatives for an operation without a verifier, and alternatives that are the target', () => {
    const even = buildOperation('harness_even_square').operation;
    expect(() => checkAlternatives(even, [{ input: 2, output: 4, answers: [4] }])).toThrow(
      'alternativeAnswers are listed but the operation has no verify()',
    );
    expect(() => checkAlternatives(right, [{ input: 7, answers: [3] }])).toThrow(
      'The alternative answer 3 for 7 (target 3) is the target itself',
    );
  });
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

  it('gives up in the harness exactly as int2int does, naming the operation', () => {
    expect(() => drawExample(never, new Rng([0, 0, 1]))).toThrow(
      'Operation harness_never failed to generate an example 1000 times in a row: generate() returned undefined',
    );
  });

  it('draws again after a failed draw, so every example the harness draws is valid', () => {
    const even = buildOperation('harness_even_square').operation;
    const rng = new Rng([0, 0, 2]);
    const inputs = Array.from({ length: 20 }, () => drawExample(even, rng).input as number);
    expect(inputs.every((x) => x % 2 === 0)).toBe(true);
  });
});

describe('typed parameters', () => {
  // tsc (npm run typecheck) fails when a line under @ts-expect-error compiles: these pin the types, not only runtime
  const typeErrors = () => {
    // @ts-expect-error: harness_even_square declares no parameter maxintt
    testOperation(EvenSquareOperation, { params: { maxintt: 5 } });
    // @ts-expect-error: maxint is a number
    testOperation(EvenSquareOperation, { params: { maxint: 'many' } });
    // @ts-expect-error: harness_never declares no parameters
    testOperation(NeverOperation, { params: { maxint: 5 } });
    // @ts-expect-error: ParamsOf gives maxint the number type of its intParam
    const wrong: ParamsOf<typeof EVEN_SQUARE_PARAMS> = { maxint: 'many' };
    // @ts-expect-error: the constructor must take ParamsOf its declared params
    @operation({ name: 'harness_mistyped', summary: 'A misread parameter', params: EVEN_SQUARE_PARAMS })
    class MistypedOperation extends EvenSquareOperation {
      constructor(params: { maxint: string }) {
        super({ maxint: Number(params.maxint) });
      }
    }
    return [wrong, MistypedOperation];
  };

  it('are checked by the compiler (the lines above are type errors)', () => {
    expect(typeof typeErrors).toBe('function');
  });
});
