// Training batches for one epoch: generated on the fly (main thread or worker threads) or sampled from a file.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Rng } from '../core/rng';
import type { IdExample } from './batch';
import { drawExample, type ExampleFactoryOptions } from './example-factory';
import type { GenerationWorkerData, WorkerReply } from './generation-protocol';
import type { PackedExamples } from './data-file';

/** An endless source of training batches (lists of encoded examples). */
export interface TrainStream {
  next(): Promise<IdExample[]>;
  close(): Promise<void>;
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
  ) {
    this.rng = new Rng([0, 0, seed, epoch]);
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
  ) {
    this.rng = new Rng([0, 0, seed, epoch]);
  }

  next(): Promise<IdExample[]> {
    return Promise.resolve(
      Array.from({ length: this.batchSize }, () => drawExample(this.options, this.rng, 'train')),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const PREFETCH_PER_GENERATOR = 2;

/**
 * Generated examples from `numWorkers` generators (seeded [w, 0, seed, epoch]) whose batches are taken
 * round-robin, as Int2Int's DataLoader does; the generators run in worker threads (at most one per spare core),
 * so the stream is the same whatever the number of cores.
 */
export class WorkerStream implements TrainStream {
  private readonly threads: Worker[] = [];
  private readonly threadOf: Worker[] = [];
  private readonly pending: Array<Array<Promise<IdExample[]>>> = [];
  private readonly waiting: Array<Array<{ resolve: (b: IdExample[]) => void; reject: (e: Error) => void }>> =
    [];
  private turn = 0;

  constructor(base: Omit<GenerationWorkerData, 'workers'>, numWorkers: number) {
    const threadCount = Math.max(1, Math.min(numWorkers, os.availableParallelism() - 1));
    for (let t = 0; t < threadCount; t++) {
      const workers = Array.from({ length: numWorkers }, (_, w) => w).filter((w) => w % threadCount === t);
      const thread = new Worker(path.join(__dirname, 'generation-worker.js'), {
        workerData: { ...base, workers },
      });
      thread.on('message', (reply: WorkerReply) => this.receive(reply));
      thread.on('error', (error) => this.failAll(error));
      this.threads.push(thread);
      for (const w of workers) this.threadOf[w] = thread;
    }
    for (let w = 0; w < numWorkers; w++) {
      this.pending[w] = [];
      this.waiting[w] = [];
      for (let i = 0; i < PREFETCH_PER_GENERATOR; i++) this.request(w);
    }
  }

  next(): Promise<IdExample[]> {
    const w = this.turn;
    this.turn = (this.turn + 1) % this.pending.length;
    const batch = this.pending[w].shift()!;
    this.request(w);
    return batch;
  }

  private request(worker: number): void {
    const batch = new Promise<IdExample[]>((resolve, reject) =>
      this.waiting[worker].push({ resolve, reject }),
    );
    batch.catch(() => undefined); // the error surfaces when the trainer awaits this batch
    this.pending[worker].push(batch);
    this.threadOf[worker].postMessage({ worker });
  }

  private receive(reply: WorkerReply): void {
    const waiter = this.waiting[reply.worker].shift();
    if (!waiter) return;
    if (reply.type === 'batch') waiter.resolve(reply.examples);
    else waiter.reject(new Error(reply.message));
  }

  private failAll(error: Error): void {
    for (const queue of this.waiting) for (const waiter of queue.splice(0)) waiter.reject(error);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
