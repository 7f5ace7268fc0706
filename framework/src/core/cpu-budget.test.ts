// Tests for the CPU cores a run may use.
import * as os from 'node:os';
import { cpuBudget } from './cpu-budget';

describe('cpuBudget', () => {
  const saved = process.env.INT2INT_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.INT2INT_THREADS;
    else process.env.INT2INT_THREADS = saved;
  });

  test('INT2INT_THREADS when it is a positive number, else every core', () => {
    process.env.INT2INT_THREADS = '3';
    expect(cpuBudget()).toBe(3);
    for (const unset of ['', '0', 'many']) {
      process.env.INT2INT_THREADS = unset;
      expect(cpuBudget()).toBe(os.availableParallelism());
    }
  });
});
