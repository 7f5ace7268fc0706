// Sets up and runs one experiment (train, evaluate or export): the thick core behind `int2int train` and `evaluate`.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectBackend } from '../backends/select-backend';
import { loadCheckpoint, type CheckpointData } from '../checkpoints/checkpoint-file';
import type { RunConfig } from '../config/resolve-run-config';
import { buildOperation } from '../core/build-operation';
import { Rng } from '../core/rng';
import type { IdExample } from '../data/batch';
import { readDataFile, type PackedExamples } from '../data/data-file';
import { drawExample, type ExampleFactoryOptions } from '../data/example-factory';
import { FileSampleStream, MainThreadStream, WorkerStream, type TrainStream } from '../data/train-stream';
import { Evaluator, type EvalSet } from '../evaluation/evaluator';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import type { ParamValues } from '../operations/parameters';
import type { RunLogger } from '../reporting/run-logger';
import { Vocabulary } from '../tokenizers/vocabulary';
import { parseMetricList, parseStoppingCriterion } from '../training/metric-tracker';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';
import { TrainStep } from '../training/train-step';
import { exportData, Trainer, type TrainerOutcome, type TrainerState } from '../training/trainer';
import { checkpointSource, configFromCheckpoint } from './checkpoint-source';
import { CHECKPOINT_FILE, resolveRunDir, writeParamsFile } from './run-directory';

export interface ExperimentContext {
  cwd: string;
  /** The command line as typed, for the log and params.json. */
  command: string;
  /** Plugin entry points loaded in this process (generation workers load them too). */
  entryPoints: string[];
  logger: RunLogger;
  stopRequested: () => boolean;
}

export interface ExperimentResult {
  runDir: string;
  outcome: TrainerOutcome | 'evaluated' | 'exported';
  scores?: Record<string, number>;
}

export async function runExperiment(
  requested: RunConfig,
  context: ExperimentContext,
): Promise<ExperimentResult> {
  const { logger } = context;
  const source = checkpointSource(requested.core, context.cwd);
  const sourceCheckpoint = source && loadCheckpoint(source.file);
  const config =
    sourceCheckpoint && requested.core.eval_only
      ? configFromCheckpoint(requested, sourceCheckpoint)
      : requested;
  const { core } = config;

  const { runDir } = source?.evalRunDir ? { runDir: source.evalRunDir } : resolveRunDir(core, context.cwd);
  fs.mkdirSync(runDir, { recursive: true });
  logger.attach(runDir);
  const seed = Number(core.env_base_seed) >= 0 ? Number(core.env_base_seed) : randomInt(1_000_000_000);

  logger.info('============ Initialized logger ============');
  const allParams: ParamValues = { ...core, ...config.operationParams, env_base_seed: seed };
  for (const key of Object.keys(allParams).sort()) logger.info(`${key}: ${String(allParams[key])}`);
  logger.info(`The experiment will be stored in ${runDir}`);
  logger.info(`Running command: ${context.command}`);
  writeParamsFile(runDir, {
    operation: config.operation,
    command: context.command,
    params: { ...core, env_base_seed: seed },
    operationParams: config.operationParams,
  });

  const { operation, entry } = buildOperation(config.operation, config.operationParams);
  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  logger.info(`Operation: ${config.operation} (${entry.plugin}), env_base_seed ${seed}`);
  const factory: ExampleFactoryOptions = {
    operationName: config.operation,
    operation,
    vocab,
    maxLen: Number(core.max_len),
  };
  const describeVocab =
    config.operation === 'data'
      ? `--data_types "${String(config.operationParams.data_types)}"`
      : `operation ${config.operation}`;
  const readFile = (file: string, limit: number) =>
    readDataFile(path.resolve(context.cwd, file), {
      vocab,
      outputTokenizer: operation.outputTokenizer,
      classOf: (output: unknown) => operation.classOf(output, undefined),
      limit,
      describeVocab,
    });
  const trainFile =
    core.train_data && !core.eval_only
      ? await readFile(String(core.train_data), Number(core.reload_size))
      : undefined;
  if (trainFile) logger.info(`Loaded ${trainFile.size} training examples from ${String(core.train_data)}`);
  if (!trainFile && entry.meta.generates === false && !core.eval_only)
    operation.generate(new Rng([0]), 'train');
  const openStream = (epoch: number): TrainStream =>
    trainFile
      ? new FileSampleStream(
          trainFile,
          Number(core.batch_size),
          seed,
          epoch,
          core.two_classes
            ? { firstClassSize: Number(core.first_class_size), firstClassProb: Number(core.first_class_prob) }
            : undefined,
        )
      : Number(core.num_workers) > 0
        ? new WorkerStream(
            {
              entryPoints: context.entryPoints,
              operation: config.operation,
              operationParams: config.operationParams,
              vocabulary: vocab.words,
              maxLen: Number(core.max_len),
              batchSize: Number(core.batch_size),
              seed,
              epoch,
            },
            Number(core.num_workers),
          )
        : new MainThreadStream(factory, Number(core.batch_size), seed, epoch);

  if (core.export_data) {
    await exportData(runDir, logger, vocab, {
      epochSize: Number(core.epoch_size),
      maxEpoch: Number(core.max_epoch),
      openStream,
      stopRequested: context.stopRequested,
    });
    return { runDir, outcome: 'exported' };
  }

  const backend = await selectBackend(core.backend as Parameters<typeof selectBackend>[0], {
    cpu: Boolean(core.cpu),
  });
  logger.info(`Backend: ${backend.description}`);
  logger.info(`words: ${JSON.stringify(Object.fromEntries(vocab.words.map((w, i) => [w, i])))}`);
  const model = new TransformerModel(modelConfigFromParams(core), vocab.size, new Rng([seed, 1]));
  const counts = model.parameterCounts();
  logger.info(`Number of parameters (encoder): ${counts.encoder}`);
  logger.info(`Number of parameters (decoder): ${counts.decoder}`);
  logger.info(`Number of trainable parameters: ${counts.encoder + counts.decoder}`);
  logger.info(`Found ${counts.tensors} parameters in model.`);
  const optimizer = new ModelOptimizer(
    parseOptimizer(String(core.optimizer)),
    model.trainableVariables,
    model.trainableNames,
  );
  logger.info(`Optimizer: ${String(core.optimizer)}`);

  const state: TrainerState = {
    epoch: 0,
    nTotalIter: 0,
    bestMetrics: {},
    bestStoppingCriterion: null,
    stoppingCounter: 0,
  };
  const resumeFile = path.join(runDir, CHECKPOINT_FILE);
  const resume = fs.existsSync(resumeFile)
    ? resumeFile
    : core.reload_checkpoint
      ? path.resolve(context.cwd, String(core.reload_checkpoint))
      : undefined;
  if (resume && !core.eval_only) {
    const checkpoint = loadCheckpoint(resume);
    checkCompatible(checkpoint, resume, config.operation, vocab);
    model.setWeights(checkpoint.weights);
    if (checkpoint.optimizer) optimizer.setState(checkpoint.optimizer);
    Object.assign(state, {
      epoch: checkpoint.epoch + 1,
      nTotalIter: checkpoint.nTotalIter,
      bestMetrics: checkpoint.bestMetrics,
      bestStoppingCriterion: checkpoint.bestStoppingCriterion,
      stoppingCounter: checkpoint.stoppingCounter,
    });
    logger.info(`Checkpoint reloaded. Resuming at epoch ${state.epoch} / iteration ${state.nTotalIter} ...`);
  } else if (sourceCheckpoint) {
    checkCompatible(sourceCheckpoint, source.file, config.operation, vocab);
    model.setWeights(sourceCheckpoint.weights);
    if (core.eval_only) state.epoch = sourceCheckpoint.epoch;
    logger.info(`Reloaded model weights from ${source.file}`);
  }
  logger.event({
    type: 'run_start',
    runDir,
    operation: config.operation,
    params: allParams,
    backend: backend.name,
    vocabularySize: vocab.size,
    parameterCount: { encoder: counts.encoder, decoder: counts.decoder },
    resumedFrom: resume && !core.eval_only ? { epoch: state.epoch, iteration: state.nTotalIter } : undefined,
  });

  const evaluator = new Evaluator({
    model,
    operation,
    vocab,
    logger,
    batchSizeEval: Number(core.batch_size_eval),
    maxOutputLen: Number(core.max_output_len),
    evalMetrics: entry.meta.evalMetrics ?? 0,
    errorMetrics: entry.meta.errorMetrics ?? 0,
    evalVerbose: Number(core.eval_verbose),
    evalVerbosePrint: Boolean(core.eval_verbose_print),
    runDir,
  });
  const evalFiles = String(core.eval_data)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const loadedEvalSets: EvalSet[] = [];
  for (const [i, file] of evalFiles.entries()) {
    const data = await readFile(file, Number(core.eval_data_size));
    loadedEvalSets.push(packedSet(i === 0 ? 'valid' : i === 1 ? 'test' : `test${i}`, data));
    logger.info(`Loaded ${data.size} evaluation examples from ${file}`);
  }
  const evalSets = (epoch: number): EvalSet[] =>
    loadedEvalSets.length ? loadedEvalSets : [generatedSet(factory, Number(core.eval_size), seed, epoch)];

  const trainer = new Trainer(
    {
      runDir,
      logger,
      vocab,
      batchSize: Number(core.batch_size),
      epochSize: Number(core.epoch_size),
      maxEpoch: Number(core.max_epoch),
      reportLossEvery: Number(core.report_loss_every),
      savePeriodic: Number(core.save_periodic),
      validationMetrics: parseMetricList(String(core.validation_metrics)),
      stoppingCriterion: parseStoppingCriterion(String(core.stopping_criterion)),
      openStream,
      evalSets,
      checkpointBase: {
        operation: config.operation,
        params: { ...core, env_base_seed: seed },
        operationParams: config.operationParams,
        vocabulary: [...vocab.words],
      },
      stopRequested: context.stopRequested,
    },
    model,
    optimizer,
    new TrainStep(model, optimizer, {
      clipGradNorm: Number(core.clip_grad_norm),
      accumulateGradients: Number(core.accumulate_gradients),
    }),
    evaluator,
    state,
  );

  try {
    if (core.eval_only) {
      const scores = trainer.evaluateAll(state.epoch);
      for (const [k, v] of Object.entries(scores)) logger.info(`${k} -> ${v.toFixed(6)}`);
      logger.info(`__log__:${JSON.stringify(scores)}`);
      return { runDir, outcome: 'evaluated', scores };
    }
    logger.info('Creating train iterator for arithmetic ...');
    return { runDir, outcome: await trainer.run() };
  } finally {
    model.dispose();
  }
}

function checkCompatible(
  checkpoint: CheckpointData,
  file: string,
  operation: string,
  vocab: Vocabulary,
): void {
  if (checkpoint.operation !== operation) {
    throw new Error(`${file} was trained on operation ${checkpoint.operation}, not ${operation}`);
  }
  if (
    checkpoint.vocabulary.length !== vocab.size ||
    checkpoint.vocabulary.some((w, i) => w !== vocab.words[i])
  ) {
    throw new Error(
      `${file} has a different vocabulary (${checkpoint.vocabulary.length} words, this run has ${vocab.size}): the operation's parameters differ from the checkpoint's`,
    );
  }
}

function packedSet(split: string, data: PackedExamples): EvalSet {
  return { split, size: data.size, get: (i) => data.get(i) };
}

/** Evaluation examples drawn from their own stream (seeded [0, 1, seed, epoch]): never the training stream. */
function generatedSet(factory: ExampleFactoryOptions, size: number, seed: number, epoch: number): EvalSet {
  const rng = new Rng([0, 1, seed, epoch]);
  const examples: IdExample[] = Array.from({ length: size }, () => drawExample(factory, rng, 'valid'));
  return { split: 'valid', size, get: (i) => examples[i] };
}
