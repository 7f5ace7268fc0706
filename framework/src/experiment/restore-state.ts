// Where a run starts: its own checkpoint (resume), --reload_checkpoint, or the weights of --reload_model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, type CheckpointData } from '../checkpoints/checkpoint-file';
import type { TransformerModel } from '../models/transformer-model';
import type { ParamValues } from '../operations/parameters';
import type { RunLogger } from '../reporting/run-logger';
import type { Vocabulary } from '../tokenizers/vocabulary';
import type { ModelOptimizer } from '../training/optimizers/model-optimizer';
import type { TrainerState } from '../training/trainer';
import type { CheckpointSource } from './checkpoint-source';
import { CHECKPOINT_FILE } from './run-directory';

export interface RestoreOptions {
  runDir: string;
  core: ParamValues;
  cwd: string;
  operation: string;
  vocab: Vocabulary;
  model: TransformerModel;
  optimizer: ModelOptimizer;
  /** --eval_from_exp or --reload_model, already loaded. */
  source?: { location: CheckpointSource; checkpoint: CheckpointData };
  logger: RunLogger;
}

/** Restores weights, optimizer state and counters; `resumed` says whether training continues a checkpoint. */
export function restoreState(options: RestoreOptions): { state: TrainerState; resumed: boolean } {
  const { runDir, core, cwd, model, optimizer, source, logger } = options;
  const state: TrainerState = {
    epoch: 0,
    nTotalIter: 0,
    bestMetrics: {},
    bestStoppingCriterion: null,
    stoppingCounter: 0,
  };
  const own = path.join(runDir, CHECKPOINT_FILE);
  const resumeFrom = fs.existsSync(own)
    ? own
    : core.reload_checkpoint
      ? path.resolve(cwd, String(core.reload_checkpoint))
      : undefined;
  if (resumeFrom && !core.eval_only) {
    const checkpoint = loadCheckpoint(resumeFrom);
    checkCompatible(checkpoint, resumeFrom, options);
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
    return { state, resumed: true };
  }
  if (source) {
    checkCompatible(source.checkpoint, source.location.file, options);
    model.setWeights(source.checkpoint.weights);
    if (core.eval_only) state.epoch = source.checkpoint.epoch;
    logger.info(`Reloaded model weights from ${source.location.file}`);
  }
  return { state, resumed: false };
}

function checkCompatible(
  checkpoint: CheckpointData,
  file: string,
  { operation, vocab }: RestoreOptions,
): void {
  if (checkpoint.operation !== operation) {
    throw new Error(`${file} was trained on operation ${checkpoint.operation}, not ${operation}`);
  }
  if (
    checkpoint.vocabulary.length !== vocab.size ||
    checkpoint.vocabulary.some((word, i) => word !== vocab.words[i])
  ) {
    throw new Error(
      `${file} has a different vocabulary (${checkpoint.vocabulary.length} words, this run has ${vocab.size}): ` +
        "the operation's parameters differ from the checkpoint's",
    );
  }
}
