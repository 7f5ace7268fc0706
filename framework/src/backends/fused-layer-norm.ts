// Layer normalisation as one tfjs kernel with its own gradient kernel, where the backend registers them (native);
// elsewhere the same function composed of tfjs ops. Models call layerNorm() and never see which one ran.
import * as tf from '@tensorflow/tfjs';

/** Inputs x [..., D], gamma [D], beta [D]; attrs { epsilon }; output y, the shape of x. */
export const LAYER_NORM = 'Int2intLayerNorm';
/** Inputs dy, x, gamma; attrs { epsilon }; outputs [dx, dgamma, dbeta]. */
export const LAYER_NORM_GRAD = 'Int2intLayerNormGrad';

export interface LayerNormAttrs {
  epsilon: number;
}

function composedLayerNorm<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normed, gamma), beta);
  });
}

/**
 * Normalises x over its last axis (biased variance), then scales by gamma and shifts by beta, as torch's
 * F.layer_norm: (x - mean) / sqrt(var + epsilon) * gamma + beta.
 */
export function layerNorm<T extends tf.Tensor>(
  x: T,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): T {
  if (tf.getKernel(LAYER_NORM, tf.getBackend()) === undefined)
    return composedLayerNorm(x, gamma, beta, epsilon);
  const attrs: LayerNormAttrs = { epsilon };
  return tf.engine().runKernel<T>(LAYER_NORM, { x, gamma, beta }, { ...attrs });
}

tf.registerGradient({
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gamma'],
  gradFunc: (dy, saved, attrs) => {
    const [x, gamma] = saved;
    const [dx, dgamma, dbeta] = tf
      .engine()
      .runKernel<tf.Tensor[]>(LAYER_NORM_GRAD, { dy: dy as tf.Tensor, x, gamma }, attrs);
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
});
