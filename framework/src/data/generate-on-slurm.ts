// `int2int generate --shards K --executor slurm`: the missing shards as one Slurm job array, then a merge job that
// starts once every shard task has succeeded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onFile } from '../core/file-error';
import { sbatch } from '../sweep/slurm-commands';
import { checkSlurmOptions, slurmJobScript, slurmScript, type SlurmOptions } from '../sweep/slurm-script';
import { missingShardsOf, type MergeOptions } from './generate-shards';
import { mergeCommandLine, shardCommandLine } from './shard-flags';

export interface SlurmGeneration {
  /** The flags given to `int2int generate` (the executor's own removed). */
  argv: readonly string[];
  /** The program and arguments that run the CLI. */
  cli: readonly string[];
  cwd: string;
  slurm: SlurmOptions;
  dryRun: boolean;
  log: (line: string) => void;
}

export interface SlurmGenerationJobs {
  shardsScript?: string;
  mergeScript: string;
  /** The array job of the missing shards (none when every shard is there), and the merge job; unset in a dry run. */
  shardsJob?: string;
  mergeJob?: string;
  missing: number[];
}

export async function submitShardedGeneration(
  options: Pick<MergeOptions, 'settings' | 'outDir' | 'prefix'>,
  run: SlurmGeneration,
): Promise<SlurmGenerationJobs> {
  checkSlurmOptions(run.slurm);
  const missing = await missingShardsOf(options, run.log);
  const work = path.join(options.outDir, `${options.prefix}.slurm`);
  const write = (name: string, text: string) => {
    const file = path.join(work, name);
    onFile('write', file, () => {
      fs.mkdirSync(work, { recursive: true });
      fs.writeFileSync(file, text, { mode: 0o755 });
    });
    return file;
  };
  const jobName = `${options.prefix}-${options.settings.operation}`;
  const shardsScript =
    missing.length > 0
      ? write(
          'shards.sbatch',
          slurmScript({
            jobName: `${jobName}-shards`,
            cwd: run.cwd,
            outputDir: work,
            tasks: missing.map((index) => ({
              index,
              argv: [...run.cli, ...shardCommandLine(run.argv, index)],
            })),
            options: run.slurm,
          }),
        )
      : undefined;
  const shardsJob = shardsScript && !run.dryRun ? sbatch(shardsScript) : undefined;
  const mergeScript = write(
    'merge.sbatch',
    slurmJobScript({
      jobName: `${jobName}-merge`,
      cwd: run.cwd,
      output: path.join(work, 'merge-%j.out'),
      argv: [...run.cli, ...mergeCommandLine(run.argv)],
      options: { ...run.slurm, gres: undefined },
      after: shardsJob,
      purpose: `int2int generate: merges the ${options.settings.shards} shards of ${options.prefix} into train/valid/test files`,
    }),
  );
  const mergeJob = run.dryRun ? undefined : sbatch(mergeScript);
  return { shardsScript, mergeScript, shardsJob, mergeJob, missing };
}
