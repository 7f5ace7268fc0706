// Sets up and runs one experiment (train, evaluate or export): the thick core behind `int2int train` and `evaluate`.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import { selectBackend, type BackendPreference } from '../backends/select-backend';
import { loadCheckpoint } from '../checkpoints/checkpoint-file';
import type { RunConfig } from '../config/resolve-run-config';
import { buildOperation } from '../core/build-operation';
import { Rng } from '../core/rng';
import { UsageError } from '../core/usage-error';
import { Evaluator } from '../evaluation/evaluator';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import type { ParamValues } from '../operations/parameters';
import type { RunLogger } from '../reporting/run-logger';
import { Vocabulary } from '../tokenizers/vocabulary';
import { parseMetricList, parseStoppingCriterion } from '../training/metric-tracker';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';
import { TrainStep } from '../training/train-step';
import { exportData, Trainer, type TrainerOutcome } from '../training/trainer';
import { checkpointSource, configFromCheckpoint } from './checkpoint-source';
import { DataSources } from './data-sources';
import { restoreState } from './restore-state';
import { resolveRunDir, writeParamsFile } from './run-directory';

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
  const location = checkpointSource(requested.core, context.cwd);
  const source = location && { location, checkpoint: loadCheckpoint(location.file) };
  const config =
    source && requested.core.eval_only ? configFromCheckpoint(requested, source.checkpoint) : requested;
  const { core } = config;

  const { operation, entry } = buildOperation(config.operation, config.operationParams);
  const runDir = location?.evalRunDir ?? resolveRunDir(core, context.cwd).runDir;
  fs.mkdirSync(runDir, { recursive: true });
  logger.attach(runDir);
  const seed = Number(core.env_base_seed) >= 0 ? Number(core.env_base_seed) : randomInt(1_000_000_000);
  const resolvedCore: ParamValues = { ...core, env_base_seed: seed };

  logger.info('============ Initialized logger ============');
  const allParams: ParamValues = { ...resolvedCore, ...config.operationParams };
  for (const key of Object.keys(allParams).sort()) logger.info(`${key}: ${String(allParams[key])}`);
  logger.info(`The experiment will be stored in ${runDir}`);
  logger.info(`Running command: ${context.command}`);
  writeParamsFile(runDir, {
    operation: config.operation,
    command: context.command,
    params: resolvedCore,
    operationParams: config.operationParams,
  });

  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  logger.info(`Operation: ${config.operation} (${entry.plugin}), env_base_seed ${seed}`);
  const factory = { operationName: config.operation, operation, vocab, maxLen: Number(core.max_len) };
  const data = await DataSources.load(
    {
      core,
      operationName: config.operation,
      operationParams: config.operationParams,
      generates: entry.meta.generates !== false,
      factory,
      seed,
      cwd: context.cwd,
      entryPoints: context.entryPoints,
      logger,
    },
    !core.eval_only,
  );
  const openStream = (epoch: number) => data.openTrainStream(epoch);

  if (core.export_data) {
    await exportData(runDir, logger, vocab, {
      epochSize: Number(core.epoch_size),
      maxEpoch: Number(core.max_epoch),
      openStream,
      stopRequested: context.stopRequested,
    });
    return { runDir, outcome: 'exported' };
  }

  const backend = await selectBackend(core.backend as BackendPreference, { cpu: Boolean(core.cpu) });
  logger.info(`Backend: ${backend.description}`);
  logger.info(`words: ${JSON.stringify(Object.fromEntries(vocab.words.map((w, i) => [w, i])))}`);
  const model = new TransformerModel(modelConfigFromParams(core), vocab.size, new Rng([seed, 1]));
  try {
    const counts = model.parameterCounts();
    logger.info(`Number of parameters (encoder): ${counts.encoder}`);
    logger.info(`Number of parameters (decoder): ${counts.decoder}`);
    logger.info(`Number of trainable parameters: ${counts.encoder + counts.decoder}`);
    logger.info(`Found ${counts.tensors} parameters in model.`);
    const optimizerSpec = parseOptimizer(String(core.optimizer));
    const optimizer = new ModelOptimizer(optimizerSpec, model.trainableVariables, model.trainableNames);
    logger.info(`Optimizer: ${String(core.optimizer)}`);

    const { state, resumed } = restoreState({
      runDir,
      core,
      cwd: context.cwd,
      operation: config.operation,
      vocab,
      model,
      optimizer,
      source,
      logger,
    });
    logger.event({
      type: 'run_start',
      runDir,
      operation: config.operation,
      params: allParams,
      backend: backend.name,
      vocabularySize: vocab.size,
      parameterCount: { encoder: counts.encoder, decoder: counts.decoder },
      resumedFrom: resumed ? { epoch: state.epoch, iteration: state.nTotalIter } : undefined,
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
      beam: core.beam_eval ? beamOptions(core) : undefined,
    });
    const step = new TrainStep(model, optimizer, {
      clipGradNorm: Number(core.clip_grad_norm),
      accumulateGradients: Number(core.accumulate_gradients),
    });
    const trainer = new Trainer(
      {
        runDir,
        logger,
        batchSize: Number(core.batch_size),
        epochSize: Number(core.epoch_size),
        maxEpoch: Number(core.max_epoch),
        reportLossEvery: Number(core.report_loss_every),
        savePeriodic: Number(core.save_periodic),
        validationMetrics: parseMetricList(String(core.validation_metrics)),
        stoppingCriterion: parseStoppingCriterion(String(core.stopping_criterion)),
        openStream,
        evalSets: (epoch) => data.evalSets(epoch),
        checkpointBase: {
          operation: config.operation,
          params: resolvedCore,
          operationParams: config.operationParams,
          vocabulary: [...vocab.words],
        },
        stopRequested: context.stopRequested,
      },
      model,
      optimizer,
      step,
      evaluator,
      state,
    );

    if (core.eval_only) {
      const scores = trainer.evaluateAll(state.epoch);
      for (const [key, value] of Object.entries(scores)) logger.info(`${key} -> ${value.toFixed(6)}`);
      logger.info(`__log__:${JSON.stringify(scores)}`);
      return { runDir, outcome: 'evaluated', scores };
    }
    logger.info('Creating train iterator for arithmetic ...');
    return { runDir, outcome: await trainer.run() };
  } finally {
    model.dispose();
  }
}

function beamOptions(core: ParamValues) {
  const beamSize = Number(core.beam_size);
  if (beamSize < 1) throw new UsageError(`--beam_size must be at least 1, got ${beamSize}`);
  return {
    beamSize,
    lengthPenalty: Number(core.beam_length_penalty),
    earlyStopping: Boolean(core.beam_early_stopping),
  };
}
