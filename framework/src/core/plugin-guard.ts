// The operation as the core calls it: every call into plugin code that fails says which operation, which plugin
// and which method, with the value it was given.
import type { Operation } from '../operations/operation';
import type { Tokenizer } from '../tokenizers/tokenizer';

/** An error thrown by an operation's code, or a value it returned that breaks the operation contract. */
export class PluginCodeError extends Error {}

const SHOWN_CHARACTERS = 80;

/** `Operation gcd (int2int-arithmetic)`: how messages name an operation. */
export function operationLabel(name: string, plugin: string): string {
  return `Operation ${name} (${plugin})`;
}

/**
 * `operation` with each method wrapped. generate() is left as it is: throwing there means "draw again"
 * (manual §4.3), and drawProblem names the operation once the draws keep failing.
 */
export function guardOperation<I, O>(
  operation: Operation<I, O>,
  name: string,
  plugin: string,
): Operation<I, O> {
  const label = operationLabel(name, plugin);
  const call = <T>(what: string, body: () => T): T => {
    try {
      return body();
    } catch (error) {
      throw new PluginCodeError(`${label}: ${what} threw: ${(error as Error).message ?? String(error)}`);
    }
  };
  const guardTokenizer = <T>(side: string, tokenizer: Tokenizer<T>): Tokenizer<T> => ({
    symbols: tokenizer.symbols,
    encode: (value) =>
      call(`its ${side} tokenizer's encode(${preview(value)})`, () => tokenizer.encode(value)),
    parse: (tokens) =>
      call(`its ${side} tokenizer's parse(${preview(tokens.join(' '))})`, () => tokenizer.parse(tokens)),
    decode: (tokens) =>
      call(`its ${side} tokenizer's decode(${preview(tokens.join(' '))})`, () => tokenizer.decode(tokens)),
  });
  return {
    inputTokenizer: guardTokenizer('input', operation.inputTokenizer),
    outputTokenizer: guardTokenizer('output', operation.outputTokenizer),
    generate: (rng, split) => operation.generate(rng, split),
    // as many declared arguments as the operation's: readers of files decode inputs only for a classOf that reads them
    classOf: Object.defineProperty(
      (output: O, input: I | undefined) => {
        const cls = call(`classOf(${preview(output)}) (code_class)`, () => operation.classOf(output, input));
        if (!Number.isSafeInteger(cls) || cls < 0) {
          throw new PluginCodeError(
            `${label}: classOf(${preview(output)}) returned ${preview(cls)}; a class is a non-negative integer`,
          );
        }
        return cls;
      },
      'length',
      { value: operation.classOf.length },
    ),
    ...(typeof operation.className === 'function' && {
      className: (cls: number) => call(`className(${cls})`, () => operation.className!(cls)),
    }),
    ...(typeof operation.verify === 'function' && {
      verify: (predicted: O, target: O, input: I | undefined) =>
        call(`verify(${preview(predicted)}, ${preview(target)})`, () =>
          operation.verify!(predicted, target, input),
        ),
    }),
    ...(typeof operation.describe === 'function' && {
      describe: (input: I) => call(`describe(${preview(input)})`, () => operation.describe!(input)),
    }),
    ...(typeof operation.describeOutput === 'function' && {
      describeOutput: (output: O) =>
        call(`describeOutput(${preview(output)})`, () => operation.describeOutput!(output)),
    }),
  };
}

/** A value as a short string for a message. */
function preview(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}...` : text;
}
