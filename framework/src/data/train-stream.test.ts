// Tests for the training streams: the same batches for the same seed and epoch, other batches for another epoch.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Rng } from '../core/rng';
import type { Operation } from '../operations/operation';
import { PositionalInt } from '../tokenizers/positional-int';
import { Vocabulary } from '../tokenizers/vocabulary';
import type { IdExample } from './batch';
import { PackedExamples, readDataChunks } from './data-file';
import { drawExample, type ExampleFactoryOptions } from './example-factory';
import type { GenerationWorkerData } from './generation-protocol';
import {
  ChunkedTrainFile,
  FileInOrderStream,
  FileSampleStream,
  MainThreadStream,
  type StreamPosition,
  type TrainStream,
  WorkerStream,
} from './train-stream';

const tokenizer = new PositionalInt(10);
const probe: Operation<number, number> = {
  inputTokenizer: tokenizer,
  outputTokenizer: tokenizer,
  generate: (rng) => {
    const a = rng.int(0, 9999);
    return { input: a, output: a % 7 };
  },
  classOf: (output) => output,
};
const options: ExampleFactoryOptions = {
  label: 'Operation probe',
  operation: probe,
  vocab: Vocabulary.fromSymbols(tokenizer.symbols),
  maxLen: 0,
};

/** Plain arrays, so that typed-array views and arrays compare equal. */
const plain = (batch: IdExample[]) =>
  batch.map((e) => ({ x: Array.from(e.x), y: Array.from(e.y), cls: e.cls }));

async function take(stream: TrainStream, batches: number) {
  const result = [];
  for (let i = 0; i < batches; i++) result.push(plain(await stream.next()));
  await stream.close();
  return result;
}

/** Takes `before` batches, then `after` more from a new stream opened at the first one's position. */
async function resumeAfter(open: (position?: StreamPosition) => TrainStream, before: number, after: number) {
  const first = open();
  for (let i = 0; i < before; i++) await first.next();
  const position = first.position();
  await first.close();
  return take(open(JSON.parse(JSON.stringify(position)) as StreamPosition), after);
}

describe('MainThreadStream', () => {
  it('gives batches of batchSize examples drawn from the operation', async () => {
    const [batch] = await take(new MainThreadStream(options, 5, 42, 0), 1);
    expect(batch).toHaveLength(5);
    for (const { x, y, cls } of batch) {
      const words = (ids: number[]) => ids.map((id) => options.vocab.word(id));
      const input = tokenizer.parse(words(x))!.value;
      expect(words(y)).toEqual(tokenizer.encode(input % 7));
      expect(cls).toBe(input % 7);
    }
  });

  it('is the generator seeded [0, 0, seed, epoch]', async () => {
    const rng = new Rng([0, 0, 42, 3]);
    const expected = [0, 1].map(() => Array.from({ length: 4 }, () => drawExample(options, rng, 'train')));
    expect(await take(new MainThreadStream(options, 4, 42, 3), 2)).toEqual(expected.map(plain));
  });

  it('repeats with the same seed and epoch, and differs for another epoch or seed', async () => {
    const run = (seed: number, epoch: number) => take(new MainThreadStream(options, 8, seed, epoch), 3);
    const first = await run(7, 1);
    expect(await run(7, 1)).toEqual(first);
    expect(await run(7, 2)).not.toEqual(first);
    expect(await run(8, 1)).not.toEqual(first);
  });

  it('continues exactly from a saved position', async () => {
    const open = (position?: StreamPosition) => new MainThreadStream(options, 8, 7, 1, position);
    expect(await resumeAfter(open, 3, 2)).toEqual((await take(open(), 5)).slice(3));
  });
});

describe('FileSampleStream', () => {
  // Example i: x = [i], y = [i + 100], class i % 3.
  const SIZE = 50;
  const ids = new Int32Array(2 * SIZE);
  const offsets = new Int32Array(2 * SIZE + 1);
  for (let i = 0; i < SIZE; i++) {
    ids[2 * i] = i;
    ids[2 * i + 1] = i + 100;
    offsets[2 * i + 1] = 2 * i + 1;
    offsets[2 * i + 2] = 2 * i + 2;
  }
  const data = new PackedExamples(
    ids,
    offsets,
    Int32Array.from({ length: SIZE }, (_, i) => i % 3),
  );
  const indices = (batches: ReturnType<typeof plain>[]) => batches.flat().map((e) => e.x[0]);

  it('draws whole examples from the file', async () => {
    const batches = await take(new FileSampleStream(data, 6, 1, 0), 2);
    expect(batches.map((b) => b.length)).toEqual([6, 6]);
    for (const e of batches.flat()) expect(e).toEqual({ x: [e.x[0]], y: [e.x[0] + 100], cls: e.x[0] % 3 });
  });

  it('repeats with the same seed and epoch, and differs for another epoch', async () => {
    const run = (epoch: number) => take(new FileSampleStream(data, 10, 3, epoch), 4);
    const first = await run(0);
    expect(await run(0)).toEqual(first);
    expect(await run(1)).not.toEqual(first);
    // Drawn with replacement over the whole file.
    expect(new Set(indices(first)).size).toBeGreaterThan(20);
  });

  it('continues exactly from a saved position', async () => {
    const twoClasses = { firstClassSize: 5, firstClassProb: 0.5 };
    const open = (position?: StreamPosition) => new FileSampleStream(data, 10, 3, 0, twoClasses, position);
    expect(await resumeAfter(open, 2, 3)).toEqual((await take(open(), 5)).slice(2));
  });

  it('draws the first class with probability first_class_prob under two_classes', async () => {
    const twoClasses = { firstClassSize: 5, firstClassProb: 0.5 };
    const drawn = indices(await take(new FileSampleStream(data, 100, 9, 0, twoClasses), 20));
    const share = drawn.filter((i) => i < 5).length / drawn.length;
    // 0.5 from the first class, plus 5/50 of the other half.
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(0.65);
    expect(() => new FileSampleStream(data, 4, 0, 0, { firstClassSize: SIZE, firstClassProb: 0.1 })).toThrow(
      `--first_class_size ${SIZE} must be smaller than the training file (${SIZE} examples)`,
    );
  });
});

describe('FileInOrderStream (--batch_load)', () => {
  let dir: string;
  let path: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-in-order-'));
    path = join(dir, 'train.txt');
    // Example i has input `+ i`: 10 examples, read in chunks of 4.
    writeFileSync(path, Array.from({ length: 10 }, (_, i) => `+ ${i} 0\t+ ${i % 7}`).join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fileOptions = {
    vocab: options.vocab,
    outputTokenizer: tokenizer,
    classOf: (output: unknown) => output as number,
  };
  let chunksRead = 0;
  const openFile = (wraps: number[] = []) =>
    new ChunkedTrainFile(
      () => {
        chunksRead = 0;
        const chunks = readDataChunks(path, fileOptions, 4);
        return (async function* () {
          for await (const chunk of chunks) {
            chunksRead++;
            yield chunk;
          }
        })();
      },
      (size) => wraps.push(size),
    );
  const inputs = (batches: ReturnType<typeof plain>[]) =>
    batches.map((b) => b.map((e) => Number(options.vocab.word(e.x[1]))));

  it('gives the examples in file order, starting again from the first line at the end of the file', async () => {
    const wraps: number[] = [];
    const file = openFile(wraps);
    const batches = await take(new FileInOrderStream(file, 3, 0), 4);
    expect(inputs(batches)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
      [9, 0, 1],
    ]);
    expect(wraps).toEqual([10]);
    expect(file.size).toBe(10);
    await file.close();
  });

  it('holds one chunk at a time: it reads a chunk only when the examples reach it', async () => {
    const file = openFile();
    const stream = new FileInOrderStream(file, 3, 0);
    await stream.next();
    expect(chunksRead).toBe(1);
    await stream.next();
    expect(chunksRead).toBe(2);
    await file.close();
  });

  it("continues across epochs: the next epoch's stream starts where the last one stopped", async () => {
    const file = openFile();
    const epoch0 = new FileInOrderStream(file, 3, 0);
    await take(epoch0, 2);
    expect(inputs(await take(new FileInOrderStream(file, 3, 6), 1))).toEqual([[6, 7, 8]]);
    await file.close();
  });

  it('continues exactly from a saved position, in a new process, past the end of the file', async () => {
    const reference = openFile();
    const all = await take(new FileInOrderStream(reference, 3, 0), 9);
    await reference.close();
    for (const before of [1, 3, 5]) {
      const first = openFile();
      const stream = new FileInOrderStream(first, 3, 0);
      for (let i = 0; i < before; i++) await stream.next();
      const position = JSON.parse(JSON.stringify(stream.position())) as StreamPosition;
      await first.close();
      expect(position.fileCursor).toBe(3 * before);
      const resumed = openFile();
      expect(await take(new FileInOrderStream(resumed, 3, position.fileCursor!), 9 - before)).toEqual(
        all.slice(before),
      );
      await resumed.close();
    }
  });

  it('starts an epoch from its place when nothing was read before (a resume at an epoch boundary)', async () => {
    // 23 examples into training: 3 times through the 10 lines, then line 3.
    const file = openFile();
    expect(inputs(await take(new FileInOrderStream(file, 2, 23), 1))).toEqual([[3, 4]]);
    expect(inputs(await take(new FileInOrderStream(file, 2, 40), 1))).toEqual([[0, 1]]);
    await file.close();
  });

  it('reports a bad line of a later chunk when the stream reaches it', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '+ 1\t+ 1\n+ 2\t+ 2\n+ 3\t+ 3\n+ 4\t+ 4\n+ 5 ?\t+ 5\n');
    const file = new ChunkedTrainFile(() => readDataChunks(bad, fileOptions, 4));
    const stream = new FileInOrderStream(file, 4, 0);
    await stream.next();
    await expect(stream.next()).rejects.toThrow(`${bad}:5: token "?" is not in the vocabulary`);
    await file.close();
  });
});

// WorkerStream starts dist/data/generation-worker.js beside its own compiled file: test the compiled stream.
const DIST = resolve(__dirname, '..', '..', 'dist');
const describeWorkers = existsSync(join(DIST, 'data', 'generation-worker.js')) ? describe : describe.skip;

describeWorkers('WorkerStream (compiled)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-workers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes batches round-robin from generators seeded [w, 0, seed, epoch]', async () => {
    // A plugin entry point that the worker thread requires: the probe operation, registered on the compiled framework.
    const entry = join(dir, 'worker-probe.js');
    writeFileSync(
      entry,
      `const { operation, PositionalInt } = require(${JSON.stringify(join(DIST, 'index.js'))});
class WorkerProbe {
  constructor() { this.inputTokenizer = new PositionalInt(10); this.outputTokenizer = this.inputTokenizer; }
  generate(rng) { const a = rng.int(0, 9999); return { input: a, output: a % 7 }; }
  classOf(output) { return output; }
}
operation({ name: 'test_worker_stream_probe', summary: 'Probe for the WorkerStream test' })(WorkerProbe);
`,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled stream, whose worker file exists
    const compiled = require(join(DIST, 'data', 'train-stream.js')) as { WorkerStream: typeof WorkerStream };
    const base: Omit<GenerationWorkerData, 'workers' | 'states'> = {
      entryPoints: [{ plugin: 'worker-probe', entry }],
      operation: 'test_worker_stream_probe',
      operationParams: {},
      vocabulary: options.vocab.words,
      maxLen: 0,
      batchSize: 4,
      seed: 11,
      epoch: 2,
    };
    const batches = await take(new compiled.WorkerStream(base, 3), 7);

    const generators = [0, 1, 2].map((w) => new Rng([w, 0, 11, 2]));
    const expected = Array.from({ length: 7 }, (_, k) =>
      plain(Array.from({ length: 4 }, () => drawExample(options, generators[k % 3], 'train'))),
    );
    expect(batches).toEqual(expected);

    // Stopped after 4 batches (generator 1's turn next, each generator ahead by its prefetched batches):
    // a stream opened at the position gives batches 4, 5, 6.
    const open = (position?: StreamPosition) => new compiled.WorkerStream(base, 3, position);
    expect(await resumeAfter(open, 4, 3)).toEqual(expected.slice(4));
  });
});
