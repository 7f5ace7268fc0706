// Readable names for runs: what distinguishes a run from the others shown beside it (TensorBoard's hparams columns),
// for the editor's runs view and panel and `int2int runs`.
import { CORE_PARAMETERS } from '../config/core-parameters';

/** Settings that name a run's folder, a command or a process's place rather than what it learns. */
const NOT_DISTINGUISHING = new Set([
  'dump_path',
  'exp_name',
  'exp_id',
  'debug',
  'override_params',
  'eval_only',
  'eval_from_exp',
  'reload_model',
  'reload_checkpoint',
  'backend',
  'cpu',
  // where the process ran in a cluster, not what it learns (the original logs its Slurm/distributed set-up)
  'local_rank',
  'global_rank',
  'world_size',
  'n_nodes',
  'node_id',
  'n_gpu_per_node',
  'master_port',
  'is_master',
  'multi_gpu',
  'multi_node',
  'debug_slurm',
]);
const SHOWN = 4;

/**
 * The settings (that all of `runs` have) in which the runs differ, in a reading order: the operation, its own
 * parameters, the core ones as declared, the seed last (it differs whenever it was drawn at random).
 */
export function differingSettings(
  runs: ReadonlyArray<{ params: Readonly<Record<string, unknown>> }>,
): string[] {
  // settings every run has: runs of other operations differ by `operation`, not by each other's parameters
  return [...new Set(runs.flatMap((run) => Object.keys(run.params)))]
    .filter((key) => !NOT_DISTINGUISHING.has(key) && runs.every((run) => key in run.params))
    .filter((key) => new Set(runs.map((run) => JSON.stringify(run.params[key]))).size > 1)
    .sort(
      (a, b) =>
        Number(a === 'env_base_seed') - Number(b === 'env_base_seed') ||
        order(a) - order(b) ||
        a.localeCompare(b),
    );
}

/**
 * For each run, the settings in which the runs differ (`base=10, enc_emb_dim=64`), by run folder. Empty for a run
 * alone.
 */
export function distinguishingSettings(
  runs: ReadonlyArray<{ dir: string; params: Readonly<Record<string, unknown>> }>,
  shown = SHOWN,
): Map<string, string> {
  const keys = differingSettings(runs);
  return new Map(
    runs.map((run) => {
      const settings = keys.slice(0, shown).map((key) => `${key}=${formatValue(run.params[key])}`);
      return [run.dir, settings.join(', ') + (keys.length > shown ? ', …' : '')];
    }),
  );
}

export function formatValue(value: unknown): string {
  return value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** The operation first, then an operation's own parameters, then the core ones in their declaration order. */
function order(key: string): number {
  if (key === 'operation') return -2;
  const index = Object.keys(CORE_PARAMETERS).indexOf(key);
  return index === -1 ? -1 : index;
}

/** `gcd/20261202-081200 · base=10, enc_emb_dim=64`. */
export function runLabel(run: { expName: string; expId: string }, settings: string | undefined): string {
  return `${run.expName}/${run.expId}${settings ? ` · ${settings}` : ''}`;
}
