// `int2int generate`: the manual's §3.5 data generation recipe as one command (generate, dedupe, shuffle, split).
import * as path from 'node:path';
import { Command, Flags } from '@oclif/core';
import { convertValue, resolveParams } from '../../config/convert-value';
import { parseArgv, type RawFlags } from '../../config/parse-argv';
import { UsageError } from '../../core/usage-error';
import { describeDefault } from '../../operations/parameters';
import { buildOperation } from '../../core/build-operation';
import { operationRegistry } from '../../core/registry/operation-registry';
import { generateDataset, type DatasetCounts } from '../../data/generate-dataset';
import { runShardedGeneration } from '../../data/generate-shards';
import { shardingMode, withoutShardFlags } from '../../data/shard-flags';
import { submitShardedGeneration, type SlurmGenerationJobs } from '../../data/generate-on-slurm';
import { takeFlags } from '../../config/take-flags';
import {
  checkNoSlurmFlags,
  SBATCH_FLAG,
  SBATCH_HELP,
  SLURM_PARAMETERS,
  slurmOptions,
} from '../../sweep/slurm-flags';
import { intParam, stringParam, type ParamSpecs } from '../../operations/parameters';
import { Vocabulary } from '../../tokenizers/vocabulary';
import { exitWithError } from '../exit-with-error';
import { loadConfigFile } from '../../config/load-config-file';
import { loadOperations, warnPluginFailures } from '../load-operations';

const GENERATE_PARAMETERS = {
  operation: stringParam('', 'The operation to generate examples of (int2int operations:list)'),
  count: intParam(0, 'Number of examples to draw (duplicates and long examples are then dropped)'),
  valid_size: intParam(10000, 'Examples in the validation file'),
  test_size: intParam(10000, 'Examples in the test file'),
  output: stringParam('.', 'Folder to write <prefix>.train, <prefix>.valid and <prefix>.test in'),
  prefix: stringParam('data', 'File name prefix'),
  env_base_seed: intParam(0, 'Seed of the generator and of the shuffle'),
  max_len: intParam(512, 'Drop examples with this many input or output tokens or more (<= 0: no limit)'),
} satisfies ParamSpecs;

export default class Generate extends Command {
  static override summary = 'Write deduplicated, shuffled, disjoint train/valid/test files for an operation';
  static override description =
    'Replaces the six-step recipe of the manual §3.5 (export_data, cat, shuf, uniq, head, tail). ' +
    "The operation's own parameters (see int2int operations:show NAME) may be given as flags. " +
    'To write examples the way Int2Int does (data.prefix in the experiment folder), use int2int train --export_data true.\n\n' +
    'With --shards K, K processes (--parallel at a time) each draw a share of --count into <prefix>.shard-I-of-K ' +
    '(with seed streams of their own: the files differ from those of --shards 1), then the shards are merged: ' +
    'deduplicated across shards, sorted, shuffled and split. Running the command again draws only the shards that ' +
    'are missing. --shard I draws one shard and --merge true only merges (for a cluster running the shards as jobs).';
  static override strict = false;
  static override flags = {
    ...Object.fromEntries(
      Object.entries(GENERATE_PARAMETERS).map(([name, spec]) => [
        name,
        Flags.string({ description: `${spec.help} (${describeDefault(spec)})` }),
      ]),
    ),
    seed: Flags.string({ description: 'Another name for --env_base_seed' }),
    executor: Flags.string({
      description:
        'With --shards K: where the shards are drawn, local (processes here) or slurm (a job array, then a merge job)',
    }),
    ...Object.fromEntries(
      Object.entries(SLURM_PARAMETERS).map(([name, spec]) => [
        name,
        Flags.string({ description: `${spec.help} (${describeDefault(spec)})`, helpGroup: 'SLURM' }),
      ]),
    ),
    [SBATCH_FLAG]: Flags.string({ description: SBATCH_HELP, multiple: true, helpGroup: 'SLURM' }),
    shards: Flags.string({
      description:
        'Draw the examples in this many shards, in parallel processes, then merge them (default: 1)',
    }),
    parallel: Flags.string({
      description: 'Shard processes at a time (default: the number of CPU cores, at most --shards)',
    }),
    shard: Flags.string({
      description: 'Draw only this shard (0 to K-1) of --shards K, and exit',
      hidden: true,
    }),
    merge: Flags.string({ description: 'Only merge the shards of --shards K (true or false)', hidden: true }),
  };
  static override usage = 'generate --operation NAME --count N [--PARAMETER VALUE]...';
  static override examples = [
    '<%= config.bin %> generate --operation gcd --count 1000000 --output ./gcd-data --seed 0',
    '<%= config.bin %> generate --operation modular_add --modulus 97 --count 200000 --valid_size 5000 --test_size 5000',
    '<%= config.bin %> generate --operation gcd --count 10000000 --output ./gcd-data --shards 16 --parallel 8',
  ];

  async run(): Promise<void> {
    this.parsed = true; // the arguments are read by parseArgv, with Int2Int's rules (--flag value)
    try {
      const executor = takeFlags(this.argv, ['executor', ...Object.keys(SLURM_PARAMETERS)], [SBATCH_FLAG]);
      const onSlurm = readExecutor(executor.values.get('executor')) === 'slurm';
      const sbatchLines = executor.repeated.get(SBATCH_FLAG) ?? [];
      if (!onSlurm) checkNoSlurmFlags(executor.values, sbatchLines);
      const allFlags = resolveSeedAlias(parseArgv(executor.rest));
      const mode = shardingMode(allFlags);
      if (onSlurm && (mode.kind !== 'all' || allFlags.has('parallel')))
        throw new UsageError(
          '--executor slurm draws the shards as a Slurm job array: give --shards K (2 or more), without --shard, --merge or --parallel',
        );
      const flags = withoutShardFlags(allFlags);
      const settings = resolveParams(GENERATE_PARAMETERS, (name) =>
        flags.has(name) ? { source: `--${name}`, raw: flags.get(name) } : undefined,
      );
      if (!settings.operation) throw new UsageError('--operation is required, e.g. --operation gcd');
      if (settings.count <= 0) throw new UsageError('--count is required: the number of examples to draw');
      const { failures } = loadOperations(
        this.config,
        (await loadConfigFile(process.cwd()))?.plugins ?? [],
        process.cwd(),
      );
      warnPluginFailures(failures);
      const operationParams = Object.fromEntries(
        [...flags].filter(([name]) => !(name in GENERATE_PARAMETERS)),
      );
      const name = settings.operation;
      const { operation, entry, params } = buildOperation(name, typedOperationParams(name, operationParams));
      if (entry.meta.generates === false)
        throw new UsageError(`Operation ${name} reads files: it cannot generate`);
      const outDir = path.resolve(settings.output);
      const vocab = Vocabulary.fromSymbols(
        operation.inputTokenizer.symbols,
        operation.outputTokenizer.symbols,
      );
      const common = { operation, vocab, outDir, prefix: settings.prefix };
      if (mode.kind !== 'whole') {
        const settingsOfShards = {
          operation: name,
          params,
          count: settings.count,
          shards: mode.shards,
          seed: settings.env_base_seed,
          maxLen: settings.max_len,
        };
        const sharded = {
          ...common,
          settings: settingsOfShards,
          validSize: settings.valid_size,
          testSize: settings.test_size,
        };
        if (onSlurm) {
          const slurm = resolveParams(SLURM_PARAMETERS, (key) =>
            executor.values.has(key) ? { source: `--${key}`, raw: executor.values.get(key) } : undefined,
          );
          const jobs = await submitShardedGeneration(sharded, {
            argv: executor.rest,
            cli: [process.execPath, path.join(this.config.root, 'bin', 'run.js')],
            cwd: process.cwd(),
            slurm: slurmOptions(slurm, sbatchLines),
            dryRun: slurm.dry_run,
            log: (line) => this.log(line),
          });
          this.reportSlurmJobs(jobs);
          return;
        }
        const counts = await runShardedGeneration(mode, sharded, {
          argv: this.argv,
          bin: this.config.bin,
          cli: [process.execPath, path.join(this.config.root, 'bin', 'run.js')],
          log: (line) => this.log(line),
        });
        if (counts) this.summarize(counts, outDir, settings.prefix, mode.shards);
        return;
      }
      const counts = await generateDataset({
        ...common,
        name,
        seed: settings.env_base_seed,
        count: settings.count,
        validSize: settings.valid_size,
        testSize: settings.test_size,
        maxLen: settings.max_len,
        onProgress: (drawn, count) => this.log(`${drawn}/${count} examples drawn`),
      });
      this.summarize(counts, outDir, settings.prefix, 1);
    } catch (error) {
      exitWithError(this, error);
    }
  }

  private reportSlurmJobs(jobs: SlurmGenerationJobs): void {
    const shards = jobs.missing.length;
    if (jobs.mergeJob === undefined) {
      this.log(
        jobs.shardsScript
          ? `Wrote ${jobs.shardsScript} and ${jobs.mergeScript} (not submitted: --dry_run true). Submit them with: ` +
              `sbatch ${jobs.shardsScript}, then sbatch --dependency=afterok:JOBID ${jobs.mergeScript}`
          : `Wrote ${jobs.mergeScript} (not submitted: --dry_run true); every shard is there: sbatch ${jobs.mergeScript}`,
      );
      return;
    }
    this.log(
      (jobs.shardsJob
        ? `Submitted batch job ${jobs.shardsJob}: ${shards} shard task${shards === 1 ? '' : 's'} (${jobs.shardsScript}); `
        : 'Every shard is there; ') +
        `merge job ${jobs.mergeJob}${jobs.shardsJob ? ' runs once they all succeed' : ''} (${jobs.mergeScript}). ` +
        'Follow them with squeue; the same command resubmits what is missing.',
    );
  }

  private summarize(counts: DatasetCounts, outDir: string, prefix: string, shards: number): void {
    const file = (split: string) => path.join(outDir, `${prefix}.${split}`);
    const inShards = shards > 1 ? ` in ${shards} shards` : '';
    this.log(
      `Drew ${counts.drawn} examples${inShards}: ${counts.tooLong} too long and ${counts.duplicates} duplicates dropped.\n` +
        `${file('train')}: ${counts.train}\n${file('valid')}: ${counts.valid}\n${file('test')}: ${counts.test}`,
    );
  }
}

function readExecutor(value: string | undefined): 'local' | 'slurm' {
  if (value === undefined || value === 'local' || value === 'slurm') return value ?? 'local';
  throw new UsageError(`--executor ${value}: choose local (processes here) or slurm (a job array)`);
}

/** `--seed`, the name dataset generators use for their seed, is Int2Int's `--env_base_seed`. */
function resolveSeedAlias(flags: RawFlags): RawFlags {
  const seed = flags.get('seed');
  if (seed === undefined) return flags;
  if (flags.has('env_base_seed'))
    throw new UsageError(
      '--seed and --env_base_seed are the same setting (the generator seed): give one of them',
    );
  const resolved = new Map([...flags].filter(([name]) => name !== 'seed'));
  return resolved.set('env_base_seed', seed);
}

/** Converts raw flag strings to the types the operation declares (unknown names are left to buildOperation). */
function typedOperationParams(name: string, raw: Record<string, string>) {
  const specs = operationRegistry().get(name).meta.params ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      specs[key] ? convertValue(`--${key}`, specs[key], value) : value,
    ]),
  );
}
