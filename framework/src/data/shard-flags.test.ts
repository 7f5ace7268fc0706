// Tests for the sharding flags of generate: the modes they ask for, one-line errors, and shard / merge command lines.
import { parseArgv } from '../config/parse-argv';
import { UsageError } from '../core/usage-error';
import { mergeCommandLine, shardCommandLine, shardingMode, withoutShardFlags } from './shard-flags';

const mode = (argv: string, cores = 8) => shardingMode(parseArgv(argv.split(' ').filter(Boolean)), cores);

describe('shardingMode', () => {
  it('is today’s single process without --shards or with --shards 1', () => {
    expect(mode('')).toEqual({ kind: 'whole' });
    expect(mode('--shards 1')).toEqual({ kind: 'whole' });
  });

  it('runs every shard, as many at a time as --parallel, else the cores, at most --shards', () => {
    expect(mode('--shards 3')).toEqual({ kind: 'all', shards: 3, parallel: 3 });
    expect(mode('--shards 30')).toEqual({ kind: 'all', shards: 30, parallel: 8 });
    expect(mode('--shards 30 --parallel 2')).toEqual({ kind: 'all', shards: 30, parallel: 2 });
  });

  it('draws one shard with --shard, merges with --merge true', () => {
    expect(mode('--shards 3 --shard 2')).toEqual({ kind: 'one', shards: 3, shard: 2 });
    expect(mode('--shards 3 --merge true')).toEqual({ kind: 'merge', shards: 3 });
    expect(mode('--shards 3 --merge false')).toEqual({ kind: 'all', shards: 3, parallel: 3 });
  });

  it.each([
    ['--shard 1', '--shard needs --shards K, the number of shards (2 or more)'],
    ['--merge true', '--merge true needs --shards K, the number of shards (2 or more)'],
    ['--parallel 2', '--parallel needs --shards K, the number of shards (2 or more)'],
    [
      '--shards 1 --shard 0',
      '--shard needs --shards 2 or more: with --shards 1, generate writes train/valid/test itself',
    ],
    ['--shards 3 --shard 3', '--shard 3 is out of range: with --shards 3, shards are numbered 0 to 2'],
    ['--shards 3 --shard -1', '--shard must be at least 0, got "-1"'],
    ['--shards 0', '--shards must be at least 1, got "0"'],
    ['--shards two', '--shards must be an integer, got "two"'],
    ['--shards 3 --parallel 0', '--parallel must be at least 1, got "0"'],
    ['--shards 3 --merge maybe', '--merge must be true or false, got "maybe"'],
    [
      '--shards 3 --shard 1 --merge true',
      '--shard I draws one shard and --merge true merges them: give one of the two',
    ],
    [
      '--shards 3 --merge true --parallel 2',
      '--parallel is for generate running every shard itself: drop it with --merge true',
    ],
  ])('refuses %s in one line', (argv, message) => {
    expect(() => mode(argv)).toThrow(new UsageError(message));
  });
});

describe('shard and merge command lines', () => {
  const argv = ['--operation', 'gcd', '--count=3000', '--shards', '3', '--parallel', '2', '--seed', '5'];

  it('are the generate flags less --parallel, with --shard I or --merge true', () => {
    expect(shardCommandLine(argv, 2)).toEqual([
      'generate',
      '--operation',
      'gcd',
      '--count',
      '3000',
      '--shards',
      '3',
      '--seed',
      '5',
      '--shard',
      '2',
    ]);
    expect(mergeCommandLine(argv)).toEqual([
      'generate',
      '--operation',
      'gcd',
      '--count',
      '3000',
      '--shards',
      '3',
      '--seed',
      '5',
      '--merge',
      'true',
    ]);
  });

  it('replace the --shard or --merge of the argv they are made from', () => {
    expect(shardCommandLine([...argv.slice(0, 5), '--merge', 'true'], 0).slice(-2)).toEqual(['--shard', '0']);
    expect(mergeCommandLine([...argv.slice(0, 5), '--shard', '1']).slice(-2)).toEqual(['--merge', 'true']);
  });

  it('need --shards 2 or more and a shard in range', () => {
    const message = 'Shard and merge command lines need --shards K with K >= 2 among the generate flags';
    expect(() => mergeCommandLine(['--operation', 'gcd'])).toThrow(message);
    expect(() => shardCommandLine(['--shards', '1'], 0)).toThrow(message);
    expect(() => shardCommandLine(argv, 3)).toThrow('--shard 3 is out of range');
  });

  it('withoutShardFlags keeps the generation settings only', () => {
    expect([...withoutShardFlags(parseArgv(argv)).keys()]).toEqual(['operation', 'count', 'seed']);
  });
});
