// The code of templates/operation's test for the chosen types: examples computed as the generated operation does.
import { NumberArray } from '../tokenizers/number-array';
import { PositionalInt } from '../tokenizers/positional-int';
import { SymbolicInt } from '../tokenizers/symbolic-int';
import type { Tokenizer } from '../tokenizers/tokenizer';
import { call, PRINT_WIDTH } from './operation-code';
import type { OperationSpec, ValueType } from './operation-spec';

type Value = number | number[];

const SAMPLES = [12, 30, 7, 25, 3, 18, 9, 41];

/** The variables of templates/operation/__operation__.operation.test.ts for `spec`. */
export function testCodeVariables({ input, output, params }: OperationSpec): Record<string, string> {
  const baseParam = params.find((param) => param.name === 'base' && param.type === 'int');
  const base = baseParam ? Number(baseParam.default) : 10;
  const first = example(input, 0);
  const answer = solve(first, output);
  const tokens = (type: ValueType, value: Value) => tokenizer(type, base).encode(value).join(' ');
  const encode = (side: string, value: Value, type: ValueType) =>
    call(
      '    ',
      `expect(op.${side}Tokenizer.encode(${show(value)}).join(' ')).toBe`,
      [`'${tokens(type, value)}'`],
      ';',
    );
  return {
    testOptions: testOptions(
      input,
      output,
      params.some((p) => p.name === 'maxint' && p.type === 'int'),
    ),
    encodeInput: encode('input', first, input),
    encodeOutput: encode('output', answer, output),
    exampleOutput: show(answer),
    exampleClass: String(classOf(answer, output)),
  };
}

function testOptions(input: ValueType, output: ValueType, hasMaxint: boolean): string {
  const examples = [0, 1].map((i) => {
    const value = example(input, i);
    return `    { input: ${show(value)}, output: ${show(solve(value, output))} },`;
  });
  const first = example(input, 0);
  const answer = solve(first, output);
  const wrong = wrongAnswer(answer, output);
  return [
    ...(hasMaxint ? ['  params: { maxint: 100 },'] : []),
    '  examples: [',
    ...examples,
    '  ],',
    ...(wrong === undefined
      ? []
      : [
          wrapped(
            `  wrongAnswers: [{ input: ${show(first)}, output: ${show(answer)}, predicted: ${show(wrong)} }],`,
          ),
        ]),
  ].join('\n');
}

/** A one-element array of one object, broken as prettier breaks it when the line is too long. */
function wrapped(line: string): string {
  if (line.length <= PRINT_WIDTH) return line;
  const inner = /^ {2}wrongAnswers: \[\{ (.*) \}\],$/.exec(line)![1];
  const entries = inner.split(/, (?=input:|output:|predicted:)/);
  return ['  wrongAnswers: [', '    {', ...entries.map((entry) => `      ${entry},`), '    },', '  ],'].join(
    '\n',
  );
}

/** The i-th listed problem of a type: small integers, within a range's bounds. */
function example(type: ValueType, i: number): Value {
  const pick = (j: number) => (i === 0 ? SAMPLES[j % SAMPLES.length] : j % 2 === 0 ? 0 : 7);
  if (type.kind === 'int') return i === 0 ? 42 : 7;
  if (type.kind === 'array') return Array.from({ length: type.size }, (_, j) => pick(j));
  const m = type.high - type.low;
  return type.low + ((((i === 0 ? 42 : 7) % m) + m) % m);
}

/** What the generated solve() returns: the sum of the input, as the output type. */
function solve(input: Value, output: ValueType): Value {
  const total = Array.isArray(input) ? input.reduce((sum, x) => sum + x, 0) : input;
  if (output.kind === 'int') return total;
  if (output.kind === 'array') return new Array<number>(output.size).fill(total);
  const m = output.high - output.low;
  return output.low + (((total % m) + m) % m);
}

function wrongAnswer(answer: Value, output: ValueType): Value | undefined {
  if (Array.isArray(answer)) return [answer[0] - 1, ...answer.slice(1)];
  if (output.kind !== 'range') return answer - 1;
  const m = output.high - output.low;
  return m < 2 ? undefined : output.low + ((answer - output.low + 1) % m);
}

function classOf(answer: Value, output: ValueType): number {
  if (output.kind === 'range') return (answer as number) - output.low;
  return String(Math.abs(Array.isArray(answer) ? answer[0] : answer)).length;
}

function tokenizer(type: ValueType, base: number): Tokenizer<Value> {
  if (type.kind === 'range') return new SymbolicInt(type.low, type.high - 1);
  const int = new PositionalInt(base);
  return type.kind === 'array' ? new NumberArray<number[]>(type.size, 'V', 1, int) : int;
}

function show(value: Value): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
