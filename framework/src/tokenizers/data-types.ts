// The `--data_types "IN:OUT"` mini-language of `--operation data` (Int2Int's data_type_to_encoder).
import { NumberArray, type NumberTensor } from './number-array';
import { PositionalInt } from './positional-int';
import { SymbolicInt } from './symbolic-int';
import type { Tokenizer } from './tokenizer';

/** What a `--data_types` side decodes to: an integer or a tensor of integers. */
export type DataValue = number | NumberTensor;

export interface DataTypes {
  input: Tokenizer<DataValue>;
  output: Tokenizer<DataValue>;
}

const FORMS = 'use int, int[n], int[n][m], range(b) or range(a,b)';
const ARRAY = /^int((?:\[\d+\])+)$/;
const RANGE = /^range\((-?\d+)(?:,(-?\d+))?\)$/;

/**
 * The tokenizers of `--data_types "IN:OUT"`: `int` (PositionalInt(base)), `int[n]`, `int[n][m]`, ...
 * (NumberArray of PositionalInt), `range(b)` and `range(a,b)` (one token per integer of [a, b-1]).
 */
export function parseDataTypes(spec: string, base: number): DataTypes {
  const where = `--data_types "${spec}"`;
  const sides = spec.split(':');
  if (sides.length !== 2) {
    throw new Error(`${where}: expected "IN:OUT" with exactly one colon, e.g. "int[5]:range(5)"`);
  }
  const [input, output] = sides.map((side) => parseType(side.trim(), base, where));
  return { input, output };
}

function parseType(type: string, base: number, where: string): Tokenizer<DataValue> {
  if (type === '') throw new Error(`${where}: a side is empty; ${FORMS}`);
  if (type === 'int') return new PositionalInt(base);
  const array = ARRAY.exec(type);
  if (array) {
    const dims = array[1].slice(1, -1).split('][').map(Number);
    if (dims.some((n) => n < 1)) throw new Error(`${where}: array sizes must be at least 1 in "${type}"`);
    return new NumberArray(Math.max(...dims), 'V', dims.length, new PositionalInt(base));
  }
  if (type.startsWith('range(') && /\s/.test(type)) {
    throw new Error(`${where}: spaces are not allowed in "${type}"; write ${type.replace(/\s+/g, '')}`);
  }
  if (/^range\(.*\)\[/.test(type))
    throw new Error(`${where}: arrays of ranges ("${type}") are not supported`);
  const range = RANGE.exec(type);
  if (range) {
    const [low, high] = range[2] === undefined ? [0, Number(range[1])] : [Number(range[1]), Number(range[2])];
    if (high <= low) throw new Error(`${where}: "${type}" is empty; range(a,b) needs a < b`);
    return new SymbolicInt(low, high - 1);
  }
  throw new Error(`${where}: unknown type "${type}"; ${FORMS}`);
}
