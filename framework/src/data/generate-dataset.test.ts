// Tests for generateDataset: disjoint deduplicated splits, reproducible from the seed, written atomically.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rng } from '../core/rng';
import type { Operation } from '../operations/operation';
import { NumberArray } from '../tokenizers/number-array';
import { PositionalInt } from '../tokenizers/positional-int';
import { Vocabulary } from '../tokenizers/vocabulary';
import { generateDataset, type GenerateDatasetOptions } from './generate-dataset';

/** Sums of two integers in [1, 40]: few enough distinct problems to produce duplicates; 1 draw in 5 fails. */
const sum: Operation<number[], number> = {
  inputTokenizer: new NumberArray<number[]>(2, 'V', 1, new PositionalInt(10)),
  outputTokenizer: new PositionalInt(10),
  generate(rng: Rng) {
    const roll = rng.int(0, 4);
    if (roll === 0) return undefined;
    if (roll === 1) throw new Error('unlucky');
    const input = [rng.int(1, 40), rng.int(1, 40)];
    return { input, output: input[0] + input[1] };
  },
  classOf: () => 0,
};

describe('generateDataset', () => {
  let dir: string;
  const options = (): GenerateDatasetOptions => ({
    operation: sum,
    name: 'sum',
    seed: 3,
    count: 2000,
    validSize: 100,
    testSize: 50,
    maxLen: 0,
    outDir: dir,
    prefix: 'data',
  });
  const read = (split: string): string[] =>
    readFileSync(join(dir, `data.${split}`), 'utf8')
      .trimEnd()
      .split('\n');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-gen-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes disjoint valid, test and train files without duplicates', async () => {
    const progress: number[] = [];
    const counts = await generateDataset({ ...options(), onProgress: (drawn) => progress.push(drawn) });
    const [train, valid, test] = ['train', 'valid', 'test'].map(read);
    expect([valid.length, test.length, train.length]).toEqual([100, 50, counts.train]);
    expect(counts.drawn).toBe(2000);
    expect(counts.duplicates).toBeGreaterThan(0);
    expect(counts.train + 150 + counts.duplicates).toBe(2000);
    const all = [...train, ...valid, ...test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((line) => /^V2 \+ \d+( \d)? \+ \d+( \d)?\t\+ \d+( \d)?$/.test(line))).toBe(true);
    expect(progress.at(-1)).toBe(2000);
    expect(readdirSync(dir).sort()).toEqual(['data.test', 'data.train', 'data.valid']);
  });

  it('reports progress every 10000 draws, and once at the end', async () => {
    const progress: number[] = [];
    await generateDataset({ ...options(), count: 20000, onProgress: (drawn) => progress.push(drawn) });
    expect(progress).toEqual([10000, 20000]);
  });

  it('gives identical files for the same seed, and other files for another seed', async () => {
    await generateDataset(options());
    const first = ['train', 'valid', 'test'].map(read);
    await generateDataset(options());
    expect(['train', 'valid', 'test'].map(read)).toEqual(first);
    await generateDataset({ ...options(), seed: 4 });
    expect(read('valid')).not.toEqual(first[1]);
  });

  it('drops examples with maxLen tokens or more', async () => {
    const counts = await generateDataset({ ...options(), maxLen: 7 });
    expect(counts.tooLong).toBeGreaterThan(0);
    const inputs = [...read('train'), ...read('valid')].map((line) => line.split('\t')[0].split(' '));
    expect(Math.max(...inputs.map((tokens) => tokens.length))).toBe(6);
  });

  it('checks tokens against the vocabulary when one is given', async () => {
    const vocab = Vocabulary.fromSymbols(['V2', '+', '1']);
    await expect(generateDataset({ ...options(), vocab })).rejects.toThrow(
      /sum emitted the token ".*", not in its vocabulary/,
    );
  });

  it('gives up on an operation that never generates, naming it', async () => {
    const never = { ...sum, generate: () => undefined } as Operation<unknown, unknown>;
    await expect(generateDataset({ ...options(), operation: never, name: 'never' })).rejects.toThrow(
      'Operation never failed to generate an example 1000 times in a row',
    );
  });

  it('refuses to split fewer distinct examples than valid + test', async () => {
    await expect(generateDataset({ ...options(), count: 100 })).rejects.toThrow(
      /distinct examples for --valid 100/,
    );
  });
});
