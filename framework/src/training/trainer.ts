// The training loop (manual §1.2, §3.1): epochs of steps, the log line every report_loss_every steps, then evaluation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrainStream } from '../data/train-stream';
import { collate } from '../data/batch';
import type { EvalSet, Evaluator } from '../evaluation/evaluator';
import type { TransformerModel } from '../models/transformer-model';
import type { RunLogger } from '../reporting/run-logger';
import type { Vocabulary } from '../tokenizers/vocabulary';
import type { CheckpointData } from '../checkpoints/checkpoint-file';
import { saveCheckpoint } from '../checkpoints/checkpoint-file';
import { CHECKPOINT_FILE } from '../experiment/run-directory';
import { isImprovement, type StoppingCriterion, type TrackedMetric } from './metric-tracker';
import type { ModelOptimizer } from './optimizers/model-optimizer';
import type { TrainStep } from './train-step';
import { formatTrainingLine } from './training-log';

/** Where the run stands; saved in every checkpoint and restored on resume. */
export interface TrainerState {
  epoch: number;
  nTotalIter: number;
  bestMetrics: Record<string, number>;
  bestStoppingCriterion: number | null;
  stoppingCounter: number;
}

export interface TrainerOptions {
  runDir: string;
  logger: RunLogger;
  batchSize: number;
  epochSize: number;
  maxEpoch: number;
  reportLossEvery: number;
  savePeriodic: number;
  validationMetrics: TrackedMetric[];
  stoppingCriterion?: StoppingCriterion;
  /** The stream of training batches for one epoch (re-seeded per epoch, so a resumed run replays nothing). */
  openStream: (epoch: number) => TrainStream;
  /** The evaluation sets of one epoch. */
  evalSets: (epoch: number) => EvalSet[];
  /** The checkpoint fields that do not change during the run (config, vocabulary). */
  checkpointBase: Omit<CheckpointData, keyof TrainerState | 'weights' | 'optimizer'>;
  /** Set when the user asks the run to stop (Ctrl-C, SIGTERM): the loop ends after the current step. */
  stopRequested: () => boolean;
}

export type TrainerOutcome = 'finished' | 'stopped' | 'early-stopped';

export class Trainer {
  constructor(
    private readonly options: TrainerOptions,
    private readonly model: TransformerModel,
    private readonly optimizer: ModelOptimizer,
    private readonly step: TrainStep,
    private readonly evaluator: Evaluator,
    readonly state: TrainerState,
  ) {}

  async run(): Promise<TrainerOutcome> {
    const { logger, maxEpoch } = this.options;
    while (this.state.epoch < maxEpoch) {
      const epoch = this.state.epoch;
      logger.info(`============ Starting epoch ${epoch} ... ============`);
      const completed = await this.trainEpoch(epoch);
      if (!completed) return 'stopped';
      logger.info(`============ End of epoch ${epoch} ============`);
      const scores = this.evaluateAll(epoch);
      logger.info(`__log__:${JSON.stringify(scores)}`);
      this.saveBestModels(scores);
      if (this.options.savePeriodic > 0 && epoch % this.options.savePeriodic === 0) {
        this.save(`checkpoint-${epoch}.ckpt`, 'periodic');
      }
      const stop = this.updateStoppingCriterion(scores);
      this.save(CHECKPOINT_FILE, 'last');
      this.state.epoch++;
      if (stop) return 'early-stopped';
      if (this.options.stopRequested()) return 'stopped';
    }
    return 'finished';
  }

  /** Runs one epoch of steps; false when a stop was requested before its end. */
  private async trainEpoch(epoch: number): Promise<boolean> {
    const { batchSize, epochSize, reportLossEvery, logger } = this.options;
    const stream = this.options.openStream(epoch);
    try {
      let nEquations = 0;
      let lastReport = Date.now();
      let examples = 0;
      let words = 0;
      let losses: number[] = [];
      while (nEquations < epochSize) {
        const batch = collate(await stream.next());
        losses.push(this.step.run(batch));
        examples += batch.size;
        for (let i = 0; i < batch.size; i++) words += batch.xLen[i] + batch.yLen[i] - 2;
        nEquations += batchSize;
        this.state.nTotalIter++;
        if (this.state.nTotalIter % reportLossEvery === 0) {
          const seconds = Math.max(1e-9, (Date.now() - lastReport) / 1000);
          const loss = losses.reduce((a, b) => a + b, 0) / losses.length;
          const lr = this.optimizer.learningRate;
          logger.info(
            formatTrainingLine(this.state.nTotalIter, examples / seconds, words / seconds, loss, lr),
          );
          logger.event({
            type: 'train_stats',
            epoch,
            step: this.state.nTotalIter,
            examplesPerSecond: examples / seconds,
            wordsPerSecond: words / seconds,
            loss,
            learningRate: lr,
          });
          if (!Number.isFinite(loss)) logger.warn('NaN detected');
          lastReport = Date.now();
          examples = words = 0;
          losses = [];
        }
        if (this.options.stopRequested()) return false;
      }
      return true;
    } finally {
      await stream.close();
    }
  }

  /** Evaluates every set; returns Int2Int's score dictionary, `epoch` first. */
  evaluateAll(epoch: number): Record<string, number> {
    const scores: Record<string, number> = { epoch };
    for (const set of this.options.evalSets(epoch)) {
      const result = this.evaluator.evaluate(set, epoch);
      Object.assign(scores, result.metrics);
      this.options.logger.event({ type: 'evaluation', epoch, split: set.split, ...result });
    }
    return scores;
  }

  private saveBestModels(scores: Record<string, number>): void {
    for (const metric of this.options.validationMetrics) {
      const value = scores[metric.name];
      if (value === undefined) {
        this.options.logger.warn(`Metric "${metric.name}" not found in scores!`);
        continue;
      }
      if (isImprovement(metric, value, this.state.bestMetrics[metric.name])) {
        this.state.bestMetrics[metric.name] = value;
        this.options.logger.info(`New best score for ${metric.name}: ${value.toFixed(6)}`);
        this.save(`best-${metric.name}.ckpt`, 'best', metric.name);
      }
    }
  }

  /** True when the stopping criterion says the experiment should end. */
  private updateStoppingCriterion(scores: Record<string, number>): boolean {
    const criterion = this.options.stoppingCriterion;
    if (!criterion) return false;
    const { logger } = this.options;
    const value = scores[criterion.name];
    if (value === undefined) {
      throw new Error(
        `--stopping_criterion: metric "${criterion.name}" is not among the scores (see the __log__ line)`,
      );
    }
    if (isImprovement(criterion, value, this.state.bestStoppingCriterion)) {
      this.state.bestStoppingCriterion = value;
      this.state.stoppingCounter = 0;
      logger.info(`New best validation score: ${value}`);
      return false;
    }
    this.state.stoppingCounter++;
    logger.info(`Not a better validation score (${this.state.stoppingCounter} / ${criterion.patience}).`);
    if (this.state.stoppingCounter > criterion.patience) {
      logger.info(
        `Stopping criterion has been below its best value for more than ${criterion.patience} epochs. Ending the experiment...`,
      );
      return true;
    }
    return false;
  }

  save(fileName: string, kind: 'last' | 'best' | 'periodic', metric?: string): void {
    const file = path.join(this.options.runDir, fileName);
    this.options.logger.info(
      `Saving ${kind === 'best' ? `best model (${metric})` : 'checkpoint'} to ${file} ...`,
    );
    saveCheckpoint(file, {
      ...this.options.checkpointBase,
      ...this.state,
      weights: this.model.getWeights(),
      optimizer: this.optimizer.getState(),
    });
    this.options.logger.event({ type: 'checkpoint', epoch: this.state.epoch, path: file, kind, metric });
  }
}

/** Appends generated examples to <run dir>/data.prefix instead of training (--export_data true). */
export async function exportData(
  runDir: string,
  logger: RunLogger,
  vocab: Vocabulary,
  options: Pick<TrainerOptions, 'epochSize' | 'maxEpoch' | 'openStream' | 'stopRequested'>,
): Promise<void> {
  const file = path.join(runDir, 'data.prefix');
  const fd = fs.openSync(file, 'a');
  try {
    for (let epoch = 0; epoch < options.maxEpoch && !options.stopRequested(); epoch++) {
      logger.info(`============ Starting epoch ${epoch} ... ============`);
      const stream = options.openStream(epoch);
      let total = 0;
      try {
        while (total < options.epochSize && !options.stopRequested()) {
          const lines = (await stream.next()).map(
            (e) =>
              `${Array.from(e.x, (id) => vocab.word(id)).join(' ')}\t${Array.from(e.y, (id) => vocab.word(id)).join(' ')}\n`,
          );
          fs.writeSync(fd, lines.join(''));
          total += lines.length;
        }
      } finally {
        await stream.close();
      }
      logger.info(`============ End of epoch ${epoch} ============`);
      logger.info(`__log__:${JSON.stringify({ epoch, total })}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
