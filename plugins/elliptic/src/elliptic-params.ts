// Parameters shared by the elliptic operations, typed readers for them, and the error of the file-backed tasks.
import { intParam, type ParamValues } from 'int2int';

export const BASE = intParam(
  1000,
  'Base of the integers in the token sequences (the shared files use 1000)',
  {
    min: 2,
  },
);

/** The integer parameter `name`, checked to lie in [min, max]. */
export function intIn(params: ParamValues, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`--${name} must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The string parameter `name`. */
export function stringOf(params: ParamValues, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new Error(`--${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** What generate() of a file-backed task throws: where its examples come from instead. */
export function readsFilesError(operation: string, file: string): Error {
  return new Error(
    `--operation ${operation} reads its examples from files: give --train_data and --eval_data, e.g. ` +
      `--train_data ../shared/data/elliptic/${file}.train.gz --eval_data ../shared/data/elliptic/${file}.test.gz, ` +
      `or files written by \`int2int elliptic:prepare\` (for generated curves, see --operation elliptic_euler)`,
  );
}
