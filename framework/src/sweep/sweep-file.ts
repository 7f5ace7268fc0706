// sweep.json: the whole sweep in one file in dump_path/exp_name (its base command, grid, points and Slurm jobs), so
// that the same command, `sweep:status` and `sweep:cancel` find it again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onFile } from '../core/file-error';
import { UsageError } from '../core/usage-error';
import type { SweepPoint } from './sweep-points';

export const SWEEP_FILE = 'sweep.json';
/** Where a sweep keeps its runs' console output and its Slurm scripts (a dot-folder: no run is in it). */
export const SWEEP_WORK_DIR = '.sweep';

/** One `sbatch` of the sweep: the array tasks it holds are the points of these indices. */
export interface SlurmSubmission {
  jobId: string;
  indices: number[];
  script: string;
  submitted: string;
}

export interface SweepFile {
  version: 1;
  /** The sweep command as typed, the last time it ran. */
  command: string;
  /** The folder the runs are started in (a config file and relative paths are read from there). */
  cwd: string;
  dumpPath: string;
  expName: string;
  /** The command-line settings every run has (train flags), without the run's folder. */
  baseArgs: string[];
  /** The config file the runs read, when there is one. */
  configFile?: string;
  grid: Record<string, string[]>;
  pointsFile?: string;
  points: SweepPoint[];
  submissions: SlurmSubmission[];
}

/** The folder of a sweep's runs, which holds its sweep.json. */
export function sweepDir(sweep: Pick<SweepFile, 'dumpPath' | 'expName'>): string {
  return path.join(sweep.dumpPath, sweep.expName);
}

/** The run folder of a point. */
export function pointRunDir(sweep: Pick<SweepFile, 'dumpPath' | 'expName'>, point: SweepPoint): string {
  return path.join(sweepDir(sweep), point.id);
}

/** The command-line settings of a point's run: the base, the point's own, its folder. */
export function pointTrainArgs(sweep: SweepFile, point: SweepPoint): string[] {
  return [
    ...(sweep.configFile ? ['--config', sweep.configFile] : []),
    ...sweep.baseArgs,
    ...Object.entries(point.settings).flatMap(([key, value]) => [`--${key}`, value]),
    ...['--dump_path', sweep.dumpPath, '--exp_name', sweep.expName, '--exp_id', point.id],
  ];
}

/** The sweep.json of a folder (or the file itself); a one-line error when there is none or it is unreadable. */
export function readSweepFile(location: string): SweepFile {
  const file = location.endsWith('.json') ? location : path.join(location, SWEEP_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `No sweep in ${location}: give the folder of a sweep (dump_path/exp_name, which holds ${SWEEP_FILE})`,
    );
  }
  try {
    const sweep = JSON.parse(text) as SweepFile;
    if (sweep.version !== 1 || !Array.isArray(sweep.points)) throw new Error('not a sweep file of int2int');
    return sweep;
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}; remove it and run the sweep command again`);
  }
}

/** The sweep already in `dir`, if any. */
export function existingSweep(dir: string): SweepFile | undefined {
  return fs.existsSync(path.join(dir, SWEEP_FILE)) ? readSweepFile(dir) : undefined;
}

/**
 * Refuses a sweep command that asks for other runs than the sweep already in the folder: the same base settings
 * and the same points, or an error that says what differs and what to do.
 */
export function checkSameSweep(existing: SweepFile, requested: SweepFile): void {
  const differences: string[] = [];
  if (JSON.stringify(existing.baseArgs) !== JSON.stringify(requested.baseArgs))
    differences.push(
      `settings ${existing.baseArgs.join(' ') || '(none)'} then, ${requested.baseArgs.join(' ') || '(none)'} now`,
    );
  if ((existing.configFile ?? '') !== (requested.configFile ?? ''))
    differences.push(
      `config file ${existing.configFile ?? '(none)'} then, ${requested.configFile ?? '(none)'} now`,
    );
  const ids = (sweep: SweepFile) => sweep.points.map((point) => point.id).join(' ');
  if (ids(existing) !== ids(requested))
    differences.push(`points ${ids(existing)} then, ${ids(requested)} now`);
  if (differences.length)
    throw new UsageError(
      `${sweepDir(existing)} holds another sweep (${differences.join('; ')}). Run it with its own command (in its ` +
        `${SWEEP_FILE}: ${existing.command}), or give this one another --exp_name`,
    );
}

/** Writes sweep.json whole or not at all (a temporary file renamed over it). */
export function writeSweepFile(sweep: SweepFile): void {
  const file = path.join(sweepDir(sweep), SWEEP_FILE);
  const temp = `${file}.tmp`;
  onFile('write', file, () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(temp, `${JSON.stringify(sweep, null, 2)}\n`);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    fs.renameSync(temp, file);
  });
}
