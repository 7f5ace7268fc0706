// The divergence guard: what a non-finite loss or gradient does (--nan_policy), and warnings of a rising loss.
import type { RunLogger } from '../reporting/run-logger';
import type { StepResult } from './train-step';

export type NanPolicy = 'stop' | 'skip';

/** Under --nan_policy skip, this many rejected steps in a row end the run: the model no longer recovers. */
export const MAX_CONSECUTIVE_SKIPS = 100;
/** The loss is watched as its mean over windows of this many steps, whatever --report_loss_every is. */
export const WINDOW_STEPS = 10;
/** A window's loss this many times the lowest one so far is abnormal... */
export const RISE_FACTOR = 10;
/** ...as is a loss this many times that of a uniform guess over the vocabulary (log of its size)... */
export const CHANCE_FACTOR = 3;
/** ...and this many abnormal windows in a row are a loss explosion worth a warning. */
export const RISE_WINDOWS = 3;

/** The run stopped because training diverged; the message names the step and the last good checkpoint. */
export class DivergenceError extends Error {}

/** Where a run can be resumed from, for messages: the file and what it holds. */
export interface SavedCheckpoint {
  file: string;
  description: string;
}

export class DivergenceGuard {
  private consecutive = 0;
  private sinceReport = 0;
  private lowest: { loss: number; step: number } | undefined;
  private window = { sum: 0, steps: 0 };
  private abnormalWindows = 0;
  private warned = false;

  constructor(
    private readonly policy: NanPolicy,
    private readonly logger: RunLogger,
    /** The number of output words: a uniform guess has a loss of log(vocabularySize). */
    private readonly vocabularySize: number,
  ) {}

  /**
   * A step whose update was not applied. Under `stop`, or after MAX_CONSECUTIVE_SKIPS in a row, throws a
   * DivergenceError; under `skip`, the batch is counted.
   */
  rejected(result: StepResult, step: number, epoch: number, lastGood: SavedCheckpoint | undefined): void {
    this.consecutive++;
    this.sinceReport++;
    const what =
      result.rejected === 'loss'
        ? `the loss is ${result.loss}`
        : `the gradient norm is ${result.gradNorm} (loss ${result.loss})`;
    if (this.policy === 'stop') {
      throw new DivergenceError(
        `Training diverged at step ${step} (epoch ${epoch}): ${what}. The update was not applied and nothing ` +
          `was saved after it. ${resumeAdvice(lastGood)} Lower the learning rate (--optimizer), or use ` +
          '--nan_policy skip to drop such batches.',
      );
    }
    if (this.consecutive >= MAX_CONSECUTIVE_SKIPS) {
      throw new DivergenceError(
        `Training diverged: the last ${MAX_CONSECUTIVE_SKIPS} steps (up to step ${step}, epoch ${epoch}) all had ` +
          `a non-finite loss or gradient and were skipped (now: ${what}). ${resumeAdvice(lastGood)} Lower the ` +
          'learning rate (--optimizer).',
      );
    }
  }

  /** A new epoch: a loss still exploding is warned about again. */
  startEpoch(): void {
    this.warned = false;
  }

  /** A step whose update was applied, with its (finite) loss. */
  accepted(loss: number, step: number): void {
    this.consecutive = 0;
    this.window.sum += loss;
    if (++this.window.steps < WINDOW_STEPS) return;
    this.watch(this.window.sum / this.window.steps, step);
    this.window = { sum: 0, steps: 0 };
  }

  /** The batches skipped since the last call; called at each training log line. */
  takeSkipped(): number {
    const skipped = this.sinceReport;
    this.sinceReport = 0;
    return skipped;
  }

  /**
   * Watches the mean loss of each window of steps and warns, once per epoch, when it stays far above its lowest
   * value or far above a uniform guess for several windows in a row.
   */
  private watch(loss: number, step: number): void {
    if (this.lowest === undefined || loss < this.lowest.loss) this.lowest = { loss, step };
    const chance = Math.log(this.vocabularySize);
    const rising = loss > RISE_FACTOR * this.lowest.loss;
    const worseThanChance = loss > CHANCE_FACTOR * chance;
    this.abnormalWindows = rising || worseThanChance ? this.abnormalWindows + 1 : 0;
    if (this.abnormalWindows < RISE_WINDOWS || this.warned) return;
    this.warned = true;
    const why = rising
      ? `up from ${formatLoss(this.lowest.loss)} at step ${this.lowest.step}`
      : `far above the ${formatLoss(chance)} of a uniform guess over the ${this.vocabularySize} words`;
    this.logger.warn(
      `The training loss is exploding: ${formatLoss(loss)} at step ${step} (the mean of the last ${WINDOW_STEPS} ` +
        `steps), ${why}, for ${RISE_WINDOWS * WINDOW_STEPS} steps in a row. The learning rate is probably too ` +
        'high (--optimizer).',
    );
  }
}

function resumeAdvice(lastGood: SavedCheckpoint | undefined): string {
  return lastGood
    ? `The last good checkpoint is ${lastGood.file} (${lastGood.description}): the same command with other ` +
        'settings and --override_params true continues from it.'
    : 'No checkpoint was written yet.';
}

function formatLoss(loss: number): string {
  return loss >= 1000 ? loss.toExponential(2) : loss.toFixed(4);
}
