// The training loop (manual §1.2, §3.1): epochs of steps, the log line every report_loss_every steps, then evaluation;
// a stop request saves where the epoch stands, so that the same command continues it exactly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { StreamPosition, TrainStream } from '../data/train-stream';
import { collate } from '../data/batch';
import type { EvalSet, Evaluator } from '../evaluation/evaluator';
import { readSource, type ArraySource } from '../models/named-array';
import type { TransformerModel } from '../models/transformer-model';
import type { RunLogger } from '../reporting/run-logger';
import { scoresLine } from '../reporting/scores-line';
import type { Vocabulary } from '../tokenizers/vocabulary';
import type { CheckpointData, EpochProgress } from '../checkpoints/checkpoint-file';
import { saveCheckpoint } from '../checkpoints/checkpoint-file';
import { HeapCollector } from '../core/heap-collector';
import { onFile } from '../core/file-error';
import { CHECKPOINT_FILE } from '../experiment/run-directory';
import { DivergenceError, DivergenceGuard, type NanPolicy, type SavedCheckpoint } from './divergence-guard';
import { isImprovement, type StoppingCriterion, type TrackedMetric } from './metric-tracker';
import type { ModelOptimizer } from './optimizers/model-optimizer';
import type { TrainStep } from './train-step';
import { formatTrainingLine, HaltingMeans } from './training-log';

/** Where the run stands; saved in every checkpoint and restored on resume. */
export interface TrainerState {
  /** The epoch in progress, or the next one to run. */
  epoch: number;
  nTotalIter: number;
  bestMetrics: Record<string, number>;
  bestStoppingCriterion: number | null;
  stoppingCounter: number;
  /** Steps dropped for a non-finite loss or gradient since the start of the experiment. */
  skippedSteps: number;
  /** How far `epoch` went when the run resumes a checkpoint written before the epoch's end. */
  progress?: EpochProgress;
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
  nanPolicy: NanPolicy;
  /** The stream of training batches for one epoch (re-seeded per epoch), from its start or from a position. */
  openStream: (epoch: number, position?: StreamPosition) => TrainStream;
  /** The evaluation sets of one epoch. */
  evalSets: (epoch: number) => EvalSet[];
  /** The checkpoint fields that do not change during the run (config, vocabulary). */
  checkpointBase: Pick<CheckpointData, 'operation' | 'params' | 'operationParams' | 'vocabulary'>;
  /** The checkpoint the run started from, for messages. */
  resumedFrom?: SavedCheckpoint;
  /** Set when the user asks the run to stop (Ctrl-C, SIGTERM, SIGUSR1): the loop ends after the current step. */
  stopRequested: () => boolean;
  /** Called after each checkpoint.ckpt is written. */
  onCheckpoint?: () => void;
}

/** How a run ended; a divergence throws a DivergenceError instead. */
export type TrainerOutcome = 'finished' | 'stopped' | 'early-stopped';

export class Trainer {
  private readonly guard: DivergenceGuard;
  /** Collects the garbage of the steps before it inflates the heap. */
  private readonly heap = new HeapCollector();
  private lastGood: SavedCheckpoint | undefined;

  constructor(
    private readonly options: TrainerOptions,
    private readonly model: TransformerModel,
    private readonly optimizer: ModelOptimizer,
    private readonly step: TrainStep,
    private readonly evaluator: Evaluator,
    readonly state: TrainerState,
  ) {
    this.guard = new DivergenceGuard(options.nanPolicy, options.logger, model.vocabSize);
    this.lastGood = options.resumedFrom;
  }

  async run(): Promise<TrainerOutcome> {
    const { logger, maxEpoch } = this.options;
    if (this.state.epoch >= maxEpoch) {
      logger.info(
        `The experiment has done its ${this.state.epoch} epochs (--max_epoch ${maxEpoch}): nothing to train. ` +
          'Give a larger --max_epoch to train it further.',
      );
    }
    while (this.state.epoch < maxEpoch) {
      const epoch = this.state.epoch;
      if (this.state.progress?.phase !== 'evaluating') {
        const done = this.state.progress?.examples;
        logger.info(
          done === undefined
            ? `============ Starting epoch ${epoch} ... ============`
            : `============ Continuing epoch ${epoch} after ${done} examples ... ============`,
        );
        if (!(await this.trainEpoch(epoch))) return 'stopped';
        logger.info(`============ End of epoch ${epoch} ============`);
        // An evaluation cut short (a kill, a stop) then resumes here instead of training the epoch again.
        this.state.progress = { phase: 'evaluating', examples: this.options.epochSize, reportLosses: [] };
        await this.save(CHECKPOINT_FILE, 'last');
      } else {
        logger.info(`============ Evaluating epoch ${epoch}, whose training was complete ============`);
      }
      const scores = await this.evaluateAll(epoch);
      if (scores === undefined) {
        logger.info(`Evaluation of epoch ${epoch} interrupted: it runs again when the run resumes.`);
        return 'stopped';
      }
      logger.info(scoresLine(scores));
      this.state.progress = undefined;
      await this.saveBestModels(scores);
      if (this.options.savePeriodic > 0 && epoch % this.options.savePeriodic === 0) {
        await this.save(`checkpoint-${epoch}.ckpt`, 'periodic');
      }
      const stop = this.updateStoppingCriterion(scores);
      await this.save(CHECKPOINT_FILE, 'last');
      this.state.epoch++;
      if (stop) return 'early-stopped';
      if (this.options.stopRequested()) return 'stopped';
    }
    return 'finished';
  }

  /**
   * Runs the steps of one epoch, from its start or from where state.progress says; false when a stop was
   * requested before its end (the position is then saved in checkpoint.ckpt).
   */
  private async trainEpoch(epoch: number): Promise<boolean> {
    const { batchSize, epochSize, reportLossEvery, logger } = this.options;
    const resumed = this.state.progress;
    this.state.progress = undefined;
    this.guard.startEpoch();
    const stream = this.options.openStream(epoch, resumed?.stream);
    try {
      let nEquations = resumed?.examples ?? 0;
      let lastReport = Date.now();
      let examples = 0;
      let words = 0;
      let losses: number[] = resumed?.reportLosses ?? [];
      let halting = new HaltingMeans();
      while (nEquations < epochSize) {
        const batch = collate(await stream.next());
        const result = await this.step.run(batch);
        this.heap.check();
        examples += batch.size;
        for (let i = 0; i < batch.size; i++) words += batch.xLen[i] + batch.yLen[i] - 2;
        nEquations += batchSize;
        this.state.nTotalIter++;
        if (result.rejected) {
          this.guard.rejected(result, this.state.nTotalIter, epoch, this.lastGood);
          this.state.skippedSteps++;
        } else {
          this.guard.accepted(result.loss, this.state.nTotalIter);
          losses.push(result.loss);
          halting.add(result.haltingPasses);
        }
        if (this.state.nTotalIter % reportLossEvery === 0) {
          const seconds = Math.max(1e-9, (Date.now() - lastReport) / 1000);
          const loss = losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : NaN;
          const lr = this.optimizer.learningRate;
          const skipped = this.guard.takeSkipped();
          logger.info(
            formatTrainingLine(this.state.nTotalIter, examples / seconds, words / seconds, loss, lr) +
              (skipped ? ` - skipped: ${skipped}` : '') +
              halting.logText(),
          );
          logger.event({
            type: 'train_stats',
            epoch,
            step: this.state.nTotalIter,
            examplesPerSecond: examples / seconds,
            wordsPerSecond: words / seconds,
            loss,
            learningRate: lr,
            ...(skipped && { skipped }),
            ...(halting.means() && { actPasses: halting.means() }),
          });
          if (skipped) {
            logger.warn(
              `Skipped ${skipped} batches with a non-finite loss or gradient since the last report ` +
                `(${this.state.skippedSteps} since the start)`,
            );
          }
          lastReport = Date.now();
          examples = words = 0;
          losses = [];
          halting = new HaltingMeans();
        }
        await yieldToEventLoop(); // lets a signal handler run between two steps
        if (this.options.stopRequested() && nEquations < epochSize) {
          this.state.progress = {
            phase: 'training',
            examples: nEquations,
            stream: stream.position(),
            reportLosses: losses,
          };
          logger.info(
            `Stopping at step ${this.state.nTotalIter}, after ${nEquations} examples of epoch ${epoch}.`,
          );
          await this.save(CHECKPOINT_FILE, 'last');
          return false;
        }
      }
      return true;
    } finally {
      await stream.close();
    }
  }

  /** Evaluates every set; Int2Int's score dictionary, `epoch` first, or undefined when a stop cut it short. */
  async evaluateAll(epoch: number): Promise<Record<string, number> | undefined> {
    const scores: Record<string, number> = { epoch };
    for (const set of this.options.evalSets(epoch)) {
      const result = await this.evaluator.evaluate(set, epoch, this.options.stopRequested);
      if (result === undefined) return undefined;
      Object.assign(scores, result.metrics);
      this.options.logger.event({ type: 'evaluation', epoch, split: set.split, ...result });
    }
    return scores;
  }

  private async saveBestModels(scores: Record<string, number>): Promise<void> {
    for (const metric of this.options.validationMetrics) {
      const value = scores[metric.name];
      if (value === undefined) {
        this.options.logger.warn(`Metric "${metric.name}" not found in scores!`);
        continue;
      }
      if (isImprovement(metric, value, this.state.bestMetrics[metric.name])) {
        this.state.bestMetrics[metric.name] = value;
        this.options.logger.info(`New best score for ${metric.name}: ${value.toFixed(6)}`);
        await this.save(`best-${metric.name}.ckpt`, 'best', metric.name);
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

  /** Writes a checkpoint of the current state; weights that are no longer finite are never saved. */
  async save(fileName: string, kind: 'last' | 'best' | 'periodic', metric?: string): Promise<void> {
    const { logger, runDir } = this.options;
    const file = path.join(runDir, fileName);
    const weights = this.model.weightSources();
    let broken: ArraySource | undefined;
    for (const source of weights) {
      if (!(await readSource(source)).every(Number.isFinite)) {
        broken = source;
        break;
      }
    }
    if (broken) {
      throw new DivergenceError(
        `Training diverged by step ${this.state.nTotalIter} (epoch ${this.state.epoch}): the weights (${broken.name}) ` +
          `are no longer finite, so ${fileName} was not written. ` +
          (this.lastGood
            ? `The last good checkpoint is ${this.lastGood.file} (${this.lastGood.description}).`
            : 'No checkpoint was written yet.') +
          ' Lower the learning rate (--optimizer).',
      );
    }
    logger.info(`Saving ${kind === 'best' ? `best model (${metric})` : 'checkpoint'} to ${file} ...`);
    const { calls, gradients } = await this.step.getState();
    const { progress } = this.state;
    await saveCheckpoint(
      file,
      {
        ...this.options.checkpointBase,
        ...this.state,
        dropoutState: this.model.dropoutState(),
        weights,
        optimizer: this.optimizer.stateSources(),
        ...(calls > 0 && { accumulation: { calls, gradients } }),
      },
      () =>
        logger.event({
          type: 'checkpoint',
          epoch: this.state.epoch,
          step: this.state.nTotalIter,
          path: file,
          kind,
          metric,
          ...(progress && { progress: { phase: progress.phase, examples: progress.examples } }),
        }),
    );
    if (kind === 'last') {
      this.lastGood = { file, description: describeCheckpoint(this.state) };
      this.options.onCheckpoint?.();
    }
  }
}

/** `end of epoch 2, step 400` or `epoch 3 after 640 examples, step 420`: what a checkpoint holds. */
export function describeCheckpoint(state: Pick<TrainerState, 'epoch' | 'nTotalIter' | 'progress'>): string {
  const { epoch, nTotalIter, progress } = state;
  if (!progress) return `end of epoch ${epoch}, step ${nTotalIter}`;
  return progress.phase === 'evaluating'
    ? `epoch ${epoch} trained, not yet evaluated, step ${nTotalIter}`
    : `epoch ${epoch} after ${progress.examples} examples, step ${nTotalIter}`;
}

/** Appends generated examples to <run dir>/data.prefix instead of training (--export_data true); false if stopped. */
export async function exportData(
  runDir: string,
  logger: RunLogger,
  vocab: Vocabulary,
  options: Pick<TrainerOptions, 'epochSize' | 'maxEpoch' | 'openStream' | 'stopRequested'>,
): Promise<boolean> {
  const file = path.join(runDir, 'data.prefix');
  const fd = onFile('open', file, () => fs.openSync(file, 'a'));
  const words = (ids: ArrayLike<number>) => Array.from(ids, (id) => vocab.word(id)).join(' ');
  try {
    for (let epoch = 0; epoch < options.maxEpoch; epoch++) {
      logger.info(`============ Starting epoch ${epoch} ... ============`);
      const stream = options.openStream(epoch);
      let total = 0;
      try {
        while (total < options.epochSize) {
          const lines = (await stream.next()).map((e) => `${words(e.x)}\t${words(e.y)}\n`);
          onFile('append to', file, () => fs.writeSync(fd, lines.join('')));
          total += lines.length;
          await yieldToEventLoop(); // lets a signal handler run
          if (options.stopRequested()) return false;
        }
      } finally {
        await stream.close();
      }
      logger.info(`============ End of epoch ${epoch} ============`);
      logger.info(scoresLine({ epoch, total }));
    }
    return true;
  } finally {
    fs.closeSync(fd);
  }
}
