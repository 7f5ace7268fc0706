// Whether the process named in a run's lock file still runs it: alive, on this machine, and not a later process that
// got the same pid.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { LockHolder } from '../experiment/lock-holder';

/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux int2int runs on). */
const TICKS_PER_SECOND = 100;
/** How much earlier than its lock the holder's process may seem to start (clock rounding). */
const START_SLACK_MS = 2000;

/** Whether `holder` still runs; undefined for a holder on another machine (its lock file is all that is known). */
export function holderAlive(holder: LockHolder): boolean | undefined {
  if (holder.host !== os.hostname()) return undefined;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(holder.pid);
  return started === undefined || started <= Date.parse(holder.since) + START_SLACK_MS;
}

/** When process `pid` started (ms since the epoch), from /proc; undefined where there is no /proc. */
function processStart(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 of the file, the 20th after the command name
    const boot = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    return boot ? Number(boot[1]) * 1000 + (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
