// One training step of Int2Int (Trainer.enc_dec_step + optimize): loss, gradients, accumulation, clipping, update.
import * as tf from '@tensorflow/tfjs';
import { fusedUpdates } from '../backends/fused-updates';
import type { Batch } from '../data/batch';
import type { TransformerModel } from '../models/transformer-model';
import type { ModelOptimizer } from './optimizers/model-optimizer';

export interface TrainStepOptions {
  /** Clip the gradients to this global L2 norm before each update (0: no clipping). */
  clipGradNorm: number;
  /** Update the weights every N calls, with the mean of their gradients. */
  accumulateGradients: number;
}

export class TrainStep {
  /** Sum of gradient / accumulateGradients over the calls since the last update, by variable name. */
  private pending: tf.NamedTensorMap | null = null;
  private calls = 0;

  constructor(
    private readonly model: TransformerModel,
    private readonly optimizer: ModelOptimizer,
    private readonly options: TrainStepOptions,
  ) {
    if (!Number.isInteger(options.accumulateGradients) || options.accumulateGradients < 1) {
      throw new Error(
        `--accumulate_gradients must be a positive integer, got ${options.accumulateGradients}`,
      );
    }
  }

  /** Trains on one batch (dropout on) and returns its mean per-token loss. */
  run(batch: Batch): number {
    const { value, grads } = tf.variableGrads(
      () => this.model.loss(batch, true),
      this.model.trainableVariables,
    );
    const loss = value.dataSync()[0];
    value.dispose();
    this.accumulate(grads);
    this.calls++;
    if (this.calls % this.options.accumulateGradients === 0) {
      const ready = this.pending as tf.NamedTensorMap;
      this.pending = null;
      this.optimizer.applyGradients(ready, this.clipCoefficient(Object.values(ready)));
      tf.dispose(Object.values(ready));
    }
    return loss;
  }

  private accumulate(grads: tf.NamedTensorMap): void {
    const n = this.options.accumulateGradients;
    if (n === 1) {
      this.pending = grads;
      return;
    }
    const previous = this.pending;
    this.pending = tf.tidy(() => {
      const sums: tf.NamedTensorMap = {};
      for (const [name, grad] of Object.entries(grads)) {
        const scaled = tf.div(grad, n);
        sums[name] = previous === null ? scaled : tf.add(previous[name], scaled);
      }
      return sums;
    });
    tf.dispose([...Object.values(grads), ...(previous === null ? [] : Object.values(previous))]);
  }

  /** torch's clip_grad_norm_: the factor max_norm / (norm + 1e-6) when that is below 1, else 1. */
  private clipCoefficient(grads: tf.Tensor[]): number {
    const maxNorm = this.options.clipGradNorm;
    if (maxNorm <= 0) return 1;
    const fused = fusedUpdates();
    let sumOfSquares: number;
    if (fused !== undefined) sumOfSquares = fused.sumOfSquares(grads);
    else {
      const total = tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      sumOfSquares = total.dataSync()[0];
      total.dispose();
    }
    return Math.min(1, maxNorm / (Math.sqrt(sumOfSquares) + 1e-6));
  }
}
