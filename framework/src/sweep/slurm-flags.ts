// The flags that say what a Slurm job asks for (--cpus_per_task, --mem, --time, --partition, --gres, --max_running,
// --signal_seconds, --sbatch LINE), shared by `int2int sweep` and `int2int generate --shards K --executor slurm`.
import type { resolveParams } from '../config/convert-value';
import { boolParam, intParam, stringParam, type ParamSpecs } from '../operations/parameters';
import { UsageError } from '../core/usage-error';
import type { SlurmOptions } from './slurm-script';

export const SLURM_PARAMETERS = {
  max_running: intParam(
    0,
    'slurm: array tasks running at a time (--array=...%N); 0: as many as Slurm allows',
    {
      min: 0,
    },
  ),
  cpus_per_task: intParam(
    1,
    'slurm: CPUs of each task (sbatch --cpus-per-task); its run computes with as many threads',
    { min: 1 },
  ),
  mem: stringParam('', 'slurm: memory of each task (sbatch --mem), e.g. 4G; empty: the cluster default'),
  time: stringParam(
    '',
    'slurm: time limit of each task (sbatch --time), e.g. 2:00:00; empty: the partition default',
  ),
  partition: stringParam('', 'slurm: partition (sbatch --partition); empty: the default one'),
  gres: stringParam('', 'slurm: generic resources of each task (sbatch --gres), e.g. gpu:1'),
  signal_seconds: intParam(
    120,
    'slurm: seconds before the time limit at which a task is warned (SIGUSR1): a run checkpoints, its task is requeued',
    { min: 0, max: 65535 },
  ),
  dry_run: boolParam(false, 'slurm: write the scripts and say how to submit them, without submitting them'),
} satisfies ParamSpecs;

/** The repeatable flag of extra #SBATCH lines. */
export const SBATCH_FLAG = 'sbatch';
export const SBATCH_HELP = 'slurm: one more #SBATCH line, e.g. --sbatch "--account=abc"; repeatable';

export function slurmOptions(
  values: ReturnType<typeof resolveParams<typeof SLURM_PARAMETERS>>,
  extra: readonly string[],
): SlurmOptions {
  return {
    cpusPerTask: values.cpus_per_task,
    ...(values.max_running > 0 && { maxRunning: values.max_running }),
    ...(values.mem && { mem: values.mem }),
    ...(values.time && { time: values.time }),
    ...(values.partition && { partition: values.partition }),
    ...(values.gres && { gres: values.gres }),
    signalSeconds: values.signal_seconds,
    extra: [...extra],
  };
}

/** Refuses Slurm's settings on a command that runs here (--executor local). */
export function checkNoSlurmFlags(given: ReadonlyMap<string, string>, sbatch: readonly string[]): void {
  const slurmOnly = Object.keys(SLURM_PARAMETERS).filter((name) => given.has(name));
  if (sbatch.length) slurmOnly.push(SBATCH_FLAG);
  if (slurmOnly.length)
    throw new UsageError(`--${slurmOnly[0]} is a setting of Slurm jobs: add --executor slurm, or remove it`);
}
