// Readable names for runs: what distinguishes a run from the others shown beside it (TensorBoard's hparams columns).
import { CORE_PARAMETERS } from '../../../framework/src/config/core-parameters';

/** Settings that name a run's folder or a command rather than what it learns. */
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
]);
const SHOWN = 4;

/**
 * For each run, the settings (that all of them have) in which the runs differ (`base=10, enc_emb_dim=64`), by run
 * folder; the seed last, as it differs whenever it was drawn at random. Empty for a run alone.
 */
export function distinguishingSettings(
  runs: ReadonlyArray<{ dir: string; params: Readonly<Record<string, unknown>> }>,
  shown = SHOWN,
): Map<string, string> {
  // settings every run has: runs of other operations differ by `operation`, not by each other's parameters
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.params)))]
    .filter((key) => !NOT_DISTINGUISHING.has(key) && runs.every((run) => key in run.params))
    .filter((key) => new Set(runs.map((run) => JSON.stringify(run.params[key]))).size > 1)
    .sort(
      (a, b) =>
        Number(a === 'env_base_seed') - Number(b === 'env_base_seed') ||
        order(a) - order(b) ||
        a.localeCompare(b),
    );
  return new Map(
    runs.map((run) => {
      const settings = keys.slice(0, shown).map((key) => `${key}=${formatValue(run.params[key])}`);
      return [run.dir, settings.join(', ') + (keys.length > shown ? ', …' : '')];
    }),
  );
}

function formatValue(value: unknown): string {
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
