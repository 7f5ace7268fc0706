// Who holds an experiment folder's lock: what its holder writes in the lock file, for messages and for the editor.
import * as fs from 'node:fs';

export const LOCK_FILE = '.lock';

/** The process holding a lock, as it wrote itself in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The command line it runs. */
  command: string;
  /** When it took the lock (ISO-8601). */
  since: string;
}

/**
 * The holder written in a lock file; undefined when there is none or it cannot be read. The file outlives its
 * holder: only the lock itself (or the process being alive) says whether the holder still holds it.
 */
export function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
