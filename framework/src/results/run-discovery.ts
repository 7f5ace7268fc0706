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

export interface RunIndexOptions {
  /** Also the original Int2Int's runs: folders with its train.log and neither params.json nor events.jsonl. */
  original?: boolean;
}

/** The run folders under `dumpPath`: two levels down, holding params.json or events.jsonl; sorted by name. */
export function findRunDirs(dumpPath: string, options: RunIndexOptions = {}): string[] {
  return subfolders(dumpPath).flatMap((experiment) =>
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

/** All the events of a run and the lines that could not be read (named by file and line). */
export function readRunEvents(run: Pick<RunInfo, 'dir' | 'format'>): {
  events: RunEvent[];
  problems: string[];
} {
  if (run.format === 'original') {
    const file = path.join(run.dir, 'train.log');
    const log = parseOriginalLog(readText(file), run.dir);
    return { events: log.events, problems: log.problems.map((problem) => `${file}: ${problem}`) };
  }
  const file = path.join(run.dir, 'events.jsonl');
  const { events, malformed } = new EventsReader(file).read();
  return { events, problems: malformed.map((bad) => `${file}:${bad.line}: ${bad.error} (line skipped)`) };
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
    return findRunDirs(this.dumpPath, this.options).map((dir) => {
      if (!isRunDir(dir)) return this.originalInfo(dir, now);
      const evaluations = subfolders(path.join(dir, 'evaluations'))
        .filter(isRunDir)
        .map((evaluation) => this.info(evaluation, 'evaluation', active, now, []));
      return this.info(dir, 'train', active, now, evaluations);
    });
  }

  private info(
    dir: string,
    kind: RunInfo['kind'],
    active: ReadonlySet<string>,
    now: number,
    evaluations: RunInfo[],
  ): RunInfo {
    let entry = this.tracked.get(dir);
    if (!entry) {
      entry = { reader: new EventsReader(path.join(dir, 'events.jsonl')), summary: {} };
      this.tracked.set(dir, entry);
    }
    entry.summary = foldEvents(entry.summary, entry.reader.read().events);
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
    return {
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
  }

  /** An original Int2Int run: its train.log read again whole (it holds no incremental events). */
  private originalInfo(dir: string, now: number): RunInfo {
    const log = parseOriginalLog(readText(path.join(dir, 'train.log')), dir);
    const summary = foldEvents({}, log.events);
    const lastWrite = fileTime(path.join(dir, 'train.log'));
    return {
      dir,
      expName: path.basename(path.dirname(dir)),
      expId: path.basename(dir),
      kind: 'train',
      format: 'original',
      state: runState(summary, { holderAlive: undefined, active: false, lastWrite, now }),
      summary,
      hasCheckpoint: fs.existsSync(path.join(dir, 'checkpoint.pth')),
      params: log.params,
      command: log.command,
      evaluations: [],
    };
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
