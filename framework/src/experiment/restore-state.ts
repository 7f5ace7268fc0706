// Where a run starts: its own checkpoint (resume), --reload_checkpoint, or the weights of --reload_model.
import type { CoreSettings } from '../config/core-parameters';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, type CheckpointData } from '../checkpoints/checkpoint-file';
import { UsageError } from '../core/usage-error';
import type { TransformerModel } from '../models/transformer-model';
import type { RunLogger } from '../reporting/run-logger';
import type { Vocabulary } from '../tokenizers/vocabulary';
import type { SavedCheckpoint } from '../training/divergence-guard';
import type { ModelOptimizer } from '../training/optimizers/model-optimizer';
import type { TrainStep } from '../training/train-step';
import { describeCheckpoint, type TrainerState } from '../training/trainer';
import type { CheckpointSource } from './checkpoint-source';
import { CHECKPOINT_FILE } from './run-directory';

/** The checkpoint a training run continues: the experiment's own, or --reload_checkpoint when it has none. */
export interface ResumePoint {
  file: string;
  checkpoint: CheckpointData;
}

export function findResumePoint(runDir: string, core: CoreSettings, cwd: string): ResumePoint | undefined {
  const own = path.join(runDir, CHECKPOINT_FILE);
  const file = fs.existsSync(own)
    ? own
    : core.reload_checkpoint
      ? path.resolve(cwd, core.reload_checkpoint)
      : undefined;
  return file === undefined ? undefined : { file, checkpoint: loadCheckpoint(file) };
}

export interface RestoreOptions {
  core: CoreSettings;
  operation: string;
  vocab: Vocabulary;
  model: TransformerModel;
  optimizer: ModelOptimizer;
  step: TrainStep;
  /** The checkpoint training continues from. */
  resume?: ResumePoint;
  /** --eval_from_exp or --reload_model, already loaded. */
  source?: { location: CheckpointSource; checkpoint: CheckpointData };
  logger: RunLogger;
}

/**
 * Restores weights, optimizer state, counters and where an interrupted epoch stood. `resumedFrom` describes the
 * checkpoint training continues, when it continues one.
 */
export function restoreState(options: RestoreOptions): {
  state: TrainerState;
  resumedFrom?: SavedCheckpoint;
} {
  const { core, model, optimizer, step, resume, source, logger } = options;
  const state: TrainerState = {
    epoch: 0,
    nTotalIter: 0,
    bestMetrics: {},
    bestStoppingCriterion: null,
    stoppingCounter: 0,
    skippedSteps: 0,
  };
  if (resume) {
    const { file, checkpoint } = resume;
    checkCompatible(checkpoint, file, options);
    setWeights(model, checkpoint, file);
    if (checkpoint.dropoutState) model.restoreDropoutState(checkpoint.dropoutState);
    const sameOptimizer = checkpoint.params.optimizer === undefined || sameOptimizerName(checkpoint, core);
    if (checkpoint.optimizer && sameOptimizer) optimizer.setState(checkpoint.optimizer);
    else if (checkpoint.optimizer)
      logger.warn(`The optimizer changed: its state starts afresh (${core.optimizer})`);
    const sameAccumulation = checkpoint.params.accumulate_gradients === core.accumulate_gradients;
    if (checkpoint.accumulation && sameAccumulation) step.setState(checkpoint.accumulation);
    Object.assign(state, {
      epoch: checkpoint.progress ? checkpoint.epoch : checkpoint.epoch + 1,
      nTotalIter: checkpoint.nTotalIter,
      bestMetrics: checkpoint.bestMetrics,
      bestStoppingCriterion: checkpoint.bestStoppingCriterion,
      stoppingCounter: checkpoint.stoppingCounter,
      skippedSteps: checkpoint.skippedSteps ?? 0,
      progress: checkpoint.progress,
    });
    const description = describeCheckpoint(checkpoint);
    logger.info(
      `Checkpoint reloaded. Resuming at epoch ${state.epoch} / iteration ${state.nTotalIter} ...` +
        (checkpoint.progress ? ` (${description})` : ''),
    );
    return { state, resumedFrom: { file, description } };
  }
  if (source) {
    checkCompatible(source.checkpoint, source.location.file, options);
    setWeights(model, source.checkpoint, source.location.file);
    if (core.eval_only) state.epoch = source.checkpoint.epoch;
    logger.info(
      `Reloaded model weights from ${source.location.file} (${describeCheckpoint(source.checkpoint)})`,
    );
  }
  return { state };
}

function sameOptimizerName(checkpoint: CheckpointData, core: CoreSettings): boolean {
  const name = (value: unknown) => String(value).split(',')[0].trim();
  return name(checkpoint.params.optimizer) === name(core.optimizer);
}

function setWeights(model: TransformerModel, checkpoint: CheckpointData, file: string): void {
  try {
    model.setWeights(checkpoint.weights);
  } catch (error) {
    throw new UsageError(
      `${file} does not fit this model (${(error as Error).message}): the model's shape (--enc_emb_dim, ` +
        '--n_enc_layers, ...) cannot change in an experiment, even with --override_params; choose another --exp_id',
    );
  }
}

function checkCompatible(
  checkpoint: CheckpointData,
  file: string,
  { operation, vocab }: RestoreOptions,
): void {
  if (checkpoint.operation !== operation) {
    throw new UsageError(
      `${file} was trained on operation ${checkpoint.operation}, not ${operation}: an experiment's operation cannot ` +
        'change, even with --override_params; choose another --exp_id',
    );
  }
  if (
    checkpoint.vocabulary.length !== vocab.size ||
    checkpoint.vocabulary.some((word, i) => word !== vocab.words[i])
  ) {
    throw new UsageError(
      `${file} has a different vocabulary (${checkpoint.vocabulary.length} words, this run has ${vocab.size}): ` +
        "the operation's parameters differ from the checkpoint's",
    );
  }
}
