// Loader of the int2int-native addon (node-gyp-build's conventions: a build from source in build/, else the
// prebuilt one in prebuilds/<platform>-<arch>/, unpacked on first use): the binding, or an Error that says why not.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const nodeGypBuild = require('node-gyp-build');
const { unpackPrebuilds } = require('./scripts/unpack');

const FAILURE = path.join(__dirname, 'build', 'build-failure.txt');
const PREBUILDS = path.join(__dirname, 'prebuilds');

/** The instruction set of the addon's own kernels on a CPU of each OpenBLAS core family (the rest: baseline). */
const KERNELS_OF_CORE = {
  skylakex: 'avx512',
  cooperlake: 'avx512',
  sapphirerapids: 'avx512',
  haswell: 'avx2',
  zen: 'avx2',
  excavator: 'avx2',
};

/**
 * OpenBLAS 0.3.21 picks its kernels from the CPU model and falls back to SSE3 ones (Prescott, ~6x slower) on CPUs
 * newer than itself. The best kernel family the CPU's flags allow, for OPENBLAS_CORETYPE; undefined: let it detect.
 * @returns {string | undefined}
 */
function openBlasCoreType() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let flags;
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('flags'));
    flags = new Set((line ?? '').split(':')[1]?.trim().split(/\s+/) ?? []);
  } catch {
    return undefined;
  }
  const has = (/** @type {string[]} */ ...names) => names.every((name) => flags.has(name));
  if (has('avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx512cd')) return 'SkylakeX';
  if (has('avx2', 'fma')) return 'Haswell';
  return undefined;
}

/**
 * The addon this machine loads, and whether it is the prebuilt one; an Error that says why there is none.
 * @returns {{ file: string, prebuilt: boolean } | Error}
 */
function locate() {
  try {
    unpackPrebuilds(__dirname);
  } catch (error) {
    return new Error(
      `int2int-native is not installed: ${/** @type {Error} */ (error).message}; ` +
        'run `npm rebuild int2int-native` where the package folder is writable',
    );
  }
  let file;
  try {
    file = nodeGypBuild.path(__dirname);
  } catch {
    const reason = fs.existsSync(FAILURE)
      ? `${fs.readFileSync(FAILURE, 'utf8').trim().split('\n')[0]} (see ${FAILURE})`
      : `no prebuilt addon fits ${process.platform}-${process.arch} and none was built from source; ` +
        'run `npm rebuild int2int-native --build-from-source`';
    return new Error(`int2int-native is not installed: ${reason}`);
  }
  return { file, prebuilt: file.startsWith(PREBUILDS + path.sep) };
}

/** @returns {import('./index').NativeBinding} */
function load() {
  const addon = locate();
  if (addon instanceof Error) throw addon;
  // OpenBLAS reads it once, when the addon loads it; the user's own setting wins
  const core = openBlasCoreType();
  if (!process.env.OPENBLAS_CORETYPE && core !== undefined) process.env.OPENBLAS_CORETYPE = core;
  // a CPU named by OPENBLAS_CORETYPE caps the addon's kernels as well (as on that CPU), unless they are named
  const named = process.env.OPENBLAS_CORETYPE?.toLowerCase();
  if (!process.env.INT2INT_NATIVE_KERNELS && named !== undefined)
    process.env.INT2INT_NATIVE_KERNELS =
      KERNELS_OF_CORE[/** @type {keyof KERNELS_OF_CORE} */ (named)] ?? 'baseline';
  try {
    return require(addon.file);
  } catch (error) {
    const kind = addon.prebuilt ? 'prebuilt' : 'built';
    throw new Error(
      `int2int-native's ${kind} addon ${addon.file} does not load here: ${String(/** @type {Error} */ (error).message).split('\n')[0]}; ` +
        'run `npm rebuild int2int-native --build-from-source`',
    );
  }
}

module.exports = { load, locate, openBlasCoreType };
