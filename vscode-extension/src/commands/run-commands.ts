// "Int2Int: Train" / "Int2Int: Evaluate" (every parameter in a form first) and the runs view's stop, resume and
// evaluate: CLI tasks, started, stopped and followed by the extension.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PARAMETER_ALIASES } from '../../../framework/src/config/core-parameters';
import { loadConfigFile } from '../../../framework/src/config/load-config-file';
import { evaluateTask, newExpId, resumeTask, trainTask, type OperationInfo } from '../core/cli-args';
import type { RunInfo } from '../../../framework/src/results/run-discovery';
import { resolveDumpPath } from '../core/settings';
import { evaluateParams, PRESETS, reportInterval, trainParams } from '../core/train-params';
import type { RunTasks } from '../runs/run-tasks';
import { editParams } from './param-form';

export interface RunCommandsContext {
  tasks: RunTasks;
  operations: () => Promise<OperationInfo[]>;
  /** Shows a run folder in the run panel (before it exists: the panel follows it as it is written). */
  openRun: (dir: string) => void;
}

/** What a Train started: enough to offer "Edit and Retry" when the CLI refuses it. */
export interface TrainLaunch {
  operation: string;
  values: Record<string, string>;
  runDir: string;
}

function workspaceSettings() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const dumpPath = vscode.workspace.getConfiguration('int2int').get('dumpPath', './dumped');
  return { folder, dumpPath };
}

/** Train: an operation, its parameters in the form, then a task; `retry` reopens the form of a refused launch. */
export async function train(
  context: RunCommandsContext,
  retry?: TrainLaunch,
): Promise<TrainLaunch | undefined> {
  const operations = (await context.operations()).filter((op) => op.generates);
  const operation = retry
    ? operations.find((op) => op.name === retry.operation)
    : (
        await vscode.window.showQuickPick(
          operations.map((op) => ({ label: op.name, description: op.plugin, detail: op.summary, op })),
          {
            title: 'Operation to train',
            ignoreFocusOut: true,
            matchOnDescription: true,
            matchOnDetail: true,
          },
        )
      )?.op;
  if (!operation) return undefined;
  const params = trainParams(operation);
  const { folder, dumpPath } = workspaceSettings();
  const values = await editParams({
    title: `Train ${operation.name}`,
    start: 'Start training',
    params,
    initial: retry?.values ?? (await configFileValues(folder)),
    presets: PRESETS,
    operation: operation.name,
  });
  if (!values) return undefined;
  const interval = reportInterval(params, values);
  const expName = values.exp_name ?? operation.name;
  const expId = newExpId(new Date());
  const edits: Record<string, string> = { ...values, ...(interval && { report_loss_every: interval }) };
  delete edits.exp_name; // --exp_name is passed with the run folder
  const runDir = path.join(resolveDumpPath(dumpPath, folder), expName, expId);
  await context.tasks.start(
    trainTask({ operation: operation.name, edits, dumpPath, expName, expId }),
    runDir,
  );
  context.openRun(runDir);
  return { operation: operation.name, values, runDir };
}

/**
 * The settings of the workspace's int2int config file, as the CLI reads them (its values then show in the form as
 * the starting point); none when there is no config file.
 */
async function configFileValues(folder: string | undefined): Promise<Record<string, string>> {
  if (!folder) return {};
  const file = await loadConfigFile(folder).catch((error: Error) => {
    void vscode.window.showWarningMessage(`Int2Int: ${error.message}; the form starts from the defaults`);
    return undefined;
  });
  return Object.fromEntries(
    Object.entries(file?.values ?? {}).map(([name, value]) => [
      PARAMETER_ALIASES[name] ?? name,
      String(value),
    ]),
  );
}

/** Evaluate a run's checkpoint (the run picked, or the one given), with its evaluation settings in the form. */
export async function evaluate(context: RunCommandsContext, runs: readonly RunInfo[], given?: RunInfo) {
  const run =
    given ??
    (
      await vscode.window.showQuickPick(
        runs
          .filter((r) => r.kind === 'train' && r.hasCheckpoint)
          .map((r) => ({ label: `${r.expName}/${r.expId}`, run: r })),
        { title: 'Run to evaluate (its checkpoint)' },
      )
    )?.run;
  if (!run) return;
  const saved = run.params;
  const params = evaluateParams();
  const initial = Object.fromEntries(
    params.filter((p) => p.name in saved).map((p) => [p.name, String(saved[p.name])]),
  );
  const edits = await editParams({
    title: `Evaluate ${run.expName}/${run.expId}`,
    start: 'Start evaluation',
    params,
    initial,
  });
  if (!edits) return;
  const expId = newExpId(new Date());
  const evaluationDir = path.join(run.dir, 'evaluations', expId);
  await context.tasks.start(evaluateTask(run.dir, { ...edits, exp_id: expId }), evaluationDir);
  context.openRun(evaluationDir);
}

/** Stop: Ctrl-C to the run, ours or any other process on this machine that holds its lock. */
export function stop(tasks: RunTasks, run: RunInfo): void {
  if (tasks.stop(run.dir)) return;
  if (run.holder) {
    process.kill(run.holder.pid, 'SIGINT');
    return;
  }
  void vscode.window.showWarningMessage(`Int2Int: ${run.expName}/${run.expId} is not running`);
}

/** Resume: the run's own command again, which continues from its checkpoint. */
export async function resume(tasks: RunTasks, run: RunInfo): Promise<void> {
  if (!run.command)
    throw new Error(`${run.dir} has no params.json: it never started, there is nothing to resume`);
  await tasks.start(resumeTask(run.command), run.dir);
}
