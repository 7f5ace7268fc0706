// The --shards, --shard, --merge and --parallel flags of int2int generate: what they ask for, and the command lines of one shard and of the merge.
import * as os from 'node:os';
import { convertValue } from '../config/convert-value';
import { parseArgv, type RawFlags } from '../config/parse-argv';
import { UsageError } from '../core/usage-error';
import { boolParam, intParam, type ParamSpec } from '../operations/parameters';

/** The flags read here; the others are the generation's own settings. */
const SHARD_FLAGS: readonly string[] = ['shards', 'shard', 'merge', 'parallel'];

/**
 * What a generate command line asks for: `whole`, today's single process (--shards 1); `all`, every missing
 * shard in child processes then the merge; `one`, shard `shard` only; `merge`, the merge only.
 */
export type ShardingMode =
  | { kind: 'whole' }
  | { kind: 'all'; shards: number; parallel: number }
  | { kind: 'one'; shards: number; shard: number }
  | { kind: 'merge'; shards: number };

const SHARDS = intParam(1, 'Number of shards', { min: 1 });
const SHARD = intParam(0, 'The shard to draw', { min: 0 });
const MERGE = boolParam(false, 'Merge the shards');
const PARALLEL = intParam(1, 'Shard processes at a time', { min: 1 });

/** Reads and checks the sharding flags of `flags`; `cores` is the default of --parallel (capped at --shards). */
export function shardingMode(flags: RawFlags, cores = os.availableParallelism()): ShardingMode {
  const read = (name: string, spec: ParamSpec) => {
    const raw = flags.get(name);
    return raw === undefined ? undefined : convertValue(`--${name}`, spec, raw);
  };
  const shards = (read('shards', SHARDS) as number | undefined) ?? 1;
  const shard = read('shard', SHARD) as number | undefined;
  const merge = read('merge', MERGE) === true;
  const parallel = read('parallel', PARALLEL) as number | undefined;
  const used = [
    ...(shard !== undefined ? ['--shard'] : []),
    ...(merge ? ['--merge true'] : []),
    ...(parallel !== undefined ? ['--parallel'] : []),
  ];
  if (shards === 1 && used.length > 0)
    throw new UsageError(
      flags.has('shards')
        ? `${used[0]} needs --shards 2 or more: with --shards 1, generate writes train/valid/test itself`
        : `${used[0]} needs --shards K, the number of shards (2 or more)`,
    );
  if (shard !== undefined && merge)
    throw new UsageError('--shard I draws one shard and --merge true merges them: give one of the two');
  if (parallel !== undefined && used.length > 1)
    throw new UsageError(`--parallel is for generate running every shard itself: drop it with ${used[0]}`);
  if (shard !== undefined && shard >= shards)
    throw new UsageError(
      `--shard ${shard} is out of range: with --shards ${shards}, shards are numbered 0 to ${shards - 1}`,
    );
  if (shards === 1) return { kind: 'whole' };
  if (shard !== undefined) return { kind: 'one', shards, shard };
  if (merge) return { kind: 'merge', shards };
  return { kind: 'all', shards, parallel: parallel ?? Math.max(1, Math.min(cores, shards)) };
}

/** `flags` less the sharding flags. */
export function withoutShardFlags(flags: RawFlags): RawFlags {
  return new Map([...flags].filter(([name]) => !SHARD_FLAGS.includes(name)));
}

/**
 * The int2int arguments (from `generate` on) that draw shard `shard` of the generation `generateArgv` asks for
 * (the flags given to `int2int generate`, with --shards K, K >= 2), e.g. for a line of an sbatch array script.
 */
export function shardCommandLine(generateArgv: readonly string[], shard: number): string[] {
  const flags = commonFlags(generateArgv);
  shardingMode(new Map(flags).set('shard', String(shard)));
  return ['generate', ...toArgv(flags), '--shard', String(shard)];
}

/** The int2int arguments (from `generate` on) that merge the shards of `generateArgv` into train/valid/test files. */
export function mergeCommandLine(generateArgv: readonly string[]): string[] {
  return ['generate', ...toArgv(commonFlags(generateArgv)), '--merge', 'true'];
}

/** The flags of `generateArgv` a shard and the merge share: all but --shard, --merge and --parallel. */
function commonFlags(generateArgv: readonly string[]): RawFlags {
  const flags = parseArgv(generateArgv);
  const common = new Map([...flags].filter(([name]) => name === 'shards' || !SHARD_FLAGS.includes(name)));
  if (shardingMode(common).kind === 'whole')
    throw new UsageError(
      'Shard and merge command lines need --shards K with K >= 2 among the generate flags',
    );
  return common;
}

function toArgv(flags: RawFlags): string[] {
  return [...flags].flatMap(([name, value]) => [`--${name}`, value]);
}
