// Install step of int2int-native: builds the addon with node-gyp against OpenBLAS; never fails the install.
// Without OpenBLAS, a compiler or Node's headers, int2int runs on its pure-npm wasm backend and says why.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const failureFile = path.join(root, 'build', 'build-failure.txt');

/** Where Debian, Fedora, Homebrew and source builds put the OpenBLAS shared library. */
const OPENBLAS_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0',
  '/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0',
  '/usr/lib/x86_64-linux-gnu/libopenblas.so.0',
  '/usr/lib/aarch64-linux-gnu/libopenblas.so.0',
  '/usr/lib64/libopenblas.so.0',
  '/usr/lib/libopenblas.so.0',
  '/usr/local/lib/libopenblas.so.0',
  '/opt/OpenBLAS/lib/libopenblas.so.0',
  '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
  '/usr/local/opt/openblas/lib/libopenblas.dylib',
];

function findOpenBlas() {
  const fromEnv = process.env.INT2INT_OPENBLAS;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  return OPENBLAS_CANDIDATES.find((candidate) => fs.existsSync(candidate));
}

/** npm passes its own node-gyp to install scripts; outside npm, look beside npm. */
function findNodeGyp() {
  const bundled = path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
  );
  for (const candidate of [
    process.env.npm_config_node_gyp,
    path.join(bundled, 'node-gyp', 'bin', 'node-gyp.js'),
  ]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return undefined;
  }
}

/**
 * @param {string} reason
 * @returns {never}
 */
function giveUp(reason) {
  fs.mkdirSync(path.dirname(failureFile), { recursive: true });
  fs.writeFileSync(failureFile, `${reason}\n`);
  console.warn(`int2int-native: not built: ${reason}\nint2int will use its pure-npm wasm backend.`);
  process.exit(0);
}

function main() {
  fs.rmSync(failureFile, { force: true });
  if (process.env.INT2INT_SKIP_NATIVE === '1') giveUp('INT2INT_SKIP_NATIVE=1 was set during install');
  const openblas = findOpenBlas();
  if (openblas === undefined) {
    giveUp(
      process.env.INT2INT_OPENBLAS
        ? `INT2INT_OPENBLAS=${process.env.INT2INT_OPENBLAS} does not exist`
        : 'OpenBLAS was not found; on Debian/Ubuntu: sudo apt-get install libopenblas0-pthread, then npm rebuild int2int-native',
    );
  }
  const nodeGyp = findNodeGyp();
  if (nodeGyp === undefined)
    giveUp('node-gyp was not found (it comes with npm; run `npm rebuild int2int-native`)');
  const args = [nodeGyp, 'rebuild', `--openblas_lib=${openblas}`, `--openblas_dir=${path.dirname(openblas)}`];
  // offline, node-gyp cannot download headers: use those installed with this Node when there are some
  const prefix = path.join(path.dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')))
    args.push(`--nodedir=${prefix}`);
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n');
    const firstError = lines.find((line) => /error/i.test(line)) ?? 'no error line';
    giveUp(
      `node-gyp rebuild failed with exit code ${result.status ?? result.signal}: ${firstError.trim()}\n` +
        lines.slice(-20).join('\n'),
    );
  }
  console.log(`int2int-native: built against ${openblas}`);
}

main();
