// Finds the runs under a dump path (<dump_path>/<exp_name>/<exp_id>, and the evaluations in each run's
// evaluations/<id>) and keeps each one's summary and state up to date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOCK_FILE, readHolder, type LockHolder } from '../../../framework/src/experiment/lock-holder';
import { EventsReader } from '../../../framework/src/reporting/events-reader';
import { holderAlive } from './lock-liveness';
import { foldEvents, runState, type RunState, type RunSummary } from './run-summary';

export interface RunInfo {
  dir: string;
  expName: string;
  expId: string;
  /** A training run, or an evaluation of one (`int2int evaluate`, in <run>/evaluations/<id>). */
  kind: 'train' | 'evaluation';
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

/** The run folders under `dumpPath`: two levels down, holding params.json or events.jsonl; sorted by name. */
export function findRunDirs(dumpPath: string): string[] {
  return subfolders(dumpPath).flatMap((experiment) => subfolders(experiment).filter(isRunDir));
}

function isRunDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'params.json')) || fs.existsSync(path.join(dir, 'events.jsonl'));
}

/** The runs of a dump path; each scan() reads only what the events files gained since the previous one. */
export class RunIndex {
  private readonly tracked = new Map<string, { reader: EventsReader; summary: RunSummary }>();

  constructor(readonly dumpPath: string) {}

  /** `active`: the run folders that one of our tasks is starting or running right now. */
  scan(active: ReadonlySet<string> = new Set(), now = Date.now()): RunInfo[] {
    return findRunDirs(this.dumpPath).map((dir) => {
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
  for (const file of ['events.jsonl', 'params.json']) {
    try {
      return fs.statSync(path.join(dir, file)).mtimeMs;
    } catch {
      // try the next file
    }
  }
  return 0;
}

function subfolders(dir: string): string[] {
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
