// Parameter declarations: how operations and the core declare their settings (name, type, default, help).

export type ParamType = 'int' | 'float' | 'bool' | 'string';
export type ParamValue = number | boolean | string;

/** One setting, accepted as `--name value` on the command line and as `name` in a config file. */
export interface ParamSpec<T extends ParamValue = ParamValue> {
  type: ParamType;
  default: T;
  help: string;
  /** The allowed values, for string parameters with a fixed set. */
  options?: readonly string[];
}

export type ParamSpecs = Record<string, ParamSpec>;

/** The resolved values of a set of parameter declarations. */
export type ParamValues = Record<string, ParamValue>;

export function intParam(defaultValue: number, help: string): ParamSpec<number> {
  return { type: 'int', default: defaultValue, help };
}

export function floatParam(defaultValue: number, help: string): ParamSpec<number> {
  return { type: 'float', default: defaultValue, help };
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
