// Attention biases and position masks built from sequence lengths (Int2Int's get_masks and src_mask).
import * as tf from '@tensorflow/tfjs';

/** Added to the attention scores of masked keys; exp() of it underflows to exactly 0, as -inf does. */
export const MASKED = -1e9;

/**
 * Key-padding bias: keys at positions >= min(length, maxKeys) are masked.
 * @param lengths int [B]
 * @param maxKeys if > 0, only the first maxKeys keys are visible (--max_src_len)
 * @returns float32 [B, 1, 1, S]
 */
export function keyPaddingBias(lengths: Int32Array, len: number, maxKeys = 0): tf.Tensor4D {
  const values = new Float32Array(lengths.length * len);
  lengths.forEach((length, b) => {
    const visible = maxKeys > 0 ? Math.min(length, maxKeys) : length;
    for (let s = visible; s < len; s++) values[b * len + s] = MASKED;
  });
  return tf.tensor4d(values, [lengths.length, 1, 1, len]);
}

/**
 * Causal bias: query i sees keys j <= i.
 * @returns float32 [1, 1, T, T]
 */
export function causalBias(len: number): tf.Tensor4D {
  const values = new Float32Array(len * len);
  for (let i = 0; i < len; i++) for (let j = i + 1; j < len; j++) values[i * len + j] = MASKED;
  return tf.tensor4d(values, [1, 1, len, len]);
}

/**
 * 1 at positions < length, 0 at padding: multiplies hidden states as Int2Int's `tensor *= mask`.
 * @param lengths int [B]
 * @returns float32 [B*T, 1]
 */
export function positionMask(lengths: Int32Array, len: number): tf.Tensor2D {
  const values = new Float32Array(lengths.length * len);
  lengths.forEach((length, b) => values.fill(1, b * len, b * len + Math.min(length, len)));
  return tf.tensor2d(values, [lengths.length * len, 1]);
}
