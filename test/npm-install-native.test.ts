// End-to-end: `npm install -g int2int` from a registry (verdaccio on 127.0.0.1, this repository's packages published
// to it) on a PATH without a compiler, make or node-gyp, as most users' machines are: the prebuilt addon is installed,
// nothing is built, and `int2int train` runs on the native backend; the installed addon needs no OpenBLAS.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, readEvents, TINY_MODEL } from './cli-helpers';
import { isolatedCliEnv } from './plugin-helpers';
import {
  INT2INT_PACKAGES,
  publishPackages,
  startRegistry,
  type LocalRegistry,
} from './registry/local-registry';

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const TOOLS_KEPT = ['sh', 'env', 'cat', 'ls', 'uname'];
const BUILD_TOOLS = ['gcc', 'cc', 'c++', 'g++', 'make', 'node-gyp', 'clang'];

/** A bin folder with node, npm and a few shell tools, and nothing that compiles. */
function compilerFreeBin(dir: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const npmCli = path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'bin',
    'npm-cli.js',
  );
  fs.symlinkSync(fs.realpathSync(npmCli), path.join(bin, 'npm'));
  for (const tool of TOOLS_KEPT) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found.startsWith('/')) fs.symlinkSync(found, path.join(bin, tool));
  }
  return bin;
}

(linuxX64 ? describe : describe.skip)('npm install -g int2int without a compiler (linux-x64)', () => {
  const dir = makeTempDir('npm-install-native');
  const prefix = path.join(dir, 'prefix');
  let registry: LocalRegistry | undefined;
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    registry = await startRegistry(dir);
    publishPackages(registry, INT2INT_PACKAGES, dir);
    const bin = compilerFreeBin(dir);
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !/^(npm_.*|INT2INT_.*|OPENBLAS_.*|NODE_PATH|NODE_ENV|JEST_WORKER_ID|INIT_CWD)$/i.test(key),
      ),
    );
    env = {
      ...inherited,
      ...isolatedCliEnv(dir),
      PATH: `${path.join(prefix, 'bin')}:${bin}`,
      npm_config_userconfig: registry.npmrc,
      npm_config_registry: registry.url,
      npm_config_prefix: prefix,
    };
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
  });

  it('installs the prebuilt addon, builds nothing, and trains on native', () => {
    const which = spawnSync('sh', ['-c', BUILD_TOOLS.map((t) => `command -v ${t}`).join('; ')], {
      encoding: 'utf8',
      env,
    });
    expect(which.stdout.trim()).toBe(''); // nothing on this PATH could build the addon

    const install = spawnSync('npm', ['install', '-g', 'int2int', '--foreground-scripts'], {
      cwd: dir,
      encoding: 'utf8',
      env,
    });
    expect(install.status).toBe(0);
    const output = `${install.stdout}${install.stderr}`;
    expect(output).toMatch(
      /int2int-native: prebuilt addon for linux-x64 \(OpenBLAS 0\.3\.\d+, (avx512|avx2|baseline) kernels\)/,
    );
    expect(output).not.toMatch(/node-gyp|not installed/);

    const installed = path.join(prefix, 'lib', 'node_modules', 'int2int', 'node_modules', 'int2int-native');
    expect(fs.existsSync(path.join(installed, 'build'))).toBe(false);
    const addon = path.join(installed, 'prebuilds', 'linux-x64', 'int2int-native.napi.glibc.node');
    const dynamic = spawnSync('readelf', ['-d', addon], { encoding: 'utf8' }).stdout;
    expect(dynamic).toMatch(/\(NEEDED\)\s+Shared library: \[libc\.so\.6\]/);
    expect(dynamic).not.toMatch(/openblas|gfortran/i);

    const train = spawnSync(
      'int2int',
      [
        'train',
        '--operation',
        'gcd',
        ...TINY_MODEL,
        '--epoch_size',
        '320',
        '--eval_size',
        '50',
        '--max_epoch',
        '1',
      ],
      { cwd: dir, encoding: 'utf8', env },
    );
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(
      /Backend: native \(OpenBLAS 0\.3\.\d+ .*; prebuilt addon for linux-x64, \w+ kernels\)/,
    );
    expect(train.stdout).toMatch(/examples were evaluated correctly/);
    const [runDir] = fs
      .readdirSync(path.join(dir, 'dumped', 'debug'))
      .map((id) => path.join(dir, 'dumped', 'debug', id));
    const start = readEvents(runDir).find((event) => event.type === 'run_start');
    // the installed int2int has its optional webgpu packages: auto probed them and says why it did not use them
    expect(start?.backend).toMatch(
      /^native \(OpenBLAS .*; prebuilt addon for linux-x64, \w+ kernels\); webgpu not used: .+$/,
    );
    const params = JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as {
      backend?: string;
      params: { backend: string };
    };
    expect([params.params.backend, params.backend]).toEqual(['auto', start?.backend]);
    const runs = spawnSync('int2int', ['runs', 'dumped'], { cwd: dir, encoding: 'utf8', env });
    expect(runs.stdout).toMatch(/\bnative\b/);
  }, 600_000);
});
