// Tests for holderAlive: this process is alive, a dead pid is not, and a pid taken by a later process is not either.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { holderAlive } from './lock-liveness';

const holder = (pid: number, since: string, host = os.hostname()) => ({
  pid,
  host,
  command: 'int2int train',
  since,
});

describe('holderAlive', () => {
  test('is true for a running process that took the lock after it started', () => {
    expect(holderAlive(holder(process.pid, new Date().toISOString()))).toBe(true);
  });

  test('is false for a process that ended', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    expect(holderAlive(holder(Number(child.stdout), new Date().toISOString()))).toBe(false);
  });

  test('is false when the pid now belongs to a process started after the lock was taken', () => {
    expect(holderAlive(holder(process.pid, '2001-01-01T00:00:00.000Z'))).toBe(false);
  });

  test('cannot tell for a holder on another machine', () => {
    expect(holderAlive(holder(1, '2001-01-01T00:00:00.000Z', 'another-host'))).toBeUndefined();
  });
});
