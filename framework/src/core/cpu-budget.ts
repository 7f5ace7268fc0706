// The CPU cores one run may use: INT2INT_THREADS when set (a sweep's share of this machine, a Slurm task's CPUs),
// else every core. The native backend computes with that many threads; data generation uses one less.
import * as os from 'node:os';

export function cpuBudget(): number {
  return Math.max(1, Number(process.env.INT2INT_THREADS) || os.availableParallelism());
}
