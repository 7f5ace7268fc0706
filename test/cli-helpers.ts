// Helpers for end-to-end tests: run the compiled int2int CLI in a temporary folder and read what it wrote.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.join(__dirname, '..', 'framework', 'bin', 'run.js');
export const SHARED_DATA = path.join(__dirname, '..', '..', 'shared', 'data', 'elliptic');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `int2int-${prefix}-`));
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    // plain text whatever the environment (CI=true makes chalk colour its output)
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    timeout: 600_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI and kills it (SIGKILL) once `pattern` appears in its output. */
export function runCliUntil(args: string[], cwd: string, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

export function readEvents(runDir: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Settings for a tiny, fast model. */
export const TINY_MODEL = [
  '--enc_emb_dim',
  '32',
  '--dec_emb_dim',
  '32',
  '--n_enc_layers',
  '1',
  '--n_dec_layers',
  '1',
  '--n_enc_heads',
  '4',
  '--n_dec_heads',
  '4',
  '--batch_size',
  '16',
  '--batch_size_eval',
  '64',
];
