// HeapCollector: collects only after the heap grew by its threshold, and brings the heap back to what is alive.
import * as v8 from 'node:v8';
import { HeapCollector } from './heap-collector';

const usedHeap = () => v8.getHeapStatistics().used_heap_size;

describe('HeapCollector', () => {
  it('does nothing while the heap grows less than its threshold', () => {
    const collector = new HeapCollector(256 * 1024 * 1024);
    expect(collector.check()).toBe(false);
  });

  it('collects the garbage of a step once the heap grew by its threshold', () => {
    const collector = new HeapCollector(8 * 1024 * 1024);
    collector.check();
    const before = usedHeap();
    // ~16 MB of short-lived objects kept alive across a tick, as a step's tape is, then dropped
    let garbage: object[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({
      i,
      values: [i, i + 1, i + 2],
    }));
    expect(garbage.length).toBe(200_000);
    expect(usedHeap()).toBeGreaterThan(before + 8 * 1024 * 1024);
    garbage = undefined;
    expect(collector.check()).toBe(true);
    expect(usedHeap()).toBeLessThan(before + 4 * 1024 * 1024);
    expect(collector.check()).toBe(false);
  });
});
