// Build of int2int-native from source: node-gyp against OpenBLAS, the static library where there is one (the
// addon then needs nothing but libc at run time), else the shared one. Used by install.js and prebuild.js.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Where Debian, Fedora, Homebrew and source builds put OpenBLAS, static libraries first. */
const OPENBLAS_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a',
  '/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.a',
  '/usr/lib/x86_64-linux-gnu/libopenblas.a',
  '/usr/lib/aarch64-linux-gnu/libopenblas.a',
  '/usr/lib64/libopenblas.a',
  '/usr/local/lib/libopenblas.a',
  '/opt/OpenBLAS/lib/libopenblas.a',
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

/**
 * The OpenBLAS library to build against: INT2INT_OPENBLAS (a .a or a shared library), else the first candidate.
 * @param {{ staticOnly?: boolean }} [options]
 * @returns {{ library: string } | { reason: string }}
 */
function findOpenBlas(options = {}) {
  const fromEnv = process.env.INT2INT_OPENBLAS;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) return { reason: `INT2INT_OPENBLAS=${fromEnv} does not exist` };
    if (options.staticOnly && !fromEnv.endsWith('.a'))
      return { reason: `INT2INT_OPENBLAS=${fromEnv} is not a static library (libopenblas.a)` };
    return { library: fromEnv };
  }
  const found = OPENBLAS_CANDIDATES.find(
    (candidate) => (!options.staticOnly || candidate.endsWith('.a')) && fs.existsSync(candidate),
  );
  if (found !== undefined) return { library: found };
  return {
    reason: options.staticOnly
      ? 'no static OpenBLAS (libopenblas.a) was found; on Debian/Ubuntu: sudo apt-get install libopenblas-pthread-dev'
      : 'OpenBLAS was not found; on Debian/Ubuntu: sudo apt-get install libopenblas-pthread-dev, then npm rebuild int2int-native --build-from-source',
  };
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
 * Runs `node-gyp rebuild` into build/Release against `library`.
 * @param {string} library
 * @returns {{ addon: string } | { reason: string }}
 */
function buildAgainst(library) {
  const nodeGyp = findNodeGyp();
  if (nodeGyp === undefined) return { reason: 'node-gyp was not found (it comes with npm)' };
  const link = library.endsWith('.a') ? 'static' : 'shared';
  const args = [
    nodeGyp,
    'rebuild',
    `--openblas_link=${link}`,
    `--openblas_lib=${library}`,
    `--openblas_dir=${path.dirname(library)}`,
  ];
  // offline, node-gyp cannot download headers: use those installed with this Node when there are some
  const prefix = path.join(path.dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h')))
    args.push(`--nodedir=${prefix}`);
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    const lines = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`
      .trim()
      .split('\n');
    const firstError = lines.find((line) => /error/i.test(line)) ?? 'no error line';
    return {
      reason:
        `node-gyp rebuild failed with exit code ${result.status ?? result.signal}: ${firstError.trim()}\n` +
        lines.slice(-20).join('\n'),
    };
  }
  return { addon: path.join(root, 'build', 'Release', 'int2int_native.node') };
}

/**
 * Builds the addon from source.
 * @param {{ staticOnly?: boolean }} [options] staticOnly: refuse a shared OpenBLAS (prebuild.js)
 * @returns {{ addon: string, library: string } | { reason: string }}
 */
function buildFromSource(options = {}) {
  const found = findOpenBlas(options);
  if ('reason' in found) return found;
  const built = buildAgainst(found.library);
  return 'reason' in built ? built : { addon: built.addon, library: found.library };
}

module.exports = { buildFromSource, findOpenBlas };
