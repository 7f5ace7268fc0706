// A float32 tensor's values without a copy where the backend keeps them in memory JavaScript can view.
import * as tf from '@tensorflow/tfjs';

interface HeapBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

/**
 * The values of a float32 tensor: on the wasm and native backends a view of the wasm heap (no copy), valid only until
 * the next tensor operation (an allocation may move the heap); elsewhere dataSync(). Never write to it.
 */
export function tensorValues(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as Partial<HeapBackend>;
  if (typeof backend.typedArrayFromHeap === 'function') return backend.typedArrayFromHeap(tensor);
  return tensor.dataSync<'float32'>();
}
