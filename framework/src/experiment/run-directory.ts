// The experiment folder dump_path/exp_name/exp_id (manual §3.1) and its params.json.
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ParamValues } from '../operations/parameters';

export const PARAMS_FILE = 'params.json';
export const CHECKPOINT_FILE = 'checkpoint.ckpt';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random experiment id: 10 lower-case letters and digits, as Int2Int's get_dump_path. */
export function randomExpId(): string {
  return Array.from({ length: 10 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

/** Resolves dump_path (relative to cwd, `~` expanded; empty means ./dumped), exp_name and exp_id. */
export function resolveRunDir(
  core: ParamValues,
  cwd: string,
): { runDir: string; expName: string; expId: string } {
  const debug = core.debug === true;
  const expName = debug ? 'debug' : String(core.exp_name);
  let expId = String(core.exp_id);
  if (!expId) expId = debug ? `debug_${String(randomInt(1e8)).padStart(8, '0')}` : randomExpId();
  let dumpPath = String(core.dump_path) || 'dumped';
  if (dumpPath === '~' || dumpPath.startsWith('~/')) dumpPath = path.join(os.homedir(), dumpPath.slice(1));
  for (const [flag, value] of [
    ['exp_name', expName],
    ['exp_id', expId],
  ]) {
    if (!value || value.includes('/') || value.includes('\\') || value === '.' || value === '..') {
      throw new Error(`--${flag} "${value}" must be a plain folder name (no slashes)`);
    }
  }
  return { runDir: path.resolve(cwd, dumpPath, expName, expId), expName, expId };
}

/** What params.json holds: enough to rerun or inspect the experiment. */
export interface RunParamsFile {
  operation: string;
  command: string;
  params: ParamValues;
  operationParams: ParamValues;
}

export function writeParamsFile(runDir: string, content: RunParamsFile): void {
  const file = path.join(runDir, PARAMS_FILE);
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`);
  fs.renameSync(temp, file);
}
