// Parameters shared by the elliptic operations, and the error of the file-backed tasks.
import { intParam } from 'int2int';

export const BASE = intParam(
  1000,
  'Base of the integers in the token sequences (the elliptic data files use 1000)',
  {
    min: 2,
  },
);

/** What generate() of a file-backed task throws: where its examples come from instead. */
export function readsFilesError(operation: string, file: string): Error {
  return new Error(
    `--operation ${operation} reads its examples from files: give --train_data and --eval_data, e.g. ` +
      `--train_data <dir>/${file}.train.gz --eval_data <dir>/${file}.test.gz for the files written by ` +
      `\`int2int elliptic:prepare\` (for generated curves, see --operation elliptic_euler)`,
  );
}
