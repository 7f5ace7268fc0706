// Tests for the plugin loader: peer ranges, and loadPlugins with temporary plugin packages (good and failing).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../rng';
import { PositionalInt } from '../../tokenizers/positional-int';
import { operationRegistry } from '../registry/operation-registry';
import { loadPlugins, peerRangeAccepts } from './plugin-loader';

const FRAMEWORK_VERSION = jest.requireActual<{ version: string }>('../../../package.json').version;

describe('peerRangeAccepts', () => {
  it.each([
    ['^0.1.0', true],
    ['~0.1.3', true],
    ['0.1.0', true],
    ['>=0.1.0', true],
    ['0.1.x', true],
    ['0.x', true],
    ['0', true],
    ['*', true],
    ['', true],
    ['^0.2.0', false],
    ['~0.0.9', false],
    ['^1.0.0', false],
    ['^1.0.0 || ^0.1.0', true],
    ['^1.0.0 || ^0.2.0', false],
  ])('for version 0.1.5, %j → %s', (range, expected) => {
    expect(peerRangeAccepts(range, '0.1.5')).toBe(expected);
  });

  it.each([
    ['^1.0.0', true],
    ['1.x', true],
    ['~1.2.0', true],
    ['^2.0.0', false],
    ['0.1.0', false],
  ])('for version 1.2.3, %j → %s', (range, expected) => {
    expect(peerRangeAccepts(range, '1.2.3')).toBe(expected);
  });

  it("defaults to the framework's own version", () => {
    const [major, minor] = FRAMEWORK_VERSION.split('.');
    expect(peerRangeAccepts(`^${major}.${minor}.0`)).toBe(true);
    expect(peerRangeAccepts(`^${Number(major) + 1}.0.0`)).toBe(false);
  });
});

/** The hook a test plugin's entry point calls to register an operation (the entry never requires int2int). */
type Hook = (name: string) => void;
const HOOK = '__int2intPluginLoaderTest';
const globals = globalThis as unknown as Record<string, Hook | undefined>;

describe('loadPlugins', () => {
  let dir: string;
  const writePlugin = (
    name: string,
    manifest: Record<string, unknown>,
    entry?: { file: string; source: string },
  ): void => {
    const root = join(dir, 'node_modules', name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
    if (entry) writeFileSync(join(root, entry.file), entry.source);
  };
  const registering = (op: string, thenThrow?: string) => ({
    file: 'index.js',
    source:
      `globalThis.${HOOK}(${JSON.stringify(op)});\n` +
      (thenThrow ? `throw new Error(${JSON.stringify(thenThrow)});\n` : ''),
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-plugins-'));
    globals[HOOK] = (name) => {
      class PluginOperation {
        readonly inputTokenizer = new PositionalInt(10);
        readonly outputTokenizer = new PositionalInt(10);
        generate(rng: Rng) {
          return { input: rng.int(0, 9), output: 0 };
        }
        classOf(): number {
          return 0;
        }
      }
      operationRegistry().register(PluginOperation, { name, summary: `Operation ${name}` });
    };
  });
  afterEach(() => {
    delete globals[HOOK];
    rmSync(dir, { recursive: true, force: true });
  });

  it('requires the entry point of a good plugin, which registers under the plugin name', () => {
    writePlugin(
      'int2int-test-good',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_good_op'),
    );
    const result = loadPlugins(['int2int-test-good'], [dir]);
    expect(result.failures).toEqual([]);
    const entry = {
      plugin: 'int2int-test-good',
      entry: join(dir, 'node_modules', 'int2int-test-good', 'index.js'),
    };
    expect(result.entryPoints).toEqual([entry]);
    expect(operationRegistry().get('test_plugin_good_op').plugin).toBe('int2int-test-good');
    expect(operationRegistry().currentPlugin).toBe('int2int');

    // A second load (or a duplicate in the list) does not import it again, but still reports its entry point.
    const again = loadPlugins(['int2int-test-good', 'int2int-test-good'], [dir]);
    expect(again).toEqual({ entryPoints: [entry], failures: [] });
  });

  it('reports a package that is not installed', () => {
    const result = loadPlugins(['int2int-test-missing'], [dir]);
    expect(result.entryPoints).toEqual([]);
    expect(result.failures).toEqual([
      {
        plugin: 'int2int-test-missing',
        message:
          'Plugin int2int-test-missing could not be loaded: package not found ' +
          '(install it with `int2int plugins:install int2int-test-missing`)',
      },
    ]);
  });

  it('reports a package without the "int2int" key', () => {
    writePlugin('int2int-test-nokey', { main: 'index.js' }, { file: 'index.js', source: '' });
    const [failure] = loadPlugins(['int2int-test-nokey'], [dir]).failures;
    expect(failure.message).toBe(
      'Plugin int2int-test-nokey could not be loaded: its package.json has no "int2int": { "operations": "<entry point>" }',
    );
  });

  it('reports a missing entry point', () => {
    writePlugin('int2int-test-unbuilt', { int2int: { operations: 'dist/index.js' } });
    const [failure] = loadPlugins(['int2int-test-unbuilt'], [dir]).failures;
    expect(failure.message).toBe(
      'Plugin int2int-test-unbuilt could not be loaded: its entry point dist/index.js does not exist (was it built?)',
    );
  });

  it('reports an incompatible peer range before importing anything', () => {
    writePlugin(
      'int2int-test-future',
      { int2int: { operations: 'index.js' }, peerDependencies: { int2int: '^99.0.0' } },
      registering('test_plugin_future_op'),
    );
    const [failure] = loadPlugins(['int2int-test-future'], [dir]).failures;
    expect(failure.message).toBe(
      `Plugin int2int-test-future could not be loaded: it needs int2int ^99.0.0, but this is int2int ${FRAMEWORK_VERSION}`,
    );
    expect(operationRegistry().has('test_plugin_future_op')).toBe(false);
  });

  it('unregisters the operations of a plugin whose entry throws, keeping the first line of the error', () => {
    writePlugin(
      'int2int-test-throws',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_throws_op', 'boom at import\nsecond line of the stack'),
    );
    const result = loadPlugins(['int2int-test-throws'], [dir]);
    expect(result.entryPoints).toEqual([]);
    expect(result.failures).toEqual([
      {
        plugin: 'int2int-test-throws',
        message: 'Plugin int2int-test-throws could not be loaded: boom at import',
      },
    ]);
    expect(operationRegistry().has('test_plugin_throws_op')).toBe(false);
    expect(operationRegistry().currentPlugin).toBe('int2int');
  });

  it('keeps loading the other plugins after a failure, each failure on one line naming its plugin', () => {
    writePlugin(
      'int2int-test-first',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_first_op'),
    );
    writePlugin(
      'int2int-test-broken',
      { int2int: { operations: 'index.js' } },
      {
        file: 'index.js',
        source: 'this is not javascript',
      },
    );
    writePlugin(
      'int2int-test-last',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_last_op'),
    );
    const result = loadPlugins(
      ['int2int-test-first', 'int2int-test-absent', 'int2int-test-broken', 'int2int-test-last'],
      [dir],
    );
    expect(result.entryPoints.map((e) => e.entry)).toEqual([
      join(dir, 'node_modules', 'int2int-test-first', 'index.js'),
      join(dir, 'node_modules', 'int2int-test-last', 'index.js'),
    ]);
    expect(result.failures.map((f) => f.plugin)).toEqual(['int2int-test-absent', 'int2int-test-broken']);
    for (const { plugin, message } of result.failures) {
      expect(message).not.toContain('\n');
      expect(message.startsWith(`Plugin ${plugin} could not be loaded: `)).toBe(true);
    }
    expect(operationRegistry().has('test_plugin_first_op')).toBe(true);
    expect(operationRegistry().has('test_plugin_last_op')).toBe(true);
  });

  it('reports a plugin whose operation name is already taken, without dropping the first owner', () => {
    writePlugin(
      'int2int-test-owner',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_shared_op'),
    );
    writePlugin(
      'int2int-test-clash',
      { int2int: { operations: 'index.js' } },
      registering('test_plugin_shared_op'),
    );
    const result = loadPlugins(['int2int-test-owner', 'int2int-test-clash'], [dir]);
    expect(result.failures).toEqual([
      {
        plugin: 'int2int-test-clash',
        message:
          'Plugin int2int-test-clash could not be loaded: operation "test_plugin_shared_op" (int2int-test-clash): ' +
          'the name "test_plugin_shared_op" is already taken by int2int-test-owner; rename one of them',
      },
    ]);
    expect(operationRegistry().get('test_plugin_shared_op').plugin).toBe('int2int-test-owner');
  });
});
