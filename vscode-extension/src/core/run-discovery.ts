// Finds the runs under a dump path (<dump_path>/<exp_name>/<exp_id>) and keeps each one's summary up to date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventsReader } from './events-reader';
import { foldEvents, runState, type RunState, type RunSummary } from './run-summary';

export interface RunInfo {
  dir: string;
  expName: string;
  expId: string;
  state: RunState;
  summary: RunSummary;
  hasCheckpoint: boolean;
}

/** The run folders under `dumpPath`: two levels down, holding params.json or events.jsonl; sorted by name. */
export function findRunDirs(dumpPath: string): string[] {
  return subfolders(dumpPath).flatMap((experiment) =>
    subfolders(experiment).filter(
      (dir) => fs.existsSync(path.join(dir, 'params.json')) || fs.existsSync(path.join(dir, 'events.jsonl')),
    ),
  );
}

/** The runs of a dump path; each scan() reads only what the events files gained since the previous one. */
export class RunIndex {
  private readonly tracked = new Map<string, { reader: EventsReader; summary: RunSummary }>();

  constructor(readonly dumpPath: string) {}

  /** `active`: the run folders that one of our tasks is running right now. */
  scan(active: ReadonlySet<string> = new Set(), now = Date.now()): RunInfo[] {
    return findRunDirs(this.dumpPath).map((dir) => {
      let entry = this.tracked.get(dir);
      if (!entry) {
        entry = { reader: new EventsReader(path.join(dir, 'events.jsonl')), summary: {} };
        this.tracked.set(dir, entry);
      }
      entry.summary = foldEvents(entry.summary, entry.reader.read().events);
      return {
        dir,
        expName: path.basename(path.dirname(dir)),
        expId: path.basename(dir),
        state: runState(entry.summary, lastWrite(dir), now, active.has(dir)),
        summary: entry.summary,
        hasCheckpoint: fs.existsSync(path.join(dir, 'checkpoint.ckpt')),
      };
    });
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
