// Parity of the patched wasm backend with the cpu reference: gather gradients, transposed matmuls, slices, casts.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import { selectBackend } from './select-backend';

type Backend = 'wasm' | 'cpu';

function randomValues(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Loss and gradients of sum((gather(E, ids) @ W)^2) on the given backend. */
async function gatherMatmul(backend: Backend): Promise<{ loss: number; dE: Float32Array; dW: Float32Array }> {
  await selectBackend(backend, { cpu: true });
  const rng = new Rng([7]);
  const table = tf.variable(tf.tensor2d(randomValues(rng, 12 * 5), [12, 5]));
  const weight = tf.variable(tf.tensor2d(randomValues(rng, 5 * 3), [5, 3]));
  const ids = tf.tensor1d([3, 1, 3, 11, 0, 3], 'int32');
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.square(tf.matMul(tf.gather(table, ids), weight))),
    [table, weight],
  );
  const result = {
    loss: value.dataSync()[0],
    dE: grads[table.name].dataSync() as Float32Array,
    dW: grads[weight.name].dataSync() as Float32Array,
  };
  tf.dispose([value, ...Object.values(grads), table, weight, ids]);
  return result;
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tolerance);
}

describe('wasm patches', () => {
  it('selects wasm with SIMD', async () => {
    const info = await selectBackend('wasm', { cpu: true });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.description).toMatch(/^wasm \(WebAssembly/);
  });

  it('gives the gather + matmul gradients of the cpu backend', async () => {
    const wasm = await gatherMatmul('wasm');
    const cpu = await gatherMatmul('cpu');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4 * Math.abs(cpu.loss));
    expectClose(wasm.dE, cpu.dE, 1e-4);
    expectClose(wasm.dW, cpu.dW, 1e-4);
    // rows 2, 4..10 are never gathered
    expect(Array.from(wasm.dE.subarray(2 * 5, 3 * 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('computes transposed (batched) matmuls as the cpu backend', async () => {
    const rng = new Rng([3]);
    const aValues = randomValues(rng, 2 * 4 * 6);
    const bValues = randomValues(rng, 2 * 6 * 5);
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[4, 6], [5, 6], false, true],
      [[6, 4], [6, 5], true, false],
      [[6, 4], [5, 6], true, true],
      [[2, 4, 6], [2, 5, 6], false, true],
      [[2, 6, 4], [2, 6, 5], true, false],
    ];
    for (const [aShape, bShape, transposeA, transposeB] of cases) {
      const run = async (backend: Backend): Promise<Float32Array> => {
        await selectBackend(backend, { cpu: true });
        const product = tf.tidy(() => {
          const a = tf.tensor(
            aValues.subarray(
              0,
              aShape.reduce((x, y) => x * y),
            ),
            aShape,
          );
          const b = tf.tensor(
            bValues.subarray(
              0,
              bShape.reduce((x, y) => x * y),
            ),
            bShape,
          );
          return tf.matMul(a, b, transposeA, transposeB);
        });
        const values = product.dataSync() as Float32Array;
        product.dispose();
        return values;
      };
      const before = tf.memory().numTensors;
      expectClose(await run('wasm'), await run('cpu'), 1e-4);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('slices, gathers, clones and casts as the cpu backend', async () => {
    const rng = new Rng([5]);
    const shape = [6, 4, 3];
    const values = randomValues(rng, 6 * 4 * 3);
    const ops: Array<[string, (x: tf.Tensor3D) => tf.Tensor]> = [
      ['contiguous rows', (x) => tf.slice(x, [2, 0, 0], [3, -1, -1])],
      ['one row, partial', (x) => tf.slice(x, [1, 1, 0], [1, 2, 3])],
      ['strided block', (x) => tf.slice(x, [1, 1, 1], [2, 2, 2])],
      [
        'gather rows',
        (x) =>
          tf.gather(
            x,
            tf.tensor2d(
              [
                [5, 0],
                [2, 2],
              ],
              [2, 2],
              'int32',
            ),
          ),
      ],
      ['gather axis 1', (x) => tf.gather(x, tf.tensor1d([3, 1], 'int32'), 1)],
      ['clone', (x) => tf.add(tf.clone(x), 0)],
      ['cast to its own dtype', (x) => tf.add(tf.cast(x, 'float32'), 0)],
      ['cast to int32 and back', (x) => tf.cast(tf.cast(tf.mul(x, 10), 'int32'), 'float32')],
      ['cast to bool', (x) => tf.cast(tf.cast(tf.greater(x, 0), 'float32'), 'bool')],
    ];
    for (const [label, op] of ops) {
      const run = async (backend: Backend) => {
        await selectBackend(backend, { cpu: true });
        const out = tf.tidy(() => op(tf.tensor3d(values, shape as [number, number, number])));
        const result = { shape: out.shape, values: Array.from(out.dataSync()) };
        out.dispose();
        return result;
      };
      expect({ label, ...(await run('wasm')) }).toEqual({ label, ...(await run('cpu')) });
    }
    await selectBackend('wasm', { cpu: true });
    const source = tf.tensor1d([1, 2]);
    const sameDtype = tf.cast(source, 'float32');
    source.dispose(); // the cast shares the storage: it must outlive its source
    expect(Array.from(sameDtype.dataSync())).toEqual([1, 2]);
    sameDtype.dispose();
    const table = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(() => tf.gather(table, tf.tensor1d([2], 'int32'))).toThrow(/index value 2 is not in \[0, 1\]/);
    table.dispose();
  });

  it('lets INT2INT_BACKEND replace auto, and rejects unknown names', async () => {
    process.env.INT2INT_BACKEND = 'cpu';
    try {
      expect((await selectBackend('auto', { cpu: false })).name).toBe('cpu');
      process.env.INT2INT_BACKEND = 'gpu';
      await expect(selectBackend('auto', { cpu: false })).rejects.toThrow(/INT2INT_BACKEND.*gpu.*wasm/);
    } finally {
      delete process.env.INT2INT_BACKEND;
    }
  });

  it('explains how to install tfjs-node when it is asked for and missing', async () => {
    await expect(selectBackend('tensorflow', { cpu: false })).rejects.toThrow(
      /npm install @tensorflow\/tfjs-node@4\.22\.0/,
    );
    await expect(selectBackend('tensorflow-gpu', { cpu: true })).rejects.toThrow(/--cpu/);
  });
});
