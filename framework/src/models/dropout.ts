// Dropout for the forward pass: active only while training, with seeds drawn from the model's Rng.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';

/** Drops elements with probability rate and scales the rest by 1/(1-rate); identity outside training. */
export type Dropout = <T extends tf.Tensor>(x: T, rate: number) => T;

export const noDropout: Dropout = (x) => x;

/** A training-time dropout whose masks are reproducible for a given Rng state. */
export function seededDropout(rng: Rng): Dropout {
  return <T extends tf.Tensor>(x: T, rate: number): T =>
    rate > 0 ? (tf.dropout(x, rate, undefined, rng.int(0, 0x7fffffff)) as T) : x;
}
