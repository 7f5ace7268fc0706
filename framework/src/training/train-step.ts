// One training step of Int2Int (Trainer.enc_dec_step + optimize): loss, gradients, accumulation, clipping, update;
// a step whose loss or gradient norm is not finite is not applied.
import * as tf from '@tensorflow/tfjs';
import { fusedUpdates } from '../backends/fused-updates';
import { scalarValue } from '../backends/tensor-values';
import type { Batch } from '../data/batch';
import type { NamedArray } from '../models/named-array';
import type { HaltingPasses, TransformerModel } from '../models/transformer-model';
import type { ModelOptimizer } from './optimizers/model-optimizer';

export interface TrainStepOptions {
  /** Clip the gradients to this global L2 norm before each update (0: no clipping). */
  clipGradNorm: number;
  /** Update the weights every N calls, with the mean of their gradients. */
  accumulateGradients: number;
}

export interface StepResult {
  /** The batch's mean per-token loss. */
  loss: number;
  /** The global L2 norm of the batch's gradients (before clipping). */
  gradNorm: number;
  /** Set when the loss or the gradient norm is not finite: the batch was dropped, nothing was updated. */
  rejected?: 'loss' | 'gradient';
  /** With ACT: the batch's mean passes per token through each module's halting layer. */
  haltingPasses?: HaltingPasses;
}

/** What a checkpoint written between two updates keeps of a step: the gradients accumulated so far. */
export interface TrainStepState {
  calls: number;
  /** Sums of gradient / accumulateGradients by trainable name, since the last update. */
  gradients: NamedArray[];
}

export class TrainStep {
  /** Sum of gradient / accumulateGradients over the calls since the last update, by variable name. */
  private pending: tf.NamedTensorMap | null = null;
  private calls = 0;
  private readonly nameOf: Map<string, string>;
  private readonly variableOf: Map<string, tf.Variable>;

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
    const { trainableVariables, trainableNames } = model;
    this.nameOf = new Map(trainableVariables.map((v, i) => [v.name, trainableNames[i]]));
    this.variableOf = new Map(trainableVariables.map((v, i) => [trainableNames[i], v]));
  }

  /** Trains on one batch (dropout on); the update happens every accumulateGradients accepted batches. */
  async run(batch: Batch): Promise<StepResult> {
    const { value, grads } = tf.variableGrads(
      () => this.model.loss(batch, true),
      this.model.trainableVariables,
    );
    const loss = await scalarValue(value);
    value.dispose();
    const haltingPasses = await this.model.takeHaltingPasses();
    const gradNorm = Math.sqrt(await sumOfSquares(Object.values(grads)));
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      tf.dispose(Object.values(grads));
      return { loss, gradNorm, rejected: Number.isFinite(loss) ? 'gradient' : 'loss', haltingPasses };
    }
    this.accumulate(grads);
    this.calls++;
    if (this.calls % this.options.accumulateGradients === 0) {
      const ready = this.pending as tf.NamedTensorMap;
      this.pending = null;
      const scale = this.options.accumulateGradients === 1 ? gradNorm : undefined;
      this.optimizer.applyGradients(ready, await this.clipCoefficient(Object.values(ready), scale));
      tf.dispose(Object.values(ready));
    }
    return { loss, gradNorm, haltingPasses };
  }

  /** The accumulated gradients, for a checkpoint written between two updates. */
  async getState(): Promise<TrainStepState> {
    const gradients: NamedArray[] = [];
    for (const [variable, grad] of Object.entries(this.pending ?? {})) {
      gradients.push({
        name: this.nameOf.get(variable) as string,
        shape: [...grad.shape],
        values: (await grad.data<'float32'>()).slice(), // the cpu backend's data() is its own array
      });
    }
    return { calls: this.calls % this.options.accumulateGradients, gradients };
  }

  /** Restores getState() of a step over the same model and accumulate_gradients. */
  setState(state: TrainStepState): void {
    if (this.pending) tf.dispose(Object.values(this.pending));
    this.pending = null;
    this.calls = state.calls;
    if (state.gradients.length === 0) return;
    const pending: tf.NamedTensorMap = {};
    for (const { name, shape, values } of state.gradients) {
      const variable = this.variableOf.get(name);
      if (variable === undefined) throw new Error(`Accumulated gradient for an unknown parameter ${name}`);
      pending[variable.name] = tf.tensor(values, shape, 'float32');
    }
    this.pending = pending;
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

  /**
   * torch's clip_grad_norm_: the factor max_norm / (norm + 1e-6) when that is below 1, else 1. `norm` is the
   * gradients' norm when already known (no accumulation).
   */
  private async clipCoefficient(grads: tf.Tensor[], norm?: number): Promise<number> {
    const maxNorm = this.options.clipGradNorm;
    if (maxNorm <= 0) return 1;
    return Math.min(1, maxNorm / ((norm ?? Math.sqrt(await sumOfSquares(grads))) + 1e-6));
  }
}

/** The sum of the squares of every element: by the backend's fused kernel when it has one. */
async function sumOfSquares(tensors: tf.Tensor[]): Promise<number> {
  const fused = fusedUpdates();
  if (fused !== undefined) return fused.sumOfSquares(tensors);
  // added one at a time: addN of every gradient binds more buffers than a WebGPU shader stage may (8 by default)
  const total = tf.tidy(() =>
    tensors.reduce<tf.Tensor>((sum, g) => tf.add(sum, tf.sum(tf.square(g))), tf.scalar(0)),
  );
  const value = await scalarValue(total);
  total.dispose();
  return value;
}
