// The tfjs backend "native": tfjs-backend-wasm's instance and heap under its own name, with int2int-native's OpenBLAS
// kernels for BatchMatMul, Sum, Transpose, Add, Sub and Multiply, the kernels of fused-layer-norm.ts and
// fused-attention.ts, and the fused optimizer loops of fused-updates.ts. The wasm backend's own kernels stay as they were.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeBinding } from 'int2int-native';
import { ATTENTION, ATTENTION_GRAD } from './fused-attention';
import { LAYER_NORM, LAYER_NORM_GRAD, type LayerNormAttrs } from './fused-layer-norm';
import { provideFusedUpdates } from './fused-updates';

/** The tfjs name of the native backend. */
export const NATIVE_BACKEND = 'native';
const WASM_BACKEND = 'wasm';

/** The addon, or why it cannot be used (not built at install, or failed to load). */
export function loadNativeBinding(): NativeBinding | Error {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const native = require('int2int-native') as typeof import('int2int-native');
    return native.load();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Where the loaded addon comes from, for the backend line: "prebuilt addon" or "addon built from source". */
export function nativeAddonOrigin(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const located = (require('int2int-native') as typeof import('int2int-native')).locate();
  if (located instanceof Error) return 'addon not found';
  return located.prebuilt
    ? `prebuilt addon for ${process.platform}-${process.arch}`
    : 'addon built from source';
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** A tensor's float32 values in place on the wasm heap (take views after makeOutput: a heap growth detaches them). */
const floatsOf = (wasm: BackendWasm) => (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;

/**
 * BatchMatMul on OpenBLAS sgemm, reading and writing the wasm heap in place. Transposes are sgemm flags; a batch of
 * one on either side is broadcast; other broadcasts (and non-float32 operands) go to the kernel it replaces.
 */
function nativeBatchMatMul(native: NativeBinding, replaced: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const wasm = args.backend as BackendWasm;
    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const batchShapeA = a.shape.slice(0, -2);
    const batchShapeB = b.shape.slice(0, -2);
    const batchA = product(batchShapeA);
    const batchB = product(batchShapeB);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || (batchA !== batchB && batchA !== 1 && batchB !== 1))
      return replaced.kernelFunc(args);
    const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
    const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
    const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
    const batchShape = tf.backend_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
    const out = wasm.makeOutput([...batchShape, m, n], 'float32');
    const view = floatsOf(wasm);
    native.matmul(
      view(a),
      view(b),
      view(out),
      Math.max(batchA, batchB),
      m,
      n,
      k,
      transposeA ? 1 : 0,
      transposeB ? 1 : 0,
      batchA === 1 ? 0 : m * k,
      batchB === 1 ? 0 : k * n,
    );
    return out;
  };
}

/**
 * Sum over a contiguous run of axes (x viewed as [outer, reduce, inner]) in one native pass; the stock kernel
 * transposes first. Other axis sets and non-float32 inputs go to the kernel it replaces.
 */
function nativeSum(native: NativeBinding, replaced: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
    const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
    if (x.dtype !== 'float32' || axes.length === 0 || !contiguous) return replaced.kernelFunc(args);
    const first = axes[0];
    const last = axes[axes.length - 1];
    const wasm = args.backend as BackendWasm;
    const shape = keepDims
      ? x.shape.map((d, i) => (i >= first && i <= last ? 1 : d))
      : x.shape.filter((_, i) => i < first || i > last);
    const out = wasm.makeOutput(shape, 'float32');
    const view = floatsOf(wasm);
    native.reduceSum(
      view(x),
      view(out),
      product(x.shape.slice(0, first)),
      product(x.shape.slice(first, last + 1)),
      product(x.shape.slice(last + 1)),
    );
    return out;
  };
}

/**
 * The period of an operand broadcast to outShape when it repeats whole: its size when its shape, without leading
 * 1s, is a suffix of outShape (a bias row, a scalar, a full operand); otherwise undefined.
 */
function repeatPeriod(shape: readonly number[], outShape: readonly number[]): number | undefined {
  const first = shape.findIndex((d) => d !== 1);
  const core = first === -1 ? [] : shape.slice(first);
  const suffix = outShape.slice(outShape.length - core.length);
  return core.every((d, i) => d === suffix[i]) ? product(core) : undefined;
}

/** The op codes of the addon's elementwise(). */
const ELEMENTWISE_OPS = { Add: 0, Sub: 1, Multiply: 2 } as const;

/** Add, Sub and Multiply of float32 operands, one of them full and the other one repeated (or both full). */
function nativeElementwise(
  kernelName: keyof typeof ELEMENTWISE_OPS,
): (native: NativeBinding, replaced: tf.KernelConfig) => tf.KernelFunc {
  const op = ELEMENTWISE_OPS[kernelName];
  return (native, replaced) => (args) => {
    const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return replaced.kernelFunc(args);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const n = product(outShape);
    const periodA = repeatPeriod(a.shape, outShape);
    const periodB = repeatPeriod(b.shape, outShape);
    if (periodA === undefined || periodB === undefined || (periodA !== n && periodB !== n) || n === 0)
      return replaced.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(outShape, 'float32');
    const view = floatsOf(wasm);
    native.elementwise(op, view(a), view(b), view(out), n, periodA, periodB);
    return out;
  };
}

/** Transpose of float32 tensors in one native pass (runs of the axes that stay in place are copied whole). */
function nativeTranspose(native: NativeBinding, replaced: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as unknown as { x: tf.TensorInfo };
    const { perm } = args.attrs as unknown as tf.TransposeAttrs;
    if (x.dtype !== 'float32' || x.shape.length > 8) return replaced.kernelFunc(args);
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(
      perm.map((axis) => x.shape[axis]),
      'float32',
    );
    const view = floatsOf(wasm);
    native.transpose(view(x), view(out), x.shape, perm);
    return out;
  };
}

/** x [..., cols] as rows x cols; every operand float32 (the layerNorm op's contract). */
function rowsAndCols(x: tf.TensorInfo): [number, number] {
  const cols = x.shape[x.shape.length - 1];
  return [cols === 0 ? 0 : product(x.shape) / cols, cols];
}

function nativeLayerNorm(native: NativeBinding): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { x, gamma, beta } = inputs as unknown as {
      x: tf.TensorInfo;
      gamma: tf.TensorInfo;
      beta: tf.TensorInfo;
    };
    const { epsilon } = attrs as unknown as LayerNormAttrs;
    const wasm = backend as BackendWasm;
    const y = wasm.makeOutput(x.shape, 'float32');
    const view = floatsOf(wasm);
    native.layerNorm(view(x), view(gamma), view(beta), view(y), ...rowsAndCols(x), epsilon);
    return y;
  };
}

function nativeLayerNormGrad(native: NativeBinding): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { dy, x, gamma } = inputs as unknown as {
      dy: tf.TensorInfo;
      x: tf.TensorInfo;
      gamma: tf.TensorInfo;
    };
    const { epsilon } = attrs as unknown as LayerNormAttrs;
    const wasm = backend as BackendWasm;
    const dx = wasm.makeOutput(x.shape, 'float32');
    const dgamma = wasm.makeOutput(gamma.shape, 'float32');
    const dbeta = wasm.makeOutput(gamma.shape, 'float32');
    const view = floatsOf(wasm);
    native.layerNormGrad(
      view(dy),
      view(x),
      view(gamma),
      view(dx),
      view(dgamma),
      view(dbeta),
      ...rowsAndCols(x),
      epsilon,
    );
    return [dx, dgamma, dbeta];
  };
}

/** [batch, heads, T, S, dh] and the bias strides over [batch, head, query, key] (0 where it is broadcast). */
function attentionShape(
  q: tf.TensorInfo,
  k: tf.TensorInfo,
  bias: tf.TensorInfo,
): [number, number, number, number, number, number, number, number, number] {
  const [batch, heads, len, headDim] = q.shape;
  const strides: [number, number, number, number] = [0, 0, 0, 0];
  for (let axis = 3, stride = 1; axis >= 0; axis--) {
    if (bias.shape[axis] !== 1) strides[axis] = stride;
    stride *= bias.shape[axis];
  }
  return [batch, heads, len, k.shape[2], headDim, ...strides];
}

function nativeAttention(native: NativeBinding): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { q, k, v, bias } = inputs as unknown as Record<'q' | 'k' | 'v' | 'bias', tf.TensorInfo>;
    const wasm = backend as BackendWasm;
    const out = wasm.makeOutput(q.shape, 'float32');
    const view = floatsOf(wasm);
    const [batch, heads, len, keys, headDim, ...strides] = attentionShape(q, k, bias);
    native.attention(
      view(q),
      view(k),
      view(v),
      view(bias),
      view(out),
      batch,
      heads,
      len,
      keys,
      headDim,
      ...strides,
    );
    return out;
  };
}

function nativeAttentionGrad(native: NativeBinding): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, q, k, v, bias } = inputs as unknown as Record<'dy' | 'q' | 'k' | 'v' | 'bias', tf.TensorInfo>;
    const wasm = backend as BackendWasm;
    const dq = wasm.makeOutput(q.shape, 'float32');
    const dk = wasm.makeOutput(k.shape, 'float32');
    const dv = wasm.makeOutput(v.shape, 'float32');
    const view = floatsOf(wasm);
    const [batch, heads, len, keys, headDim, ...strides] = attentionShape(q, k, bias);
    native.attentionGrad(
      view(dy),
      view(q),
      view(k),
      view(v),
      view(bias),
      view(dq),
      view(dk),
      view(dv),
      batch,
      heads,
      len,
      keys,
      headDim,
      ...strides,
    );
    return [dq, dk, dv];
  };
}

/** Stock wasm kernels replaced by native ones, which fall back to them on what they do not handle. */
const REPLACING_KERNELS: Record<string, (native: NativeBinding, replaced: tf.KernelConfig) => tf.KernelFunc> =
  {
    BatchMatMul: nativeBatchMatMul,
    Sum: nativeSum,
    Transpose: nativeTranspose,
    Add: nativeElementwise('Add'),
    Sub: nativeElementwise('Sub'),
    Multiply: nativeElementwise('Multiply'),
  };

/** Kernels wasm does not have. */
const ADDED_KERNELS: Record<string, (native: NativeBinding) => tf.KernelFunc> = {
  [LAYER_NORM]: nativeLayerNorm,
  [LAYER_NORM_GRAD]: nativeLayerNormGrad,
  [ATTENTION]: nativeAttention,
  [ATTENTION_GRAD]: nativeAttentionGrad,
};

/**
 * Registers the tfjs backend "native" (once per process; later calls do nothing): the kernels of the wasm backend
 * (patched, see wasm-patches.ts), the native ones in place of those they replace, and the added ones. The wasm backend
 * must be initialised: "native" is the same instance under another name, so tensors need no copy between them.
 */
export function registerNativeBackend(native: NativeBinding): void {
  if (tf.findBackendFactory(NATIVE_BACKEND) !== null) return;
  const wasm = tf.findBackend(WASM_BACKEND);
  if (wasm === null) throw new Error('The native backend needs the wasm backend initialised first');
  tf.copyRegisteredKernels(WASM_BACKEND, NATIVE_BACKEND);
  for (const [kernelName, make] of Object.entries(REPLACING_KERNELS)) {
    const replaced = tf.getKernel(kernelName, WASM_BACKEND);
    if (replaced === undefined) throw new Error(`The wasm backend has no ${kernelName} kernel to replace`);
    tf.unregisterKernel(kernelName, NATIVE_BACKEND);
    tf.registerKernel({ kernelName, backendName: NATIVE_BACKEND, kernelFunc: make(native, replaced) });
  }
  for (const [kernelName, make] of Object.entries(ADDED_KERNELS))
    tf.registerKernel({ kernelName, backendName: NATIVE_BACKEND, kernelFunc: make(native) });
  provideFusedUpdates(native, NATIVE_BACKEND);
  // priority 0: tfjs's own choice of a default backend never lands here (select-backend.ts chooses)
  tf.registerBackend(NATIVE_BACKEND, () => wasm, 0);
}
