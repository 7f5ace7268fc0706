// End-to-end: npm pack int2int, int2int-arithmetic and int2int-elliptic (contents, versions, peer ranges), publish them
// to a fresh verdaccio on 127.0.0.1, `int2int plugins:install int2int-elliptic` from it into a temporary data folder,
// list and train its operations, then `plugins:uninstall` it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { peerRangeAccepts } from '../framework/src/core/plugins/plugin-loader';
import { makeTempDir, runCli, TINY_MODEL } from './cli-helpers';
import { isolatedCliEnv, ROOT, TSC } from './plugin-helpers';
import { startRegistry, type LocalRegistry } from './registry/local-registry';

interface Packed {
  name: string;
  version: string;
  filename: string;
  files: Array<{ path: string }>;
}

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const PACKAGES = ['framework', 'plugins/arithmetic', 'plugins/elliptic'];
const ELLIPTIC_OPERATIONS = ['elliptic_ap', 'elliptic_euler', 'elliptic_rank', 'elliptic_torsion'];

const manifest = (dir: string): Manifest =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

describe('int2int-elliptic from a registry', () => {
  const dir = makeTempDir('registry');
  const tarballs = path.join(dir, 'tarballs');
  const packed = new Map<string, Packed>();
  let registry: LocalRegistry | undefined;
  let env: NodeJS.ProcessEnv = {};
  const cli = (...args: string[]) => runCli(args, dir, env);
  const operationsOf = (plugin: string): string[] => {
    const result = cli('operations:list', '--json');
    expect(result.stderr).toBe('');
    const list = JSON.parse(result.stdout) as Array<{ name: string; plugin: string }>;
    return list.filter((o) => o.plugin === plugin).map((o) => o.name);
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [TSC, '-b', 'plugins/elliptic'], { cwd: ROOT });
    fs.mkdirSync(tarballs);
    for (const pkg of PACKAGES) {
      const json = execFileSync('npm', ['pack', '--json', '--pack-destination', tarballs], {
        cwd: path.join(ROOT, pkg),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      packed.set(pkg, (JSON.parse(json) as Packed[])[0]);
    }
    registry = await startRegistry(dir);
    env = {
      ...isolatedCliEnv(dir),
      NPM_CONFIG_USERCONFIG: registry.npmrc,
      npm_config_userconfig: registry.npmrc,
      npm_config_registry: registry.url,
      INT2INT_NPM_REGISTRY: registry.url,
    };
  });

  afterAll(async () => {
    await registry?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(PACKAGES)('packs %s with its compiled code, types, README and licence, and nothing else', (pkg) => {
    const files = packed.get(pkg)!.files.map((f) => f.path);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
      expect(files).toContain(file);
    }
    const extra = files.filter(
      (f) =>
        /(^|\/)src\//.test(f) ||
        /\.test\./.test(f) ||
        /tsbuildinfo|tsconfig/.test(f) ||
        /(?<!\.d)\.ts$/.test(f),
    );
    expect(extra.filter((f) => !f.startsWith('templates/'))).toEqual([]);
  });

  it('packs the CLI, int2int/testing and the templates into int2int', () => {
    const files = packed.get('framework')!.files.map((f) => f.path);
    for (const file of [
      'bin/run.js',
      'dist/testing/index.js',
      'dist/testing/index.d.ts',
      'templates/plugin/package.json',
      'templates/operation/__operation__.operation.ts',
      'templates/operation/__operation__.operation.test.ts',
    ]) {
      expect(files).toContain(file);
    }
  });

  it('has versions and peer dependencies that fit together', () => {
    const framework = manifest('framework');
    for (const plugin of ['plugins/arithmetic', 'plugins/elliptic']) {
      const range = manifest(plugin).peerDependencies?.int2int;
      expect(range && peerRangeAccepts(range, framework.version)).toBe(true);
      expect(manifest(plugin).dependencies?.int2int).toBeUndefined();
    }
    expect(framework.dependencies?.['int2int-arithmetic']).toBe(manifest('plugins/arithmetic').version);
  });

  it('publishes, installs with plugins:install, lists and trains its operations, and uninstalls', () => {
    for (const pkg of PACKAGES) {
      execFileSync('npm', ['publish', path.join(tarballs, packed.get(pkg)!.filename)], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
    }
    expect(operationsOf('int2int-elliptic')).toEqual([]);

    // the registry named by --registry alone: npm's own configuration points at the public one
    const plainNpmrc = path.join(dir, 'plain-npmrc');
    fs.writeFileSync(plainNpmrc, 'audit=false\nfund=false\nupdate-notifier=false\n');
    const installed = runCli(['plugins:install', 'int2int-elliptic', '--registry', registry!.url], dir, {
      ...env,
      NPM_CONFIG_USERCONFIG: plainNpmrc,
      npm_config_userconfig: plainNpmrc,
      npm_config_registry: undefined,
      INT2INT_NPM_REGISTRY: undefined,
    });
    expect(installed.status).toBe(0);
    expect(installed.stderr).toMatch(/Installing plugin int2int-elliptic@latest\.\.\. installed v0\.1\.0/);
    expect(cli('plugins').stdout).toMatch(/^int2int-elliptic 0\.1\.0$/m);
    expect(operationsOf('int2int-elliptic')).toEqual(ELLIPTIC_OPERATIONS);

    const trained = cli(
      'train',
      '--operation',
      'elliptic_euler',
      '--n_primes',
      '4',
      '--coef_max',
      '50',
      ...TINY_MODEL,
      '--epoch_size',
      '64',
      '--max_epoch',
      '1',
      '--eval_size',
      '40',
      '--report_loss_every',
      '2',
      '--num_workers',
      '0',
    );
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    expect(trained.stdout).toMatch(/ARITHMETIC: +[\d.]+/);
    expect(trained.stdout).toMatch(/\d+\/40 \(\d+\.\d\d%\) examples were evaluated correctly\./);

    expect(cli('plugins:uninstall', 'int2int-elliptic').status).toBe(0);
    expect(cli('plugins').stdout).toMatch(/No plugins installed/);
    expect(operationsOf('int2int-elliptic')).toEqual([]);
  });
});
