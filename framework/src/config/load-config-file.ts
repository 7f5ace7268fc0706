// Finds and reads the user's int2int config file with cosmiconfig (int2int.config.*, .int2intrc*, package.json "int2int").
import { cosmiconfig } from 'cosmiconfig';
import { UsageError } from '../core/usage-error';

/** What a config file holds: parameter values, and plugin packages to load. */
export interface ConfigFile {
  path: string;
  values: Record<string, unknown>;
  plugins: string[];
}

/** Where a config file is looked for, in this order, in the current folder. */
export const SEARCH_PLACES = [
  'package.json',
  '.int2intrc',
  '.int2intrc.json',
  '.int2intrc.yaml',
  '.int2intrc.yml',
  '.int2intrc.js',
  '.int2intrc.cjs',
  'int2int.config.json',
  'int2int.config.yaml',
  'int2int.config.yml',
  'int2int.config.js',
  'int2int.config.cjs',
  'int2int.config.ts',
];

/** Reads `explicitPath`, or searches `cwd`; undefined when there is no config file. */
export async function loadConfigFile(cwd: string, explicitPath?: string): Promise<ConfigFile | undefined> {
  const explorer = cosmiconfig('int2int', { searchPlaces: SEARCH_PLACES });
  let result;
  try {
    result = explicitPath ? await explorer.load(explicitPath) : await explorer.search(cwd);
  } catch (error) {
    throw new UsageError(
      `Cannot read the config file ${explicitPath ?? `in ${cwd}`}: ${(error as Error).message}`,
    );
  }
  if (!result || result.isEmpty) return undefined;
  const config: unknown = result.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new UsageError(
      `${result.filepath}: the config must be an object of settings, e.g. {"operation": "gcd"}`,
    );
  }
  const { plugins = [], ...values } = config as Record<string, unknown>;
  if (!Array.isArray(plugins) || !plugins.every((p) => typeof p === 'string')) {
    throw new UsageError(`${result.filepath}: "plugins" must be a list of npm package names`);
  }
  return { path: result.filepath, values, plugins };
}
