// Tests for readDataFile and readDataChunks: Int2Int-format files (plain and gzipped) into packed token ids, and their errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseDataTypes } from '../tokenizers/data-types';
import { Vocabulary } from '../tokenizers/vocabulary';
import { readDataChunks, readDataFile, type DataFileOptions, type PackedExamples } from './data-file';

const SPEC = 'int[5]:range(5)';
const types = parseDataTypes(SPEC, 1000);
const options: DataFileOptions = {
  vocab: Vocabulary.fromSymbols(types.input.symbols, types.output.symbols),
  outputTokenizer: types.output,
  classOf: (output) => output as number,
  describeVocab: `--data_types "${SPEC}"`,
};
const LINES = [
  '+ 1 + 0 + 1 + 1 - 28\t0',
  '',
  '+ 0 + 0 + 0 - 12 106 875 - 16 216 753 750\t1',
  '+ 1 - 1 + 1 + 673 - 34 424\t3',
];

describe('readDataFile', () => {
  let dir: string;
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-data-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the token ids and classes of each line, skipping blank lines', async () => {
    const data = await readDataFile(file('rank.txt', LINES.join('\n') + '\n'), options);
    expect(data.size).toBe(3);
    const words = (ids: ArrayLike<number>): string =>
      Array.from(ids, (id) => options.vocab.word(id)).join(' ');
    expect(words(data.get(0).x)).toBe('+ 1 + 0 + 1 + 1 - 28');
    expect(words(data.get(0).y)).toBe('0');
    expect(words(data.get(2).x)).toBe('+ 1 - 1 + 1 + 673 - 34 424');
    expect([0, 1, 2].map((i) => data.get(i).cls)).toEqual([0, 1, 3]);
    expect(() => data.get(3)).toThrow(RangeError);
  });

  it('reads gzipped files and CRLF line ends', async () => {
    const data = await readDataFile(file('rank.gz', gzipSync(LINES.join('\r\n'))), options);
    expect(data.size).toBe(3);
    expect(data.get(1).cls).toBe(1);
  });

  it('keeps only the first `limit` examples, and everything without a limit', async () => {
    const path = file('rank.txt', LINES.join('\n'));
    expect((await readDataFile(path, { ...options, limit: 2 })).size).toBe(2);
    expect((await readDataFile(path, options)).size).toBe(3);
  });

  it('skips examples with --max_len tokens or more on either side, and counts them', async () => {
    const path = file('long.txt', LINES.join('\n'));
    const all = await readDataFile(path, options);
    const longest = Math.max(...Array.from({ length: all.size }, (_, i) => all.get(i).x.length));
    const kept = await readDataFile(path, { ...options, maxLen: longest });
    expect(kept.tooLong).toBeGreaterThan(0);
    expect(kept.size + kept.tooLong).toBe(all.size);
  });

  it.each([
    ['+ 1 + 2\t0\t1', ':2: expected INPUT<TAB>OUTPUT, found 3 tab-separated fields'],
    ['+ 1 + 2 0', ':2: expected INPUT<TAB>OUTPUT, found 1 tab-separated fields'],
    [' \t0', ':2: the input (before the tab) is empty'],
    ['+ 1\t ', ':2: the output (after the tab) is empty'],
    ['V7 + 1\t0', ':2: token "V7" is not in the vocabulary of --data_types "int[5]:range(5)"'],
    ['+ 1\t+ 1', ':2: the output "+ 1" does not decode as an output of --data_types "int[5]:range(5)"'],
  ])('stops at a malformed line: %j', async (line, message) => {
    const path = file('bad.txt', `+ 1\t0\n${line}\n`);
    await expect(readDataFile(path, options)).rejects.toThrow(`${path}${message}`);
  });

  it('reports files it cannot read', async () => {
    await expect(readDataFile(join(dir, 'missing.txt'), options)).rejects.toThrow(/missing.txt: cannot read/);
    await expect(readDataFile(file('bad.gz', 'not gzip'), options)).rejects.toThrow(/bad.gz: cannot read/);
  });

  it('loads a sample of the elliptic rank test set with int[5]:range(5)', async () => {
    const data = await readDataFile(join(__dirname, 'fixtures', 'rank.sample.gz'), options);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < data.size; i++) counts[data.get(i).cls]++;
    expect(data.size).toBe(500);
    expect(counts).toEqual([192, 247, 61, 0, 0]);
  });

  it('gives classOf the decoded input with the input tokenizer, undefined where it does not decode', async () => {
    const inputs: unknown[] = [];
    const withInput: DataFileOptions = {
      ...options,
      inputTokenizer: types.input,
      classOf: (output, input) => (inputs.push(input), output as number),
    };
    await readDataFile(file('rank.txt', `V5 ${LINES[0]}\n${LINES[0]}\n`), withInput);
    expect(inputs).toEqual([[1, 0, 1, 1, -28], undefined]);
  });

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['blank lines only', '\n  \n\n', 'its 3 lines are all blank'],
    [
      'lines all longer than --max_len',
      `${LINES[0]}\n\n${LINES[2]}\n`,
      'all 2 examples have 4 tokens or more on one side (--max_len 4), the other line is blank',
    ],
  ])('refuses %s, naming the file and why nothing is left', async (_, content, why) => {
    const path = file('empty.txt', content);
    await expect(readDataFile(path, { ...options, maxLen: 4 })).rejects.toThrow(
      `${path}: no examples left: ${why}`,
    );
  });
});

describe('readDataChunks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-chunks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Example i of a 7-line file has the output class i % 5 and, as input, `+ i`. */
  const sevenLines = () => {
    const path = join(dir, 'seven.txt');
    writeFileSync(path, Array.from({ length: 7 }, (_, i) => `+ ${i}\t${i % 5}`).join('\n') + '\n');
    return path;
  };
  const inputs = (chunk: PackedExamples) =>
    Array.from({ length: chunk.size }, (_, i) => options.vocab.word(chunk.get(i).x[1]));
  const readAll = async (path: string, chunkSize: number) => {
    const chunks: PackedExamples[] = [];
    for await (const chunk of readDataChunks(path, options, chunkSize)) chunks.push(chunk);
    return chunks;
  };

  it('gives the examples in file order, chunkSize at a time, the last chunk with the rest', async () => {
    const chunks = await readAll(sevenLines(), 3);
    expect(chunks.map(inputs)).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6']]);
    expect(chunks[1].get(0).cls).toBe(3);
  });

  it('reads a file of exactly whole chunks without an empty last chunk', async () => {
    const path = join(dir, 'six.txt');
    writeFileSync(path, Array.from({ length: 6 }, (_, i) => `+ ${i}\t0`).join('\n'));
    expect((await readAll(path, 3)).map((c) => c.size)).toEqual([3, 3]);
  });

  it('names the line of a malformed example in a later chunk, after giving the chunks before it', async () => {
    const path = join(dir, 'late.txt');
    writeFileSync(path, '+ 1\t0\n+ 2\t1\n+ 3\t2\n+ 4\n');
    const chunks = readDataChunks(path, options, 2);
    expect((await chunks.next()).value?.size).toBe(2);
    await expect(chunks.next()).rejects.toThrow(
      `${path}:4: expected INPUT<TAB>OUTPUT, found 1 tab-separated fields`,
    );
  });

  it('refuses a file without examples on its first chunk', async () => {
    const path = join(dir, 'blank.txt');
    writeFileSync(path, '\n\n');
    await expect(readAll(path, 3)).rejects.toThrow(`${path}: no examples left: its 2 lines are all blank`);
  });
});
