// Tests for the experiment lock: one holder at a time, a message naming it, and no stale lock after a kill -9.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/usage-error';
import { ExperimentLock } from './experiment-lock';
import { LOCK_FILE, readHolder } from './lock-holder';

const noWarning = (message: string) => {
  throw new Error(`unexpected warning: ${message}`);
};

describe('ExperimentLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in at a time and names it to the others', () => {
    const first = ExperimentLock.acquire(dir, 'int2int train --operation gcd', noWarning);
    expect(readHolder(join(dir, LOCK_FILE))).toMatchObject({
      pid: process.pid,
      command: 'int2int train --operation gcd',
    });
    const refused = () => ExperimentLock.acquire(dir, 'int2int train --exp_id x', noWarning);
    expect(refused).toThrow(UsageError);
    expect(refused).toThrow(
      new RegExp(
        `^${dir} is in use by process ${process.pid} \\(int2int train --operation gcd, since .*\\): wait for it to end, stop it \\(kill -INT ${process.pid}\\), or choose another --exp_id$`,
      ),
    );
    expect(() => ExperimentLock.checkFree(dir)).toThrow(`${dir} is in use by process ${process.pid}`);
    first.release();
    ExperimentLock.checkFree(dir);
    const second = ExperimentLock.acquire(dir, 'int2int evaluate', noWarning);
    expect(readHolder(join(dir, LOCK_FILE))?.command).toBe('int2int evaluate');
    second.release();
  });

  it('checks a folder without a lock file without writing one', () => {
    ExperimentLock.checkFree(dir);
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow(/ENOENT/);
  });

  it('is free again as soon as its holder is killed (kill -9 leaves no stale lock)', async () => {
    const compiled = resolve(__dirname, '..', '..', 'dist', 'experiment', 'experiment-lock.js');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(compiled)}).ExperimentLock.acquire(${JSON.stringify(dir)}, 'holder', () => {});` +
          "process.stdout.write('locked\\n'); setInterval(() => {}, 1000);",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((done) => holder.stdout.once('data', () => done()));
    expect(() => ExperimentLock.checkFree(dir)).toThrow(`in use by process ${holder.pid} (holder`);
    const exited = new Promise((done) => holder.once('exit', done));
    holder.kill('SIGKILL');
    await exited;
    ExperimentLock.acquire(dir, 'after the kill', noWarning).release();
  });
});
