// Parameter declarations: how operations and the core declare their settings (name, type, default, range, help).

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

export type ParamSpecs = Record<string, ParamSpec>;

/** The resolved values of a set of parameter declarations. */
export type ParamValues = Record<string, ParamValue>;

export function intParam(defaultValue: number, help: string, range?: ParamRange): ParamSpec<number> {
  return { type: 'int', default: defaultValue, help, ...(range && { range }) };
}

export function floatParam(defaultValue: number, help: string, range?: ParamRange): ParamSpec<number> {
  return { type: 'float', default: defaultValue, help, ...(range && { range }) };
}

export function boolParam(defaultValue: boolean, help: string): ParamSpec<boolean> {
  return { type: 'bool', default: defaultValue, help };
}

export function stringParam(
  defaultValue: string,
  help: string,
  options?: readonly string[],
): ParamSpec<string> {
  return { type: 'string', default: defaultValue, help, options };
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
