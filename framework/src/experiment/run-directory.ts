// The experiment folder dump_path/exp_name/exp_id (manual §3.1) and its params.json.
import type { CoreSettings } from '../config/core-parameters';
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCheckpointTempFile } from '../checkpoints/checkpoint-file';
import { onFile } from '../core/file-error';
import { UsageError } from '../core/usage-error';
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
  core: Pick<CoreSettings, 'debug' | 'exp_name' | 'exp_id' | 'dump_path'>,
  cwd: string,
): { runDir: string; expName: string; expId: string } {
  const debug = core.debug;
  const expName = debug ? 'debug' : core.exp_name;
  let expId = core.exp_id;
  if (!expId) expId = debug ? `debug_${String(randomInt(1e8)).padStart(8, '0')}` : randomExpId();
  let dumpPath = core.dump_path || 'dumped';
  if (dumpPath === '~' || dumpPath.startsWith('~/')) dumpPath = path.join(os.homedir(), dumpPath.slice(1));
  for (const [flag, value] of [
    ['exp_name', expName],
    ['exp_id', expId],
  ]) {
    if (!value || value.includes('/') || value.includes('\\') || value === '.' || value === '..') {
      throw new UsageError(`--${flag} "${value}" must be a plain folder name (no slashes)`);
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
  /** The backend the run computes on, as its log's Backend: line names it (params.backend is the setting). */
  backend?: string;
}

export function writeParamsFile(runDir: string, content: RunParamsFile): void {
  const file = path.join(runDir, PARAMS_FILE);
  const temp = `${file}.tmp`;
  onFile('write', file, () => {
    try {
      fs.writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    fs.renameSync(temp, file);
  });
}

/**
 * Removes the temporary files a killed writer left in `runDir` (checkpoints being saved, params.json being
 * written); call it holding the folder's lock, so that no writer is alive. Returns the names removed.
 */
export function removeLeftovers(runDir: string): string[] {
  const names = fs
    .readdirSync(runDir)
    .filter(
      (name) =>
        isCheckpointTempFile(name) ||
        name === `${PARAMS_FILE}.tmp` ||
        /^predictions\..*\.csv\.tmp$/.test(name),
    );
  for (const name of names)
    onFile('remove', path.join(runDir, name), () => fs.rmSync(path.join(runDir, name)));
  return names;
}
