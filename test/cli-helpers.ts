// Helpers for end-to-end tests: run the compiled int2int CLI in a temporary folder and read what it wrote.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.join(__dirname, '..', 'framework', 'bin', 'run.js');
export const SHARED_DATA = path.join(__dirname, '..', '..', 'shared', 'data', 'elliptic');

/**
 * Why the elliptic-curve data cannot be used here, or undefined. `fail`: in CI (CI=true) the tests that need it
 * fail rather than skip; elsewhere (a clone made away from the shared folder) they skip, saying so.
 */
export function sharedDataMissing(): { reason: string; fail: boolean } | undefined {
  if (fs.existsSync(path.join(SHARED_DATA, 'rank.train.gz'))) return undefined;
  const sharedFolder = path.dirname(path.dirname(SHARED_DATA));
  const reason = fs.existsSync(sharedFolder)
    ? `${SHARED_DATA} is missing its elliptic-curve files`
    : `there is no shared folder beside this checkout (${sharedFolder}): the elliptic-curve data is not here`;
  return { reason, fail: process.env.CI === 'true' };
}

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

/** A CLI process started in the background, for tests that signal or kill it. */
export interface RunningCli {
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  signal(name: NodeJS.Signals): void;
  /** Its exit, and when it happened (Date.now()). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    pid: child.pid!,
    output: () => output,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (listeners.delete(check)) reject(new Error(`exited before printing ${pattern}:\n${output}`));
        });
      }),
    signal: (name) => child.kill(name),
    exited,
  };
}

export function readEvents(runDir: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(path.join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `args` with each `--flag value` of `overrides` replacing the same flag's value, or appended. */
export function withFlags(args: readonly string[], ...overrides: string[]): string[] {
  const result = [...args];
  for (let i = 0; i < overrides.length; i += 2) {
    const at = result.indexOf(overrides[i]);
    if (at === -1) result.push(overrides[i], overrides[i + 1]);
    else result[at + 1] = overrides[i + 1];
  }
  return result;
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

/** A short GCD training of the tiny model: 20 steps of 16 examples, a log line every 5, 64 examples evaluated. */
export const TINY_GCD_RUN: readonly string[] = [
  'train',
  '--operation',
  'gcd',
  ...TINY_MODEL,
  '--epoch_size',
  '320',
  '--max_epoch',
  '1',
  '--eval_size',
  '64',
  '--max_output_len',
  '4',
  '--report_loss_every',
  '5',
  '--num_workers',
  '0',
  '--env_base_seed',
  '3',
];

/** What a run reports, in order: each log line's step and loss, and each evaluation's scores. */
export function reported(log: string): { losses: string[]; scores: string[] } {
  return {
    losses: [...log.matchAll(/^INFO - .* - +(\d+) - .* ARITHMETIC: +(\S+) - LR/gm)].map(
      (m) => `${m[1]}:${m[2]}`,
    ),
    scores: [...log.matchAll(/__log__:(\{.*\})/g)].map((m) => m[1]),
  };
}
