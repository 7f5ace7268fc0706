// Workarounds for the defects of @tensorflow/tfjs-backend-wasm 4.22.0 (shared/reference/tfjs-engine.md §1), and
// faster Identity, Cast, Slice and GatherV2. Applied by select-backend.ts in its wasm branch only. The oneHot defect (it
// ignores dtype) has no patch: the model code never calls oneHot with a float dtype, it casts an int32 oneHot.
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

/**
 * Identity shares its input's storage (the stock kernel copies it). The engine clones every tensor it keeps for
 * the backward pass, about 900 per training step of the default model: copying them costs time and heap.
 */
const sharingIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as unknown as { x: tf.TensorInfo };
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * Cast to the dtype a tensor already has shares its storage, as Identity does; the gradients of Multiply, Square
 * and Mean cast float32 to float32 (~150 copies per training step). Other casts go to the stock kernel.
 */
function sharingCast(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    return dtype === x.dtype ? sharingIdentity(args) : original.kernelFunc(args);
  };
}

const strides = (shape: readonly number[]) => {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
};

/**
 * Slice as one copy when the slice is a contiguous block (leading axes of size 1, then one partial axis, then
 * whole axes: a run of rows), which is how the model slices its positional embeddings; otherwise the stock kernel.
 */
function contiguousSlice(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    const partial = size.findIndex((s, i) => s !== x.shape[i]);
    const contiguous =
      partial === -1 ||
      (size.slice(0, partial).every((s) => s === 1) &&
        size.slice(partial + 1).every((s, i) => s === x.shape[partial + 1 + i]));
    if (!contiguous || x.dtype === 'string' || x.dtype === 'complex64') return original.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(size, x.dtype);
    const xStrides = strides(x.shape);
    const offset = begin.reduce((total, b, i) => total + b * xStrides[i], 0);
    const length = size.reduce((a, b) => a * b, 1);
    wasm.typedArrayFromHeap(out).set(wasm.typedArrayFromHeap(x).subarray(offset, offset + length));
    return out;
  };
}

/** GatherV2 along axis 0 (embedding lookups) as row copies; the stock kernel is ~100x slower on the model's tables. */
function rowGather(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as unknown as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.GatherV2Attrs;
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    if (axis !== 0 || attrs.batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64')
      return original.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const outValues = wasm.typedArrayFromHeap(out);
    const table = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(indices);
    for (let i = 0; i < ids.length; i++) {
      const row = ids[i];
      if (row < 0 || row >= x.shape[0]) {
        wasm.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${row} is not in [0, ${x.shape[0] - 1}]`);
      }
      outValues.set(table.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    }
    return out;
  };
}

function replaceKernel(kernelName: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  const original = tf.getKernel(kernelName, BACKEND);
  if (original === undefined) {
    throw new Error(
      `The wasm backend has no ${kernelName} kernel: is @tensorflow/tfjs-backend-wasm 4.22.0 installed?`,
    );
  }
  tf.unregisterKernel(kernelName, BACKEND);
  tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc: make(original) });
}

/** Registers the missing UnsortedSegmentSum kernel and the faster BatchMatMul, Identity, Cast, Slice and GatherV2 (idempotent). */
export function applyWasmPatches(): void {
  if (applied) return;
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: BACKEND,
    kernelFunc: unsortedSegmentSum,
  });
  replaceKernel('Identity', () => sharingIdentity);
  replaceKernel('Cast', sharingCast);
  replaceKernel('Slice', contiguousSlice);
  replaceKernel('GatherV2', rowGather);
  const transpose = tf.getKernel('Transpose', BACKEND);
  if (transpose === undefined) throw new Error('The wasm backend has no Transpose kernel');
  replaceKernel('BatchMatMul', (original) => explicitTransposeBatchMatMul(original, transpose));
  applied = true;
}
