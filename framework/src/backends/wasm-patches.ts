// Workarounds for the defects of @tensorflow/tfjs-backend-wasm 4.22.0 (shared/reference/tfjs-engine.md §1).
// Applied by select-backend.ts in its wasm branch only. The third defect (oneHot ignores dtype) has no patch:
// the model code never calls oneHot with a float dtype, it casts an int32 oneHot instead.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';
let applied = false;

/**
 * UnsortedSegmentSum (the gradient of tf.gather, so of every embedding lookup) is missing on wasm.
 * Reads x (any dtype, [N, ...rest] with segmentIds [N] int32) and writes [numSegments, ...rest] on the wasm heap.
 */
const unsortedSegmentSum: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, segmentIds } = inputs as unknown as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  const idRank = segmentIds.shape.length;
  const count = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(idRank);
  const rowSize = innerShape.reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([numSegments, ...innerShape], x.dtype);
  // views are taken after makeOutput: a heap growth detaches earlier views
  const outValues = wasm.typedArrayFromHeap(out);
  const xValues = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  outValues.fill(0);
  for (let i = 0; i < count; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue; // dropped, as in TensorFlow
    const src = i * rowSize;
    const dst = segment * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[dst + j] += xValues[src + j];
  }
  return out;
};

/**
 * Wraps the wasm BatchMatMul so that transposed operands are transposed explicitly first: with a transpose flag
 * (every matmul gradient has one) the stock kernel leaves XNNPACK for a loop about 10x slower.
 */
function explicitTransposeBatchMatMul(original: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const temporaries: tf.TensorInfo[] = [];
    const explicit = (t: tf.TensorInfo, flag: boolean): tf.TensorInfo => {
      if (!flag) return t;
      const rank = t.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const transposed = transpose.kernelFunc({
        inputs: { x: t },
        backend: wasm,
        attrs: { perm },
      }) as tf.TensorInfo;
      temporaries.push(transposed);
      return transposed;
    };
    const result = original.kernelFunc({
      inputs: { a: explicit(a, attrs.transposeA), b: explicit(b, attrs.transposeB) },
      backend: wasm,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of temporaries) wasm.disposeData(t.dataId);
    return result;
  };
}

/** Registers the missing UnsortedSegmentSum kernel and the faster BatchMatMul for wasm (idempotent). */
export function applyWasmPatches(): void {
  if (applied) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: BACKEND,
    kernelFunc: unsortedSegmentSum,
  });
  const original = tf.getKernel('BatchMatMul', BACKEND);
  const transpose = tf.getKernel('Transpose', BACKEND);
  if (original === undefined || transpose === undefined) {
    throw new Error(
      'The wasm backend has no BatchMatMul or Transpose kernel: is @tensorflow/tfjs-backend-wasm 4.22.0 installed?',
    );
  }
  tf.unregisterKernel('BatchMatMul', BACKEND);
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: BACKEND,
    kernelFunc: explicitTransposeBatchMatMul(original, transpose),
  });
  applied = true;
}
