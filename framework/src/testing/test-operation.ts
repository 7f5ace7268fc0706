// testOperation: the conformance test every operation goes through (jest), in the style of typescript-eslint's RuleTester.
import { buildOperation } from '../core/build-operation';
import type { OperationClass, OperationEntry } from '../core/registry/operation-meta';
import { operationRegistry } from '../core/registry/operation-registry';
import { Rng } from '../core/rng';
import {
  drawExample as drawTrainingExample,
  drawProblem,
  type ExampleFactoryOptions,
} from '../data/example-factory';
import type { Example, Operation } from '../operations/operation';
import type { ParamValues } from '../operations/parameters';
import { Vocabulary } from '../tokenizers/vocabulary';

/** The problem and solution types of an operation class. */
type InputOf<C> = InstanceType<C & OperationClass> extends Operation<infer I, unknown> ? I : unknown;
type OutputOf<C> = InstanceType<C & OperationClass> extends Operation<unknown, infer O> ? O : unknown;
/** The parameters an operation class's constructor receives (ParamsOf its declarations); none for a constructor without. */
type ParamsOfClass<C> = C extends new (params: infer P, ...rest: never[]) => unknown
  ? unknown extends P
    ? Record<string, never>
    : P
  : Record<string, never>;

export interface TestOperationOptions<I = unknown, O = unknown, P = ParamValues> {
  /** Overrides of the operation's declared defaults, typed from its declarations. */
  params?: Partial<P>;
  /** Known problems and solutions, checked through the tokenizers, classOf and verify (and `solve`, if any). */
  examples?: Array<{ input: I; output: O }>;
  /**
   * The valid side (RuleTester's `valid`): for a problem, correct answers other than its target, which verify()
   * must accept. `output` is the target (default: `solve(input)`). A too strict verifier fails here.
   */
  alternativeAnswers?: Array<{ input: I; output?: O; answers: O[] }>;
  /**
   * The invalid side (RuleTester's `invalid`): predictions that must not count as correct for the problem.
   * `output` is the target (default: `solve(input)`). A too lax verifier fails here.
   */
  wrongAnswers?: Array<{ input: I; output?: O; predicted: O }>;
  /** How many generated examples the checks run over (default 200). */
  samples?: number;
}

/** An operation that can also compute the solution of a given input (used to check the listed examples). */
interface Solver {
  solve(input: unknown): unknown;
}

/**
 * Draws one example through int2int's own drawing code (manual §4.3): a draw that returns undefined or throws
 * is drawn again, up to MAX_FAILED_DRAWS times in a row, after which the error names the operation.
 */
export function drawExample<I, O>(operation: Operation<I, O>, rng: Rng): Example<I, O> {
  return drawProblem(operation, `Operation ${nameOf(operation)}`, rng, 'train') as Example<I, O>;
}

/**
 * Defines a jest `describe` block that checks an operation against the contract: it builds with its declared
 * parameters, generation is seeded and deterministic, examples round trip through the tokenizers using only
 * vocabulary tokens, classes are non-negative integers, failed draws are retried, and the verifier accepts the
 * target and the listed alternative answers and rejects the listed wrong answers and answers of other problems.
 * What it cannot check for lack of cases is listed as a jest `todo`, so that the report says what was proved.
 */
export function testOperation<C extends OperationClass>(
  ctor: C,
  options: TestOperationOptions<InputOf<C>, OutputOf<C>, ParamsOfClass<C>> = {},
): void {
  const entry = findEntry(ctor);
  const { params = {}, examples = [], alternativeAnswers = [], wrongAnswers = [], samples = 200 } = options;
  const name = entry.meta.name;
  const generates = entry.meta.generates !== false;
  describe(`operation ${name}`, () => {
    const build = (): Operation => buildOperation(name, params).operation;
    const hasVerifier = typeof (ctor.prototype as Partial<Operation>).verify === 'function';

    it('builds with its declared parameters', () => {
      expect(build()).toBeInstanceOf(ctor);
    });

    if (generates) {
      it('generates the same examples from the same seed', () => {
        const operation = build();
        const draw = (rng: Rng): Example<unknown, unknown>[] =>
          Array.from({ length: 20 }, () => drawExample(operation, rng));
        expect(draw(new Rng([0, 0, 42]))).toEqual(draw(new Rng([0, 0, 42])));
      });

      it(`round trips ${samples} generated examples through its tokenizers and vocabulary, the verifier accepting their targets`, () => {
        const operation = build();
        const rng = new Rng([0, 0, 7]);
        for (let i = 0; i < samples; i++) checkExample(operation, drawExample(operation, rng));
      });

      it('is called again when generate() fails, and stops with an error naming it when it always fails (§4.3)', () => {
        checkRetries(name, build());
      });
    }

    if (examples.length > 0) {
      it(`handles the ${count(examples.length, 'listed example')}`, () => {
        const operation = build();
        for (const example of examples) {
          checkExample(operation, example);
          if (hasSolver(operation)) expect(operation.solve(example.input)).toEqual(example.output);
        }
      });
    }

    if (alternativeAnswers.length > 0) {
      const total = alternativeAnswers.reduce((sum, { answers }) => sum + answers.length, 0);
      it(`accepts the ${count(total, 'listed alternative answer')} (verify)`, () => {
        checkAlternatives(build(), alternativeAnswers);
      });
    }

    if (wrongAnswers.length > 0) {
      it(`rejects the ${count(wrongAnswers.length, 'listed wrong answer')}`, () => {
        checkWrongAnswers(build(), wrongAnswers);
      });
    }

    if (hasVerifier && generates) {
      it('rejects answers of other problems (verify)', () => {
        checkRejectsSomething(build(), Math.min(samples, 100));
      });
    }
    if (hasVerifier && alternativeAnswers.length === 0) {
      it.todo(
        'verify: no alternativeAnswers listed, so a verifier that accepts only the target is not caught',
      );
    }
    if (wrongAnswers.length === 0) {
      it.todo('no wrongAnswers listed, so a verifier that accepts wrong answers is not caught');
    }
  });
}

/** Each listed alternative encodes differently from its target, round trips, and is accepted by verify(). */
export function checkAlternatives(
  operation: Operation,
  alternatives: ReadonlyArray<{ input: unknown; output?: unknown; answers: readonly unknown[] }>,
): void {
  if (!operation.verify) {
    throw new Error(
      'alternativeAnswers are listed but the operation has no verify(): only exact matches count. ' +
        'Add a verify(predicted, target, input) that accepts every correct answer',
    );
  }
  for (const { input, output, answers } of alternatives) {
    const target = targetOf(operation, input, output, 'alternativeAnswers');
    const where = `for ${describeInput(operation, input)} (target ${describeOutput(operation, target)})`;
    for (const answer of answers) {
      const tokens = operation.outputTokenizer.encode(answer);
      if (sameTokens(tokens, operation.outputTokenizer.encode(target))) {
        throw new Error(
          `The alternative answer ${describeOutput(operation, answer)} ${where} is the target itself`,
        );
      }
      expect(operation.outputTokenizer.decode(tokens)).toEqual(answer);
      if (!operation.verify(answer, target, input).valid) {
        throw new Error(
          `verify() rejected the correct answer ${describeOutput(operation, answer)} ${where}: ` +
            'a verifier that accepts only the target, or this alternative is not a correct answer',
        );
      }
    }
  }
}

/** Each listed wrong answer encodes differently from its target and is rejected by verify(), if any. */
export function checkWrongAnswers(
  operation: Operation,
  wrongAnswers: ReadonlyArray<{ input: unknown; output?: unknown; predicted: unknown }>,
): void {
  for (const { input, output, predicted } of wrongAnswers) {
    const target = targetOf(operation, input, output, 'wrongAnswers');
    const where = `for ${describeInput(operation, input)} (target ${describeOutput(operation, target)})`;
    const tokens = operation.outputTokenizer.encode(predicted);
    if (sameTokens(tokens, operation.outputTokenizer.encode(target))) {
      throw new Error(
        `The wrong answer ${describeOutput(operation, predicted)} ${where} is written as the target`,
      );
    }
    if (operation.verify?.(predicted, target, input).valid) {
      throw new Error(
        `verify() accepted the wrong answer ${describeOutput(operation, predicted)} ${where}: a verifier that ` +
          'accepts wrong answers, or this answer is correct (then list it in alternativeAnswers)',
      );
    }
  }
}

/** A verifier must reject at least one of the other examples' targets: one that accepts every answer fails. */
export function checkRejectsSomething(operation: Operation, samples: number): void {
  const rng = new Rng([0, 0, 13]);
  const drawn = Array.from({ length: samples + 1 }, () => drawExample(operation, rng));
  let tried = 0;
  for (let i = 0; i < samples; i++) {
    const [problem, other] = [drawn[i], drawn[i + 1]];
    const tokens = operation.outputTokenizer.encode(other.output);
    if (sameTokens(tokens, operation.outputTokenizer.encode(problem.output))) continue;
    tried++;
    if (!operation.verify!(other.output, problem.output, problem.input).valid) return;
  }
  if (tried > 0) {
    throw new Error(
      `verify() accepted every answer it was shown: the targets of ${count(tried, 'other generated problem')} ` +
        'were all taken as correct. A verifier must reject wrong answers',
    );
  }
}

/**
 * The retry semantics of the manual's §4.3, through the framework's own drawing code: draws that return
 * undefined or throw are drawn again, so a flaky copy of the operation yields the same examples as the
 * operation itself; a copy that always returns undefined stops with an error naming the operation.
 */
function checkRetries(name: string, operation: Operation): void {
  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  const factory = (generate: Operation['generate']): ExampleFactoryOptions => ({
    operation: Object.assign(Object.create(operation) as Operation, { generate }),
    label: `Operation ${name}`,
    vocab,
    maxLen: 0,
  });
  let calls = 0;
  const flaky: Operation['generate'] = (rng, split) => {
    calls++;
    if (calls % 3 === 1) return undefined;
    if (calls % 3 === 2) throw new Error('a failed draw');
    return operation.generate(rng, split);
  };
  const draw = (generate: Operation['generate']) => {
    const rng = new Rng([0, 0, 11]);
    return Array.from({ length: 5 }, () => drawTrainingExample(factory(generate), rng, 'train'));
  };
  expect(draw(flaky)).toEqual(draw((rng, split) => operation.generate(rng, split)));
  expect(calls).toBeGreaterThanOrEqual(15);
  expect(() => draw(() => undefined)).toThrow(new RegExp(`^Operation ${name} failed to generate an example`));
}

/** The per-example checks: tokenizer round trip, vocabulary membership, classOf and verify. */
function checkExample(operation: Operation, { input, output }: Example<unknown, unknown>): void {
  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  const x = operation.inputTokenizer.encode(input);
  const y = operation.outputTokenizer.encode(output);
  expect(operation.inputTokenizer.decode(x)).toEqual(input);
  expect(operation.outputTokenizer.decode(y)).toEqual(output);
  expect([...x, ...y].filter((token) => vocab.id(token) === undefined)).toEqual([]);
  const cls = operation.classOf(output, input);
  expect(Number.isInteger(cls) && cls >= 0).toBe(true);
  // a file's problem that does not decode with inputTokenizer reaches classOf as undefined
  expect(operation.classOf(output, undefined)).toBeGreaterThanOrEqual(0);
  if (operation.verify) expect(operation.verify(output, output, input).valid).toBe(true);
}

function targetOf(operation: Operation, input: unknown, output: unknown, list: string): unknown {
  if (output !== undefined) return output;
  if (hasSolver(operation)) return operation.solve(input);
  throw new Error(`${list}: give the target as \`output\` (the operation has no solve(input) to compute it)`);
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((token, i) => token === b[i]);
}

function describeInput(operation: Operation, input: unknown): string {
  return operation.describe ? operation.describe(input) : JSON.stringify(input);
}

function describeOutput(operation: Operation, output: unknown): string {
  return operation.describeOutput ? operation.describeOutput(output) : JSON.stringify(output);
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function nameOf(operation: Operation): string {
  return (
    operationRegistry()
      .list()
      .find((e) => operation instanceof e.ctor)?.meta.name ?? operation.constructor.name
  );
}

function findEntry(ctor: OperationClass): OperationEntry {
  const entry = operationRegistry()
    .list()
    .find((e) => e.ctor === ctor);
  if (!entry)
    throw new Error(`${ctor.name} is not registered: decorate it with @operation({ name, summary })`);
  return entry;
}

function hasSolver(operation: Operation): operation is Operation & Solver {
  return typeof (operation as Partial<Solver>).solve === 'function';
}
