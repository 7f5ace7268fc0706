// Resolves the extension's settings: which int2int CLI to run and where runs are written.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CliCommand {
  /** The program to start. */
  command: string;
  /** Arguments before the int2int ones (the script, when the CLI is a .js file run by node). */
  prefix: string[];
}

/**
 * The CLI: the `int2int.cliPath` setting when set (a name on the PATH, or a path relative to the workspace
 * folder), else the workspace's
 * node_modules/.bin/int2int, else `int2int` on the PATH. A .js file is run with node.
 */
export function resolveCli(configured: string, workspaceFolder: string | undefined): CliCommand {
  const local = workspaceFolder && path.join(workspaceFolder, 'node_modules', '.bin', 'int2int');
  let program = 'int2int';
  const setting = configured.trim();
  if (setting !== '')
    program = setting.includes('/') ? path.resolve(workspaceFolder ?? '.', setting) : setting;
  else if (local && fs.existsSync(local)) program = local;
  return program.endsWith('.js') ? { command: 'node', prefix: [program] } : { command: program, prefix: [] };
}

/** The dump path: the `int2int.dumpPath` setting (default ./dumped), relative to the workspace folder. */
export function resolveDumpPath(configured: string, workspaceFolder: string | undefined): string {
  return path.resolve(workspaceFolder ?? '.', configured.trim() === '' ? './dumped' : configured.trim());
}
