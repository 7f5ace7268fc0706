// Makes every operation available to a command: the built-ins, the default plugins, config and oclif-installed plugins.
import type { Config } from '@oclif/core';
import '../operations/builtin';
import {
  DEFAULT_PLUGINS,
  loadPlugins,
  type LoadedPlugins,
  type PluginFailure,
} from '../core/plugins/plugin-loader';

/** Loads operation plugins; failures are returned as one-line messages and never stop the command. */
export function loadOperations(config: Config, extraPlugins: readonly string[], cwd: string): LoadedPlugins {
  const oclifPlugins = config.getPluginsList().filter((p) => p.type === 'user' || p.type === 'link');
  return loadPlugins(
    [...DEFAULT_PLUGINS, ...extraPlugins, ...oclifPlugins.map((p) => p.name)],
    [cwd, ...oclifPlugins.map((p) => p.root)],
  );
}

/** Prints each failure on stderr as one unwrapped line (oclif's warn() wraps at the terminal's width). */
export function warnPluginFailures(failures: readonly PluginFailure[]): void {
  for (const failure of failures) process.stderr.write(`Warning: ${failure.message}\n`);
}
