// testOperation: the conformance test every operation goes through (jest), in the style of typescript-eslint's RuleTester.
import { buildOperation } from '../core/build-operation';
import type { OperationClass, OperationEntry } from '../core/registry/operation-meta';
import { operationRegistry } from '../core/registry/operation-registry';
import { Rng } from '../core/rng';
import { drawExample as drawTrainingExample, type ExampleFactoryOptions } from '../data/example-factory';
import type { Example, Operation } from '../operations/operation';
import type { ParamValues } from '../operations/parameters';
import { Vocabulary } from '../tokenizers/vocabulary';

/** How many times the harness calls generate() for one example before failing (undefined means "retry"). */
export const MAX_TRIES = 100;

export interface TestOperationOptions {
  /** Overrides of the operation's declared defaults. */
  params?: Partial<ParamValues>;
  /** Known problems and solutions, checked through the tokenizers, classOf and verify (and `solve`, if any). */
  examples?: Array<{ input: unknown; output: unknown }>;
  /** Predictions that must not count as correct for the given problem and solution. */
  wrongAnswers?: Array<{ input: unknown; output: unknown; predicted: unknown }>;
  /** How many generated examples the checks run over (default 200). */
  samples?: number;
}

/** An operation that can also compute the solution of a given input (used to check the listed examples). */
interface Solver {
  solve(input: unknown): unknown;
}

/** Draws one example, calling generate() again while it returns undefined, at most MAX_TRIES times. */
export function drawExample<I, O>(operation: Operation<I, O>, rng: Rng): Example<I, O> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const example = operation.generate(rng, 'train');
    if (example !== undefined) return example;
  }
  const name =
    operationRegistry()
      .list()
      .find((e) => operation instanceof e.ctor)?.meta.name ?? operation.constructor.name;
  throw new Error(`Operation ${name}: generate() returned undefined ${MAX_TRIES} times in a row`);
}

/**
 * Defines a jest `describe` block that checks an operation against the contract: it builds with its declared
 * parameters, generation is seeded and deterministic, examples round trip through the tokenizers using only
 * vocabulary tokens, classes are non-negative integers, and verify accepts true answers and rejects wrong ones.
 */
export function testOperation(ctor: OperationClass, options: TestOperationOptions = {}): void {
  const entry = findEntry(ctor);
  const { params = {}, examples = [], wrongAnswers = [], samples = 200 } = options;
  describe(`operation ${entry.meta.name}`, () => {
    const build = (): Operation => buildOperation(entry.meta.name, params).operation;

    it('builds with its declared parameters', () => {
      expect(build()).toBeInstanceOf(ctor);
    });

    if (entry.meta.generates !== false) {
      it('generates the same examples from the same seed', () => {
        const operation = build();
        const draw = (rng: Rng): Example<unknown, unknown>[] =>
          Array.from({ length: 20 }, () => drawExample(operation, rng));
        expect(draw(new Rng([0, 0, 42]))).toEqual(draw(new Rng([0, 0, 42])));
      });

      it(`round trips ${samples} generated examples through its tokenizers and vocabulary`, () => {
        const operation = build();
        const rng = new Rng([0, 0, 7]);
        for (let i = 0; i < samples; i++) checkExample(operation, drawExample(operation, rng));
      });

      it('is called again when generate() fails, and stops with an error naming it when it always fails (§4.3)', () => {
        checkRetries(entry.meta.name, build());
      });
    }

    if (examples.length > 0) {
      it('handles the listed examples', () => {
        const operation = build();
        for (const example of examples) {
          checkExample(operation, example);
          if (hasSolver(operation)) expect(operation.solve(example.input)).toEqual(example.output);
        }
      });
    }

    if (wrongAnswers.length > 0) {
      it('rejects the wrong answers', () => {
        const operation = build();
        for (const { input, output, predicted } of wrongAnswers) {
          const tokens = operation.outputTokenizer.encode(predicted);
          expect(tokens).not.toEqual(operation.outputTokenizer.encode(output));
          if (operation.verify) expect(operation.verify(predicted, output, input).valid).toBe(false);
        }
      });
    }
  });
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
  expect(operation.classOf(output, undefined)).toBeGreaterThanOrEqual(0);
  if (operation.verify) expect(operation.verify(output, output, input).valid).toBe(true);
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
