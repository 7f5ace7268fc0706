// The extension's entry point: registers the commands, the runs view and the int2int task provider; nothing else.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunInfo } from './core/run-discovery';
import { resolveDumpPath } from './core/settings';
import { evaluate, resume, stop, train } from './commands/run-commands';
import { newOperation, newPlugin } from './commands/scaffold-commands';
import { RunTasks } from './runs/run-tasks';
import { RunsTree } from './runs/runs-tree';
import { RunPanel } from './webview/run-panel';

/** The int2int version whose templates are bundled (set by esbuild.mjs). */
declare const INT2INT_VERSION: string;

function dumpPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return resolveDumpPath(vscode.workspace.getConfiguration('int2int').get('dumpPath', './dumped'), folder);
}

/** Runs a command handler, showing its error instead of failing silently. */
function guarded<A extends unknown[]>(handler: (...args: A) => unknown) {
  return async (...args: A) => {
    try {
      await handler(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(`Int2Int: ${(error as Error).message}`);
    }
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const templates = {
    root: path.join(context.extensionPath, 'dist', 'templates'),
    int2intVersion: INT2INT_VERSION,
  };
  const tasks: RunTasks = new RunTasks(() => tree.allRuns());
  const tree = new RunsTree(dumpPath(), () => tasks.activeRuns());
  const openRun = (dir: string, overlay = false) => RunPanel.show(context.extensionUri, dir, overlay);
  const command = <A extends unknown[]>(id: string, handler: (...args: A) => unknown) =>
    vscode.commands.registerCommand(id, guarded(handler));
  context.subscriptions.push(
    tasks,
    tree,
    vscode.tasks.registerTaskProvider('int2int', tasks),
    vscode.window.createTreeView('int2int.runs', { treeDataProvider: tree }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('int2int.dumpPath')) tree.setDumpPath(dumpPath());
    }),
    command('int2int.newPlugin', () => newPlugin(templates)),
    command('int2int.newOperation', () => newOperation(templates)),
    command('int2int.train', () => train(tasks, openRun)),
    command('int2int.evaluate', () => evaluate(tasks, tree.allRuns())),
    command('int2int.refreshRuns', () => tree.refresh(true)),
    command('int2int.openRun', (run: RunInfo) => openRun(run.dir)),
    command('int2int.compareRun', (run: RunInfo) => openRun(run.dir, true)),
    command('int2int.stopRun', (run: RunInfo) => stop(tasks, run)),
    command('int2int.resumeRun', (run: RunInfo) => resume(tasks, run)),
  );
}
