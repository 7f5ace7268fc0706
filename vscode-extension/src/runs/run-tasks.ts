// The `int2int` task type: the task provider (tasks.json's, and resume tasks of stopped runs), starting CLI tasks, stopping them.
import * as vscode from 'vscode';
import { resumeTasks, taskArgs, type Int2IntTaskDefinition } from '../core/cli-args';
import type { RunInfo } from '../core/run-discovery';
import { resolveCli } from '../core/settings';

export class RunTasks implements vscode.TaskProvider, vscode.Disposable {
  /** The run folder → the execution running it. */
  private readonly running = new Map<string, vscode.TaskExecution>();
  private readonly listener = vscode.tasks.onDidEndTask((event) => {
    for (const [dir, execution] of this.running) if (execution === event.execution) this.running.delete(dir);
  });

  /** `runs`: the runs under the dump path, as the runs view last found them. */
  constructor(private readonly runs: () => readonly RunInfo[]) {}

  /** A `resume <exp_name>/<exp_id>` task for each run that neither finished nor is running. */
  provideTasks(): vscode.Task[] {
    return resumeTasks(this.runs()).map(({ name, definition }) => this.toTask(definition, undefined, name));
  }

  resolveTask(task: vscode.Task): vscode.Task {
    return this.toTask(task.definition as Int2IntTaskDefinition, task.scope);
  }

  /** Starts `definition` as a task in the first workspace folder; `runDir` is the run it writes, when known. */
  async start(definition: Int2IntTaskDefinition, runDir?: string): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const execution = await vscode.tasks.executeTask(this.toTask(definition, folder ?? vscode.TaskScope.Workspace));
    if (runDir) this.running.set(runDir, execution);
  }

  activeRuns(): ReadonlySet<string> {
    return new Set(this.running.keys());
  }

  /** Ends the task running `runDir` (SIGTERM: the run stops after its current step); false when none of ours is. */
  stop(runDir: string): boolean {
    const execution = this.running.get(runDir);
    execution?.terminate();
    return execution !== undefined;
  }

  dispose(): void {
    this.listener.dispose();
  }

  private toTask(definition: Int2IntTaskDefinition, scope: vscode.Task['scope'], label?: string): vscode.Task {
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const cwd = folder?.uri.fsPath;
    const cli = resolveCli(vscode.workspace.getConfiguration('int2int').get('cliPath', ''), cwd);
    const args = taskArgs(definition);
    const execution = new vscode.ProcessExecution(cli.command, [...cli.prefix, ...args], { cwd });
    const name = label ?? [definition.command, definition.operation].filter(Boolean).join(' ');
    const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'int2int', execution);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  }
}
