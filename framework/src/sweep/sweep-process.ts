// The process that runs a sweep's runs on this machine (--executor local), named in .sweep/process.json while it
// runs: sweep:cancel asks it to stop (it passes the signal on to its runs once) and a second sweep is refused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onFile } from '../core/file-error';
import { UsageError } from '../core/usage-error';
import type { LockHolder } from '../experiment/lock-holder';
import { holderAlive } from '../results/lock-liveness';
import { SWEEP_WORK_DIR } from './sweep-file';

function processFile(sweepDir: string): string {
  return path.join(sweepDir, SWEEP_WORK_DIR, 'process.json');
}

/** The live process running this sweep's runs here, if any. */
export function liveSweepProcess(sweepDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(processFile(sweepDir), 'utf8')) as LockHolder;
    return holderAlive(holder) === true ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Names this process as the sweep's; returns what removes the name again. Refuses while another one runs it. */
export function claimSweep(sweepDir: string, command: string): () => void {
  const other = liveSweepProcess(sweepDir);
  if (other)
    throw new UsageError(
      `${sweepDir} is run by process ${other.pid} (${other.command}, since ${other.since}): wait for it to end, or ` +
        `stop it with int2int sweep:cancel ${sweepDir}`,
    );
  const file = processFile(sweepDir);
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    since: new Date().toISOString(),
  };
  onFile('write', file, () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(holder));
    fs.renameSync(`${file}.tmp`, file);
  });
  return () => fs.rmSync(file, { force: true });
}
