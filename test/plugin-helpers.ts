// Helpers for the plugin end-to-end tests: oclif's data, cache and config folders in a temporary folder, tool paths.
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..');
export const NODE_MODULES = path.join(ROOT, 'node_modules');
export const TSC = path.join(NODE_MODULES, 'typescript', 'bin', 'tsc');
export const JEST = path.join(NODE_MODULES, 'jest', 'bin', 'jest.js');
export const PRETTIER = path.join(NODE_MODULES, 'prettier', 'bin', 'prettier.cjs');

/** Environment variables that keep oclif (plugins:install / link) and npm's update check inside `dir`. */
export function isolatedCliEnv(dir: string): NodeJS.ProcessEnv {
  return {
    INT2INT_DATA_DIR: path.join(dir, 'oclif', 'data'),
    INT2INT_CACHE_DIR: path.join(dir, 'oclif', 'cache'),
    INT2INT_CONFIG_DIR: path.join(dir, 'oclif', 'config'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
  };
}

/** The lines of `text` that match `pattern`. */
export function linesMatching(text: string, pattern: RegExp): string[] {
  return text.split('\n').filter((line) => pattern.test(line));
}
