// "Int2Int: Train" / "Int2Int: Evaluate" (parameters edited first) and the runs view's stop and resume: CLI tasks.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  changedParams,
  evaluateTask,
  evaluationParams,
  newExpId,
  parseOperations,
  readRunParams,
  resumeTask,
  trainTask,
  type OperationInfo,
  type ParamInfo,
} from '../core/cli-args';
import type { RunInfo } from '../core/run-discovery';
import { resolveCli, resolveDumpPath } from '../core/settings';
import type { RunTasks } from '../runs/run-tasks';

function settings() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const config = vscode.workspace.getConfiguration('int2int');
  return {
    folder,
    cli: resolveCli(config.get('cliPath', ''), folder),
    dumpPath: config.get('dumpPath', './dumped'),
  };
}

function listOperations(): Promise<OperationInfo[]> {
  const { folder, cli } = settings();
  return new Promise((resolve, reject) => {
    execFile(cli.command, [...cli.prefix, 'operations:list', '--json'], { cwd: folder }, (error, stdout) => {
      if (error) reject(new Error(`${cli.command} operations:list failed: ${error.message}`));
      else resolve(parseOperations(stdout));
    });
  });
}

/** Lets the user edit parameters (their defaults shown), then `start`; the changed ones, undefined when cancelled. */
async function editParams(
  title: string,
  start: string,
  params: readonly ParamInfo[],
): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = Object.fromEntries(params.map((p) => [p.name, String(p.default)]));
  for (;;) {
    const startItem = { label: `$(play) ${start}`, name: '' };
    const items = params.map((p) => ({
      label: `${p.name} = ${values[p.name]}`,
      detail: p.help,
      name: p.name,
    }));
    const picked = await vscode.window.showQuickPick([startItem, ...items], {
      title: `${title}: parameters (pick one to change it)`,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked === startItem) return changedParams(params, values);
    const param = params.find((p) => p.name === picked.name);
    if (!param) continue;
    const value = param.options
      ? await vscode.window.showQuickPick([...param.options], { title: param.name })
      : await vscode.window.showInputBox({
          title: param.name,
          prompt: param.help,
          value: values[param.name],
        });
    if (value !== undefined) values[param.name] = value;
  }
}

export async function train(tasks: RunTasks, openRun: (dir: string) => void): Promise<void> {
  const operations = await listOperations();
  const picked = await vscode.window.showQuickPick(
    operations
      .filter((op) => op.generates)
      .map((op) => ({ label: op.name, description: op.plugin, detail: op.summary, op })),
    { title: 'Operation to train', ignoreFocusOut: true },
  );
  if (!picked) return;
  const edits = await editParams(`Train ${picked.op.name}`, 'Start training', picked.op.params);
  if (!edits) return;
  const { folder, dumpPath } = settings();
  const expId = newExpId(new Date());
  const definition = trainTask({
    operation: picked.op.name,
    edits,
    dumpPath,
    expName: picked.op.name,
    expId,
  });
  const runDir = path.join(resolveDumpPath(dumpPath, folder), picked.op.name, expId);
  await tasks.start(definition, runDir);
  openRun(runDir);
}

export async function evaluate(tasks: RunTasks, runs: readonly RunInfo[]): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    runs.filter((run) => run.hasCheckpoint).map((run) => ({ label: `${run.expName}/${run.expId}`, run })),
    { title: 'Run to evaluate (its checkpoint)' },
  );
  if (!picked) return;
  const current = evaluationParams(readRunParams(picked.run.dir).params);
  const edits = await editParams(`Evaluate ${picked.label}`, 'Start evaluation', current);
  if (edits) await tasks.start(evaluateTask(picked.run.dir, edits));
}

export function stop(tasks: RunTasks, run: RunInfo): void {
  if (!tasks.stop(run.dir)) {
    void vscode.window.showWarningMessage(
      `Int2Int: ${run.expId} was not started from this window; stop it where it runs`,
    );
  }
}

export async function resume(tasks: RunTasks, run: RunInfo): Promise<void> {
  await tasks.start(resumeTask(readRunParams(run.dir).command), run.dir);
}
