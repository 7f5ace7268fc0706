// Each backend trains the same model to the same losses; the native addon's install step never fails an install.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNativeBinding } from '../framework/src/backends/native-kernels';
import { makeTempDir, readEvents, runCli, TINY_MODEL } from './cli-helpers';

const NATIVE_PACKAGE = path.join(__dirname, '..', 'native');
const nativeBuilt = !(loadNativeBinding() instanceof Error);

function train(cwd: string, backend: string): { losses: number[]; stdout: string } {
  const result = runCli(
    [
      'train',
      '--operation',
      'gcd',
      ...TINY_MODEL,
      '--epoch_size',
      '320',
      '--eval_size',
      '50',
      '--max_output_len',
      '4',
      '--report_loss_every',
      '4',
      '--num_workers',
      '0',
      '--max_epoch',
      '1',
      '--env_base_seed',
      '5',
      '--backend',
      backend,
      '--exp_id',
      backend,
    ],
    cwd,
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const losses = readEvents(path.join(cwd, 'dumped', 'debug', backend))
    .filter((e) => e.type === 'train_stats')
    .map((e) => e.loss as number);
  return { losses, stdout: result.stdout };
}

describe('backends', () => {
  const cwd = makeTempDir('backends');

  (nativeBuilt ? it : it.skip)('native, wasm and cpu give the same losses for the same seed', () => {
    const native = train(cwd, 'native');
    const wasm = train(cwd, 'wasm');
    const cpu = train(cwd, 'cpu');
    expect(native.stdout).toMatch(/Backend: native \(OpenBLAS/);
    expect(wasm.stdout).toMatch(/Backend: wasm \(WebAssembly SIMD/);
    expect(cpu.stdout).toMatch(/Backend: cpu/);
    expect(native.losses).toHaveLength(5);
    for (const other of [wasm.losses, cpu.losses]) {
      expect(other).toHaveLength(native.losses.length);
      native.losses.forEach((loss, i) => expect(Math.abs(loss - other[i])).toBeLessThan(1e-3 * loss));
    }
  });

  it("int2int-native's install: the prebuilt where it fits, else a build; a failed build leaves the install working and says why", () => {
    const copy = path.join(makeTempDir('native-package'), 'int2int-native');
    for (const entry of ['package.json', 'index.js', 'binding.gyp', 'src', 'scripts', 'prebuilds'])
      fs.cpSync(path.join(NATIVE_PACKAGE, entry), path.join(copy, entry), { recursive: true });
    // the copy finds node-gyp-build where the repository's packages do
    const env = {
      ...process.env,
      NODE_PATH: path.join(__dirname, '..', 'node_modules'),
      INT2INT_SKIP_NATIVE: '',
    };
    const install = (extra: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ['scripts/install.js'], {
        cwd: copy,
        encoding: 'utf8',
        env: { ...env, INT2INT_OPENBLAS: '', npm_config_build_from_source: '', ...extra },
      });
    const load = () =>
      spawnSync(process.execPath, ['-e', "require('./index.js').load()"], {
        cwd: copy,
        encoding: 'utf8',
        env,
      });

    const prebuilt = install({});
    expect(prebuilt.status).toBe(0);
    expect(prebuilt.stdout).toMatch(
      /^int2int-native: prebuilt addon for linux-x64 \(OpenBLAS 0\.3\.\d+, (avx512|avx2|baseline) kernels\)$/m,
    );
    expect(load().status).toBe(0);

    const fromSourceFails = install({
      npm_config_build_from_source: 'true',
      INT2INT_OPENBLAS: '/nowhere/libopenblas.a',
    });
    expect(fromSourceFails.status).toBe(0);
    expect(fromSourceFails.stderr).toContain(
      'int2int-native: the build from source failed: INT2INT_OPENBLAS=/nowhere/libopenblas.a does not exist\nint2int will use the prebuilt addon.',
    );
    expect(load().status).toBe(0);

    // a platform without a prebuilt
    fs.rmSync(path.join(copy, 'prebuilds'), { recursive: true });
    const missing = install({ INT2INT_OPENBLAS: '/nowhere/libopenblas.so.0' });
    expect(missing.status).toBe(0);
    expect(missing.stderr).toContain(
      'int2int-native: not installed: no prebuilt addon for linux-x64, and the build from source failed: INT2INT_OPENBLAS=/nowhere/libopenblas.so.0 does not exist',
    );
    expect(load().stderr).toContain(
      'int2int-native is not installed: no prebuilt addon for linux-x64, and the build from source failed: INT2INT_OPENBLAS=/nowhere/libopenblas.so.0 does not exist',
    );

    const skipped = install({ INT2INT_SKIP_NATIVE: '1' });
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain('int2int will use its pure-npm wasm backend');
    expect(load().stderr).toMatch(
      /int2int-native is not installed: no prebuilt addon for linux-x64, and INT2INT_SKIP_NATIVE=1 skips the build \(see .*build-failure\.txt\)/,
    );
  });
});
