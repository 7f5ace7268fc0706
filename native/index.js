// Loader of the int2int-native addon: the binding, or an Error that says why it is not there.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ADDON = path.join(__dirname, 'build', 'Release', 'int2int_native.node');
const FAILURE = path.join(__dirname, 'build', 'build-failure.txt');

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

/** @returns {import('./index').NativeBinding} */
function load() {
  if (!fs.existsSync(ADDON)) {
    const reason = fs.existsSync(FAILURE)
      ? `${fs.readFileSync(FAILURE, 'utf8').trim().split('\n')[0]} (see ${FAILURE})`
      : 'the install step did not run; run `npm rebuild int2int-native`';
    throw new Error(`int2int-native is not built: ${reason}`);
  }
  // OpenBLAS reads it once, when the addon loads it; the user's own setting wins
  const core = openBlasCoreType();
  if (!process.env.OPENBLAS_CORETYPE && core !== undefined) process.env.OPENBLAS_CORETYPE = core;
  return require(ADDON);
}

module.exports = { load, openBlasCoreType };
