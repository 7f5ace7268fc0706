// Loads operation plugins: npm packages whose package.json has "int2int": { "operations": "<entry>" }.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { operationRegistry } from '../registry/operation-registry';
import { shareHostModules } from './shared-modules';

/** Packages whose operations are available without configuration. */
export const DEFAULT_PLUGINS = ['int2int-arithmetic'];

/** A plugin that failed to load; the message is one line naming the plugin. */
export interface PluginFailure {
  plugin: string;
  message: string;
}

/** A plugin's entry point: requiring it registers the plugin's operations. */
export interface PluginEntryPoint {
  plugin: string;
  /** Its absolute path. */
  entry: string;
}

export interface LoadedPlugins {
  /** The entry points required, in order (generation workers require them again, with loadEntryPoint). */
  entryPoints: PluginEntryPoint[];
  failures: PluginFailure[];
}

interface PluginManifest {
  name?: string;
  version?: string;
  int2int?: { operations?: string };
  peerDependencies?: Record<string, string>;
}

const FRAMEWORK_VERSION = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Whether a plugin's peer range for int2int (^x.y.z, ~x.y.z, x.y.z, x or x.x) admits this framework's version. */
export function peerRangeAccepts(range: string, version = FRAMEWORK_VERSION): boolean {
  const [major, minor] = version.split('.').map(Number);
  return range.split('||').some((part) => {
    const match = /^\s*[\^~>=]*\s*(\d+)(?:\.(\d+|x|\*))?/.exec(part);
    if (!match) return part.trim() === '*' || part.trim() === '';
    const wantMajor = Number(match[1]);
    const wantMinor =
      match[2] === undefined || match[2] === 'x' || match[2] === '*' ? undefined : Number(match[2]);
    if (wantMajor !== major) return false;
    return major !== 0 || wantMinor === undefined || wantMinor === minor;
  });
}

/** Loads each package once (later duplicates are ignored); a failing plugin never stops the others. */
export function loadPlugins(packages: readonly string[], searchPaths: readonly string[]): LoadedPlugins {
  const registry = operationRegistry();
  const result: LoadedPlugins = { entryPoints: [], failures: [] };
  for (const plugin of new Set(packages)) {
    if (loadedPlugins.has(plugin)) {
      result.entryPoints.push(...loadedPlugins.get(plugin)!);
      continue;
    }
    try {
      const entryPoint = { plugin, entry: resolveEntryPoint(plugin, searchPaths) };
      loadEntryPoint(entryPoint);
      loadedPlugins.set(plugin, [entryPoint]);
      result.entryPoints.push(entryPoint);
    } catch (error) {
      registry.unregisterPlugin(plugin);
      const message = (error as Error).message.split('\n')[0];
      result.failures.push({ plugin, message: `Plugin ${plugin} could not be loaded: ${message}` });
    }
  }
  return result;
}

/**
 * Requires a plugin's entry point, its operations registering as the plugin's, with the host's copies of the
 * shared packages (in the main thread and in generation worker threads alike).
 */
export function loadEntryPoint({ plugin, entry }: PluginEntryPoint): void {
  shareHostModules();
  const registry = operationRegistry();
  registry.currentPlugin = plugin;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- plugin entry points are found at run time
    require(entry);
  } finally {
    registry.currentPlugin = 'int2int';
  }
}

const loadedPlugins = new Map<string, PluginEntryPoint[]>();

function resolveEntryPoint(plugin: string, searchPaths: readonly string[]): string {
  const manifestPath = findManifest(plugin, searchPaths);
  const manifest = readManifest(manifestPath);
  const operations = manifest.int2int?.operations;
  if (!operations) throw new Error('its package.json has no "int2int": { "operations": "<entry point>" }');
  const peer = manifest.peerDependencies?.int2int;
  if (peer && !peerRangeAccepts(peer)) {
    throw new Error(`it needs int2int ${peer}, but this is int2int ${FRAMEWORK_VERSION}`);
  }
  const entry = path.resolve(path.dirname(manifestPath), operations);
  if (!fs.existsSync(entry)) throw new Error(`its entry point ${operations} does not exist (was it built?)`);
  return entry;
}

/** The plugin's package.json: a search path that is the package itself (a linked plugin's root), or resolved. */
function findManifest(plugin: string, searchPaths: readonly string[]): string {
  const own = searchPaths
    .map((dir) => path.join(dir, 'package.json'))
    .find((file) => fs.existsSync(file) && readManifest(file).name === plugin);
  if (own) return own;
  try {
    return require.resolve(`${plugin}/package.json`, { paths: [...searchPaths, __dirname] });
  } catch {
    throw new Error(`package not found (install it with \`int2int plugins:install ${plugin}\`)`);
  }
}

function readManifest(file: string): PluginManifest {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PluginManifest;
}
