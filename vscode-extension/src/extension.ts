// The extension's entry point: registers the commands, the runs view, the run panel and the int2int task provider,
// and tells the user how each run they started ended.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CORE_PARAMETERS } from '../../framework/src/config/core-parameters';
import type { ParamValue } from '../../framework/src/operations/parameters';
import { parseOperations, type OperationInfo } from './core/cli-args';
import type { RunInfo } from '../../framework/src/results/run-discovery';
import { accuracyOf } from '../../framework/src/reporting/run-series';
import { resolveCli, resolveDumpPath } from './core/settings';
import {
  evaluate,
  resume,
  stop,
  train,
  type RunCommandsContext,
  type TrainLaunch,
} from './commands/run-commands';
import { newOperation, newPlugin } from './commands/scaffold-commands';
import { RunTasks, STOPPED_EXIT_CODES, type RunExit } from './runs/run-tasks';
import { runOf, RunsTree, type RunNode } from './runs/runs-tree';
import { RunPanel, type PanelSources } from './webview/run-panel';

/** The int2int version whose templates are bundled (set by esbuild.mjs). */
declare const INT2INT_VERSION: string;

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function dumpPath(): string {
  return resolveDumpPath(
    vscode.workspace.getConfiguration('int2int').get('dumpPath', './dumped'),
    workspaceFolder(),
  );
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

/** The operations the CLI has (`operations:list --json`), asked once and again after a plugin is linked. */
class OperationCatalog {
  private listed: Promise<OperationInfo[]> | undefined;

  list(): Promise<OperationInfo[]> {
    this.listed ??= listOperations().catch((error: unknown) => {
      this.listed = undefined;
      throw error;
    });
    return this.listed;
  }

  forget(): void {
    this.listed = undefined;
  }

  /** The defaults of a run's parameters: the core's, and its operation's when the CLI knows it. */
  async defaults(run: RunInfo | undefined): Promise<Record<string, ParamValue>> {
    const core = Object.fromEntries(
      Object.entries(CORE_PARAMETERS).map(([name, spec]) => [name, spec.default]),
    );
    const operationName = run?.summary.operation ?? run?.params.operation;
    const operation = (await this.list().catch(() => [])).find((op) => op.name === operationName);
    return { ...core, ...Object.fromEntries((operation?.params ?? []).map((p) => [p.name, p.default])) };
  }
}

function listOperations(): Promise<OperationInfo[]> {
  const folder = workspaceFolder();
  const cli = resolveCli(vscode.workspace.getConfiguration('int2int').get('cliPath', ''), folder);
  return new Promise((resolve, reject) => {
    execFile(
      cli.command,
      [...cli.prefix, 'operations:list', '--json'],
      { cwd: folder },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${cli.command} operations:list failed: ${stderr.trim() || error.message}`));
        else resolve(parseOperations(stdout));
      },
    );
  });
}

export function activate(context: vscode.ExtensionContext): void {
  const templates = {
    root: path.join(context.extensionPath, 'dist', 'templates'),
    int2intVersion: INT2INT_VERSION,
  };
  const catalog = new OperationCatalog();
  /** The runs ticked in the runs view: shown together in the run panel. */
  const compared = new Set<string>();
  const tasks: RunTasks = new RunTasks(() => tree.allRuns());
  const tree = new RunsTree(
    dumpPath(),
    () => tasks.activeRuns(),
    (dir) => compared.has(dir),
  );
  const sources: PanelSources = {
    extensionUri: context.extensionUri,
    find: (dir) => tree.find(dir),
    defaults: (run) => catalog.defaults(run),
  };
  /** Opens `dir` as the panel's main run, with the ticked runs beside it. */
  const openRun = (dir: string) => RunPanel.show(sources, [dir, ...compared]);
  const commands: RunCommandsContext = { tasks, operations: () => catalog.list(), openRun };
  const launches = new Map<string, TrainLaunch>();
  const startTraining = async (retry?: TrainLaunch) => {
    const launch = await train(commands, retry);
    if (launch) launches.set(launch.runDir, launch);
  };
  const view = vscode.window.createTreeView('int2int.runs', {
    treeDataProvider: tree,
    manageCheckboxStateManually: true,
  });
  const command = <A extends unknown[]>(id: string, handler: (...args: A) => unknown) =>
    vscode.commands.registerCommand(id, guarded(handler));

  const latest = (run: RunInfo): RunInfo => {
    tree.refresh();
    return tree.find(run.dir) ?? run;
  };
  context.subscriptions.push(
    tasks,
    tree,
    view,
    vscode.tasks.registerTaskProvider('int2int', tasks),
    view.onDidChangeCheckboxState((event) => {
      for (const [node, state] of event.items) {
        const run = runOf(node);
        if (state === vscode.TreeItemCheckboxState.Checked) compared.add(run.dir);
        else compared.delete(run.dir);
      }
      const shown = RunPanel.shown();
      const main = shown.find((dir) => compared.has(dir)) ?? [...compared][0];
      if (main) RunPanel.show(sources, [main, ...compared]);
      tree.refresh(true);
    }),
    tasks.onDidExit((exit) => void reportExit(exit, { tree, view, launches, startTraining, openRun })),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('int2int.dumpPath')) tree.setDumpPath(dumpPath());
      if (event.affectsConfiguration('int2int.cliPath')) catalog.forget();
    }),
    command('int2int.newPlugin', () => newPlugin(templates, () => catalog.forget())),
    command('int2int.newOperation', () => newOperation(templates)),
    command('int2int.train', () => startTraining()),
    command('int2int.evaluate', (node?: RunNode) => evaluate(commands, tree.allRuns(), node && runOf(node))),
    command('int2int.refreshRuns', () => {
      catalog.forget();
      tree.refresh(true);
    }),
    command('int2int.openRun', (node: RunNode) => openRun(runOf(node).dir)),
    command('int2int.compareRun', (node: RunNode) => {
      const run = runOf(node);
      compared.add(run.dir);
      RunPanel.show(sources, [RunPanel.shown()[0] ?? run.dir, ...compared]);
      tree.refresh(true);
    }),
    // the run as the latest scan found it (its lock holder, its command), not as its row was last drawn
    command('int2int.stopRun', (node: RunNode) => stop(tasks, latest(runOf(node)))),
    command('int2int.resumeRun', (node: RunNode) => resume(tasks, latest(runOf(node)))),
  );
}

/** Tells how a run of ours ended: a refused or failed run with the CLI's message, an evaluation with its result. */
async function reportExit(
  exit: RunExit,
  ui: {
    tree: RunsTree;
    view: vscode.TreeView<RunNode>;
    launches: Map<string, TrainLaunch>;
    startTraining: (retry?: TrainLaunch) => Promise<void>;
    openRun: (dir: string) => void;
  },
): Promise<void> {
  ui.tree.refresh(true);
  const { runDir, code, error } = exit;
  if (code === 0 && exit.definition.command === 'evaluate' && runDir) {
    const node = ui.tree.nodeOf(runDir);
    if (node) await ui.view.reveal(node, { select: true, focus: false, expand: true });
    const evaluation = ui.tree.find(runDir)?.summary.evaluation;
    const accuracy = evaluation && accuracyOf(evaluation);
    const result = accuracy === undefined ? 'done' : `${accuracy.toFixed(2)}% correct`;
    const open = await vscode.window.showInformationMessage(
      `Int2Int: evaluation ${path.basename(runDir)}: ${result}`,
      'Open',
    );
    if (open) ui.openRun(runDir);
    return;
  }
  if (code === 0 || (code !== null && STOPPED_EXIT_CODES.has(code))) return;
  const message = error ?? `int2int exited with code ${String(code)}`;
  if (runDir && !ui.tree.find(runDir)) {
    ui.tree.addFailedLaunch({
      dir: runDir,
      expName: path.basename(path.dirname(runDir)),
      expId: path.basename(runDir),
      message,
    });
    RunPanel.warn(runDir, `The run was refused: ${message}`);
  }
  const launch = runDir ? ui.launches.get(runDir) : undefined;
  const choice = await vscode.window.showErrorMessage(
    `Int2Int: ${message}`,
    ...(launch ? ['Edit and Retry'] : []),
  );
  if (choice === 'Edit and Retry' && launch) await ui.startTraining(launch);
}
