// Finds and reads the user's int2int config file with cosmiconfig (int2int.config.*, .int2intrc*, package.json "int2int").
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
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
  const search = (searchPlaces: string[]) => cosmiconfig('int2int', { searchPlaces }).search(cwd);
  let result;
  try {
    if (explicitPath) result = await cosmiconfig('int2int').load(explicitPath);
    else {
      result = await search(SEARCH_PLACES);
      // the "int2int" key of a plugin package's own package.json declares its operations: it is not a config
      if (result && path.basename(result.filepath) === 'package.json' && isPluginManifest(result.config)) {
        result = await search(SEARCH_PLACES.filter((place) => place !== 'package.json'));
      }
    }
  } catch (error) {
    throw new UsageError(`Cannot read the config file ${describeConfigError(error, explicitPath ?? cwd)}`);
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

function isPluginManifest(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'operations' in config;
}

/** A JSON or YAML syntax error as one line, `FILE:LINE: what is wrong`, without the code frame cosmiconfig adds. */
function describeConfigError(error: unknown, fallbackPath: string): string {
  const {
    filepath = fallbackPath,
    message = String(error),
    mark,
    reason,
  } = error as {
    filepath?: string;
    message?: string;
    mark?: { line: number; column: number };
    reason?: string;
  };
  if (mark && reason) return `${filepath}:${mark.line + 1}:${mark.column + 1}: ${reason}`;
  const lines = stripVTControlCharacters(message).split('\n');
  const frameLine = /^>\s*(\d+)\s*\|/;
  const line = lines.map((l) => frameLine.exec(l)?.[1]).find(Boolean);
  const isFrame = (l: string) => /^\s*(>\s*)?\d*\s*\|/.test(l) || /^-+\^/.test(l) || l.trim() === '';
  const what =
    lines
      .slice(1)
      .find((l) => !isFrame(l))
      ?.replace(/ while parsing .*$/, '')
      .trim() ?? lines[0];
  return `${filepath}${line ? `:${line}` : ''}: ${what}`;
}
