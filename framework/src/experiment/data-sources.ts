// A run's data: the training stream of each epoch (file or generators) and its evaluation sets (files or generated).
import type { CoreSettings } from '../config/core-parameters';
import type { PluginEntryPoint } from '../core/plugins/plugin-loader';
import * as path from 'node:path';
import { Rng } from '../core/rng';
import { UsageError } from '../core/usage-error';
import type { IdExample } from '../data/batch';
import { readDataChunks, readDataFile, type DataFileOptions, type PackedExamples } from '../data/data-file';
import { drawExample, type ExampleFactoryOptions } from '../data/example-factory';
import {
  ChunkedTrainFile,
  FileInOrderStream,
  FileSampleStream,
  MainThreadStream,
  WorkerStream,
  type StreamPosition,
  type TrainStream,
} from '../data/train-stream';
import type { EvalSet } from '../evaluation/evaluator';
import type { ParamValues } from '../operations/parameters';
import type { RunLogger } from '../reporting/run-logger';

export interface DataSourcesOptions {
  core: CoreSettings;
  operationName: string;
  operationParams: ParamValues;
  /** Whether the operation has a generator (false for file-only operations such as `data`). */
  generates: boolean;
  factory: ExampleFactoryOptions;
  seed: number;
  cwd: string;
  /** Plugin entry points, for generation worker threads. */
  entryPoints: PluginEntryPoint[];
  logger: RunLogger;
}

export class DataSources {
  private constructor(
    private readonly options: DataSourcesOptions,
    private readonly trainFile: PackedExamples | ChunkedTrainFile | undefined,
    private readonly evalFiles: EvalSet[],
  ) {}

  /** Reads --train_data (unless only evaluating) and every --eval_data file. */
  static async load(options: DataSourcesOptions, training: boolean): Promise<DataSources> {
    const { core, logger } = options;
    if (training) checkBatchLoad(core);
    let trainFile: PackedExamples | ChunkedTrainFile | undefined;
    if (training && core.train_data && core.batch_load) {
      trainFile = await openChunkedFile(options);
    } else if (training && core.train_data) {
      trainFile = await readFile(options, core.train_data, core.reload_size, '--train_data');
      logger.info(`Loaded ${describeLoaded(trainFile, 'training')} from ${core.train_data}`);
      if (core.two_classes && core.first_class_size >= trainFile.size) {
        throw new UsageError(
          `--first_class_size ${core.first_class_size} must be smaller than the training file ` +
            `${core.train_data} (${trainFile.size} examples) with --two_classes true`,
        );
      }
    } else if (training && !options.generates) {
      throw new UsageError(
        `Operation ${options.operationName} has no generator: give its training file with --train_data`,
      );
    }
    const evalFiles: EvalSet[] = [];
    const files = core.eval_data
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (!files.length && !options.generates) {
      throw new UsageError(`Operation ${options.operationName} has no generator: give --eval_data`);
    }
    for (const [i, file] of files.entries()) {
      const data = await readFile(options, file, core.eval_data_size, '--eval_data');
      evalFiles.push({ split: splitName(i), size: data.size, get: (index) => data.get(index) });
      logger.info(`Loaded ${describeLoaded(data, 'evaluation')} from ${file}`);
    }
    return new DataSources(options, trainFile, evalFiles);
  }

  /**
   * The training batches of one epoch, seeded by (env_base_seed, epoch), from its start or from a position saved
   * by a stopped run. A position of other data settings (--override_params) restarts the epoch's stream.
   */
  openTrainStream(epoch: number, saved?: StreamPosition): TrainStream {
    const { core, seed, factory, logger } = this.options;
    const batchSize = core.batch_size;
    const workers = this.trainFile ? 0 : core.num_workers;
    const inOrder = this.trainFile instanceof ChunkedTrainFile;
    const fits =
      saved !== undefined &&
      (inOrder
        ? saved.fileCursor !== undefined
        : saved.fileCursor === undefined && saved.generators.length === Math.max(1, workers));
    if (saved && !fits)
      logger.warn(`The data settings changed: the data stream of epoch ${epoch} starts again`);
    const position = fits ? saved : undefined;
    if (this.trainFile instanceof ChunkedTrainFile) {
      // every epoch takes ceil(epoch_size / batch_size) batches, so epoch e starts that many examples in
      const start = epoch * Math.ceil(core.epoch_size / batchSize) * batchSize;
      return new FileInOrderStream(this.trainFile, batchSize, position?.fileCursor ?? start);
    }
    if (this.trainFile) {
      const twoClasses = core.two_classes
        ? { firstClassSize: core.first_class_size, firstClassProb: core.first_class_prob }
        : undefined;
      return new FileSampleStream(this.trainFile, batchSize, seed, epoch, twoClasses, position);
    }
    if (workers === 0) return new MainThreadStream(factory, batchSize, seed, epoch, position);
    const base = {
      entryPoints: this.options.entryPoints,
      operation: this.options.operationName,
      operationParams: this.options.operationParams,
      vocabulary: factory.vocab.words,
      maxLen: factory.maxLen,
      batchSize,
      seed,
      epoch,
    };
    return new WorkerStream(base, workers, position);
  }

  /** Closes the training file read in chunks (--batch_load). */
  async close(): Promise<void> {
    if (this.trainFile instanceof ChunkedTrainFile) await this.trainFile.close();
  }

  /** The names of the evaluation sets (valid, test, test2, ...). */
  get splits(): string[] {
    return this.evalFiles.length ? this.evalFiles.map((set) => set.split) : ['valid'];
  }

  /** The evaluation sets of an epoch: the files, or eval_size examples from their own seeded stream. */
  evalSets(epoch: number): EvalSet[] {
    if (this.evalFiles.length) return this.evalFiles;
    const { factory, seed, core } = this.options;
    const rng = new Rng([0, 1, seed, epoch]);
    const size = core.eval_size;
    const examples: IdExample[] = Array.from({ length: size }, () => drawExample(factory, rng, 'valid'));
    return [{ split: 'valid', size, get: (i) => examples[i] }];
  }
}

/** valid, test, test2, test3, ... as the manual names the evaluation files. */
function splitName(index: number): string {
  return index === 0 ? 'valid' : index === 1 ? 'test' : `test${index}`;
}

/** --batch_load reads --train_data in chunks of --reload_size examples, in order. */
function checkBatchLoad(core: CoreSettings): void {
  if (!core.batch_load) return;
  if (core.reload_size <= 0) {
    throw new UsageError(
      `--batch_load true reads the training file in chunks of --reload_size examples: give --reload_size a ` +
        `chunk size above 0 (it is ${core.reload_size}), e.g. --reload_size 100000`,
    );
  }
  if (!core.train_data) {
    throw new UsageError(
      '--batch_load true reads a training file in chunks: give the file with --train_data',
    );
  }
  if (core.two_classes) {
    throw new UsageError(
      '--two_classes true draws from the whole training file and cannot be combined with --batch_load true, ' +
        'which reads it in order, one chunk at a time: leave one of them out',
    );
  }
}

/** The training file of --batch_load, its first chunk read (and checked) now. */
async function openChunkedFile(options: DataSourcesOptions): Promise<ChunkedTrainFile> {
  const { core, logger, cwd } = options;
  const file = path.resolve(cwd, core.train_data);
  const chunks = new ChunkedTrainFile(
    () => readDataChunks(file, { ...dataFileOptions(options), flag: '--train_data' }, core.reload_size),
    (size) =>
      logger.info(`Read all ${size} examples of ${core.train_data}: starting again from its first line`),
  );
  try {
    await chunks.seek(0);
  } catch (error) {
    await chunks.close();
    throw error;
  }
  logger.info(
    `Reading ${core.train_data} in order, in chunks of ${core.reload_size} examples (--batch_load true)`,
  );
  return chunks;
}

function readFile(
  options: DataSourcesOptions,
  file: string,
  limit: number,
  flag: string,
): Promise<PackedExamples> {
  return readDataFile(path.resolve(options.cwd, file), { ...dataFileOptions(options), limit, flag });
}

function dataFileOptions(options: DataSourcesOptions): Omit<DataFileOptions, 'limit'> {
  const { factory, operationName, operationParams } = options;
  const { operation, vocab } = factory;
  return {
    vocab,
    outputTokenizer: operation.outputTokenizer,
    // decoding every input costs time on large files (~15% of a 1.1M-line read): only for a classOf that reads it
    inputTokenizer: operation.classOf.length >= 2 ? operation.inputTokenizer : undefined,
    classOf: (output: unknown, input: unknown) => operation.classOf(output, input),
    maxLen: factory.maxLen,
    describeVocab:
      operationName === 'data'
        ? `--data_types "${String(operationParams.data_types)}"`
        : `operation ${operationName}`,
  };
}

function describeLoaded(data: PackedExamples, kind: string): string {
  const skipped = data.tooLong ? ` (${data.tooLong} longer than --max_len skipped)` : '';
  return `${data.size} ${kind} examples${skipped}`;
}
