// The confusion tables that `--export_pred true` writes (predictions.<split>.<epoch>.csv in a run folder): found by
// split and epoch, and read back as cells (true class, predicted class, count) for `int2int plot --chart confusion`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/usage-error';

/** One cell of a confusion table: how many examples of class `actual` the model predicted as `predicted`. */
export interface ConfusionCell {
  actual: string;
  /** A class name, or `invalid` for outputs that do not decode. */
  predicted: string;
  count: number;
}

export interface ConfusionTable {
  file: string;
  split: string;
  epoch: number;
  /** The true classes in the file's order, and the predicted ones (`invalid` last). */
  actualClasses: string[];
  predictedClasses: string[];
  cells: ConfusionCell[];
}

const TABLE_NAME = /^predictions\.([a-z]+)\.(\d+)\.csv$/;

/** The epochs with a confusion table of `split` in `runDir`, in order. */
export function confusionEpochs(runDir: string, split: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(runDir);
  } catch {
    return [];
  }
  return names
    .map((name) => TABLE_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null && match[1] === split)
    .map((match) => Number(match[2]))
    .sort((a, b) => a - b);
}

/**
 * The confusion table of `split` at `epoch` in `runDir` (the last one written when `epoch` is undefined); a
 * missing or malformed file is a one-line error naming the file (and line) and what to do.
 */
export function readConfusion(runDir: string, split: string, epoch?: number): ConfusionTable {
  const epochs = confusionEpochs(runDir, split);
  if (epochs.length === 0)
    throw new UsageError(
      `No predictions.${split}.<epoch>.csv in ${runDir}: train (or evaluate) with --export_pred true to write the table of true and predicted classes`,
    );
  const chosen = epoch ?? epochs.at(-1)!;
  if (!epochs.includes(chosen))
    throw new UsageError(
      `No predictions.${split}.${chosen}.csv in ${runDir}: its tables are of epoch${epochs.length > 1 ? 's' : ''} ${epochs.join(', ')}`,
    );
  const file = path.join(runDir, `predictions.${split}.${chosen}.csv`);
  return { file, split, epoch: chosen, ...parseConfusionCsv(fs.readFileSync(file, 'utf8'), file) };
}

/** The cells of a predictions CSV: header `true\predicted,<classes>,invalid,total`, a row per true class. */
export function parseConfusionCsv(
  text: string,
  file: string,
): Pick<ConfusionTable, 'actualClasses' | 'predictedClasses' | 'cells'> {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = lines[0]?.split(',') ?? [];
  if (header[0] !== 'true\\predicted' || header.at(-1) !== 'total' || header.at(-2) !== 'invalid')
    throw new UsageError(
      `${file}:1: not a predictions table (its header is not true\\predicted,...,invalid,total)`,
    );
  const predictedClasses = header.slice(1, -1);
  const actualClasses: string[] = [];
  const cells: ConfusionCell[] = [];
  lines.slice(1).forEach((line, i) => {
    const fields = line.split(',');
    const counts = fields.slice(1).map(Number);
    if (fields.length !== header.length || counts.some((count) => !Number.isInteger(count) || count < 0))
      throw new UsageError(
        `${file}:${i + 2}: expected a class and ${header.length - 1} counts, found "${line.slice(0, 80)}"`,
      );
    const actual = fields[0];
    actualClasses.push(actual);
    predictedClasses.forEach((predicted, c) => cells.push({ actual, predicted, count: counts[c] }));
  });
  return { actualClasses, predictedClasses, cells };
}
