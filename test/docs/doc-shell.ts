// The shell test/docs-commands.test.ts runs the docs' commands in: a fresh folder per block (`work/` as the cwd,
// `shared` beside it pointing at the real ../shared, a global npm prefix, oclif's folders), a local npm registry,
// and this checkout's CLI as `int2int` (and `npx int2int`, which finds it in the global prefix's bin folder).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, SHARED_DATA } from '../cli-helpers';
import { isolatedCliEnv } from '../plugin-helpers';
import type { LocalRegistry } from '../registry/local-registry';

export interface CommandRun {
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** What a reader types when a command asks: `text` (and Enter) once `prompt` appears on the terminal. */
export interface Answer {
  prompt: RegExp;
  text: string;
}

export interface DocShellOptions {
  registry: LocalRegistry;
  /** The first cwd; `work/` in the shell's folder by default. */
  cwd?: string;
  /** Puts this checkout's CLI in the global prefix as `int2int`; false where the block installs int2int itself. */
  int2intShim: boolean;
}

const COMMAND_TIMEOUT_MS = 600_000;

/** Environment variables of the test runner that a reader's shell does not have (npm's, jest's). */
const RUNNER_VARIABLES = /^(npm_.*|INIT_CWD|NODE_ENV|JEST_WORKER_ID)$/i;

export class DocShell {
  /** The current folder: a `cd` command moves it, for the next commands. */
  cwd: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly cwdFile: string;

  constructor(
    readonly root: string,
    options: DocShellOptions,
  ) {
    const work = path.join(root, 'work');
    const prefix = path.join(root, 'prefix');
    fs.mkdirSync(work, { recursive: true });
    fs.mkdirSync(path.join(prefix, 'bin'), { recursive: true });
    fs.symlinkSync(path.dirname(path.dirname(SHARED_DATA)), path.join(root, 'shared'), 'dir');
    if (options.int2intShim) {
      const shim = path.join(prefix, 'bin', 'int2int');
      fs.writeFileSync(shim, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(CLI)} "$@"\n`);
      fs.chmodSync(shim, 0o755);
    }
    this.cwd = options.cwd ?? work;
    this.cwdFile = path.join(root, 'cwd-after-command');
    const inherited = Object.entries(process.env).filter(([name]) => !RUNNER_VARIABLES.test(name));
    this.env = {
      ...Object.fromEntries(inherited),
      ...isolatedCliEnv(root),
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_prefix: prefix,
      // the reader's npm configuration (~/.npmrc): the registry, and the token npm adduser writes
      npm_config_userconfig: options.registry.npmrc,
      INT2INT_THREADS: '1', // chains of blocks run side by side: one native thread each, none waiting on a core
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    };
  }

  /**
   * Runs `command` with bash in the current folder, then follows it if the command changed folder. A command
   * that asks questions (`answers`) runs on a terminal (util-linux's `script`), each answer typed once its prompt
   * is on screen.
   */
  async run(command: string, answers: readonly Answer[] = []): Promise<CommandRun> {
    const started = Date.now();
    const asked = answers.length > 0 ? `script -qec ${shellQuote(command)} /dev/null` : command;
    const script = `${asked}\nstatus=$?\npwd > ${shellQuote(this.cwdFile)}\nexit $status\n`;
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: this.cwd,
      env: this.env,
      stdio: 'pipe',
      detached: true, // its own process group, so that a timeout kills what it started too
    });
    if (answers.length === 0) child.stdin.end(); // nothing to type: the command reads end of input
    let stdout = '';
    let stderr = '';
    let answered = 0;
    let seen = 0; // where the next prompt is looked for: after the previous one
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (let next = answers[answered]; next !== undefined; next = answers[answered]) {
        const match = next.prompt.exec(stdout.slice(seen));
        if (!match) break;
        seen += match.index + match[0].length;
        child.stdin.write(`${next.text}\n`);
        answered++;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => killGroup(child.pid!), COMMAND_TIMEOUT_MS);
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    }).finally(() => clearTimeout(killer));
    if (fs.existsSync(this.cwdFile)) this.cwd = fs.readFileSync(this.cwdFile, 'utf8').trim();
    return { command, status, stdout, stderr, seconds: (Date.now() - started) / 1000 };
  }

  /** A path relative to the current folder. */
  resolve(...parts: string[]): string {
    return path.resolve(this.cwd, ...parts);
  }
}

/**
 * `command` with the `--flag value` pairs of `budget`: a flag the command already has takes the budget's value, the
 * others are appended. Only flags are added or changed, so every flag printed is still passed.
 */
export function withBudget(command: string, budget: string): string {
  const words = budget.split(' ');
  let budgeted = command;
  for (let i = 0; i < words.length; i += 2) {
    const [flag, value] = [words[i], words[i + 1]];
    if (!/^--\w+$/.test(flag) || value === undefined || value.startsWith('--')) {
      throw new Error(`a budget is "--flag value" pairs: "${budget}"`);
    }
    const printed = new RegExp(`(^| )${flag}( |=)\\S+`);
    budgeted = printed.test(budgeted)
      ? budgeted.replace(printed, `$1${flag}$2${value}`)
      : `${budgeted} ${flag} ${value}`;
  }
  return budgeted;
}

/** Kills a command and what it started (its process group), if any of it is still running. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group has already exited
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
