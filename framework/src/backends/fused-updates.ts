// Fused optimizer loops of the native backend: one native pass per variable instead of ~10 tfjs kernels.
// The optimizer asks fusedUpdates() and falls back to its tfjs ops when it answers undefined or declines a tensor.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeBinding } from 'int2int-native';

/** param = decay param - stepSize m / (sqrtScale sqrt(v) + eps), after the moments see g = gradScale grad + l2 param. */
export interface AdamCoefficients {
  gradScale: number;
  l2: number;
  beta1: number;
  beta2: number;
  decay: number;
  stepSize: number;
  sqrtScale: number;
  eps: number;
}

/** One tensor's share of an Adam update. */
export interface AdamTarget {
  param: tf.Variable;
  grad: tf.Tensor;
  m: tf.Variable;
  v: tf.Variable;
}

export interface FusedUpdates {
  /** The sum of the squares of every value of the tensors (float32), accumulated in double. */
  sumOfSquares(tensors: readonly tf.Tensor[]): number;
  /**
   * Adam on each target's param and moments, in place, in one native call over all threads. Returns the targets it
   * left alone because a tensor shares its storage with another one: the caller updates those with tfjs ops.
   */
  adam<T extends AdamTarget>(targets: readonly T[], c: AdamCoefficients): T[];
}

let provided: { backendName: string; updates: FusedUpdates } | undefined;

/** The fused loops when the native backend is in use, else undefined. */
export function fusedUpdates(): FusedUpdates | undefined {
  return provided !== undefined && tf.getBackend() === provided.backendName ? provided.updates : undefined;
}

/** Called once by native-kernels.ts when it registers the native backend (named backendName). */
export function provideFusedUpdates(native: NativeBinding, backendName: string): void {
  const backend = () => tf.backend() as BackendWasm;
  const view = (t: tf.Tensor) => backend().typedArrayFromHeap(t) as Float32Array;
  const owned = (t: tf.Tensor) => t.dtype === 'float32' && backend().refCount(t.dataId) === 1;
  const updates: FusedUpdates = {
    sumOfSquares: (tensors) => native.sumOfSquares(tensors.map(view)),
    adam: <T extends AdamTarget>(targets: readonly T[], c: AdamCoefficients) => {
      const declined: T[] = [];
      const ready: T[] = [];
      for (const target of targets) {
        const { param, grad, m, v } = target;
        (owned(param) && owned(m) && owned(v) && grad.dtype === 'float32' ? ready : declined).push(target);
      }
      const views = (pick: (t: AdamTarget) => tf.Tensor) => ready.map((t) => view(pick(t)));
      native.adam(
        views((t) => t.param),
        views((t) => t.grad),
        views((t) => t.m),
        views((t) => t.v),
        Float32Array.of(c.gradScale, c.l2, c.beta1, c.beta2, c.decay, c.stepSize, c.sqrtScale, c.eps),
      );
      return declined;
    },
  };
  provided = { backendName, updates };
}
