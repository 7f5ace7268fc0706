// Parameter declarations: how operations and the core declare their settings (name, type, default, range, help).
import { UsageError } from '../core/usage-error';

export type ParamType = 'int' | 'float' | 'bool' | 'string';
export type ParamValue = number | boolean | string;

/** The values a numeric setting accepts: min <= value <= max, and value < below. */
export interface ParamRange {
  min?: number;
  max?: number;
  /** An exclusive upper bound, e.g. 1 for a dropout rate. */
  below?: number;
}

/** One setting, accepted as `--name value` on the command line and as `name` in a config file. */
export interface ParamSpec<T extends ParamValue = ParamValue> {
  type: ParamType;
  default: T;
  help: string;
  /** The allowed values, for string parameters with a fixed set. */
  options?: readonly string[];
  /** The allowed range, for int and float parameters. */
  range?: ParamRange;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/**
 * The values a component receives for its parameter declarations, typed from them:
 * `ParamsOf<{ maxint: ParamSpec<number>; signed: ParamSpec<boolean> }>` is `{ maxint: number; signed: boolean }`.
 */
export type ParamsOf<S extends ParamSpecs> = {
  readonly [K in keyof S]: S[K] extends ParamSpec<infer T> ? T : never;
};

/** The resolved values of a set of parameter declarations, untyped (where the declarations are not known statically). */
export type ParamValues = Readonly<Record<string, ParamValue>>;

export function intParam(defaultValue: number, help: string, range?: ParamRange): ParamSpec<number> {
  return { type: 'int', default: defaultValue, help, ...(range && { range }) };
}

export function floatParam(defaultValue: number, help: string, range?: ParamRange): ParamSpec<number> {
  return { type: 'float', default: defaultValue, help, ...(range && { range }) };
}

export function boolParam(defaultValue: boolean, help: string): ParamSpec<boolean> {
  return { type: 'bool', default: defaultValue, help };
}

/** A string; with `options`, one of them, and the value's type is their union. */
export function stringParam<const O extends readonly string[]>(
  defaultValue: O[number],
  help: string,
  options: O,
): ParamSpec<O[number]>;
export function stringParam(defaultValue: string, help: string): ParamSpec<string>;
export function stringParam(
  defaultValue: string,
  help: string,
  options?: readonly string[],
): ParamSpec<string> {
  return { type: 'string', default: defaultValue, help, ...(options && { options }) };
}

const EXPECTED = { int: 'an integer', float: 'a number', bool: 'true or false', string: 'a string' } as const;

/**
 * The one check of a parameter's value against its declaration (type, options, range), wherever the value
 * comes from: the command line and config files (after convertValue), a checkpoint, or code (buildOperation).
 * `source` names the setting in the message, e.g. `--batch_size` or `maxint in int2int.config.json`; `written`
 * is the value as the user wrote it, for the message.
 */
export function checkParamValue(
  source: string,
  spec: ParamSpec,
  value: unknown,
  written = value,
): ParamValue {
  const ok =
    spec.type === 'int'
      ? Number.isSafeInteger(value)
      : spec.type === 'float'
        ? typeof value === 'number' && Number.isFinite(value)
        : spec.type === 'bool'
          ? typeof value === 'boolean'
          : typeof value === 'string';
  const fail = (expected: string): never => {
    throw new UsageError(`${source} must be ${expected}, got ${JSON.stringify(written)}`);
  };
  if (!ok) fail(EXPECTED[spec.type]);
  const checked = value as ParamValue;
  if (spec.options && !spec.options.includes(String(checked))) fail(`one of ${spec.options.join(', ')}`);
  if (typeof checked === 'number' && !inRange(checked, spec.range)) fail(describeRange(spec.range!));
  return checked;
}

/** `at least 1`, `from 0 to 2`, `in [0, 1)`: the range in words, for messages and --help. */
export function describeRange({ min, max, below }: ParamRange): string {
  if (below !== undefined) return min !== undefined ? `in [${min}, ${below})` : `below ${below}`;
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return max !== undefined ? `at most ${max}` : 'any number';
}

/** Whether `value` lies in the declared range (always true without one). */
export function inRange(value: number, range: ParamRange | undefined): boolean {
  if (range === undefined) return true;
  const { min, max, below } = range;
  return (
    (min === undefined || value >= min) &&
    (max === undefined || value <= max) &&
    (below === undefined || value < below)
  );
}

/** `default: 32, at least 1`: what --help and listings show after a setting's help. */
export function describeDefault(spec: ParamSpec): string {
  const range = spec.range ? `, ${describeRange(spec.range)}` : '';
  const options = spec.options ? `, one of ${spec.options.join(', ')}` : '';
  return `default: ${JSON.stringify(spec.default)}${range}${options}`;
}
