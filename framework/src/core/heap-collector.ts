// Keeps the JavaScript heap of training and evaluation near its live size: a full collection each time it grew by a set
// amount. tfjs records every kernel of a step on its tape; those objects are still alive at the young
// generation's collections inside the step, so they are promoted, and V8 lets its old generation grow to several times
// the live heap before collecting it (about 110 MB more resident memory for the default model). A collection of the
// ~40 MB live heap takes ~5 ms, about every ten steps of the default model.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Heap growth (bytes) after which a full collection runs. */
export const DEFAULT_HEAP_GROWTH = 32 * 1024 * 1024;

let fullCollection: (() => void) | undefined;

/** V8's full collection: global.gc when node runs with --expose-gc, else exposed now in a fresh context. */
function collector(): () => void {
  if (fullCollection === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') {
      fullCollection = exposed;
    } else {
      v8.setFlagsFromString('--expose-gc');
      fullCollection = vm.runInNewContext('gc') as () => void;
    }
  }
  return fullCollection;
}

const usedHeap = (): number => v8.getHeapStatistics().used_heap_size;

export class HeapCollector {
  private baseline = usedHeap();

  constructor(private readonly growth = DEFAULT_HEAP_GROWTH) {}

  /** Called between two steps (or two evaluation batches): collects when the heap grew by `growth` since the last. */
  check(): boolean {
    if (usedHeap() < this.baseline + this.growth) return false;
    collector()();
    this.baseline = usedHeap();
    return true;
  }
}
