// Shard files of a sharded generation: their names, sizes and records (<file>.json: the settings and counts it was drawn with).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/usage-error';
import type { ParamValues } from '../operations/parameters';
import { writeLines, type DrawCounts } from './generate-dataset';

/** What a shard's lines depend on: a shard is reused only if its record holds the same. */
export interface ShardSettings {
  operation: string;
  /** Every parameter of the operation (defaults included). */
  params: ParamValues;
  /** The count of the whole generation (all shards). */
  count: number;
  shards: number;
  seed: number;
  maxLen: number;
}

/** The record written beside a shard's file once the file is complete. */
export interface ShardRecord {
  settings: ShardSettings;
  shard: number;
  counts: DrawCounts;
  /** Of the shard file's contents, to tell a file changed since. */
  sha256: string;
}

/** The examples each shard draws: `count` split as evenly as possible, the first count % shards one more. */
export function shardSizes(count: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, i) => Math.floor(count / shards) + (i < count % shards ? 1 : 0));
}

/** `<outDir>/<prefix>.shard-<shard>-of-<shards>`; its record is the same path with `.json` added. */
export function shardFile(outDir: string, prefix: string, shard: number, shards: number): string {
  return join(outDir, `${prefix}.shard-${shard}-of-${shards}`);
}

/** `shard 2 of 3`: how messages name a shard (numbered from 0, as in its file name and --shard). */
export function shardLabel(shard: number, shards: number): string {
  return `shard ${shard} of ${shards}`;
}

/** `1000 drawn, 3 too long, 12 duplicates` */
export function describeCounts({ drawn, tooLong, duplicates }: DrawCounts): string {
  return `${drawn} drawn, ${tooLong} too long, ${duplicates} duplicates`;
}

export function sha256Of(lines: readonly string[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return hash.digest('hex');
}

/**
 * The record of a complete shard drawn with `settings`, or undefined when the shard is to be drawn (its file or
 * record is missing). A shard drawn with other settings is a UsageError saying what differs and what to do.
 */
export async function completeShard(
  file: string,
  shard: number,
  settings: ShardSettings,
  prefix: string,
): Promise<ShardRecord | undefined> {
  const [text, exists] = await Promise.all([readOptional(`${file}.json`), isFile(file)]);
  if (text === undefined || !exists) return undefined;
  const record = parseRecord(text, `${file}.json`);
  const difference =
    record.shard === shard ? firstDifference(record.settings, settings) : `shard ${record.shard}`;
  if (difference !== undefined)
    throw new UsageError(
      `${file} was drawn with ${difference}: remove ${join(dirname(file), `${prefix}.shard-*-of-${settings.shards}*`)} ` +
        'or use another --output or --prefix',
    );
  return record;
}

/** Writes a shard's lines then its record, each through a temporary file: a shard without its record is redrawn. */
export async function writeShard(
  file: string,
  lines: readonly string[],
  record: Omit<ShardRecord, 'sha256'>,
): Promise<ShardRecord> {
  await mkdir(dirname(file), { recursive: true });
  await rm(`${file}.json`, { force: true });
  await writeLines(file, lines);
  const complete = { ...record, sha256: sha256Of(lines) };
  const temp = `${file}.json.tmp-${process.pid}`;
  await writeFile(temp, `${JSON.stringify(complete, null, 2)}\n`);
  await rename(temp, `${file}.json`);
  return complete;
}

/** `--count 3000, not 6000`: the first setting of `recorded` that differs from `wanted`, as flags. */
function firstDifference(recorded: ShardSettings, wanted: ShardSettings): string | undefined {
  const flags: Array<[string, unknown, unknown]> = [
    ['--operation', recorded.operation, wanted.operation],
    ['--count', recorded.count, wanted.count],
    ['--shards', recorded.shards, wanted.shards],
    ['--seed', recorded.seed, wanted.seed],
    ['--max_len', recorded.maxLen, wanted.maxLen],
    ...[...new Set([...Object.keys(recorded.params), ...Object.keys(wanted.params)])].map(
      (name): [string, unknown, unknown] => [`--${name}`, recorded.params[name], wanted.params[name]],
    ),
  ];
  const differs = flags.find(([, was, is]) => was !== is);
  return differs && `${differs[0]} ${String(differs[1])}, not ${String(differs[2])}`;
}

function parseRecord(text: string, path: string): ShardRecord {
  try {
    const record = JSON.parse(text) as ShardRecord;
    if (typeof record.sha256 === 'string' && typeof record.settings?.params === 'object') return record;
  } catch {
    // reported below
  }
  throw new UsageError(
    `${path} is not a shard record: remove it and its shard file, then run generate again`,
  );
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
