// The `int2int` task type: runs of the CLI in a task terminal that the extension drives itself (a pseudoterminal),
// so that it stops a run with Ctrl-C (a clean stop, the run resumable), and reads a failure's one-line message.
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { rerunTasks, resumeTasks, taskArgs, type Int2IntTaskDefinition } from '../core/cli-args';
import type { RunInfo } from '../../../framework/src/results/run-discovery';
import { resolveCli } from '../core/settings';

/** How a CLI run ended: its exit code, and the `Error: ...` line it printed when it failed. */
export interface RunExit {
  definition: Int2IntTaskDefinition;
  runDir?: string;
  code: number | null;
  /** The CLI's one-line error, without "Error: ". */
  error?: string;
}

/** The exit codes of a run stopped by a signal (128 + SIGINT, SIGUSR1, SIGTERM): resumable, not failures. */
export const STOPPED_EXIT_CODES: ReadonlySet<number> = new Set([130, 138, 143]);

export class RunTasks implements vscode.TaskProvider, vscode.Disposable {
  /** The run folder → the terminal running it. */
  private readonly running = new Map<string, CliTerminal>();
  private readonly exited = new vscode.EventEmitter<RunExit>();
  /** Fires when a CLI run of ours ends. */
  readonly onDidExit = this.exited.event;

  /** `runs`: the runs under the dump path, as the runs view last found them. */
  constructor(private readonly runs: () => readonly RunInfo[]) {}

  /** `resume <exp_name>/<exp_id>` for each run that neither finished nor is running; `train again like` each run. */
  provideTasks(): vscode.Task[] {
    return [...resumeTasks(this.runs()), ...rerunTasks(this.runs(), new Date())].map(({ name, definition }) =>
      this.toTask(definition, undefined, name),
    );
  }

  resolveTask(task: vscode.Task): vscode.Task {
    return this.toTask(task.definition as Int2IntTaskDefinition, task.scope);
  }

  /** Starts `definition` as a task in the first workspace folder; `runDir` is the run it writes, when known. */
  async start(definition: Int2IntTaskDefinition, runDir?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    await vscode.tasks.executeTask(this.toTask(definition, folder ?? vscode.TaskScope.Workspace, undefined, runDir));
  }

  activeRuns(): ReadonlySet<string> {
    return new Set(this.running.keys());
  }

  /** Asks the run in `runDir` to stop (Ctrl-C: it saves where it stands); false when none of our tasks runs it. */
  stop(runDir: string): boolean {
    const terminal = this.running.get(runDir);
    terminal?.interrupt();
    return terminal !== undefined;
  }

  dispose(): void {
    this.exited.dispose();
  }

  private toTask(
    definition: Int2IntTaskDefinition,
    scope: vscode.Task['scope'],
    label?: string,
    runDir?: string,
  ): vscode.Task {
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const cwd = folder?.uri.fsPath;
    const name = label ?? [definition.command, definition.operation].filter(Boolean).join(' ');
    const execution = new vscode.CustomExecution(() => {
      const cli = resolveCli(vscode.workspace.getConfiguration('int2int').get('cliPath', ''), cwd);
      const args = taskArgs(definition);
      const terminal = new CliTerminal(cli.command, [...cli.prefix, ...args], `int2int ${args.join(' ')}`, cwd, (exit) => {
        if (runDir && this.running.get(runDir) === terminal) this.running.delete(runDir);
        this.exited.fire({ definition, runDir, ...exit });
      });
      if (runDir) this.running.set(runDir, terminal);
      return Promise.resolve(terminal);
    });
    const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'int2int', execution);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  }
}

/** A task terminal running one CLI process: its output shown as it comes, closing it stops the process. */
class CliTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private child: ChildProcess | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly command: string,
    private readonly args: string[],
    /** The command line as a user would type it. */
    private readonly display: string,
    private readonly cwd: string | undefined,
    private readonly onExit: (exit: Omit<RunExit, 'definition' | 'runDir'>) => void,
  ) {}

  open(): void {
    this.written.fire(`> ${this.display}\r\n`);
    const child = spawn(this.command, this.args, {
      cwd: this.cwd,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => this.show(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const error = /^Error: (.*)$/m.exec(text);
      if (error) this.lastError = error[1];
      this.show(text);
    });
    child.on('error', (error) => {
      this.lastError = `cannot start ${this.command}: ${error.message}`;
      this.show(`${this.lastError}\n`);
    });
    child.on('close', (code) => {
      this.child = undefined;
      this.onExit({ code, error: code === 0 || (code !== null && STOPPED_EXIT_CODES.has(code)) ? undefined : this.lastError });
      this.closed.fire(code ?? 1);
    });
  }

  /** Ctrl-C typed in the terminal, or Stop in the runs view: the run stops cleanly after its current step. */
  interrupt(): void {
    this.child?.kill('SIGINT');
  }

  handleInput(data: string): void {
    if (data === '\u0003') this.interrupt();
  }

  /** The terminal was closed (Terminate Task, the trash icon): SIGTERM, which also stops the run cleanly. */
  close(): void {
    this.child?.kill('SIGTERM');
  }

  private show(text: string): void {
    this.written.fire(text.replace(/\r?\n/g, '\r\n'));
  }
}
