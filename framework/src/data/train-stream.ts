// Training batches for one epoch: generated on the fly (main thread or worker threads) or sampled from a file.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { cpuBudget } from '../core/cpu-budget';
import { Rng } from '../core/rng';
import type { IdExample } from './batch';
import { drawExample, type ExampleFactoryOptions } from './example-factory';
import type { GenerationWorkerData, WorkerReply } from './generation-protocol';
import type { PackedExamples } from './data-file';

/**
 * Where a training stream stands: the state of each generator after the last batch taken from it, and the
 * generator whose batch comes next. A stream opened at a position continues exactly as the original would.
 */
export interface StreamPosition {
  generators: number[][];
  turn: number;
  /** With --batch_load: the training file's examples taken since the start of training (FileInOrderStream). */
  fileCursor?: number;
}

/** An endless source of training batches (lists of encoded examples). */
export interface TrainStream {
  next(): Promise<IdExample[]>;
  /** The position after the batches returned so far (call it once the last next() has resolved). */
  position(): StreamPosition;
  close(): Promise<void>;
}

/** The generator of a single-generator stream: seeded [0, 0, seed, epoch], or continued from a position. */
function singleGenerator(seed: number, epoch: number, position: StreamPosition | undefined): Rng {
  return position ? Rng.fromState(position.generators[0]) : new Rng([0, 0, seed, epoch]);
}

/**
 * Examples drawn uniformly with replacement from a training file, as Int2Int does; with two_classes,
 * the first `firstClassSize` lines are drawn with probability `firstClassProb`.
 */
export class FileSampleStream implements TrainStream {
  private readonly rng: Rng;

  constructor(
    private readonly data: PackedExamples,
    private readonly batchSize: number,
    seed: number,
    epoch: number,
    private readonly twoClasses?: { firstClassSize: number; firstClassProb: number },
    position?: StreamPosition,
  ) {
    this.rng = singleGenerator(seed, epoch, position);
    if (twoClasses && twoClasses.firstClassSize >= data.size) {
      throw new Error(
        `--first_class_size ${twoClasses.firstClassSize} must be smaller than the training file (${data.size} examples)`,
      );
    }
  }

  next(): Promise<IdExample[]> {
    return Promise.resolve(Array.from({ length: this.batchSize }, () => this.data.get(this.drawIndex())));
  }

  private drawIndex(): number {
    const { twoClasses, rng, data } = this;
    if (twoClasses && rng.float() < twoClasses.firstClassProb)
      return rng.int(0, twoClasses.firstClassSize - 1);
    return rng.int(0, data.size - 1);
  }

  position(): StreamPosition {
    return { generators: [this.rng.state()], turn: 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * A training file used in file order (--batch_load), with one chunk of examples in memory at a time: at its end,
 * reading starts again from its first line. Shared by the streams of every epoch; `cursor` counts the examples
 * taken since the start of training, and the place in the file is that count modulo the file's size.
 */
export class ChunkedTrainFile {
  private chunks: AsyncGenerator<PackedExamples, void, undefined> | undefined;
  private chunk: PackedExamples | undefined;
  /** The next example's index in the current chunk. */
  private index = 0;
  /** The next example's index in the file. */
  private offset = 0;
  /** The examples taken since the start of training. */
  cursor = 0;
  /** How many examples the file holds, known once it was read to its end. */
  size: number | undefined;

  /**
   * `open` reads the file from its first line as successive chunks; `onWrap` hears when the file was read to its
   * end and starts again.
   */
  constructor(
    private readonly open: () => AsyncGenerator<PackedExamples, void, undefined>,
    private readonly onWrap: (size: number) => void = () => undefined,
  ) {}

  /** The next `count` examples, in file order. */
  async take(count: number): Promise<IdExample[]> {
    const examples: IdExample[] = [];
    while (examples.length < count) {
      const chunk = await this.current();
      examples.push(chunk.get(this.index++));
      this.offset++;
      this.cursor++;
    }
    return examples;
  }

  /** Moves to the example that `cursor` examples since the start of training lead to. */
  async seek(cursor: number): Promise<void> {
    if (cursor === this.cursor && this.chunk) return;
    let target = this.size === undefined ? cursor : cursor % this.size;
    if (target < this.offset || !this.chunks) await this.restart();
    while (this.offset < target) {
      const chunk = await this.current();
      if (this.size !== undefined && target >= this.size) {
        target %= this.size;
        if (target < this.offset) await this.restart();
        continue;
      }
      const step = Math.min(target - this.offset, chunk.size - this.index);
      this.index += step;
      this.offset += step;
    }
    await this.current();
    this.cursor = cursor;
  }

  async close(): Promise<void> {
    await this.chunks?.return(undefined);
    this.chunks = this.chunk = undefined;
  }

  /** The chunk holding the next example, reading on (and starting again at the end of the file) as needed. */
  private async current(): Promise<PackedExamples> {
    if (this.chunks && this.chunk && this.index < this.chunk.size) return this.chunk;
    if (!this.chunks) await this.restart();
    let next = await this.chunks!.next();
    if (next.done) {
      this.size = this.offset;
      this.onWrap(this.size);
      await this.restart();
      next = await this.chunks!.next();
      if (next.done) throw new Error('The training file has no examples any more');
    }
    this.chunk = next.value;
    this.index = 0;
    return this.chunk;
  }

  private async restart(): Promise<void> {
    await this.chunks?.return(undefined);
    this.chunks = this.open();
    this.chunk = undefined;
    this.index = 0;
    this.offset = 0;
  }
}

/** The batches of one epoch from a ChunkedTrainFile, from the example `start` examples into training. */
export class FileInOrderStream implements TrainStream {
  private readonly ready: Promise<void>;

  constructor(
    private readonly file: ChunkedTrainFile,
    private readonly batchSize: number,
    start: number,
  ) {
    this.ready = file.seek(start);
    this.ready.catch(() => undefined); // the error surfaces when the trainer awaits its first batch
  }

  async next(): Promise<IdExample[]> {
    await this.ready;
    return this.file.take(this.batchSize);
  }

  position(): StreamPosition {
    return { generators: [], turn: 0, fileCursor: this.file.cursor };
  }

  /** The file stays open: the next epoch continues where this one stopped. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Generated examples on the main thread (--num_workers 0): one generator seeded [0, 0, seed, epoch]. */
export class MainThreadStream implements TrainStream {
  private readonly rng: Rng;

  constructor(
    private readonly options: ExampleFactoryOptions,
    private readonly batchSize: number,
    seed: number,
    epoch: number,
    position?: StreamPosition,
  ) {
    this.rng = singleGenerator(seed, epoch, position);
  }

  next(): Promise<IdExample[]> {
    return Promise.resolve(
      Array.from({ length: this.batchSize }, () => drawExample(this.options, this.rng, 'train')),
    );
  }

  position(): StreamPosition {
    return { generators: [this.rng.state()], turn: 0 };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const PREFETCH_PER_GENERATOR = 2;

interface GeneratedBatch {
  examples: IdExample[];
  /** The generator's state after this batch. */
  state: number[];
}

/**
 * Generated examples from `numWorkers` generators (seeded [w, 0, seed, epoch]) whose batches are taken
 * round-robin, as Int2Int's DataLoader does; the generators run in worker threads (at most one per spare core),
 * so the stream is the same whatever the number of cores.
 */
export class WorkerStream implements TrainStream {
  private readonly threads: Worker[] = [];
  private readonly threadOf: Worker[] = [];
  private readonly pending: Array<Array<Promise<GeneratedBatch>>> = [];
  private readonly waiting: Array<
    Array<{ resolve: (b: GeneratedBatch) => void; reject: (e: Error) => void }>
  > = [];
  /** Each generator's state after the last batch next() returned from it. */
  private readonly taken: number[][];
  private turn: number;

  constructor(
    base: Omit<GenerationWorkerData, 'workers' | 'states'>,
    numWorkers: number,
    position?: StreamPosition,
  ) {
    this.taken = position
      ? position.generators.map((state) => [...state])
      : Array.from({ length: numWorkers }, (_, w) => new Rng([w, 0, base.seed, base.epoch]).state());
    this.turn = position?.turn ?? 0;
    const threadCount = Math.max(1, Math.min(numWorkers, cpuBudget() - 1));
    for (let t = 0; t < threadCount; t++) {
      const workers = Array.from({ length: numWorkers }, (_, w) => w).filter((w) => w % threadCount === t);
      const thread = new Worker(path.join(__dirname, 'generation-worker.js'), {
        workerData: { ...base, workers, states: workers.map((w) => this.taken[w]) },
      });
      thread.on('message', (reply: WorkerReply) => this.receive(reply));
      thread.on('error', (error) =>
        this.failAll(new Error(`A data generation thread failed: ${error.message.split('\n')[0]}`)),
      );
      this.threads.push(thread);
      for (const w of workers) this.threadOf[w] = thread;
    }
    for (let w = 0; w < numWorkers; w++) {
      this.pending[w] = [];
      this.waiting[w] = [];
      for (let i = 0; i < PREFETCH_PER_GENERATOR; i++) this.request(w);
    }
  }

  async next(): Promise<IdExample[]> {
    const w = this.turn;
    this.turn = (this.turn + 1) % this.pending.length;
    const batch = this.pending[w].shift()!;
    this.request(w);
    const { examples, state } = await batch;
    this.taken[w] = state;
    return examples;
  }

  position(): StreamPosition {
    return { generators: this.taken.map((state) => [...state]), turn: this.turn };
  }

  private request(worker: number): void {
    const batch = new Promise<GeneratedBatch>((resolve, reject) =>
      this.waiting[worker].push({ resolve, reject }),
    );
    batch.catch(() => undefined); // the error surfaces when the trainer awaits this batch
    this.pending[worker].push(batch);
    this.threadOf[worker].postMessage({ worker });
  }

  private receive(reply: WorkerReply): void {
    const waiter = this.waiting[reply.worker].shift();
    if (!waiter) return;
    if (reply.type === 'batch') waiter.resolve({ examples: reply.examples, state: reply.state });
    else waiter.reject(new Error(reply.message));
  }

  private failAll(error: Error): void {
    for (const queue of this.waiting) for (const waiter of queue.splice(0)) waiter.reject(error);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
