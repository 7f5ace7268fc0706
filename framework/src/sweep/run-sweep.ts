// `int2int sweep` behind the command: checks every point's settings, writes sweep.json, then runs the points that
// did not finish on this machine or submits them to Slurm as one job array.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConfigFile } from '../config/load-config-file';
import { parseArgv } from '../config/parse-argv';
import { resolveRunConfig } from '../config/resolve-run-config';
import { buildOperation } from '../core/build-operation';
import { onFile } from '../core/file-error';
import { UsageError } from '../core/usage-error';
import { resolveRunDir } from '../experiment/run-directory';
import { runLocally, type LocalTask } from './local-executor';
import { needsRun, pointStatuses, type PointStatus } from './point-status';
import { sbatch } from './slurm-commands';
import { claimSweep } from './sweep-process';
import { slurmOptions } from './slurm-flags';
import { checkSlurmOptions, slurmScript, type SlurmOptions } from './slurm-script';
import {
  checkSameSweep,
  existingSweep,
  pointTrainArgs,
  SWEEP_WORK_DIR,
  sweepDir,
  writeSweepFile,
  type SweepFile,
} from './sweep-file';
import { splitSweepArgv } from './sweep-options';
import { parseGrid, sweepPoints, type SweepPoint } from './sweep-points';

export interface SweepContext {
  argv: readonly string[];
  cwd: string;
  /** The command line as typed, for sweep.json. */
  command: string;
  /** How to start `int2int` in a run's process: the node binary and the CLI script. */
  cli: readonly string[];
  /** Reads the config file (--config, or the one found in cwd). */
  loadConfig: (explicitPath: string | undefined) => Promise<ConfigFile | undefined>;
  report: (line: string) => void;
}

export interface SweepOutcome {
  sweep: SweepFile;
  /** What each point was before this command ran. */
  before: PointStatus[];
  /** The points this command ran or submitted. */
  started: SweepPoint[];
  /** Local: how each run ended; the signal that stopped the sweep. */
  exitCodes?: Map<string, number>;
  stoppedBy?: NodeJS.Signals;
  /** Slurm: the job submitted, its script; or the script a dry run wrote. */
  jobId?: string;
  script?: string;
}

export async function runSweep(context: SweepContext): Promise<SweepOutcome> {
  const split = splitSweepArgv(context.argv);
  const { sweep: options } = split;
  const file = await context.loadConfig(split.configPath);
  const base = resolveRunConfig(split.train, file);
  const { runDir } = resolveRunDir({ ...base.core, exp_id: 'x' }, context.cwd);
  const pointsRequest = {
    grid: split.grid,
    pointsFile: options.points || undefined,
    seeds: options.seeds || undefined,
    cwd: context.cwd,
  };
  const points = sweepPoints(pointsRequest);
  for (const point of points) {
    const both = Object.keys(point.settings).find((key) => split.train.has(key));
    if (both)
      throw new UsageError(
        `--${both} is set for every run and by the sweep's points (--grid, --points or --seeds): remove one of them`,
      );
  }
  const requested: SweepFile = {
    version: 1,
    command: context.command,
    cwd: context.cwd,
    dumpPath: path.dirname(path.dirname(runDir)),
    expName: path.basename(path.dirname(runDir)),
    baseArgs: [...split.train]
      .filter(([name]) => name !== 'dump_path' && name !== 'exp_name')
      .flatMap(([name, value]) => [`--${name}`, value]),
    ...(file && { configFile: file.path }),
    grid: Object.fromEntries(parseGrid(pointsRequest)),
    ...(options.points && { pointsFile: path.resolve(context.cwd, options.points) }),
    points,
    submissions: [],
  };
  for (const point of points) checkPoint(requested, point, file);
  const slurm = slurmOptions(options, split.sbatch);
  if (options.executor === 'slurm') checkSlurmOptions(slurm);

  const existing = existingSweep(sweepDir(requested));
  if (existing) checkSameSweep(existing, requested);
  const sweep: SweepFile = { ...requested, submissions: existing?.submissions ?? [] };
  const before = pointStatuses(sweep);
  const toRun = before.filter(needsRun).map((status) => status.point);
  const finished = before.filter((status) => status.state === 'finished').length;
  const waiting = before.length - toRun.length - finished;
  const verb = options.executor === 'slurm' ? 'submit' : 'run';
  context.report(
    `Sweep ${sweep.expName}: ${points.length} run${points.length === 1 ? '' : 's'} in ${sweepDir(sweep)}; ` +
      `${finished} finished, ${waiting} running or queued, ${toRun.length} to ${verb}`,
  );
  if (options.dry_run && options.executor === 'slurm') {
    const script = writeScript(sweep, toRun, slurm, context.cli);
    return { sweep, before, started: [], script };
  }
  // a sweep run here names its process first: a second one on the same folder is refused before it writes
  const release =
    options.executor === 'local' && toRun.length > 0
      ? claimSweep(sweepDir(sweep), context.command)
      : undefined;
  try {
    writeSweepFile(sweep);
  } catch (error) {
    release?.();
    throw error;
  }
  if (toRun.length === 0) return { sweep, before, started: [] };

  if (options.executor === 'slurm') {
    const script = writeScript(sweep, toRun, slurm, context.cli);
    const jobId = sbatch(script);
    sweep.submissions.push({
      jobId,
      indices: toRun.map((point) => point.index),
      script,
      submitted: new Date().toISOString(),
    });
    writeSweepFile(sweep);
    return { sweep, before, started: toRun, jobId, script };
  }

  const tasks: LocalTask[] = toRun.map((point) => ({
    id: point.id,
    argv: [...context.cli, 'train', ...pointTrainArgs(sweep, point)],
    outputFile: outputFile(sweep, point),
  }));
  let ended: Awaited<ReturnType<typeof runLocally>>;
  try {
    ended = await runLocally(tasks, {
      parallel: options.parallel,
      cwd: sweep.cwd,
      report: context.report,
      describeEnd: (task, exitCode) => describeEnd(task.outputFile, exitCode),
    });
  } finally {
    release?.();
  }
  const { outcomes, stoppedBy } = ended;
  return {
    sweep,
    before,
    started: toRun,
    exitCodes: new Map(outcomes.map((outcome) => [outcome.id, outcome.exitCode])),
    stoppedBy,
  };
}

/** Each point's settings are those of a run: every one known, every value valid, the operation buildable. */
function checkPoint(sweep: SweepFile, point: SweepPoint, file: ConfigFile | undefined): void {
  const args = pointTrainArgs({ ...sweep, configFile: undefined }, point);
  try {
    const config = resolveRunConfig(parseArgv(args), file);
    buildOperation(config.operation, config.operationParams);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`Run ${point.id} of the sweep: ${error.message}`);
    throw error;
  }
}

function outputFile(sweep: SweepFile, point: SweepPoint): string {
  return path.join(sweepDir(sweep), SWEEP_WORK_DIR, 'output', `${point.id}.out`);
}

/** Writes the sbatch script of these points in the sweep's work folder; returns its path. */
function writeScript(
  sweep: SweepFile,
  points: SweepPoint[],
  slurm: SlurmOptions,
  cli: readonly string[],
): string {
  const work = path.join(sweepDir(sweep), SWEEP_WORK_DIR);
  const script = path.join(work, `submit-${sweep.submissions.length + 1}.sbatch`);
  const text = slurmScript({
    jobName: sweep.expName,
    cwd: sweep.cwd,
    outputDir: path.join(work, 'slurm'),
    tasks: points.map((point) => ({
      index: point.index,
      argv: [...cli, 'train', ...pointTrainArgs(sweep, point)],
    })),
    options: slurm,
  });
  onFile('write', script, () => {
    fs.mkdirSync(path.join(work, 'slurm'), { recursive: true });
    fs.writeFileSync(script, text, { mode: 0o755 });
  });
  return script;
}

/** How a local run ended, in words: finished, stopped with a checkpoint, or failed with its last error line. */
function describeEnd(file: string, exitCode: number): string {
  if (exitCode === 0) return 'finished';
  if ([130, 138, 143].includes(exitCode))
    return 'stopped, with a checkpoint (the same sweep command resumes it)';
  const signal = Object.entries(os.constants.signals).find(([, number]) => exitCode === 128 + number)?.[0];
  if (signal)
    return `killed by ${signal} (exit code ${exitCode}); the same sweep command resumes it from its last checkpoint`;
  let last = '';
  try {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim());
    last = [...lines].reverse().find((line) => /error/i.test(line)) ?? lines.at(-1) ?? '';
  } catch {
    // no output: the exit code says it all
  }
  return `failed (exit code ${exitCode})${last ? `: ${last.trim()}` : ''}; its output: ${file}`;
}
