// Splits curves into train/valid/test by isogeny class and writes the rank, torsion and ap25 files of each split.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'int2int';
import type { CurveRecord } from './curve-table';

export const SPLITS = ['train', 'valid', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];
export type Splits = Record<SplitName, CurveRecord[]>;

/** The files of each task: their name prefix and the output side of a line. */
export const TASKS: Record<string, { prefix: string; output: (curve: CurveRecord) => string }> = {
  rank: { prefix: 'rank', output: (curve) => String(curve.rank) },
  torsion: { prefix: 'torsion', output: (curve) => String(curve.torsion) },
  ap: { prefix: 'ap25', output: (curve) => curve.ap },
};

/** The tasks of a --tasks list such as `rank,torsion,ap`; unknown names are errors. */
export function parseTasks(list: string): string[] {
  const tasks = list.split(',').map((task) => task.trim());
  const unknown = tasks.find((task) => !(task in TASKS));
  if (unknown !== undefined) {
    throw new Error(`--tasks: unknown task "${unknown}"; the tasks are ${Object.keys(TASKS).join(', ')}`);
  }
  return tasks;
}

export interface SplitOptions {
  /** Curves in the valid and test splits: a count (>= 1) or a share of all curves (below 1). */
  validSize: number;
  testSize: number;
  seed: number;
}

/** How many curves a --valid_size / --test_size value asks for, out of `total`. */
export function curvesWanted(size: number, total: number, flag: string): number {
  if (!Number.isFinite(size) || size < 0 || (size > 1 && !Number.isInteger(size))) {
    throw new Error(`${flag} must be a number of curves or a share below 1, got ${size}`);
  }
  return size < 1 ? Math.round(size * total) : size;
}

/**
 * Shuffles the isogeny classes with the seed, then fills test, then valid, class by class, until each holds at
 * least the curves asked for; the rest is train. No class is in two splits. Curves are shuffled within splits.
 */
export function splitByClass(curves: readonly CurveRecord[], options: SplitOptions): Splits {
  const classes = new Map<string, CurveRecord[]>();
  for (const curve of curves) {
    const members = classes.get(curve.isogenyClass);
    if (members) members.push(curve);
    else classes.set(curve.isogenyClass, [curve]);
  }
  const rng = new Rng([options.seed]);
  const order = rng.shuffle([...classes.values()]);
  const wanted = {
    test: curvesWanted(options.testSize, curves.length, '--test_size'),
    valid: curvesWanted(options.validSize, curves.length, '--valid_size'),
  };
  const splits: Splits = { train: [], valid: [], test: [] };
  for (const members of order) {
    const split =
      splits.test.length < wanted.test ? 'test' : splits.valid.length < wanted.valid ? 'valid' : 'train';
    splits[split].push(...members);
  }
  for (const split of SPLITS) rng.shuffle(splits[split]);
  return splits;
}

/**
 * Writes `<prefix>.<split>` for each task and `<split>.labels` (one label per line, in the same order) in
 * `outDir`; empty splits are not written. Returns the paths written.
 */
export function writeSplits(outDir: string, splits: Splits, tasks: readonly string[]): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const split of SPLITS) {
    const curves = splits[split];
    if (curves.length === 0) continue;
    for (const task of tasks) {
      const { prefix, output } = TASKS[task];
      const path = join(outDir, `${prefix}.${split}`);
      writeAtomically(path, curves, (curve) => `${curve.input}\t${output(curve)}\n`);
      written.push(path);
    }
    const labels = join(outDir, `${split}.labels`);
    writeAtomically(labels, curves, (curve) => `${curve.label}\n`);
    written.push(labels);
  }
  return written;
}

/** Writes one line per item to a temporary file, syncs it, then renames it over `path`. */
function writeAtomically<T>(path: string, items: readonly T[], line: (item: T) => string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    for (let start = 0; start < items.length; start += 10000) {
      writeSync(
        fd,
        items
          .slice(start, start + 10000)
          .map(line)
          .join(''),
      );
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
