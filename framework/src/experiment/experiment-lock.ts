// The lock of an experiment folder: one process trains or evaluates in it at a time. The lock belongs to an open
// file (an OS lock, released when the process ends, however it ends), so a killed run never leaves it behind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onFile } from '../core/file-error';
import { UsageError } from '../core/usage-error';
import { LOCK_FILE, readHolder, type LockHolder } from './lock-holder';

type LockApi = typeof import('fs-native-extensions');

/** The native lock calls, or why they cannot be loaded on this platform. */
function lockApi(): LockApi | Error {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a prebuilt addon, loaded on first use
    return require('fs-native-extensions') as LockApi;
  } catch (error) {
    return error as Error;
  }
}

export class ExperimentLock {
  private constructor(
    private fd: number | undefined,
    readonly file: string,
  ) {}

  /**
   * Takes the lock of `dir` (which exists) for this process, or throws a UsageError that names the process
   * holding it. `warn` hears why a platform without the native lock runs unlocked.
   */
  static acquire(dir: string, command: string, warn: (message: string) => void): ExperimentLock {
    const file = path.join(dir, LOCK_FILE);
    const api = lockApi();
    if (api instanceof Error) {
      warn(`The experiment folder is not locked (fs-native-extensions: ${api.message})`);
      return new ExperimentLock(undefined, file);
    }
    const fd = onFile('open the lock file', file, () => fs.openSync(file, 'a+'));
    if (!api.tryLock(fd)) {
      const holder = readHolder(file);
      fs.closeSync(fd);
      throw busyError(dir, holder);
    }
    const holder: LockHolder = {
      pid: process.pid,
      host: os.hostname(),
      command,
      since: new Date().toISOString(),
    };
    onFile('write the lock file', file, () => {
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
    });
    return new ExperimentLock(fd, file);
  }

  /** Throws the error of acquire() when another process holds the lock of `dir`; writes nothing. */
  static checkFree(dir: string): void {
    const file = path.join(dir, LOCK_FILE);
    const api = lockApi();
    if (api instanceof Error || !fs.existsSync(file)) return;
    const fd = onFile('open the lock file', file, () => fs.openSync(file, 'r+'));
    try {
      if (!api.tryLock(fd)) throw busyError(dir, readHolder(file));
    } finally {
      fs.closeSync(fd); // closing the file releases the lock taken to test it
    }
  }

  release(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function busyError(dir: string, holder: LockHolder | undefined): UsageError {
  const who = holder
    ? `process ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''} (${holder.command}, since ${holder.since})`
    : 'another process';
  const stop = holder ? `, stop it (kill -INT ${holder.pid})` : '';
  return new UsageError(`${dir} is in use by ${who}: wait for it to end${stop}, or choose another --exp_id`);
}
