// Parity of the native backend (int2int-native's kernels on wasm) with the cpu reference, and its fused Adam.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { ATTENTION, attention } from './fused-attention';
import { LAYER_NORM, layerNorm } from './fused-layer-norm';
import { fusedUpdates } from './fused-updates';
import { loadNativeBinding } from './native-kernels';
import { selectBackend } from './select-backend';

// CI builds the addon (.ci/run checks it); elsewhere these tests need OpenBLAS at install time
const native = loadNativeBinding();
const describeNative = native instanceof Error ? describe.skip : describe;

type Backend = 'native' | 'cpu';

const valuesOf = (rng: Rng, shape: number[]) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());

async function on(backend: Backend, compute: () => tf.Tensor): Promise<Float32Array> {
  await selectBackend(backend, { cpu: true });
  const result = compute();
  const values = result.dataSync() as Float32Array;
  result.dispose();
  return values;
}

/** Every |actual - expected| below tolerance, or below tolerance (1 + |expected|) when relative. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  scale: 'absolute' | 'relative' = 'absolute',
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    worst = Math.max(worst, scale === 'absolute' ? error : error / (1 + Math.abs(expected[i])));
  }
  expect(worst).toBeLessThan(tolerance);
}

describeNative('native backend', () => {
  afterAll(async () => {
    await selectBackend('wasm', { cpu: true });
  });

  it('says it is native, with OpenBLAS, its thread count, the addon and its kernels', async () => {
    const info = await selectBackend('native', { cpu: true });
    expect(info.name).toBe('native');
    expect(tf.getBackend()).toBe('native');
    expect(info.description).toMatch(
      /^native \(OpenBLAS [\d.]+ \w+ matmul, fused layer norm, attention and Adam over the wasm backend, \d+ threads?; (prebuilt addon for linux-x64|addon built from source), (avx512|avx2|baseline) kernels\)$/,
    );
    expect(fusedUpdates()).toBeDefined();
  });

  it('multiplies matrices as the cpu backend: transposes, batches, broadcast batches', async () => {
    const rng = new Rng([11]);
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[7, 5], [5, 3], false, false],
      [[7, 5], [3, 5], false, true],
      [[5, 7], [5, 3], true, false],
      [[5, 7], [3, 5], true, true],
      [[2, 3, 4, 6], [2, 3, 6, 5], false, false],
      [[2, 3, 6, 4], [2, 3, 5, 6], true, true],
      [[1, 4, 6], [3, 6, 5], false, false], // a broadcast over b's batch
      [[3, 4, 6], [6, 5], false, false], // b broadcast (rank 2)
      [[200, 100], [80, 100], false, true], // large enough to be split between threads
      [[2, 128, 64], [2, 128, 96], true, false],
      [[2, 0, 4], [2, 4, 3], false, false], // empty
      [[2, 4, 0], [2, 0, 3], false, false], // k = 0: zeros
    ];
    for (const [aShape, bShape, transposeA, transposeB] of cases) {
      const a = valuesOf(rng, aShape);
      const b = valuesOf(rng, bShape);
      const product = () => tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB);
      const before = tf.memory().numTensors;
      expectClose(await on('native', () => tf.tidy(product)), await on('cpu', () => tf.tidy(product)), 1e-4);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('sums over any axes as the cpu backend', async () => {
    const rng = new Rng([12]);
    const shape = [3, 4, 5, 2];
    const x = valuesOf(rng, shape);
    const axes: Array<number | number[]> = [0, 1, 3, -1, [0, 1], [1, 2], [1, 2, 3], [0, 1, 2, 3], [0, 2]];
    for (const axis of axes) {
      for (const keepDims of [false, true]) {
        const sum = () => tf.sum(tf.tensor(x, shape), axis, keepDims);
        await selectBackend('native', { cpu: true });
        const nativeShape = tf.tidy(sum).shape;
        expectClose(await on('native', () => tf.tidy(sum)), await on('cpu', () => tf.tidy(sum)), 1e-5);
        expect(nativeShape).toEqual(tf.tidy(sum).shape);
      }
    }
    // int32 sums go to the stock kernel
    expect(
      Array.from(
        await on('native', () =>
          tf.sum(
            tf.tensor(
              [
                [1, 2],
                [3, 4],
              ],
              [2, 2],
              'int32',
            ),
            0,
          ),
        ),
      ),
    ).toEqual([4, 6]);
  });

  it('transposes as the cpu backend: kept trailing axes, full permutations, rank 1 to 5', async () => {
    const rng = new Rng([16]);
    const cases: Array<[number[], number[]]> = [
      [
        [4, 6, 8, 5],
        [0, 2, 1, 3],
      ], // the attention heads split: runs of 5
      [
        [4, 6, 8, 5],
        [0, 1, 3, 2],
      ], // swapped last axes: single values
      [
        [3, 4, 5],
        [2, 0, 1],
      ],
      [
        [7, 9],
        [1, 0],
      ],
      [
        [2, 3, 1, 4, 2],
        [4, 3, 2, 1, 0],
      ],
      [[6], [0]],
      [
        [3, 0, 2],
        [1, 0, 2],
      ], // empty
    ];
    for (const [shape, perm] of cases) {
      const x = valuesOf(rng, shape);
      const transpose = () => tf.transpose(tf.tensor(x, shape), perm);
      expect(await on('native', () => tf.tidy(transpose))).toEqual(await on('cpu', () => tf.tidy(transpose)));
    }
  });

  it('adds, subtracts and multiplies as the cpu backend: same shapes, bias rows, scalars, either side', async () => {
    const rng = new Rng([17]);
    const cases: Array<[number[], number[]]> = [
      [
        [5, 7],
        [5, 7],
      ],
      [[5, 7], [7]], // a bias row
      [[7], [5, 7]],
      [
        [2, 3, 4],
        [1, 3, 4],
      ], // leading 1s
      [[2, 3, 4], []], // a scalar
      [[], [2, 3, 4]],
      [[600, 256], [256]], // large enough to be split between threads
      [
        [600, 256],
        [600, 256],
      ],
      [
        [5, 1],
        [5, 7],
      ], // a column: not a repeated row, the stock kernel
      [
        [1, 7],
        [5, 1],
      ], // both broadcast: the stock kernel
    ];
    for (const [aShape, bShape] of cases) {
      const a = valuesOf(rng, aShape);
      const b = valuesOf(rng, bShape);
      for (const op of [tf.add, tf.sub, tf.mul]) {
        const compute = () => op(tf.tensor(a, aShape), tf.tensor(b, bShape));
        expectClose(
          await on('native', () => tf.tidy(compute)),
          await on('cpu', () => tf.tidy(compute)),
          1e-6,
        );
      }
    }
    const integers = await on('native', () =>
      tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')),
    );
    expect(Array.from(integers)).toEqual([4, 6]); // int32 goes to the stock kernel
  });

  it('trains a Linear layer with the same gradients as the cpu backend', async () => {
    const rng = new Rng([13]);
    const x = valuesOf(rng, [6, 4]);
    const w = valuesOf(rng, [4, 3]);
    const gradient = async (backend: Backend) => {
      await selectBackend(backend, { cpu: true });
      const weight = tf.variable(tf.tensor2d(w, [4, 3]));
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(tf.relu(tf.matMul(tf.tensor2d(x, [6, 4]), weight)))),
        [weight],
      );
      const values = grads[weight.name].dataSync() as Float32Array;
      tf.dispose([weight, ...Object.values(grads)]);
      return values;
    };
    expectClose(await gradient('native'), await gradient('cpu'), 1e-4);
  });

  it('normalises layers as the composed tfjs ops on cpu: outputs and the gradients of x, gamma and beta', async () => {
    const rng = new Rng([15]);
    const shapes = [
      [6, 5],
      [300, 256],
      [2, 3, 8],
      [0, 4],
    ]; // one thread, split between threads, rank 3, empty
    for (const shape of shapes) {
      const dim = shape[shape.length - 1];
      const x = valuesOf(rng, shape).map((v) => 100 + 3 * v); // a large mean: the variance must not cancel out
      const gamma = valuesOf(rng, [dim]);
      const beta = valuesOf(rng, [dim]);
      const upstream = valuesOf(rng, shape);
      const compute = async (backend: Backend) => {
        await selectBackend(backend, { cpu: true });
        expect(tf.getKernel(LAYER_NORM, tf.getBackend()) !== undefined).toBe(backend === 'native');
        const before = tf.memory().numTensors;
        const inputs = [tf.tensor(x, shape), tf.tensor1d(gamma), tf.tensor1d(beta)];
        const f = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(layerNorm(xs, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), tf.tensor(upstream, shape)));
        // outside tidy: nothing may be left behind
        const output = layerNorm(inputs[0], inputs[1] as tf.Tensor1D, inputs[2] as tf.Tensor1D, 1e-5);
        const grads = tf.grads(f)(inputs);
        const values = [output, ...grads].map((t) => t.dataSync() as Float32Array);
        tf.dispose([output, ...grads, ...inputs]);
        expect(tf.memory().numTensors).toBe(before);
        return values;
      };
      const fused = await compute('native');
      const composed = await compute('cpu');
      fused.forEach((values, i) => expectClose(values, composed[i], 1e-4, 'relative'));
    }
  });

  it('attends as the composed tfjs ops on cpu: outputs and the gradients of q, k and v, for each kind of mask', async () => {
    const rng = new Rng([18]);
    const [batch, heads, len, keys, headDim] = [3, 4, 5, 6, 8];
    const padding = Array.from({ length: batch * keys }, (_, i) => (i % keys >= keys - (i % 3) ? -1e9 : 0));
    const causal = Array.from({ length: len * keys }, (_, i) =>
      i % keys > Math.floor(i / keys) + 1 ? -1e9 : 0,
    );
    const masks: Array<[string, number[] | null, number[]]> = [
      ['none', null, []],
      ['key padding', padding, [batch, 1, 1, keys]],
      ['causal', causal, [1, 1, len, keys]],
    ];
    const q = valuesOf(rng, [batch, heads, len, headDim]);
    const k = valuesOf(rng, [batch, heads, keys, headDim]);
    const v = valuesOf(rng, [batch, heads, keys, headDim]);
    const upstream = valuesOf(rng, [batch, heads, len, headDim]);
    for (const [label, mask, maskShape] of masks) {
      const compute = async (backend: Backend) => {
        await selectBackend(backend, { cpu: true });
        expect(tf.getKernel(ATTENTION, tf.getBackend()) !== undefined).toBe(backend === 'native');
        const before = tf.memory().numTensors;
        const inputs = [q, k, v].map((values, i) =>
          tf.tensor4d(values, i === 0 ? [batch, heads, len, headDim] : [batch, heads, keys, headDim]),
        );
        const bias = mask === null ? null : tf.tensor(mask, maskShape);
        const f = (qs: tf.Tensor, ks: tf.Tensor, vs: tf.Tensor) =>
          tf.sum(
            tf.mul(
              attention(qs as tf.Tensor4D, ks as tf.Tensor4D, vs as tf.Tensor4D, bias),
              tf.tensor(upstream, qs.shape),
            ),
          );
        // outside tidy: nothing may be left behind
        const output = attention(inputs[0], inputs[1], inputs[2], bias);
        const grads = tf.grads(f)(inputs);
        const values = [output, ...grads].map((t) => t.dataSync() as Float32Array);
        tf.dispose([output, ...grads, ...inputs, ...(bias === null ? [] : [bias])]);
        expect(tf.memory().numTensors).toBe(before);
        return values;
      };
      const fused = await compute('native');
      const composed = await compute('cpu');
      fused.forEach((values, i) => {
        expect({ label, i, finite: values.every(Number.isFinite) }).toEqual({ label, i, finite: true });
        expectClose(values, composed[i], 1e-4, 'relative');
      });
    }
  });

  it.each([
    'adam,lr=0.01',
    'adam_warmup,lr=0.01,warmup_updates=3,weight_decay=0.1',
    'adamw,lr=0.01,weight_decay=0.1',
    'adam_torch,lr=0.01,weight_decay=0.1',
  ])('updates as the tfjs ops do, in place and without leaks: %s', async (spec) => {
    const rng = new Rng([14]);
    const shapes = [[300, 200], [7], []];
    const initial = shapes.map((shape) => valuesOf(rng, shape));
    const gradients = [0, 1, 2].map(() => shapes.map((shape) => valuesOf(rng, shape)));
    const run = async (backend: 'native' | 'wasm') => {
      await selectBackend(backend, { cpu: true });
      expect(fusedUpdates() !== undefined).toBe(backend === 'native');
      const variables = shapes.map((shape, i) => tf.variable(tf.tensor(initial[i], shape)));
      const optimizer = new ModelOptimizer(spec, variables);
      const before = tf.memory().numTensors;
      for (const step of gradients) {
        const grads = Object.fromEntries(variables.map((v, i) => [v.name, tf.tensor(step[i], shapes[i])]));
        optimizer.applyGradients(grads, 0.5);
        tf.dispose(Object.values(grads));
      }
      expect(tf.memory().numTensors).toBe(before);
      const values = variables.map((v) => v.dataSync() as Float32Array);
      const state = await optimizer.getState();
      optimizer.dispose();
      tf.dispose(variables);
      return { values, state };
    };
    const fused = await run('native');
    const reference = await run('wasm');
    fused.values.forEach((values, i) => expectClose(values, reference.values[i], 1e-5));
    fused.state.slots.forEach((slot, i) => expectClose(slot.values, reference.state.slots[i].values, 1e-5));
    expect(fused.state.numUpdates).toBe(3);
  });

  it('leaves a variable that shares its storage to the tfjs ops', async () => {
    await selectBackend('native', { cpu: true });
    const variable = tf.variable(tf.tensor1d([1, 2, 3]));
    const alias = tf.clone(variable); // shares the storage (Identity does not copy)
    const optimizer = new ModelOptimizer('adam,lr=0.1', [variable]);
    optimizer.applyGradients({ [variable.name]: tf.tensor1d([1, 1, 1]) });
    expect(Array.from(alias.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(variable.dataSync()).every((v, i) => Math.abs(v - (i + 1 - 0.1)) < 1e-3)).toBe(true);
    tf.dispose([variable, alias]);
    optimizer.dispose();
  });

  it('gives the global gradient norm in double precision', async () => {
    await selectBackend('native', { cpu: true });
    const tensors = [tf.fill([1000, 100], 0.5), tf.tensor1d([3, 4])];
    expect(
      (fusedUpdates() as NonNullable<ReturnType<typeof fusedUpdates>>).sumOfSquares(tensors),
    ).toBeCloseTo(25025, 6);
    tf.dispose(tensors);
  });

  it('leaves the wasm backend its own kernels, and shares its tensors with it', async () => {
    await selectBackend('native', { cpu: true });
    expect(tf.getKernel('BatchMatMul', 'native')).not.toBe(tf.getKernel('BatchMatMul', 'wasm'));
    expect(tf.getKernel(LAYER_NORM, 'native')).toBeDefined();
    expect(tf.getKernel(LAYER_NORM, 'wasm')).toBeUndefined();
    expect(tf.getKernel(ATTENTION, 'wasm')).toBeUndefined();
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]);
    const onNative = tf.matMul(a, b);
    await selectBackend('wasm', { cpu: true });
    expect(tf.getBackend()).toBe('wasm');
    expect(fusedUpdates()).toBeUndefined();
    const onWasm = tf.matMul(a, b);
    expect(Array.from(onNative.dataSync())).toEqual([4, 5, 10, 11]);
    expect(Array.from(onWasm.dataSync())).toEqual([4, 5, 10, 11]);
    tf.dispose([a, b, onNative, onWasm]);
    await selectBackend('native', { cpu: true });
    expect(fusedUpdates()).toBeDefined();
  });
});
