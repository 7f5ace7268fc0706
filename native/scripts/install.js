// Install step of int2int-native: the prebuilt addon where one fits this machine and loads, else a build from
// source (scripts/build.js); never fails the install: without an addon int2int runs on wasm and says why.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildFromSource } = require('./build');
const { unpackPrebuilds } = require('./unpack');

const root = path.join(__dirname, '..');
const buildDir = path.join(root, 'build');
const failureFile = path.join(buildDir, 'build-failure.txt');

/**
 * The prebuilt addon for this platform, architecture and libc (node-gyp-build's conventions), if there is one.
 * @returns {string | undefined}
 */
function prebuiltAddon() {
  process.env.PREBUILDS_ONLY = '1'; // node-gyp-build: look in prebuilds/ only, not in build/
  try {
    unpackPrebuilds(root);
    return require('node-gyp-build').path(root);
  } catch {
    return undefined;
  } finally {
    delete process.env.PREBUILDS_ONLY;
  }
}

/**
 * Loads `addon` in a fresh process: a prebuilt may need a newer libc than this machine has.
 * @param {string} addon
 * @returns {{ info: { blas: string, kernels: string } } | { reason: string }}
 */
function tryLoad(addon) {
  const script = 'process.stdout.write(JSON.stringify(require(process.argv[1]).info()))';
  const result = spawnSync(process.execPath, ['-e', script, addon], { encoding: 'utf8' });
  if (result.status === 0) return { info: JSON.parse(result.stdout) };
  const lines = `${result.stderr ?? ''}`.split('\n');
  return { reason: (lines.find((line) => /Error/.test(line)) ?? lines[0] ?? 'no output').trim() };
}

/**
 * @param {string} reason
 * @returns {never}
 */
function giveUp(reason) {
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(failureFile, `${reason}\n`);
  console.warn(`int2int-native: not installed: ${reason}\nint2int will use its pure-npm wasm backend.`);
  process.exit(0);
}

function main() {
  fs.rmSync(failureFile, { force: true });
  const fromSource = ['true', '1'].includes(process.env.npm_config_build_from_source ?? '');
  const prebuilt = prebuiltAddon();
  const loaded = prebuilt === undefined ? undefined : tryLoad(prebuilt);
  const prebuiltWorks = loaded !== undefined && 'info' in loaded;
  if (!fromSource && prebuiltWorks) {
    // an earlier build from source would be loaded before the prebuilt (node-gyp-build looks in build/ first)
    fs.rmSync(path.join(buildDir, 'Release'), { recursive: true, force: true });
    const { blas, kernels } = loaded.info;
    const where = `${process.platform}-${process.arch}`;
    console.log(
      `int2int-native: prebuilt addon for ${where} (${blas.split(' ').slice(0, 2).join(' ')}, ${kernels} kernels)`,
    );
    return;
  }
  const why = fromSource
    ? 'building from source was asked for (--build-from-source)'
    : loaded === undefined
      ? `no prebuilt addon for ${process.platform}-${process.arch}`
      : `the prebuilt addon does not load here (${'reason' in loaded ? loaded.reason : 'unknown'})`;
  if (process.env.INT2INT_SKIP_NATIVE === '1') giveUp(`${why}, and INT2INT_SKIP_NATIVE=1 skips the build`);
  const built = buildFromSource();
  if (!('reason' in built)) {
    console.log(`int2int-native: built from source against ${built.library} (${why})`);
  } else if (prebuiltWorks) {
    console.warn(
      `int2int-native: the build from source failed: ${built.reason}\nint2int will use the prebuilt addon.`,
    );
  } else {
    giveUp(`${why}, and the build from source failed: ${built.reason}`);
  }
}

main();
