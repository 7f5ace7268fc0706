// Sharded generation: each shard draws its part of the examples with its own seed stream; the merge dedupes across shards, sorts, shuffles and splits.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Rng } from '../core/rng';
import { UsageError } from '../core/usage-error';
import type { Operation } from '../operations/operation';
import type { Vocabulary } from '../tokenizers/vocabulary';
import { drawDistinct, writeSplits, type DatasetCounts, type DrawCounts } from './generate-dataset';
import { runShardProcesses } from './run-shard-processes';
import { shardCommandLine, type ShardingMode } from './shard-flags';
import {
  completeShard,
  describeCounts,
  shardFile,
  shardLabel,
  shardSizes,
  writeShard,
  type ShardSettings,
} from './shard-files';

export interface ShardedGenerationOptions {
  operation: Operation<unknown, unknown>;
  /** When given, every token must belong to it. */
  vocab?: Vocabulary;
  settings: ShardSettings;
  outDir: string;
  prefix: string;
}

export interface MergeOptions extends ShardedGenerationOptions {
  validSize: number;
  testSize: number;
  /** The command line that draws a shard, for the message naming missing shards. */
  shardCommand: (shard: number) => string;
}

export interface ShardResult {
  file: string;
  counts: DrawCounts;
  /** The shard was complete already, drawn with the same settings. */
  reused: boolean;
}

/**
 * Draws shard `shard` unless it is complete already: its share of the count (shardSizes), with Rng([0, shard + 1,
 * seed]), streams disjoint from each other and from the unsharded generation's Rng([0, 0, seed]); it drops the
 * long lines and its own duplicates and writes <prefix>.shard-<shard>-of-<shards> with its record.
 */
export async function drawShard(
  options: ShardedGenerationOptions,
  shard: number,
  onProgress?: (drawn: number, count: number) => void,
): Promise<ShardResult> {
  const { operation, vocab, settings, outDir, prefix } = options;
  const file = shardFile(outDir, prefix, shard, settings.shards);
  const done = await completeShard(file, shard, settings, prefix);
  if (done) return { file, counts: done.counts, reused: true };
  const { lines, counts } = drawDistinct({
    operation,
    name: settings.operation,
    vocab,
    rng: new Rng([0, shard + 1, settings.seed]),
    count: shardSizes(settings.count, settings.shards)[shard],
    maxLen: settings.maxLen,
    onProgress,
  });
  await writeShard(file, lines, { settings, shard, counts });
  return { file, counts, reused: false };
}

/**
 * Reads every shard, drops the lines found in more than one, sorts the rest (so that the result does not depend on
 * how the shards were made), shuffles them with Rng([1, 0, seed]) and writes the valid, test and train files.
 */
export async function mergeShards(options: MergeOptions): Promise<DatasetCounts> {
  const { settings, outDir, prefix } = options;
  const files = Array.from({ length: settings.shards }, (_, i) =>
    shardFile(outDir, prefix, i, settings.shards),
  );
  const records = await Promise.all(files.map((file, i) => completeShard(file, i, settings, prefix)));
  const missing = files.flatMap((_, i) => (records[i] ? [] : [i]));
  if (missing.length > 0) throw new UsageError(missingShards(missing, files, options.shardCommand));
  const distinct = new Set<string>();
  const counts: DrawCounts = { drawn: 0, tooLong: 0, duplicates: 0 };
  let lineCount = 0;
  for (const [i, file] of files.entries()) {
    const text = await readFile(file, 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== records[i]!.sha256)
      throw new UsageError(
        `${file} changed after it was drawn (its checksum differs from ${file}.json): remove both files and run generate again`,
      );
    const lines = text === '' ? [] : text.slice(0, -1).split('\n');
    for (const line of lines) distinct.add(line);
    lineCount += lines.length;
    counts.drawn += records[i]!.counts.drawn;
    counts.tooLong += records[i]!.counts.tooLong;
    counts.duplicates += records[i]!.counts.duplicates;
  }
  counts.duplicates += lineCount - distinct.size;
  const lines = new Rng([1, 0, settings.seed]).shuffle([...distinct].sort());
  return { ...counts, ...(await writeSplits(lines, { ...options, name: settings.operation })) };
}

/** The shards not complete yet; `log` says which complete ones are reused. */
export async function missingShardsOf(
  options: Pick<MergeOptions, 'settings' | 'outDir' | 'prefix'>,
  log: (line: string) => void,
): Promise<number[]> {
  const { settings, outDir, prefix } = options;
  const missing: number[] = [];
  for (let i = 0; i < settings.shards; i++) {
    const file = shardFile(outDir, prefix, i, settings.shards);
    const done = await completeShard(file, i, settings, prefix);
    if (done) log(`${shardLabel(i, settings.shards)}: reused ${file} (${describeCounts(done.counts)})`);
    else missing.push(i);
  }
  return missing;
}

/**
 * Every shard not complete yet is drawn by `drawShards` (child processes, a cluster's jobs), the others are reused
 * (`log` says which); then the shards are merged.
 */
export async function generateAllShards(
  options: MergeOptions,
  drawShards: (shards: number[]) => Promise<void>,
  log: (line: string) => void,
): Promise<DatasetCounts> {
  const missing = await missingShardsOf(options, log);
  if (missing.length > 0) await drawShards(missing);
  return mergeShards(options);
}

/** The flags given to `int2int generate`, and how to run it and print. */
export interface ShardedRun {
  argv: readonly string[];
  /** How messages write the CLI, e.g. `int2int`. */
  bin: string;
  /** The program and arguments that run the CLI: [process.execPath, <its bin/run.js>]. */
  cli: readonly string[];
  log: (line: string) => void;
}

/**
 * What `mode` asks for: draws one shard (undefined: nothing merged), merges, or draws the missing shards in child
 * processes of the CLI (mode.parallel at a time) and merges.
 */
export async function runShardedGeneration(
  mode: Exclude<ShardingMode, { kind: 'whole' }>,
  options: Omit<MergeOptions, 'shardCommand'>,
  run: ShardedRun,
): Promise<DatasetCounts | undefined> {
  const argsOf = (shard: number) => shardCommandLine(run.argv, shard);
  const merge = { ...options, shardCommand: (shard: number) => `${run.bin} ${argsOf(shard).join(' ')}` };
  switch (mode.kind) {
    case 'one': {
      const label = shardLabel(mode.shard, mode.shards);
      const progress = (drawn: number, count: number) =>
        run.log(`${label}: ${drawn}/${count} examples drawn`);
      const shard = await drawShard(options, mode.shard, progress);
      run.log(
        `${label}: ${shard.reused ? 'reused' : 'wrote'} ${shard.file} (${describeCounts(shard.counts)})`,
      );
      return undefined;
    }
    case 'merge':
      return mergeShards(merge);
    case 'all': {
      const { shards: total, parallel } = mode;
      const drawShards = (shards: number[]) =>
        runShardProcesses({ command: run.cli, argsOf, shards, total, parallel, onLine: run.log });
      return generateAllShards(merge, drawShards, run.log);
    }
  }
}

function missingShards(missing: number[], files: string[], shardCommand: (shard: number) => string): string {
  const SHOWN = 4;
  const names = missing.slice(0, SHOWN).map((i) => files[i]);
  const more = missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : '';
  const rest = missing.slice(1, SHOWN).join(', ') + (missing.length > SHOWN ? ', …' : '');
  const others = missing.length > 1 ? ` (likewise --shard ${rest})` : '';
  return (
    `Missing shard files: ${names.join(', ')}${more}. Draw them with ${shardCommand(missing[0])}${others}, ` +
    'or drop --merge true to draw every missing shard and merge'
  );
}
