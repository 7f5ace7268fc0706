// Tests for sharded generation: shards with their own streams, reused when complete, merged the same whatever their order.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rng } from '../core/rng';
import type { Operation } from '../operations/operation';
import { NumberArray } from '../tokenizers/number-array';
import { PositionalInt } from '../tokenizers/positional-int';
import { drawShard, generateAllShards, mergeShards, type MergeOptions } from './generate-shards';
import { shardFile } from './shard-files';

/** Sums of two integers in [1, 40]: few enough distinct problems for duplicates within and across shards. */
function sumOperation(): Operation<number[], number> & { draws: number } {
  return {
    draws: 0,
    inputTokenizer: new NumberArray<number[]>(2, 'V', 1, new PositionalInt(10)),
    outputTokenizer: new PositionalInt(10),
    generate(rng: Rng) {
      this.draws++;
      const input = [rng.int(1, 40), rng.int(1, 40)];
      return { input, output: input[0] + input[1] };
    },
    classOf: () => 0,
  };
}

describe('sharded generation', () => {
  let dir: string;
  const options = (outDir = join(dir, 'out'), operation = sumOperation()): MergeOptions => ({
    operation,
    settings: { operation: 'sum', params: {}, count: 900, shards: 3, seed: 3, maxLen: 0 },
    outDir,
    prefix: 'data',
    validSize: 100,
    testSize: 50,
    shardCommand: (shard) => `int2int generate --shards 3 --shard ${shard}`,
  });
  const read = (outDir: string, name: string): string => readFileSync(join(outDir, name), 'utf8');
  const lines = (outDir: string, name: string): string[] => read(outDir, name).trimEnd().split('\n');
  const drawAll = async (merge: MergeOptions, order = [0, 1, 2]) => {
    for (const shard of order) await drawShard(merge, shard);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-shards-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('draws each shard’s share with a stream of its own, and reuses a complete shard', async () => {
    const operation = sumOperation();
    const merge = options(undefined, operation);
    const first = await drawShard(merge, 0);
    expect(first).toMatchObject({ file: shardFile(merge.outDir, 'data', 0, 3), reused: false });
    expect(first.counts.drawn).toBe(300);
    expect(first.counts.duplicates).toBeGreaterThan(0);
    expect(lines(merge.outDir, 'data.shard-0-of-3')).toHaveLength(300 - first.counts.duplicates);
    await drawShard(merge, 1);
    expect(read(merge.outDir, 'data.shard-1-of-3')).not.toBe(read(merge.outDir, 'data.shard-0-of-3'));
    const draws = operation.draws;
    expect(await drawShard(merge, 0)).toEqual({ ...first, reused: true });
    expect(operation.draws).toBe(draws);
  });

  it('merges into disjoint valid, test and train files without duplicates, with the totals', async () => {
    const merge = options();
    await drawAll(merge);
    const counts = await mergeShards(merge);
    const [train, valid, test] = ['train', 'valid', 'test'].map((split) =>
      lines(merge.outDir, `data.${split}`),
    );
    expect([valid.length, test.length, train.length]).toEqual([100, 50, counts.train]);
    const all = [...train, ...valid, ...test];
    expect(new Set(all).size).toBe(all.length);
    const shardLines = [0, 1, 2].flatMap((i) => lines(merge.outDir, `data.shard-${i}-of-3`));
    expect(new Set(shardLines)).toEqual(new Set(all));
    expect(counts.drawn).toBe(900);
    expect(counts.duplicates).toBe(900 - all.length);
    expect(readdirSync(merge.outDir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('gives the same files byte for byte whatever order the shards were drawn in', async () => {
    const [a, b] = [options(join(dir, 'a')), options(join(dir, 'b'))];
    await drawAll(a, [0, 1, 2]);
    await drawAll(b, [2, 0, 1]);
    await mergeShards(a);
    await mergeShards(b);
    await mergeShards(b);
    for (const split of ['train', 'valid', 'test'])
      expect(read(b.outDir, `data.${split}`)).toBe(read(a.outDir, `data.${split}`));
  });

  it('refuses to merge with shards missing, naming them and the command that draws them', async () => {
    const merge = options();
    await drawShard(merge, 1);
    const missing = [0, 2].map((i) => shardFile(merge.outDir, 'data', i, 3)).join(', ');
    await expect(mergeShards(merge)).rejects.toThrow(
      `Missing shard files: ${missing}. Draw them with int2int generate --shards 3 --shard 0 (likewise --shard 2), ` +
        'or drop --merge true to draw every missing shard and merge',
    );
  });

  it('refuses to merge a shard file changed after it was drawn', async () => {
    const merge = options();
    await drawAll(merge);
    const file = shardFile(merge.outDir, 'data', 2, 3);
    appendFileSync(file, 'V2 + 1 + 1\t+ 2\n');
    await expect(mergeShards(merge)).rejects.toThrow(
      `${file} changed after it was drawn (its checksum differs from ${file}.json): remove both files and run generate again`,
    );
  });

  it('refuses to merge fewer distinct examples than valid + test', async () => {
    const merge = { ...options(), validSize: 2000 };
    await drawAll(merge);
    await expect(mergeShards(merge)).rejects.toThrow(/sum: only \d+ distinct examples for --valid 2000/);
  });

  it('draws only the missing shards, saying which are reused, then merges to the same files', async () => {
    const merge = options();
    const drawn: number[][] = [];
    const log: string[] = [];
    const drawShards = async (shards: number[]) => {
      drawn.push(shards);
      for (const shard of shards) await drawShard(merge, shard);
    };
    await generateAllShards(merge, drawShards, (line) => log.push(line));
    const train = read(merge.outDir, 'data.train');
    rmSync(shardFile(merge.outDir, 'data', 1, 3));
    await generateAllShards(merge, drawShards, (line) => log.push(line));
    expect(drawn).toEqual([[0, 1, 2], [1]]);
    expect(log).toEqual([
      expect.stringMatching(
        /^shard 0 of 3: reused .*data\.shard-0-of-3 \(300 drawn, 0 too long, \d+ duplicates\)$/,
      ),
      expect.stringMatching(/^shard 2 of 3: reused .*data\.shard-2-of-3 /),
    ]);
    expect(read(merge.outDir, 'data.train')).toBe(train);
    await expect(
      generateAllShards({ ...merge, settings: { ...merge.settings, seed: 4 } }, drawShards, () => {}),
    ).rejects.toThrow('was drawn with --seed 3, not 4');
  });
});
