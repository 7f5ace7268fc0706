// "Int2Int: New Problem Plugin" and "Int2Int: New Operation": a multi-step input, the CLI's templates, the new file opened.
import * as vscode from 'vscode';
import { findPlugins, scaffoldOperation, scaffoldPlugin, type TemplateSource } from '../core/scaffold';
import { resolveCli } from '../core/settings';
import {
  DEFAULT_INPUT,
  DEFAULT_OUTPUT,
  DEFAULT_PARAMS,
  parseParamList,
  parseValueType,
  validationError,
  type OperationSpec,
} from '../../../framework/src/templates/operation-spec';

const OPERATION_NAME = /^[a-z][a-z0-9_]*$/;
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const TYPES = 'int, int[n], range(b) or range(a,b), as in --data_types';

/** One step of the input: `check` returns the message shown under the box while the text is not accepted. */
async function ask(
  step: number,
  steps: number,
  prompt: string,
  value: string,
  check: (text: string) => unknown,
) {
  return vscode.window.showInputBox({
    title: `${prompt} (${step}/${steps})`,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const result = check(text);
      return typeof result === 'string' ? result : undefined;
    },
  });
}

const matches = (pattern: RegExp, hint: string) => (text: string) => (pattern.test(text) ? undefined : hint);

/** The last three steps: input type, output type, parameters; undefined when cancelled. */
async function askSpec(first: number, steps: number): Promise<OperationSpec | undefined> {
  const type = (text: string) => validationError(parseValueType, text);
  const input = await ask(first, steps, `input type: ${TYPES}`, DEFAULT_INPUT, type);
  if (input === undefined) return undefined;
  const output = await ask(first + 1, steps, `output type: ${TYPES}`, DEFAULT_OUTPUT, type);
  if (output === undefined) return undefined;
  const params = await ask(
    first + 2,
    steps,
    'parameters: name:type=default[:help], comma separated (type: int, float, bool or string), or none',
    DEFAULT_PARAMS.join(','),
    (text) => validationError(parseParamList, text),
  );
  if (params === undefined) return undefined;
  return { input: parseValueType(input), output: parseValueType(output), params: parseParamList(params) };
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

/**
 * Installs a new plugin's dependencies, builds it and links it to the CLI (`plugins:link`), in a task terminal, so
 * that its operations appear in Train; `onLinked` hears of it.
 */
async function installAndLink(folder: string, name: string, onLinked: () => void): Promise<void> {
  const cli = resolveCli(vscode.workspace.getConfiguration('int2int').get('cliPath', ''), workspaceFolder());
  const int2int = [cli.command, ...cli.prefix].map(shellQuote).join(' ');
  const task = new vscode.Task(
    { type: 'shell' },
    vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace,
    `install and link ${name}`,
    'int2int',
    new vscode.ShellExecution(`npm install && npm run build && ${int2int} plugins:link .`, { cwd: folder }),
  );
  const execution = await vscode.tasks.executeTask(task);
  const code = await new Promise<number | undefined>((resolve) => {
    const listener = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution !== execution) return;
      listener.dispose();
      resolve(event.exitCode);
    });
  });
  if (code === 0) {
    onLinked();
    // the editor looked for `int2int` before it was installed: its TypeScript server would keep the red squiggles
    await Promise.resolve(vscode.commands.executeCommand('typescript.restartTsServer')).catch(
      () => undefined,
    );
    void vscode.window.showInformationMessage(
      `Int2Int: ${name} is installed and linked: Train offers its operations`,
    );
  } else {
    void vscode.window.showErrorMessage(
      `Int2Int: installing ${name} failed (exit code ${code}): see its terminal`,
    );
  }
}

function shellQuote(word: string): string {
  return /^[\w./:=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export async function newPlugin(source: TemplateSource, onLinked: () => void): Promise<void> {
  const parent = workspaceFolder();
  const name = await ask(
    1,
    5,
    'npm package name of the plugin',
    'int2int-',
    matches(PACKAGE_NAME, 'an npm package name'),
  );
  if (!name) return;
  const suggested = name
    .replace(/^@[^/]+\//, '')
    .replace(/^int2int-/, '')
    .replace(/[^a-z0-9]+/g, '_');
  const operation = await ask(
    2,
    5,
    'name of its first operation',
    suggested,
    matches(OPERATION_NAME, 'e.g. digit_sum'),
  );
  if (!operation) return;
  const spec = await askSpec(3, 5);
  if (!spec) return;
  const result = scaffoldPlugin(source, parent, name, operation, spec);
  await vscode.window.showTextDocument(vscode.Uri.file(result.operationFile));
  const choice = await vscode.window.showInformationMessage(
    `Int2Int: wrote ${result.files.length} files in ${name}. Install its dependencies, build it and link it to ` +
      'int2int, so that Train offers its operation?',
    'Install and Link',
    'Later',
  );
  if (choice === 'Install and Link') await installAndLink(result.folder, name, onLinked);
}

export async function newOperation(source: TemplateSource): Promise<void> {
  const plugins = findPlugins(workspaceFolder());
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const start =
    active && plugins.some((dir) => active.startsWith(dir))
      ? active
      : plugins.length === 1
        ? plugins[0]
        : await vscode.window.showQuickPick(plugins, { title: 'Plugin to add the operation to (1/5)' });
  if (!start) {
    if (plugins.length === 0) void vscode.window.showWarningMessage('Int2Int: no plugin in the workspace');
    return;
  }
  const operation = await ask(2, 5, 'name of the operation', '', matches(OPERATION_NAME, 'e.g. digit_sum'));
  if (!operation) return;
  const spec = await askSpec(3, 5);
  if (!spec) return;
  const result = scaffoldOperation(source, start, operation, spec);
  await openResult(result.operationFile, result.files);
}
