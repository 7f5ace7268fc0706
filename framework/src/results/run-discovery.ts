// Finds the runs under a dump path (<dump_path>/<exp_name>/<exp_id>, and the evaluations in each run's
// evaluations/<id>; optionally the original Int2Int's runs, read from their train.log) and keeps each one's summary
// and state up to date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOCK_FILE, readHolder, type LockHolder } from '../experiment/lock-holder';
import type { RunEvent } from '../reporting/events';
import { EventsReader } from '../reporting/events-reader';
import { holderAlive } from './lock-liveness';
import { isOriginalLog, parseOriginalLog } from './original-log';
import { foldEvents, runState, type RunState, type RunSummary } from './run-summary';

export interface RunInfo {
  dir: string;
  expName: string;
  expId: string;
  /** A training run, or an evaluation of one (`int2int evaluate`, in <run>/evaluations/<id>). */
  kind: 'train' | 'evaluation';
  /** An int2int run (params.json, events.jsonl) or the original Int2Int's (its train.log). */
  format: 'int2int' | 'original';
  state: RunState;
  summary: RunSummary;
  hasCheckpoint: boolean;
  /** params.json's resolved settings (core and operation) and command line, when it has one. */
  params: Record<string, unknown>;
  command?: string;
  /** The process running it now, from its lock file. */
  holder?: LockHolder;
  /** Its evaluations (for a training run). */
  evaluations: RunInfo[];
}

/** A run as one pass over its files gives it: its info, the events read and the lines that could not be read. */
export interface RunRecord {
  run: RunInfo;
  /** The events this scan read: all of them when the index had not seen the run before. */
  events: RunEvent[];
  /** Lines that could not be read, named by file and line (they are skipped). */
  problems: string[];
}

export interface RunIndexOptions {
  /** Also the original Int2Int's runs: folders with its train.log and neither params.json nor events.jsonl. */
  original?: boolean;
  /** Only the runs of these experiments (exp_name); all when empty. */
  expNames?: readonly string[];
}

/** The run folders under `dumpPath`: two levels down, holding params.json or events.jsonl; sorted by name. */
export function findRunDirs(dumpPath: string, options: RunIndexOptions = {}): string[] {
  const experiments = subfolders(dumpPath).filter(
    (experiment) => !options.expNames?.length || options.expNames.includes(path.basename(experiment)),
  );
  return experiments.flatMap((experiment) =>
    subfolders(experiment).filter((dir) => isRunDir(dir) || (options.original && isOriginalRunDir(dir))),
  );
}

function isRunDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'params.json')) || fs.existsSync(path.join(dir, 'events.jsonl'));
}

/** Whether `dir` holds a train.log that the original Int2Int wrote (and no int2int files). */
export function isOriginalRunDir(dir: string): boolean {
  if (isRunDir(dir)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(dir, 'train.log'), 'r');
    const head = Buffer.alloc(200);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return isOriginalLog(head.toString('utf8', 0, read).split('\n')[0]);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The runs of a dump path; each scan() reads only what the events files gained since the previous one. */
export class RunIndex {
  private readonly tracked = new Map<string, { reader: EventsReader; summary: RunSummary }>();

  constructor(
    readonly dumpPath: string,
    private readonly options: RunIndexOptions = {},
  ) {}

  /** `active`: the run folders that one of our tasks is starting or running right now. */
  scan(active: ReadonlySet<string> = new Set(), now = Date.now()): RunInfo[] {
    return [...this.records(active, now)].map((record) => record.run);
  }

  /**
   * The runs one at a time, each read once: what a scan gives, with the events it read (so that a caller going over
   * thousands of runs holds one run's events at a time).
   */
  *records(active: ReadonlySet<string> = new Set(), now = Date.now()): Generator<RunRecord> {
    for (const dir of findRunDirs(this.dumpPath, this.options)) {
      if (!isRunDir(dir)) {
        yield this.originalRecord(dir, now);
        continue;
      }
      const evaluations = subfolders(path.join(dir, 'evaluations'))
        .filter(isRunDir)
        .map((evaluation) => this.record(evaluation, 'evaluation', active, now, []).run);
      yield this.record(dir, 'train', active, now, evaluations);
    }
  }

  private record(
    dir: string,
    kind: RunInfo['kind'],
    active: ReadonlySet<string>,
    now: number,
    evaluations: RunInfo[],
  ): RunRecord {
    let entry = this.tracked.get(dir);
    if (!entry) {
      entry = { reader: new EventsReader(path.join(dir, 'events.jsonl')), summary: {} };
      this.tracked.set(dir, entry);
    }
    const { events, malformed } = entry.reader.read();
    entry.summary = foldEvents(entry.summary, events);
    const holder = readHolder(path.join(dir, LOCK_FILE));
    const live = holder && holderAlive(holder);
    const { params, command } = readParams(dir);
    const names =
      kind === 'train'
        ? { expName: path.basename(path.dirname(dir)), expId: path.basename(dir) }
        : {
            expName: path.basename(path.dirname(path.dirname(path.dirname(dir)))),
            expId: path.basename(dir),
          };
    const eventsFile = path.join(dir, 'events.jsonl');
    const run: RunInfo = {
      dir,
      ...names,
      kind,
      format: 'int2int',
      state: runState(entry.summary, {
        holderAlive: live,
        active: active.has(dir),
        lastWrite: lastWrite(dir),
        now,
      }),
      summary: entry.summary,
      hasCheckpoint: fs.existsSync(path.join(dir, 'checkpoint.ckpt')),
      params,
      command,
      holder: live ? holder : undefined,
      evaluations,
    };
    const problems = malformed.map((bad) => `${eventsFile}:${bad.line}: ${bad.error} (line skipped)`);
    return { run, events, problems };
  }

  /** An original Int2Int run: its train.log read again whole (it holds no incremental events). */
  private originalRecord(dir: string, now: number): RunRecord {
    const file = path.join(dir, 'train.log');
    const log = parseOriginalLog(readText(file), dir);
    const summary = foldEvents({}, log.events);
    const run: RunInfo = {
      dir,
      expName: path.basename(path.dirname(dir)),
      expId: path.basename(dir),
      kind: 'train',
      format: 'original',
      state: runState(summary, { holderAlive: undefined, active: false, lastWrite: fileTime(file), now }),
      summary,
      hasCheckpoint: fs.existsSync(path.join(dir, 'checkpoint.pth')),
      params: log.params,
      command: log.command,
      evaluations: [],
    };
    return { run, events: log.events, problems: log.problems.map((problem) => `${file}: ${problem}`) };
  }
}

function readParams(dir: string): { params: Record<string, unknown>; command?: string } {
  try {
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'params.json'), 'utf8')) as {
      command?: string;
      params?: Record<string, unknown>;
      operationParams?: Record<string, unknown>;
    };
    return { params: { ...file.params, ...file.operationParams }, command: file.command };
  } catch {
    return { params: {} };
  }
}

function lastWrite(dir: string): number {
  return Math.max(fileTime(path.join(dir, 'events.jsonl')), fileTime(path.join(dir, 'params.json')));
}

/** When `file` was last written (ms); 0 when it is missing. */
function fileTime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The folders in `dir`, sorted by name; none when it cannot be read. */
export function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name))
      .sort();
  } catch {
    return [];
  }
}
