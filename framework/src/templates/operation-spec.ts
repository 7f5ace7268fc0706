// The choices of a new operation (input and output types in --data_types' language, parameters): parsing and checks.
import { CORE_PARAMETERS, PARAMETER_ALIASES } from '../config/core-parameters';
import type { ParamType, ParamValue } from '../operations/parameters';

/** `int` (PositionalInt), `int[n]` (NumberArray of n PositionalInt), `range(a,b)` (SymbolicInt of [a, b-1]). */
export type ValueType =
  { kind: 'int' } | { kind: 'array'; size: number } | { kind: 'range'; low: number; high: number };

/** A parameter of the new operation: `name:type=default`, then `:help` optionally. */
export interface ParamDecl {
  name: string;
  type: ParamType;
  default: ParamValue;
  help: string;
}

/** What a new operation computes from and into, and the parameters it declares. */
export interface OperationSpec {
  input: ValueType;
  output: ValueType;
  params: ParamDecl[];
}

export const DEFAULT_INPUT = 'int[2]';
export const DEFAULT_OUTPUT = 'int';
/** The parameters of the templates before types and parameters could be chosen (`maxint`, `base`). */
export const DEFAULT_PARAMS = ['maxint:int=1000', 'base:int=10'];

const KNOWN_HELP: Readonly<Record<string, string>> = {
  maxint: 'the integers are drawn uniformly from [0, maxint]',
  base: 'the base in which the integers are written',
};
const TYPE_FORMS = 'use int, int[n], range(b) or range(a,b), e.g. int[2] or range(10)';
const PARAM_FORM = 'write name:type=default or name:type=default:help, e.g. maxint:int=1000';
const PARAM = /^([a-z][a-z0-9_]*):(int|float|bool|string)=([^:]*)(?::(.*))?$/;
/** The operation class's own members: a parameter of that name would replace them. */
const MEMBERS = ['constructor', 'describe', 'generate', 'solve'];

/** A type of --data_types that the templates can generate: `int`, `int[n]`, `range(b)`, `range(a,b)`. */
export function parseValueType(text: string): ValueType {
  const type = text.trim();
  if (type === 'int') return { kind: 'int' };
  const array = /^int\[(\d+)\]$/.exec(type);
  if (array) {
    const size = Number(array[1]);
    if (size < 1) throw new Error(`"${type}": an array holds at least 1 integer`);
    return { kind: 'array', size };
  }
  if (/^int(\[\d+\]){2,}$/.test(type))
    throw new Error(`"${type}": the templates write vectors only; ${TYPE_FORMS}`);
  const range = /^range\((-?\d+)(?:,(-?\d+))?\)$/.exec(type.replace(/\s+/g, ''));
  if (range) {
    const [low, high] = range[2] === undefined ? [0, Number(range[1])] : [Number(range[1]), Number(range[2])];
    if (high <= low) throw new Error(`"${type}" is empty: range(a,b) needs a < b`);
    return { kind: 'range', low, high };
  }
  throw new Error(`unknown type "${type}"; ${TYPE_FORMS}`);
}

/** One parameter, `maxint:int=1000` or `maxint:int=1000:the largest operand`. */
export function parseParam(text: string): ParamDecl {
  const match = PARAM.exec(text.trim());
  if (!match) throw new Error(`"${text.trim()}" is not a parameter: ${PARAM_FORM}`);
  const [, name, type, raw, help] = match as unknown as [string, string, ParamType, string, string?];
  if (CORE_PARAMETERS[name] || PARAMETER_ALIASES[name]) {
    throw new Error(`parameter "${name}" clashes with the core parameter --${name}; choose another name`);
  }
  if (MEMBERS.includes(name))
    throw new Error(`parameter "${name}" is a method of the operation; choose another name`);
  return {
    name,
    type,
    default: parseDefault(name, type, raw.trim()),
    help: help?.trim() || defaultHelp(name),
  };
}

/** Parameters from `--param` flags (one each) or the editor's comma-separated list; no text: none. */
export function parseParams(texts: readonly string[]): ParamDecl[] {
  const params = texts.filter((text) => text.trim() !== '').map(parseParam);
  const names = params.map((param) => param.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new Error(`parameter "${repeated}" is declared twice`);
  const base = params.find((param) => param.name === 'base');
  if (base && (base.type !== 'int' || Number(base.default) < 2)) {
    throw new Error('parameter "base" is the base of the integers: an int of at least 2');
  }
  return params;
}

/** The parameters of a comma-separated list (the editor's input), `maxint:int=1000,base:int=10`. */
export function parseParamList(text: string): ParamDecl[] {
  return parseParams(text.split(','));
}

/** The spec of the chosen types and parameters; every part defaults to what the templates always wrote. */
export function operationSpec(
  input = DEFAULT_INPUT,
  output = DEFAULT_OUTPUT,
  params = DEFAULT_PARAMS,
): OperationSpec {
  return { input: parseValueType(input), output: parseValueType(output), params: parseParams(params) };
}

/** The message of the error that `parse(text)` throws, or undefined when it accepts `text` (input validation). */
export function validationError(parse: (text: string) => unknown, text: string): string | undefined {
  try {
    parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The --data_types spelling of a type: `int`, `int[2]`, `range(5)`, `range(-2,3)`. */
export function typeName(type: ValueType): string {
  if (type.kind === 'int') return 'int';
  if (type.kind === 'array') return `int[${type.size}]`;
  return type.low === 0 ? `range(${type.high})` : `range(${type.low},${type.high})`;
}

function parseDefault(name: string, type: ParamType, raw: string): ParamValue {
  const wrong = (what: string) => new Error(`parameter "${name}": the default "${raw}" is not ${what}`);
  if (type === 'string') return raw;
  if (type === 'bool') {
    if (raw !== 'true' && raw !== 'false') throw wrong('true or false');
    return raw === 'true';
  }
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) throw wrong('a number');
  if (type === 'int' && !Number.isSafeInteger(value)) throw wrong('an integer');
  return value;
}

function defaultHelp(name: string): string {
  return KNOWN_HELP[name] ?? `the ${name} parameter`;
}
