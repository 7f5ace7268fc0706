// A float32 tensor's values: without a copy or a wait where the backend keeps them in this process's memory.
import * as tf from '@tensorflow/tfjs';

interface HeapBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

/**
 * The values of a float32 tensor: where they can be read without waiting, as valuesInMemory gives them (a heap view
 * is valid only until the next tensor operation: an allocation may move the heap); elsewhere a copy read
 * asynchronously (the only read the webgpu backend has). Never write to it.
 */
export function tensorValues(tensor: tf.Tensor): Float32Array | Promise<Float32Array> {
  return valuesInMemory(tensor) ?? tensor.data<'float32'>();
}

/**
 * The values of a float32 tensor where they can be read without waiting: a view of the wasm and native heap (as for
 * tensorValues), the cpu backend's own array, tfjs-node's synchronous read; undefined on a backend that holds them in
 * a GPU buffer (webgpu), whose only read is asynchronous.
 */
export function valuesInMemory(tensor: tf.Tensor): Float32Array | undefined {
  const backend = tf.backend() as Partial<HeapBackend>;
  if (typeof backend.typedArrayFromHeap === 'function') return backend.typedArrayFromHeap(tensor);
  return SYNCHRONOUS_BACKENDS.has(tf.getBackend()) ? tensor.dataSync<'float32'>() : undefined;
}

const SYNCHRONOUS_BACKENDS = new Set(['cpu', 'tensorflow']);

/** The first value of a tensor (a loss, a norm), read asynchronously. */
export async function scalarValue(tensor: tf.Tensor): Promise<number> {
  return (await tensor.data())[0];
}
