// Sets up and runs one experiment (train, evaluate or export): the thick core behind `int2int train` and `evaluate`.
import { CORE_PARAMETERS, type CoreSettings } from '../config/core-parameters';
import type { PluginEntryPoint } from '../core/plugins/plugin-loader';
// Everything is checked and read first (settings, files, the checkpoint to resume); the run folder is written only
// once nothing is left to refuse, under the folder's lock.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import { selectBackend } from '../backends/select-backend';
import type { RunConfig } from '../config/resolve-run-config';
import { buildOperation } from '../core/build-operation';
import { onFile } from '../core/file-error';
import { Rng } from '../core/rng';
import { UsageError } from '../core/usage-error';
import { Evaluator } from '../evaluation/evaluator';
import { guardOperation, operationLabel } from '../core/plugin-guard';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import type { ParamValues } from '../operations/parameters';
import type { RunLogger } from '../reporting/run-logger';
import { pythonFixed, scoresLine } from '../reporting/scores-line';
import { Vocabulary } from '../tokenizers/vocabulary';
import { checkMetricNames, parseMetricList, parseStoppingCriterion } from '../training/metric-tracker';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';
import { TrainStep } from '../training/train-step';
import { exportData, Trainer, type TrainerOutcome } from '../training/trainer';
import { checkpointSource, configFromCheckpoint, loadSource } from './checkpoint-source';
import { DataSources } from './data-sources';
import { ExperimentLock } from './experiment-lock';
import { changedSettings, describeChanges } from './resume-check';
import { describeLostWork, lostWork } from './lost-work';
import { findResumePoint, restoreState, type ResumePoint } from './restore-state';
import { removeLeftovers, resolveRunDir, writeParamsFile } from './run-directory';

export interface ExperimentContext {
  cwd: string;
  /** The command line as typed, for the log and params.json. */
  command: string;
  /** Plugin entry points loaded in this process (generation workers load them too). */
  entryPoints: PluginEntryPoint[];
  logger: RunLogger;
  /** Whether the user asked the run to stop (Ctrl-C, SIGTERM, SIGUSR1). */
  stopRequested: () => boolean;
  /**
   * Called once the run folder is locked and written: from then on a stop request is answered by a clean stop.
   * The caller releases the lock once the run's last event is written.
   */
  onRunDirOpen: (lock: ExperimentLock) => void;
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
  const source = location && loadSource(location);
  const config =
    source && requested.core.eval_only ? configFromCheckpoint(requested, source.checkpoint) : requested;
  const { core } = config;

  const built = buildOperation(config.operation, config.operationParams);
  const operation = guardOperation(built.operation, config.operation, built.entry.plugin);
  const { entry } = built;
  const settings = {
    model: modelConfigFromParams(core),
    optimizer: parseOptimizer(core.optimizer),
    validationMetrics: parseMetricList(core.validation_metrics),
    stoppingCriterion: parseStoppingCriterion(core.stopping_criterion),
  };
  const runDir = location?.evalRunDir ?? resolveRunDir(core, context.cwd).runDir;
  if (fs.existsSync(runDir)) ExperimentLock.checkFree(runDir);
  const resume = core.eval_only ? undefined : findResumePoint(runDir, core, context.cwd);
  const changes = resume ? changedSettings(config, resume.checkpoint) : [];
  if (changes.length && !core.override_params) {
    throw new UsageError(
      `${runDir} holds an experiment trained with other settings: ${describeChanges(changes)}. Run it with its ` +
        'own settings (see its params.json), choose another --exp_id for a new experiment, or add ' +
        '--override_params true to continue it with the new ones',
    );
  }
  const deferParams = changes.length > 0;
  const seed = resolveSeed(core, resume?.checkpoint.params);
  const resolvedCore: ParamValues = { ...core, env_base_seed: seed };
  let backendInUse: string | undefined; // once selected (an export of data uses none)
  const writeParams = () =>
    writeParamsFile(runDir, {
      operation: config.operation,
      command: context.command,
      params: resolvedCore,
      operationParams: config.operationParams,
      ...(backendInUse !== undefined && { backend: backendInUse }),
    });

  logger.info('============ Initialized logger ============');
  const allParams: ParamValues = { ...resolvedCore, ...config.operationParams };
  for (const key of Object.keys(allParams).sort()) logger.info(`${key}: ${String(allParams[key])}`);
  logger.info(`The ${core.eval_only ? 'evaluation' : 'experiment'} will be stored in ${runDir}`);
  logger.info(`Running command: ${context.command}`);
  if (changes.length)
    logger.warn(`Continuing the experiment with changed settings: ${describeChanges(changes)}`);

  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  logger.info(`Operation: ${config.operation} (${entry.plugin}), env_base_seed ${seed}`);
  const factory = {
    label: operationLabel(config.operation, entry.plugin),
    operation,
    vocab,
    maxLen: core.max_len,
  };
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
  try {
    return await runWithData();
  } finally {
    await data.close();
  }

  async function runWithData(): Promise<ExperimentResult> {
    checkMetricNames('--validation_metrics', settings.validationMetrics, data.splits);
    if (settings.stoppingCriterion)
      checkMetricNames('--stopping_criterion', [settings.stoppingCriterion], data.splits);

    if (core.export_data) {
      return openRunDir(runDir, context, { writeParams }, async () => {
        const completed = await exportData(runDir, logger, vocab, {
          epochSize: core.epoch_size,
          maxEpoch: core.max_epoch,
          openStream: (epoch) => data.openTrainStream(epoch),
          stopRequested: context.stopRequested,
        });
        return { runDir, outcome: completed ? 'exported' : 'stopped' };
      });
    }

    const backend = await selectBackend(core.backend, { cpu: core.cpu });
    logger.info(`Backend: ${backend.description}`);
    backendInUse = backend.description;
    for (const [name, spec] of Object.entries(CORE_PARAMETERS)) {
      const value = (core as Record<string, unknown>)[name];
      if (spec.note !== undefined && value !== spec.default)
        logger.info(`--${name} ${String(value)}: ${spec.note}`);
    }
    logger.debug(`words: ${JSON.stringify(Object.fromEntries(vocab.words.map((w, i) => [w, i])))}`); // train.log only
    const model = new TransformerModel(settings.model, vocab.size, new Rng([seed, 1]));
    try {
      const counts = model.parameterCounts();
      for (const { name, parameters } of counts.modules)
        logger.info(`Number of parameters (${name}): ${parameters}`);
      logger.info(`Number of trainable parameters: ${counts.total}`);
      logger.info(`Found ${counts.tensors} parameters in model.`);
      const optimizer = new ModelOptimizer(
        settings.optimizer,
        model.trainableVariables,
        model.trainableNames,
      );
      logger.info(`Optimizer: ${core.optimizer}`);
      const step = new TrainStep(model, optimizer, {
        clipGradNorm: core.clip_grad_norm,
        accumulateGradients: core.accumulate_gradients,
      });
      const { state, resumedFrom } = restoreState({
        core,
        operation: config.operation,
        vocab,
        model,
        optimizer,
        step,
        resume,
        source,
        logger,
      });
      const evaluator = new Evaluator({
        model,
        operation,
        vocab,
        logger,
        batchSizeEval: core.batch_size_eval,
        maxOutputLen: core.max_output_len,
        evalMetrics: entry.meta.evalMetrics ?? 0,
        errorMetrics: entry.meta.errorMetrics ?? 0,
        evalVerbose: core.eval_verbose,
        evalVerbosePrint: core.eval_verbose_print,
        exportPredictions: core.export_pred,
        runDir,
        beam: core.beam_eval ? beamOptions(core) : undefined,
      });
      const trainer = new Trainer(
        {
          runDir,
          logger,
          batchSize: core.batch_size,
          epochSize: core.epoch_size,
          maxEpoch: core.max_epoch,
          reportLossEvery: core.report_loss_every,
          savePeriodic: core.save_periodic,
          validationMetrics: settings.validationMetrics,
          stoppingCriterion: settings.stoppingCriterion,
          nanPolicy: core.nan_policy,
          openStream: (epoch, position) => data.openTrainStream(epoch, position),
          evalSets: (epoch) => data.evalSets(epoch),
          checkpointBase: {
            operation: config.operation,
            params: resolvedCore,
            operationParams: config.operationParams,
            vocabulary: [...vocab.words],
          },
          resumedFrom: resume && resumedFrom,
          stopRequested: context.stopRequested,
          onCheckpoint: deferParams ? once(writeParams) : undefined,
        },
        model,
        optimizer,
        step,
        evaluator,
        state,
      );

      return await openRunDir(runDir, context, { resume, writeParams, deferParams }, async () => {
        logger.event({
          type: 'run_start',
          runDir,
          operation: config.operation,
          params: allParams,
          backend: backend.description,
          vocabularySize: vocab.size,
          parameterCount: Object.fromEntries(counts.modules.map((m) => [m.name, m.parameters])),
          resumedFrom: resume && {
            epoch: resume.checkpoint.epoch,
            iteration: resume.checkpoint.nTotalIter,
            ...(resume.checkpoint.progress && {
              progress: {
                phase: resume.checkpoint.progress.phase,
                examples: resume.checkpoint.progress.examples,
              },
            }),
          },
        });
        if (core.eval_only) {
          const scores = await trainer.evaluateAll(state.epoch);
          if (scores === undefined) return { runDir, outcome: 'stopped' };
          for (const [key, value] of Object.entries(scores)) logger.info(`${key} -> ${pythonFixed(value)}`);
          logger.info(scoresLine(scores));
          return { runDir, outcome: 'evaluated', scores };
        }
        logger.info('Creating train iterator for arithmetic ...');
        return { runDir, outcome: await trainer.run() };
      });
    } finally {
      model.dispose();
    }
  }
}

/**
 * Creates the run folder, takes its lock (handed to the caller), removes what a killed writer left, opens the log
 * files and writes params.json (unless `deferParams`: the run changes the experiment's settings, and params.json
 * takes them once a checkpoint has them), then runs `body`.
 */
async function openRunDir(
  runDir: string,
  context: ExperimentContext,
  {
    resume,
    writeParams,
    deferParams,
  }: { resume?: ResumePoint; writeParams: () => void; deferParams?: boolean },
  body: () => Promise<ExperimentResult>,
): Promise<ExperimentResult> {
  const { logger } = context;
  onFile('create the experiment folder', runDir, () => fs.mkdirSync(runDir, { recursive: true }));
  const lock = ExperimentLock.acquire(runDir, context.command, (message) => logger.warn(message));
  context.onRunDirOpen(lock);
  const removed = removeLeftovers(runDir);
  logger.attach(runDir);
  for (const file of removed) logger.warn(`Removed ${file}, left by a save that was interrupted`);
  const lost = describeLostWork(lostWork(runDir, resume?.checkpoint));
  if (lost) logger.warn(lost);
  if (!deferParams) writeParams();
  return body();
}

function once(call: () => void): () => void {
  let called = false;
  return () => {
    if (!called) call();
    called = true;
  };
}

/** The seed asked for, else the experiment's when resuming it, else a random one. */
function resolveSeed(core: CoreSettings, saved: ParamValues | undefined): number {
  if (core.env_base_seed >= 0) return core.env_base_seed;
  const savedSeed = saved?.env_base_seed;
  if (typeof savedSeed === 'number' && savedSeed >= 0) return savedSeed;
  return randomInt(1_000_000_000);
}

function beamOptions(core: CoreSettings) {
  return {
    beamSize: core.beam_size,
    lengthPenalty: core.beam_length_penalty,
    earlyStopping: core.beam_early_stopping,
  };
}
