// Scaled dot-product attention of split heads as one tfjs kernel with its own gradient kernel, where the backend
// registers them (native); elsewhere, and for shapes the kernel does not take, the same function in tfjs ops.
import * as tf from '@tensorflow/tfjs';

/** Inputs q [B, H, T, dh], k and v [B, H, S, dh], bias [b, h, t, s] (each 1 or full); output [B, H, T, dh]. */
export const ATTENTION = 'Int2intAttention';
/** Inputs dy, q, k, v, bias; outputs [dq, dk, dv]. */
export const ATTENTION_GRAD = 'Int2intAttentionGrad';

function composedAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  bias: tf.Tensor | null,
): tf.Tensor4D {
  return tf.tidy(() => {
    let scores: tf.Tensor4D = tf.matMul(q, k, false, true); // [B, H, T, S]
    if (bias !== null) scores = tf.add(scores, bias);
    return tf.matMul(tf.softmax(scores), v);
  });
}

/** Whether the kernel takes these operands: equal batch and heads, a rank-4 bias that is 1 or full on each axis. */
function fusable(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, bias: tf.Tensor | null): boolean {
  const [batch, heads, len, headDim] = q.shape;
  const target = [batch, heads, len, k.shape[2]];
  return (
    k.shape[0] === batch &&
    k.shape[1] === heads &&
    k.shape[3] === headDim &&
    v.shape.every((d, i) => d === k.shape[i]) &&
    [q, k, v].every((t) => t.dtype === 'float32') &&
    (bias === null ||
      (bias.dtype === 'float32' && bias.rank === 4 && bias.shape.every((d, i) => d === 1 || d === target[i])))
  );
}

/**
 * softmax(q k^T + bias) v per batch row and head (q already scaled). bias: 0 where attention is allowed, -1e9
 * where it is masked, broadcastable to [B, H, T, S], or null. A mask: it has no gradient.
 */
export function attention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  bias: tf.Tensor | null,
): tf.Tensor4D {
  if (tf.getKernel(ATTENTION, tf.getBackend()) === undefined || !fusable(q, k, v, bias))
    return composedAttention(q, k, v, bias);
  if (bias !== null) return tf.engine().runKernel<tf.Tensor4D>(ATTENTION, { q, k, v, bias });
  const none = tf.zeros([1, 1, 1, 1]); // the kernel always reads a bias; the tape keeps its own reference
  try {
    return tf.engine().runKernel<tf.Tensor4D>(ATTENTION, { q, k, v, bias: none });
  } finally {
    none.dispose();
  }
}

tf.registerGradient({
  kernelName: ATTENTION,
  inputsToSave: ['q', 'k', 'v', 'bias'],
  gradFunc: (dy, saved) => {
    const [q, k, v, bias] = saved;
    const [dq, dk, dv] = tf
      .engine()
      .runKernel<tf.Tensor[]>(ATTENTION_GRAD, { dy: dy as tf.Tensor, q, k, v, bias });
    return {
      q: () => dq,
      k: () => dk,
      v: () => dv,
      bias: () => {
        throw new Error('attention: the bias is a mask and has no gradient');
      },
    };
  },
});
