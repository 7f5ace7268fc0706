// "Int2Int: New Problem Plugin" and "Int2Int: New Operation": a multi-step input, the CLI's templates, the new file opened.
import * as vscode from 'vscode';
import { findPlugins, scaffoldOperation, scaffoldPlugin, type TemplateSource } from '../core/scaffold';

const OPERATION_NAME = /^[a-z][a-z0-9_]*$/;
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

async function ask(
  step: number,
  steps: number,
  prompt: string,
  value: string,
  pattern: RegExp,
  hint: string,
) {
  return vscode.window.showInputBox({
    title: `${prompt} (${step}/${steps})`,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => (pattern.test(text) ? undefined : hint),
  });
}

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: the plugin is written into the workspace');
  return folder.uri.fsPath;
}

async function openResult(operationFile: string, files: string[]): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.file(operationFile));
  void vscode.window.showInformationMessage(`Int2Int: wrote ${files.length} files`);
}

export async function newPlugin(source: TemplateSource): Promise<void> {
  const parent = workspaceFolder();
  const name = await ask(
    1,
    2,
    'npm package name of the plugin',
    'int2int-',
    PACKAGE_NAME,
    'an npm package name',
  );
  if (!name) return;
  const suggested = name
    .replace(/^@[^/]+\//, '')
    .replace(/^int2int-/, '')
    .replace(/[^a-z0-9]+/g, '_');
  const operation = await ask(
    2,
    2,
    'name of its first operation',
    suggested,
    OPERATION_NAME,
    'e.g. digit_sum',
  );
  if (!operation) return;
  const result = scaffoldPlugin(source, parent, name, operation);
  await openResult(result.operationFile, result.files);
}

export async function newOperation(source: TemplateSource): Promise<void> {
  const plugins = findPlugins(workspaceFolder());
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const start =
    active && plugins.some((dir) => active.startsWith(dir))
      ? active
      : plugins.length === 1
        ? plugins[0]
        : await vscode.window.showQuickPick(plugins, { title: 'Plugin to add the operation to (1/2)' });
  if (!start) {
    if (plugins.length === 0) void vscode.window.showWarningMessage('Int2Int: no plugin in the workspace');
    return;
  }
  const operation = await ask(2, 2, 'name of the operation', '', OPERATION_NAME, 'e.g. digit_sum');
  if (!operation) return;
  const result = scaffoldOperation(source, start, operation);
  await openResult(result.operationFile, result.files);
}
