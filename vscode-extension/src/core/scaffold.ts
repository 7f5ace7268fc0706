// "New Problem Plugin" and "New Operation" without VS Code: the CLI's template functions on the templates the extension ships.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addOperation,
  createPlugin,
  findPluginRoot,
  operationVariables,
  pluginVariables,
} from '../../../framework/src/templates/plugin-templates';
import { operationSpec, type OperationSpec } from '../../../framework/src/templates/operation-spec';

/** What the extension ships: dist/templates (copied from the repository's templates/ at build time) and the int2int version. */
export interface TemplateSource {
  root: string;
  int2intVersion: string;
}

export interface Scaffolded {
  /** The folder written into. */
  folder: string;
  /** The files written, relative to `folder`. */
  files: string[];
  /** The new operation's source file. */
  operationFile: string;
}

/** Renders templates/plugin and templates/operation (of types and parameters `spec`) into `<parent>/<package folder>`. */
export function scaffoldPlugin(
  source: TemplateSource,
  parent: string,
  name: string,
  operation?: string,
  spec: OperationSpec = operationSpec(),
): Scaffolded {
  const variables = pluginVariables(name, operation, source.int2intVersion, spec);
  const folder = path.join(parent, name.replace(/^@[^/]+\//, ''));
  const files = createPlugin(folder, variables, source.root);
  return { folder, files, operationFile: path.join(folder, 'src', `${variables.operation}.operation.ts`) };
}

/** Renders templates/operation (of types and parameters `spec`) into the plugin that holds `start` (a folder or file). */
export function scaffoldOperation(
  source: TemplateSource,
  start: string,
  operation: string,
  spec: OperationSpec = operationSpec(),
): Scaffolded {
  const folder = findPluginRoot(start);
  if (!folder) throw new Error(`no int2int plugin (package.json with "int2int.operations") holds ${start}`);
  const files = addOperation(folder, operationVariables(operation, spec), source.root);
  return { folder, files, operationFile: path.join(folder, 'src', `${operation}.operation.ts`) };
}

/** The plugins in a workspace folder: itself or its direct subfolders, when they declare int2int operations. */
export function findPlugins(workspaceFolder: string): string[] {
  const candidates = [
    workspaceFolder,
    ...fs
      .readdirSync(workspaceFolder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
      .map((entry) => path.join(workspaceFolder, entry.name)),
  ];
  return candidates.filter((dir) => findPluginRoot(dir) === dir);
}
