// The code of templates/operation for the chosen types and parameters: its template variables, prettier-formatted.
import type { ParamValue } from '../operations/parameters';
import type { TemplateVariables } from './render-template';
import { typeName, type OperationSpec, type ParamDecl, type ValueType } from './operation-spec';

/** The repository's (and the rendered plugins') prettier printWidth: generated lines are broken as prettier would. */
export const PRINT_WIDTH = 110;

const PARAM_FUNCTIONS = {
  int: 'intParam',
  float: 'floatParam',
  bool: 'boolParam',
  string: 'stringParam',
} as const;

/** The variables of templates/operation/__operation__.operation.ts for `spec` (its name and class name apart). */
export function operationCodeVariables(spec: OperationSpec): TemplateVariables {
  const { input, output, params } = spec;
  const has = (name: string) => params.some((param) => param.name === name && param.type === 'int');
  const base = has('base') ? 'params.base' : '10';
  const maxint = has('maxint') ? 'this.params.maxint' : '1000';
  const total = input.kind === 'array' ? 'input.reduce((sum, x) => sum + x, 0)' : 'input';
  return {
    imports: imports(spec),
    summary: summary(spec),
    paramsDeclaration: params.length === 0 ? '' : `\n${paramsDeclaration(params)}\n`,
    params: params.length === 0 ? '{}' : 'PARAMS',
    inputType: tsType(input),
    outputType: tsType(output),
    inputTokenizer: tokenizerType(input),
    outputTokenizer: tokenizerType(output),
    constructorParams: params.length === 0 ? '' : 'private readonly params: ParamsOf<typeof PARAMS>',
    constructorBody: [
      `    this.inputTokenizer = ${tokenizer(input, base)};`,
      `    this.outputTokenizer = ${tokenizer(output, base)};`,
    ].join('\n'),
    draw: draw(input, maxint),
    solution: solution(output),
    solve: answer(output, total, input.kind !== 'range' || input.low >= 0),
    classDoc: classDoc(output),
    classOf: classOf(output),
    describe: input.kind === 'array' ? "input.join(' + ')" : 'String(input)',
  };
}

/** A string literal as prettier writes it: single quotes unless the text holds more of them than double quotes. */
export function quote(text: string): string {
  const q = (text.match(/'/g) ?? []).length > (text.match(/"/g) ?? []).length ? '"' : "'";
  return q + text.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** A parameter value as TypeScript. */
export function literal(value: ParamValue): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** `head(a, b)` on one line when it fits `indent`, else one argument a line (prettier's break). */
export function call(indent: string, head: string, args: readonly string[], tail: string): string {
  const line = `${indent}${head}(${args.join(', ')})${tail}`;
  if (line.length <= PRINT_WIDTH) return line;
  return [`${indent}${head}(`, ...args.map((arg) => `${indent}  ${arg},`), `${indent})${tail}`].join('\n');
}

function imports({ input, output, params }: OperationSpec): string {
  const tokenizers: string[] = [input, output].map((type) =>
    type.kind === 'range' ? 'SymbolicInt' : 'PositionalInt',
  );
  if (input.kind === 'array' || output.kind === 'array') tokenizers.push('NumberArray');
  const values = ['operation', ...tokenizers, ...params.map((param) => PARAM_FUNCTIONS[param.type])];
  const types = ['Example', 'Operation', ...(params.length > 0 ? ['ParamsOf'] : []), 'Rng'];
  const names = [...[...new Set(values)].sort(byName), ...types.map((name) => `type ${name}`)];
  const line = `import { ${names.join(', ')} } from 'int2int';`;
  return line.length <= PRINT_WIDTH
    ? line
    : `import {\n${names.map((name) => `  ${name},`).join('\n')}\n} from 'int2int';`;
}

function byName(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

function summary({ input, output }: OperationSpec): string {
  const types = `${typeName(input)} -> ${typeName(output)}`;
  if (output.kind === 'range') return `${types}: the sum of the input modulo ${output.high - output.low}`;
  return `${types}: the sum of the input${output.kind === 'array' ? `, ${output.size} times` : ''}`;
}

/** `const PARAMS = { maxint: intParam(1000, '...') };`: the one declaration of the parameters, with its comment. */
function paramsDeclaration(params: readonly ParamDecl[]): string {
  const lines = params.map((param) =>
    call(
      '  ',
      `${param.name}: ${PARAM_FUNCTIONS[param.type]}`,
      [literal(param.default), quote(param.help)],
      ',',
    ),
  );
  return [
    '/**',
    ' * The parameters, declared once: each is a flag of `int2int train` and a key of its config file. The',
    ' * constructor receives their values, typed from these declarations (ParamsOf), defaults overridden.',
    ' */',
    'const PARAMS = {',
    ...lines,
    '};',
  ].join('\n');
}

function tsType(type: ValueType): string {
  return type.kind === 'array' ? 'number[]' : 'number';
}

function tokenizerType(type: ValueType): string {
  if (type.kind === 'range') return 'SymbolicInt';
  return type.kind === 'array' ? 'NumberArray<number[]>' : 'PositionalInt';
}

function tokenizer(type: ValueType, base: string): string {
  if (type.kind === 'range') return `new SymbolicInt(${type.low}, ${type.high - 1})`;
  const int = `new PositionalInt(${base})`;
  return type.kind === 'array' ? `new NumberArray<number[]>(${type.size}, 'V', 1, ${int})` : int;
}

function draw(type: ValueType, maxint: string): string {
  if (type.kind === 'range') return `rng.int(${type.low}, ${type.high - 1})`;
  const int = `rng.int(0, ${maxint})`;
  return type.kind === 'array' ? `Array.from({ length: ${type.size} }, () => ${int})` : int;
}

function solution(output: ValueType): string {
  if (output.kind === 'range') return `the sum of the input, modulo the size of ${typeName(output)}`;
  return output.kind === 'array' ? `the sum of the input, ${output.size} times` : 'the sum of the input';
}

/** The solution's expression: `total` (the sum of the input) as the output type. */
function answer(output: ValueType, total: string, nonNegative: boolean): string {
  if (output.kind === 'int') return total;
  if (output.kind === 'array') return `new Array<number>(${output.size}).fill(${total})`;
  const m = output.high - output.low;
  const rest = nonNegative ? `${total} % ${m}` : `((${total} % ${m}) + ${m}) % ${m}`;
  return output.low === 0 ? rest : `${output.low} + (${rest})`;
}

function classDoc(output: ValueType): string {
  if (output.kind === 'range') return 'the output, counted from the start of its range';
  return output.kind === 'array'
    ? 'the number of digits of its first integer'
    : 'the number of digits of the output';
}

function classOf(output: ValueType): string {
  if (output.kind === 'int') return 'String(Math.abs(output)).length';
  if (output.kind === 'array') return 'String(Math.abs(output[0])).length';
  if (output.low === 0) return 'output';
  return output.low > 0 ? `output - ${output.low}` : `output + ${-output.low}`;
}
