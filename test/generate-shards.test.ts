// End-to-end test of int2int generate --shards: shard processes, merge, byte-identical reruns, and resuming after a lost shard.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli } from './cli-helpers';

const GENERATE = [
  'generate',
  '--operation',
  'gcd',
  '--count',
  '3000',
  '--valid_size',
  '200',
  '--test_size',
  '200',
];
const SHARDED = [...GENERATE, '--shards', '3', '--seed', '0'];
const SPLITS = ['train', 'valid', 'test'];

describe('int2int generate --shards', () => {
  const read = (cwd: string, name: string) => fs.readFileSync(path.join(cwd, 'out', name), 'utf8');
  const lines = (cwd: string, split: string) => read(cwd, `data.${split}`).trimEnd().split('\n');

  it('merges its shards into deduplicated, disjoint splits, the same on every run and after redrawing a shard', () => {
    const cwd = makeTempDir('generate-shards');
    const first = runCli([...SHARDED, '--output', 'out'], cwd);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^shard 1 of 3: wrote .*data\.shard-1-of-3 \(1000 drawn, 0 too long, \d+ duplicates\)$/m,
    );
    const [train, valid, test] = SPLITS.map((split) => lines(cwd, split));
    const all = [...train, ...valid, ...test];
    expect(new Set(all).size).toBe(all.length);
    const distinct = new Set(
      [0, 1, 2].flatMap((i) => read(cwd, `data.shard-${i}-of-3`).trimEnd().split('\n')),
    );
    expect([valid.length, test.length, train.length]).toEqual([200, 200, distinct.size - 400]);
    expect(first.stdout).toMatch(
      /^Drew 3000 examples in 3 shards: 0 too long and \d+ duplicates dropped\.$/m,
    );

    const again = makeTempDir('generate-shards');
    expect(runCli([...SHARDED, '--output', 'out'], again).status).toBe(0);
    for (const split of SPLITS) expect(read(again, `data.${split}`)).toBe(read(cwd, `data.${split}`));

    fs.rmSync(path.join(cwd, 'out', 'data.shard-1-of-3'));
    const resumed = runCli([...SHARDED, '--output', 'out'], cwd);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/^shard 0 of 3: reused /m);
    expect(resumed.stdout).toMatch(/^shard 2 of 3: reused /m);
    expect(resumed.stdout).toMatch(/^shard 1 of 3: wrote /m);
    expect(resumed.stdout).not.toMatch(/^shard [02] of 3: (wrote|\d+\/)/m);
    for (const split of SPLITS) expect(read(cwd, `data.${split}`)).toBe(read(again, `data.${split}`));
  });

  it('draws one shard with --shard, merges with --merge true, and names missing shards', () => {
    const cwd = makeTempDir('generate-shards');
    const args = [...SHARDED, '--output', 'out'];
    const merge = runCli([...args, '--merge', 'true'], cwd);
    expect(merge.status).toBe(2);
    expect(merge.stderr).toMatch(
      /^Error: Missing shard files: .*data\.shard-0-of-3, .*data\.shard-1-of-3, .*data\.shard-2-of-3\. Draw them with int2int generate .* --shards 3 --seed 0 --output out --shard 0 \(likewise --shard 1, 2\), or drop --merge true to draw every missing shard and merge\n$/,
    );
    for (const shard of ['0', '1', '2']) {
      const drawn = runCli([...args, '--shard', shard], cwd);
      expect(drawn.stdout).toMatch(new RegExp(`^shard ${shard} of 3: wrote `, 'm'));
    }
    expect(runCli([...args, '--shard', '2'], cwd).stdout).toMatch(/^shard 2 of 3: reused /m);
    expect(runCli([...args, '--merge', 'true'], cwd).status).toBe(0);
    expect(lines(cwd, 'valid')).toHaveLength(200);
    const other = runCli([...GENERATE, '--shards', '3', '--seed', '1', '--output', 'out'], cwd);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(
      /was drawn with --seed 0, not 1: remove .*data\.shard-\*-of-3\* or use another --output or --prefix\n$/,
    );
  });

  it.each([
    [['--shard', '1'], '--shard needs --shards K, the number of shards (2 or more)'],
    [
      ['--shards', '3', '--shard', '3'],
      '--shard 3 is out of range: with --shards 3, shards are numbered 0 to 2',
    ],
    [['--shards', '0'], '--shards must be at least 1, got "0"'],
    [['--shards', '3', '--parallel', '0'], '--parallel must be at least 1, got "0"'],
    [
      ['--executor', 'slurm'],
      '--executor slurm draws the shards as a Slurm job array: give --shards K (2 or more), without --shard, --merge or --parallel',
    ],
    [
      ['--shards', '3', '--mem', '4G'],
      '--mem is a setting of Slurm jobs: add --executor slurm, or remove it',
    ],
    [
      ['--shards', '3', '--executor', 'pbs'],
      '--executor pbs: choose local (processes here) or slurm (a job array)',
    ],
  ])('refuses %j in one line', (flags, message) => {
    const result = runCli([...GENERATE, ...flags], makeTempDir('generate-shards'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`Error: ${message}\n`);
  });
});
