// End-to-end: broken operation plugins (missing entry point, throws on import, an operation name already taken,
// an incompatible int2int version) each give one warning line naming the plugin, and every command keeps working.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli, TINY_MODEL } from './cli-helpers';
import { isolatedCliEnv, linesMatching } from './plugin-helpers';

/** A plugin package: its package.json fields and its entry point's source (none: the entry point is missing). */
function writePlugin(dir: string, name: string, entry: string | undefined, peer = '^0.2.0'): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  const pjson = {
    name,
    version: '1.0.0',
    license: 'MIT',
    int2int: { operations: './index.js' },
    oclif: {},
    peerDependencies: { int2int: peer },
    peerDependenciesMeta: { int2int: { optional: true } },
  };
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(pjson, null, 2));
  if (entry !== undefined) fs.writeFileSync(path.join(root, 'index.js'), entry);
  return root;
}

const TAKEN_NAME = `
const { operation, PositionalInt } = require('int2int');
class AnotherGcd {
  constructor() { this.inputTokenizer = new PositionalInt(10); this.outputTokenizer = new PositionalInt(10); }
  generate() { return { input: 1, output: 1 }; }
  classOf() { return 0; }
}
operation({ name: 'gcd', summary: 'Another gcd' })(AnotherGcd);
`;

const EXPECTED_WARNINGS = [
  'Warning: Plugin int2int-no-entry could not be loaded: its entry point ./index.js does not exist (was it built?)',
  'Warning: Plugin int2int-throws could not be loaded: the curve tables are missing',
  'Warning: Plugin int2int-taken could not be loaded: operation "gcd" (int2int-taken): the name "gcd" is already taken by int2int-arithmetic; rename one of them',
  'Warning: Plugin int2int-next could not be loaded: it needs int2int ^1.0.0, but this is int2int 0.2.0',
];

describe('broken plugins', () => {
  const dir = makeTempDir('broken-plugins');
  const env = isolatedCliEnv(dir);
  const cli = (...args: string[]) => runCli(args, dir, env);

  beforeAll(() => {
    const noEntry = writePlugin(dir, 'int2int-no-entry', undefined);
    const throws = writePlugin(
      dir,
      'int2int-throws',
      "throw new Error('the curve tables are missing\\nat line 2');",
    );
    writePlugin(dir, 'int2int-taken', TAKEN_NAME);
    writePlugin(dir, 'int2int-next', 'module.exports = {};', '^1.0.0');
    execFileSync('npm', ['pack', '--silent'], { cwd: throws, stdio: 'ignore' });
    // a path, a tarball and two links: the three ways to install a plugin that need no registry
    for (const args of [
      ['plugins:install', `file:${noEntry}`],
      ['plugins:install', `file:${path.join(throws, 'int2int-throws-1.0.0.tgz')}`],
      ['plugins:link', '--no-install', path.join(dir, 'int2int-taken')],
      ['plugins:link', '--no-install', path.join(dir, 'int2int-next')],
    ]) {
      const result = cli(...args);
      expect(result.status).toBe(0);
    }
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are installed and listed by oclif', () => {
    const result = cli('plugins');
    expect(result.status).toBe(0);
    for (const name of ['int2int-no-entry', 'int2int-throws', 'int2int-taken', 'int2int-next']) {
      expect(result.stdout).toContain(name);
    }
  });

  it('each give one warning line naming the plugin; operations:list still lists every other operation', () => {
    const result = cli('operations:list', '--json');
    expect(result.status).toBe(0);
    expect(linesMatching(result.stderr, /\S/).sort()).toEqual([...EXPECTED_WARNINGS].sort());
    const operations = JSON.parse(result.stdout) as Array<{ name: string; plugin: string }>;
    expect(operations.find((o) => o.name === 'gcd')?.plugin).toBe('int2int-arithmetic');
    expect(operations.map((o) => o.name)).toEqual(
      expect.arrayContaining(['data', 'gcd', 'modular_add', 'matrix_rank']),
    );
  });

  it('do not stop operations:show, generate, train or --help', () => {
    const show = cli('operations:show', 'modular_add');
    expect(show.status).toBe(0);
    expect(linesMatching(show.stderr, /\S/)).toHaveLength(4);
    const generated = cli(
      'generate',
      '--operation',
      'gcd',
      '--count',
      '100',
      '--valid_size',
      '10',
      '--test_size',
      '10',
    );
    expect(generated.stderr).toContain(EXPECTED_WARNINGS[1]);
    expect(generated.status).toBe(0);
    const trained = cli(
      'train',
      '--operation',
      'gcd',
      ...TINY_MODEL,
      '--epoch_size',
      '32',
      '--max_epoch',
      '1',
      '--eval_size',
      '20',
      '--num_workers',
      '0',
    );
    expect(trained.status).toBe(0);
    expect(linesMatching(trained.stderr, /\S/).sort()).toEqual([...EXPECTED_WARNINGS].sort());
    expect(trained.stdout).toMatch(/examples were evaluated correctly/);
    expect(cli('--help').status).toBe(0);
  });

  it('go away with plugins:uninstall and plugins:unlink', () => {
    for (const name of ['int2int-no-entry', 'int2int-throws'])
      expect(cli('plugins:uninstall', name).status).toBe(0);
    for (const name of ['int2int-taken', 'int2int-next']) expect(cli('plugins:unlink', name).status).toBe(0);
    const result = cli('operations:list');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
