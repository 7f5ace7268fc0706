// releaseBackpropMemory: the same gradients as stock tfjs, a lower peak, no leak, and the user's tensors left alone.
import * as tf from '@tensorflow/tfjs';
import { releaseBackpropMemory } from './backprop-release';

/** Passes w through, noting the bytes in use when its gradient runs: the last node of the backward pass. */
let bytesAtEndOfBackward = 0;
const probe = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const w = inputs[0] as tf.Tensor;
  return {
    value: tf.clone(w),
    gradFunc: (dy: tf.Tensor) => {
      bytesAtEndOfBackward = tf.memory().numBytes;
      return tf.clone(dy);
    },
  };
});

/** A deep narrow network with the shapes of a transformer's backward pass: reuse, split outputs, residuals. */
function network(w1: tf.Variable, w2: tf.Variable, x: tf.Tensor2D): tf.Scalar {
  const first = probe(w1) as tf.Tensor2D;
  let h: tf.Tensor2D = x;
  for (let layer = 0; layer < 8; layer++) {
    const [a, b] = tf.split(tf.relu(tf.matMul(h, first)), 2, 1);
    const mixed = tf.add(tf.mul(a, b), tf.sigmoid(a)); // a is used twice
    h = tf.add(h, tf.matMul(tf.concat([mixed, b], 1), w2)); // residual
  }
  return tf.mean(tf.square(tf.sub(h, tf.logSoftmax(h))));
}

async function run(): Promise<{
  grads: number[][];
  loss: number;
  peakBytes: number;
  endBytes: number;
  leaked: number;
}> {
  const input = tf.randomUniform<tf.Rank.R2>([64, 32], -1, 1, 'float32', 1);
  const w1 = tf.variable(tf.randomNormal([32, 64], 0, 0.05, 'float32', 2));
  const w2 = tf.variable(tf.randomNormal([64, 32], 0, 0.05, 'float32', 3));
  const before = tf.memory().numTensors;
  const bytesBefore = tf.memory().numBytes;
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
  const profile = await tf.profile(() => {
    result = tf.variableGrads(() => network(w1, w2, input), [w1, w2]);
  });
  const { value, grads } = result!;
  const out = {
    grads: [w1, w2].map((w) => Array.from(grads[w.name].dataSync())),
    loss: value.dataSync()[0],
    peakBytes: profile.peakBytes,
    endBytes: bytesAtEndOfBackward - bytesBefore,
    leaked: 0,
  };
  tf.dispose([value, ...Object.values(grads)]);
  out.leaked = tf.memory().numTensors - before;
  tf.dispose([input, w1, w2]);
  return out;
}

describe('releaseBackpropMemory', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same gradients with a lower peak, and leaks nothing', async () => {
    const stock = await run();
    releaseBackpropMemory();
    const released = await run();
    expect(Number.isFinite(stock.loss) && stock.grads.flat().every(Number.isFinite)).toBe(true);
    expect(released.loss).toBe(stock.loss);
    expect(released.grads).toEqual(stock.grads);
    expect(released.leaked).toBe(0);
    expect(stock.leaked).toBe(0);
    // at the end of the backward pass stock tfjs still holds every activation and every intermediate gradient
    expect(released.endBytes).toBeLessThan(stock.endBytes * 0.2);
    expect(released.peakBytes).toBeLessThan(stock.peakBytes);
  });

  it('leaves a dy given by the caller, and higher-order gradients, intact', () => {
    releaseBackpropMemory();
    const x = tf.tensor1d([1, 2, 3]);
    const dy = tf.tensor1d([1, 10, 100]);
    const dx = tf.grad((t: tf.Tensor) => tf.mul(tf.square(t), 3))(x, dy);
    expect(Array.from(dx.dataSync())).toEqual([6, 120, 1800]); // 6 x dy
    expect(dy.isDisposed).toBe(false);
    expect(Array.from(dy.dataSync())).toEqual([1, 10, 100]);
    const second = tf.grad(tf.grad((t: tf.Tensor) => tf.sum(tf.pow(t, 3)))); // d2/dx2 of x^3 = 6x
    expect(Array.from(second(x).dataSync())).toEqual([6, 12, 18]);
  });
});
