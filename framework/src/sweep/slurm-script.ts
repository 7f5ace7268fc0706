// The sbatch script of a sweep: one array task per point to run, each `int2int train` with the point's settings; a
// time-limit warning (SIGUSR1) checkpoints the run and requeues the task, which resumes where it stopped.
import * as path from 'node:path';
import { UsageError } from '../core/usage-error';

/** What the sbatch lines ask of Slurm. */
export interface SlurmOptions {
  partition?: string;
  /** sbatch --time: minutes, or [D-]HH:MM:SS. */
  time?: string;
  /** sbatch --mem, per task: 4G. */
  mem?: string;
  cpusPerTask: number;
  /** sbatch --gres: gpu:1. */
  gres?: string;
  /** At most this many tasks running at once (--array=...%M); all when undefined. */
  maxRunning?: number;
  /** Seconds before the time limit at which Slurm sends SIGUSR1 (--signal=B:USR1@N). */
  signalSeconds: number;
  /** More #SBATCH lines, as written after `#SBATCH ` (e.g. --account=abc). */
  extra: string[];
}

export interface ArrayTask {
  index: number;
  /** The command the task runs, as argv (the node binary first). */
  argv: string[];
}

export interface SlurmScriptRequest {
  jobName: string;
  /** The folder the runs are started in. */
  cwd: string;
  /** Where each task's console output goes: <outputDir>/%A_%a.out. */
  outputDir: string;
  tasks: ArrayTask[];
  options: SlurmOptions;
}

/** Checks the sbatch settings the way sbatch would, so that a bad one is refused before anything is written. */
export function checkSlurmOptions(options: SlurmOptions): void {
  if (!Number.isInteger(options.cpusPerTask) || options.cpusPerTask < 1)
    throw new UsageError(`--cpus_per_task ${options.cpusPerTask}: give a whole number of CPUs, at least 1`);
  if (options.maxRunning !== undefined && (!Number.isInteger(options.maxRunning) || options.maxRunning < 1))
    throw new UsageError(`--max_running ${options.maxRunning}: give a whole number of tasks, at least 1`);
  if (!Number.isInteger(options.signalSeconds) || options.signalSeconds < 0 || options.signalSeconds > 65535)
    throw new UsageError(
      `--signal_seconds ${options.signalSeconds}: give the seconds before the time limit (0-65535) at which a run checkpoints`,
    );
  if (options.time !== undefined && !/^(\d+|(\d+-)?\d+(:\d\d){0,2})$/.test(options.time))
    throw new UsageError(
      `--time ${options.time}: write minutes (90) or [days-]hours:minutes:seconds (1-12:00:00)`,
    );
  if (options.mem !== undefined && !/^\d+[KMGT]?$/i.test(options.mem))
    throw new UsageError(`--mem ${options.mem}: write a size, e.g. 4G or 4000M`);
  for (const line of options.extra) {
    if (!line.startsWith('-') || /[\n\r]/.test(line))
      throw new UsageError(`--sbatch "${line}": write one sbatch option, e.g. --sbatch "--account=abc"`);
  }
}

/** The array of tasks in sbatch's syntax: 0-3,7%2. */
export function arraySpec(indices: readonly number[], maxRunning: number | undefined): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',') + (maxRunning === undefined ? '' : `%${maxRunning}`);
}

/** A word the shell reads back as exactly `text`. */
export function shellQuote(text: string): string {
  return /^[\w./:=,+@%-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function slurmScript(request: SlurmScriptRequest): string {
  const { options } = request;
  const sbatch = [
    `--job-name=${request.jobName}`,
    `--array=${arraySpec(
      request.tasks.map((task) => task.index),
      options.maxRunning,
    )}`,
    `--cpus-per-task=${options.cpusPerTask}`,
    ...(options.mem ? [`--mem=${options.mem}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.gres ? [`--gres=${options.gres}`] : []),
    `--signal=B:USR1@${options.signalSeconds}`,
    '--requeue',
    '--open-mode=append',
    `--output=${path.join(request.outputDir, '%A_%a.out')}`,
    `--chdir=${request.cwd}`,
    ...options.extra,
  ];
  const cases = request.tasks.map(
    (task) => `  ${task.index}) run=(${task.argv.map(shellQuote).join(' ')}) ;;`,
  );
  return [
    '#!/bin/bash',
    `# int2int sweep ${request.jobName}: one array task per run (written by int2int sweep: run the same sweep`,
    '# command again to resubmit the runs that did not finish; each resumes from its own checkpoint)',
    ...sbatch.map((line) => `#SBATCH ${line}`),
    'set -u',
    'export INT2INT_THREADS=${SLURM_CPUS_PER_TASK:-1}',
    'case "$SLURM_ARRAY_TASK_ID" in',
    ...cases,
    '  *) echo "int2int sweep: no run for array task $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;',
    'esac',
    'echo "int2int sweep: task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname)"',
    '# Slurm warns of the time limit with SIGUSR1 to this shell only: the run checkpoints and the task is requeued.',
    'requeue=0',
    'child=',
    'trap \'requeue=1; [ -n "$child" ] && kill -USR1 "$child" 2>/dev/null\' USR1',
    '# scancel signals every process of the task: the run checkpoints on its own; wait for it to finish saving.',
    "trap ':' TERM INT",
    '"${run[@]}" &',
    'child=$!',
    'while kill -0 "$child" 2>/dev/null; do wait "$child"; done',
    'wait "$child"; status=$?',
    'if [ "$requeue" = 1 ] && [ "$status" -ne 0 ]; then',
    '  echo "int2int sweep: the run checkpointed before the time limit; requeueing ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    '  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    'fi',
    'exit "$status"',
    '',
  ].join('\n');
}

export interface SlurmJobRequest {
  jobName: string;
  cwd: string;
  /** The job's console output file. */
  output: string;
  argv: string[];
  options: SlurmOptions;
  /** A job that must end successfully first (sbatch --dependency=afterok). */
  after?: string;
  /** What the job does, for the script's comment. */
  purpose: string;
}

/** The sbatch script of one job that runs one command (the merge after the shards of a generation). */
export function slurmJobScript(request: SlurmJobRequest): string {
  const { options } = request;
  const sbatch = [
    `--job-name=${request.jobName}`,
    `--cpus-per-task=${options.cpusPerTask}`,
    ...(options.mem ? [`--mem=${options.mem}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(request.after ? [`--dependency=afterok:${request.after}`, '--kill-on-invalid-dep=yes'] : []),
    `--output=${request.output}`,
    `--chdir=${request.cwd}`,
    ...options.extra,
  ];
  return [
    '#!/bin/bash',
    `# ${request.purpose}`,
    ...sbatch.map((line) => `#SBATCH ${line}`),
    'export INT2INT_THREADS=${SLURM_CPUS_PER_TASK:-1}',
    `exec ${request.argv.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}
