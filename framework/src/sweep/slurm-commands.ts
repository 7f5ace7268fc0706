// Slurm's client commands as a sweep uses them: sbatch to submit, squeue for the tasks' states, scancel.
import { spawnSync } from 'node:child_process';
import { UsageError } from '../core/usage-error';

/** The states of an array task in which Slurm still runs it or will (it must not be submitted again). */
const ACTIVE_STATES = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESIZING',
  'SUSPENDED',
  'STOPPED',
  'SIGNALING',
  'STAGE_OUT',
]);

export interface SlurmTaskState {
  /** JOBID_TASK. */
  task: string;
  /** squeue's %T: PENDING, RUNNING, COMPLETED, CANCELLED, ... */
  state: string;
  /** squeue's %r: why it is pending. */
  reason: string;
}

export function isActive(state: SlurmTaskState | undefined): boolean {
  return state !== undefined && ACTIVE_STATES.has(state.state);
}

function slurmCommand(command: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `${command} not found: --executor slurm needs Slurm's commands on PATH (run int2int on a login node of ` +
            'the cluster), or run the sweep with --executor local'
        : `${command} ${args.join(' ')}: ${result.error.message}`,
    );
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr.trim() };
}

/** Submits a batch script; returns the job id. */
export function sbatch(script: string): string {
  const { status, stdout, stderr } = slurmCommand('sbatch', ['--parsable', script]);
  if (status !== 0) {
    if (/resolve_ctls_from_dns_srv|Could not establish a configuration source/.test(stderr))
      throw new UsageError(
        `sbatch finds no Slurm cluster here (no slurm.conf, SLURM_CONF unset): run int2int on a login node of the ` +
          `cluster, or run the sweep with --executor local (the script is in ${script})`,
      );
    throw new UsageError(`sbatch refused ${script}: ${stderr.split('\n').at(-1)}`);
  }
  return stdout.trim().split(';')[0];
}

/**
 * The states of the array tasks of these jobs that Slurm still knows (squeue shows finished ones for MinJobAge,
 * 300 s by default); a task that is not listed has left Slurm's memory, and its run's own files tell its state.
 */
export function arrayTaskStates(jobIds: readonly string[]): Map<string, SlurmTaskState> {
  const states = new Map<string, SlurmTaskState>();
  if (jobIds.length === 0) return states;
  const query = (ids: readonly string[]) =>
    slurmCommand('squeue', ['-h', '-r', '-t', 'all', '-j', ids.join(','), '-o', '%i|%T|%r']);
  const all = query(jobIds);
  // squeue refuses the whole list when one job has been forgotten: then each job is asked for alone
  const outputs =
    all.status === 0
      ? [all.stdout]
      : jobIds.map((id) => query([id])).flatMap((one) => (one.status === 0 ? [one.stdout] : []));
  for (const output of outputs) {
    for (const line of output.split('\n')) {
      const [task, state, reason] = line.trim().split('|');
      if (task && state) states.set(task, { task, state, reason: reason ?? '' });
    }
  }
  return states;
}

/** Cancels these jobs or tasks (JOBID or JOBID_TASK). */
export function scancel(targets: readonly string[]): void {
  if (targets.length === 0) return;
  const { status, stderr } = slurmCommand('scancel', [...targets]);
  if (status !== 0) throw new UsageError(`scancel ${targets.join(' ')}: ${stderr.split('\n')[0]}`);
}
