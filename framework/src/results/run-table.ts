// The table of `int2int runs`: one row per run of a dump path (state, progress, best and last value of a metric,
// speed, backend) and a column for each setting in which the rows differ, as the manual's ReadXP notebook builds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../reporting/events';
import { UsageError } from '../core/usage-error';
import { RunSeries } from '../reporting/run-series';
import { findRunDirs, RunIndex, subfolders, type RunInfo, type RunRecord } from './run-discovery';
import { differingSettings } from './run-names';
import { existingSweep, type SweepFile } from '../sweep/sweep-file';
import type { RunState } from './run-summary';

/** A value of the chosen metric and the epoch of the evaluation that gave it. */
export interface MetricValue {
  value: number;
  epoch: number;
}

export interface RunRow {
  /** exp_name/exp_id. */
  run: string;
  dir: string;
  state: RunState;
  /** Epochs evaluated (the last one's number + 1). */
  epochs: number;
  /** Training examples seen: steps × batch_size. */
  examples: number;
  best?: MetricValue;
  last?: MetricValue;
  /** Seconds of training and evaluation, over every process that ran the run. */
  seconds: number;
  /** The mean training speed of its reports. */
  examplesPerSecond?: number;
  backend?: string;
  /** The settings in which the rows shown differ. */
  settings: Record<string, unknown>;
  /** Why a failed or diverged run ended. */
  message?: string;
}

export interface RunTable {
  metric: string;
  /** The settings that differ between the rows, in column order. */
  settingColumns: string[];
  rows: RunRow[];
  /** Lines that could not be read, named by file and line; the runs are listed without them. */
  problems: string[];
  /** Folders of an experiment that are no int2int run, each with the reason. */
  skipped: string[];
}

export interface RunTableOptions {
  /** Only these experiments (exp_name); all when empty. */
  expNames?: readonly string[];
  /** valid_arithmetic_acc by default; a metric ending in xe_loss is best when lowest. */
  metric?: string;
  /** `key=value`: a setting (or `state`) the rows must have. */
  filters?: ReadonlyArray<{ key: string; value: string }>;
  /** A column to sort by (run, state, epochs, examples, best, last, seconds, examples_per_s, or a setting). */
  sort?: string;
}

export const DEFAULT_METRIC = 'valid_arithmetic_acc';

/**
 * The runs of `dumpPath` as a table; reads params.json and events.jsonl only (never a checkpoint), and the
 * train.log of the original Int2Int's runs.
 */
export function runTable(dumpPath: string, options: RunTableOptions = {}): RunTable {
  const metric = options.metric ?? DEFAULT_METRIC;
  const problems: string[] = [];
  const rows: Array<{ run: RunInfo; row: RunRow }> = [];
  for (const record of selectRuns(dumpPath, options)) {
    problems.push(...record.problems);
    rows.push({ run: record.run, row: rowOf(record, metric, problems) });
  }
  const { gridKeys, order } = sweepLayout(dumpPath, options.expNames);
  // a sweep's runs in the order of its points (base=2 before base=10); the experiments stay in their order
  const experiments = [...new Set(rows.map(({ run }) => run.expName))];
  const key = ({ run }: (typeof rows)[number]) => [
    experiments.indexOf(run.expName),
    order.get(run.dir) ?? -1,
  ];
  rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1];
  });
  const settingColumns = [
    ...gridKeys,
    ...differingSettings(rows.map(({ run }) => run)).filter((key) => !gridKeys.includes(key)),
  ];
  for (const { run, row } of rows) {
    row.settings = Object.fromEntries(settingColumns.map((key) => [key, run.params[key]]));
  }
  const table = rows.map(({ row }) => row);
  if (options.sort !== undefined) {
    const sortable = [...SORT_COLUMNS, ...settingColumns];
    if (!sortable.includes(options.sort))
      throw new UsageError(`--sort ${options.sort}: sort by one of ${sortable.join(', ')}`);
    sortRows(table, options.sort, metric);
  }
  const listed = new Set(findRunDirs(dumpPath, { original: true, expNames: options.expNames }));
  const skipped = otherFolders(dumpPath, options.expNames)
    .filter((dir) => !listed.has(dir))
    .map((dir) => `${dir}: ${whyNotARun(dir)}`);
  return { metric, settingColumns, rows: table, problems, skipped };
}

/**
 * Checks the dump path a results command was given and reads its `--filter key=value` flags; one-line errors for a
 * missing folder or a filter without `=`.
 */
export function readSelection(
  dumpPath: string,
  filterFlags: readonly string[] = [],
): RunTableOptions['filters'] {
  if (!fs.existsSync(dumpPath) || !fs.statSync(dumpPath).isDirectory())
    throw new UsageError(`No such folder: ${dumpPath} (the --dump_path of the runs, ./dumped by default)`);
  return filterFlags.map((text) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`--filter ${text}: write key=value, e.g. --filter base=10`);
    return { key: text.slice(0, at), value: text.slice(at + 1) };
  });
}

/**
 * The runs of `dumpPath` of the experiments asked for, with the settings (or state) the filters ask for, each read
 * once, one at a time.
 */
export function* selectRuns(
  dumpPath: string,
  options: Pick<RunTableOptions, 'expNames' | 'filters'>,
): Generator<RunRecord> {
  for (const record of new RunIndex(dumpPath, { original: true, expNames: options.expNames }).records()) {
    const { run } = record;
    const selected = (options.filters ?? []).every(({ key, value }) =>
      key === 'state' ? run.state === value : settingText(run.params[key]) === value,
    );
    if (selected) yield record;
  }
}

/**
 * The sweeps (sweep.json) among the experiments shown: their grid keys, which a sweep's table has as columns, and
 * each of their runs' place in its sweep, the order of its rows.
 */
function sweepLayout(
  dumpPath: string,
  expNames: readonly string[] | undefined,
): { gridKeys: string[]; order: Map<string, number> } {
  const keys = new Set<string>();
  const order = new Map<string, number>();
  for (const experiment of subfolders(dumpPath)) {
    if (expNames?.length && !expNames.includes(path.basename(experiment))) continue;
    let sweep: SweepFile | undefined;
    try {
      sweep = existingSweep(experiment);
    } catch {
      continue; // an unreadable sweep.json: its runs are still listed, with the settings in which they differ
    }
    for (const key of Object.keys(sweep?.grid ?? {})) keys.add(key);
    for (const point of sweep?.points ?? []) {
      for (const key of Object.keys(point.settings)) keys.add(key);
      order.set(path.join(experiment, point.id), point.index);
    }
  }
  return { gridKeys: [...keys], order };
}

/** The <exp_name>/<exp_id> folders of `dumpPath`, runs or not. */
function otherFolders(dumpPath: string, expNames: readonly string[] | undefined): string[] {
  return subfolders(dumpPath)
    .filter((experiment) => !expNames?.length || expNames.includes(path.basename(experiment)))
    .flatMap(subfolders)
    .filter((dir) => !path.basename(dir).startsWith('.')); // a sweep's .sweep folder, hidden folders: no runs
}

function whyNotARun(dir: string): string {
  if (fs.existsSync(path.join(dir, 'train.log')))
    return 'its train.log is neither an int2int nor an original Int2Int log, and it has no params.json or events.jsonl';
  return 'no params.json, events.jsonl or train.log: not a run';
}

function rowOf({ run, events }: RunRecord, metric: string, problems: string[]): RunRow {
  const paramsFile = path.join(run.dir, 'params.json');
  if (run.format === 'int2int' && Object.keys(run.params).length === 0 && fs.existsSync(paramsFile))
    problems.push(`${paramsFile}: not readable JSON (the run's settings are not shown)`);
  const series = new RunSeries();
  series.append(events);
  const split = metric.split('_')[0];
  const values = series
    .evaluationsOf(split)
    .filter((point) => Number.isFinite(point.metrics[metric]))
    .map((point) => ({ value: point.metrics[metric], epoch: point.epoch }));
  const lowerIsBetter = metric.endsWith('xe_loss');
  const best = values.reduce<MetricValue | undefined>(
    (a, b) => (a === undefined || (lowerIsBetter ? b.value < a.value : b.value > a.value) ? b : a),
    undefined,
  );
  const lastPoint = series.training.at(-1);
  const lastEvaluation = series.evaluations.at(-1);
  const { backend, examplesPerSecond, steps } = foldProgress(events);
  const batchSize = typeof run.params.batch_size === 'number' ? run.params.batch_size : 0;
  return {
    run: `${run.expName}/${run.expId}`,
    dir: run.dir,
    state: run.state,
    epochs: series.evaluations.length ? Math.max(...series.evaluations.map((point) => point.epoch)) + 1 : 0,
    examples: steps * batchSize,
    best,
    last: values.at(-1),
    seconds: Math.max(lastPoint?.seconds ?? 0, lastEvaluation?.seconds ?? 0),
    examplesPerSecond,
    backend,
    settings: {},
    message: run.state === 'failed' || run.state === 'diverged' ? run.summary.message : undefined,
  };
}

/**
 * The backend of the latest process, the mean examples/s of the training reports, and the training steps done:
 * the latest report's or checkpoint's (a resume goes back to its checkpoint's step).
 */
function foldProgress(events: readonly RunEvent[]): {
  backend?: string;
  examplesPerSecond?: number;
  steps: number;
} {
  let backend: string | undefined;
  let steps = 0;
  const speeds: number[] = [];
  for (const event of events) {
    if (event.type === 'run_start') {
      backend = event.backend;
      steps = event.resumedFrom?.iteration ?? 0;
    } else if (event.type === 'train_stats') {
      steps = event.step;
      if (Number.isFinite(event.examplesPerSecond)) speeds.push(event.examplesPerSecond);
    } else if (event.type === 'checkpoint') steps = Math.max(steps, event.step);
  }
  const examplesPerSecond = speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : undefined;
  return { backend, examplesPerSecond, steps };
}

/** The columns `--sort` takes besides the settings: larger first for scores and progress, else in order. */
export const SORT_COLUMNS = [
  'run',
  'state',
  'epochs',
  'examples',
  'best',
  'last',
  'seconds',
  'examples_per_s',
];

function sortRows(rows: RunRow[], column: string, metric: string): void {
  const lowerIsBetter = metric.endsWith('xe_loss');
  const key = (row: RunRow): number | string | undefined => {
    switch (column) {
      case 'run':
        return row.run;
      case 'state':
        return row.state;
      case 'epochs':
        return row.epochs;
      case 'examples':
        return row.examples;
      case 'best':
        return row.best?.value;
      case 'last':
        return row.last?.value;
      case 'seconds':
        return row.seconds;
      case 'examples_per_s':
        return row.examplesPerSecond;
      default:
        return settingValue(row.settings[column]);
    }
  };
  // scores best first (highest accuracy, lowest loss), counts largest first, names and settings in order
  const descending =
    ((column === 'best' || column === 'last') && !lowerIsBetter) ||
    ['epochs', 'examples', 'examples_per_s'].includes(column);
  rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x === undefined || y === undefined) return Number(x === undefined) - Number(y === undefined);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return descending ? -order : order;
  });
}

function settingValue(value: unknown): number | string | undefined {
  return value === undefined ? undefined : typeof value === 'number' ? value : settingText(value);
}

/** A setting as `--filter key=value` writes it: `10`, `true`, `adam,lr=0.0001`. */
export function settingText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
