// The settings of `int2int sweep` itself (grid, executor, Slurm's resources), told apart from the runs' own
// `int2int train` settings on the same command line.
import { resolveParams } from '../config/convert-value';
import { parseArgv, type RawFlags } from '../config/parse-argv';
import { UsageError } from '../core/usage-error';
import { intParam, stringParam, type ParamSpecs } from '../operations/parameters';
import { checkNoSlurmFlags, SBATCH_FLAG, SBATCH_HELP, SLURM_PARAMETERS } from './slurm-flags';
import { takeFlags } from '../config/take-flags';

/** Flags given once or more: each occurrence adds a value. */
export const REPEATABLE = {
  grid: 'A setting and its values, name=value1,value2 (semicolons when a value holds commas); repeatable',
  [SBATCH_FLAG]: SBATCH_HELP,
} as const;

export const SWEEP_PARAMETERS = {
  points: stringParam('', 'A JSON or YAML file of explicit points: a list of {setting: value} objects'),
  seeds: stringParam('', 'Seeds (env_base_seed) of every point: 0-4, or 0,3,7'),
  executor: stringParam('local', 'Where the runs run: local (this machine) or slurm (a job array)', [
    'local',
    'slurm',
  ] as const),
  parallel: intParam(1, 'local: runs at a time (the CPU threads are shared between them)', { min: 1 }),
  ...SLURM_PARAMETERS,
} satisfies ParamSpecs;

/** Settings that name a run's folder or make it something other than one training run of the grid. */
const REFUSED_IN_BASE: Record<string, string> = {
  exp_id: 'each run of a sweep is named after its settings: remove --exp_id',
  debug: 'a sweep runs real experiments: remove --debug',
  eval_only: 'a sweep trains: evaluate its runs with int2int evaluate --eval_from_exp RUN_FOLDER',
  eval_from_exp: 'a sweep trains: evaluate its runs with int2int evaluate --eval_from_exp RUN_FOLDER',
};

export interface SplitArgv {
  sweep: ReturnType<typeof resolveParams<typeof SWEEP_PARAMETERS>>;
  grid: string[];
  sbatch: string[];
  /** --config FILE, when given. */
  configPath?: string;
  /** The runs' own settings, as parsed. */
  train: RawFlags;
}

/** Splits a sweep command line into the sweep's settings and the runs' `int2int train` settings. */
export function splitSweepArgv(argv: readonly string[]): SplitArgv {
  const taken = takeFlags(argv, [...Object.keys(SWEEP_PARAMETERS), 'config'], Object.keys(REPEATABLE));
  const own = taken.values;
  const grid = taken.repeated.get('grid') ?? [];
  const sbatch = taken.repeated.get(SBATCH_FLAG) ?? [];
  const configPath = own.get('config');
  own.delete('config');
  const sweep = resolveParams(SWEEP_PARAMETERS, (name) =>
    own.has(name) ? { source: `--${name}`, raw: own.get(name) } : undefined,
  );
  const train = parseArgv(taken.rest);
  for (const [name, why] of Object.entries(REFUSED_IN_BASE)) {
    if (train.has(name) && !(name === 'debug' && train.get(name) === 'false'))
      throw new UsageError(`--${name}: ${why}`);
  }
  if (sweep.executor === 'local') checkNoSlurmFlags(own, sbatch);
  else if (own.has('parallel'))
    throw new UsageError(
      '--parallel is for --executor local: on Slurm, limit the tasks running at once with --max_running N',
    );
  return { sweep, grid, sbatch, configPath, train };
}
