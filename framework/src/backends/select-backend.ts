// Chooses and initialises the numeric backend of TensorFlow.js: the only module that loads a backend package.
// auto: tfjs-node-gpu (with a GPU) -> webgpu (a hardware adapter only, see webgpu-backend.ts) -> tfjs-node -> native (the wasm backend with int2int-native's OpenBLAS kernels
// under its own name, see native-kernels.ts; every core)
// -> wasm (patched, see wasm-patches.ts; pure npm) -> cpu (pure JS).
import { cpuBudget } from '../core/cpu-budget';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { releaseBackpropMemory } from './backprop-release';
import {
  loadNativeBinding,
  NATIVE_BACKEND,
  nativeAddonOrigin,
  registerNativeBackend,
} from './native-kernels';
import { applyWasmPatches } from './wasm-patches';
import { adapterLine, probeAdapter, startWebgpu, WEBGPU_BACKEND } from './webgpu-backend';

export type BackendPreference =
  'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'native' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = [
  'auto',
  'tensorflow-gpu',
  'webgpu',
  'tensorflow',
  'native',
  'wasm',
  'cpu',
];

/** The backend in use: its tfjs name and a line for the log. */
export interface BackendInfo {
  name: string;
  description: string;
}

const TFJS_VERSION = '4.22.0';
const NATIVE_HINT =
  'needs internet access during install, to download libtensorflow 2.9.1 from storage.googleapis.com';

/** Loads a package that is not a dependency of int2int (a computed name: tsc needs no types for it). */
async function loadOptional(moduleName: string): Promise<string | undefined> {
  try {
    await import(moduleName);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

async function useTensorflow(gpu: boolean): Promise<BackendInfo> {
  const pkg = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  const failure = await loadOptional(pkg);
  if (failure !== undefined) {
    throw new Error(
      `Backend ${gpu ? 'tensorflow-gpu' : 'tensorflow'} is not available: ${pkg} could not be loaded (${failure}). ` +
        `Install it with \`npm install ${pkg}@${TFJS_VERSION}\` (${NATIVE_HINT}` +
        (gpu ? '; the GPU also needs CUDA 11.2 and cuDNN 8.1).' : ').'),
    );
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend failed to start`);
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  if (gpu && !usingGpu) {
    throw new Error(
      `${pkg} loaded but TensorFlow found no usable GPU (libtensorflow 2.9.1 needs CUDA 11.2 and cuDNN 8.1)`,
    );
  }
  const device = usingGpu ? 'GPU' : 'CPU';
  return {
    name: 'tensorflow',
    description: `tensorflow (${pkg} ${TFJS_VERSION}, native TensorFlow on the ${device})`,
  };
}

/** Initialises tfjs-backend-wasm (with the patches of wasm-patches.ts) and makes it the current backend. */
async function startWasm(): Promise<typeof import('@tensorflow/tfjs-backend-wasm')> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new Error(
      `Backend wasm is not available (${String(error)}): reinstall @tensorflow/tfjs-backend-wasm@${TFJS_VERSION}`,
    );
  }
  const distDir = path.join(
    path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  wasm.setWasmPaths(distDir + path.sep);
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(`Backend wasm failed to start: the .wasm files in ${distDir} could not be loaded`);
  }
  applyWasmPatches();
  return wasm;
}

async function useWasm(): Promise<BackendInfo> {
  const wasm = await startWasm();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  return {
    name: 'wasm',
    description: `wasm (WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}; embedded default)`,
  };
}

/** The wasm backend with its hot kernels (matmul, attention, layer norm, Adam) in int2int-native, on every core. */
async function useNative(): Promise<BackendInfo> {
  const native = loadNativeBinding();
  if (native instanceof Error) throw new Error(`Backend native is not available: ${native.message}`);
  await startWasm();
  const threads = cpuBudget();
  native.setThreads(threads);
  registerNativeBackend(native);
  if (!(await tf.setBackend(NATIVE_BACKEND))) throw new Error('Backend native failed to start');
  const { blas, kernels } = native.info();
  // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64": version and the kernels it chose
  const words = blas.split(' ');
  const openblas = [
    ...words.slice(0, 2),
    ...(words.includes('DYNAMIC_ARCH') ? words.slice(-2, -1) : []),
  ].join(' ');
  const addon = nativeAddonOrigin();
  return {
    name: NATIVE_BACKEND,
    description:
      `native (${openblas} matmul, fused layer norm, attention and Adam over the wasm backend, ` +
      `${threads} thread${threads === 1 ? '' : 's'}; ${addon}, ${kernels} kernels)`,
  };
}

/** WebGPU through Dawn and Vulkan: any adapter when asked for by name, a hardware one only in 'auto'. */
async function useWebgpu(allowSoftware: boolean): Promise<BackendInfo> {
  const adapter = await startWebgpu(allowSoftware);
  return {
    name: WEBGPU_BACKEND,
    description: `webgpu (Dawn on Vulkan: ${adapterLine(adapter)}; @tensorflow/tfjs-backend-webgpu ${TFJS_VERSION})`,
  };
}

async function useCpu(): Promise<BackendInfo> {
  await tf.setBackend('cpu');
  return { name: 'cpu', description: 'cpu (pure JavaScript; slow, the reference for parity tests)' };
}

function checkPreference(value: string, source: string): BackendPreference {
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(value)) {
    throw new Error(
      `${source}: unknown backend "${value}"; expected one of ${BACKEND_PREFERENCES.join(', ')}`,
    );
  }
  return value as BackendPreference;
}

/**
 * Selects the backend and waits until it is ready. The environment variable INT2INT_BACKEND replaces 'auto'.
 * With options.cpu, the GPU backend is never tried (and asking for it explicitly is an error).
 */
export async function selectBackend(
  preference: BackendPreference,
  options: { cpu: boolean },
): Promise<BackendInfo> {
  // production mode: no debug checks, and no console advice from tfjs (int2int prints the backend it uses)
  tf.enableProdMode();
  releaseBackpropMemory();
  const override = process.env.INT2INT_BACKEND;
  const choice =
    preference === 'auto' && override !== undefined && override !== ''
      ? checkPreference(override, 'INT2INT_BACKEND')
      : checkPreference(preference, 'backend');
  switch (choice) {
    case 'tensorflow-gpu':
      if (options.cpu) throw new Error('--cpu true forbids the tensorflow-gpu backend');
      return useTensorflow(true);
    case 'webgpu':
      if (options.cpu) throw new Error('--cpu true forbids the webgpu backend: pass --cpu false');
      return useWebgpu(true);
    case 'tensorflow':
      return useTensorflow(false);
    case 'native':
      return useNative();
    case 'wasm':
      return useWasm();
    case 'cpu':
      return useCpu();
    case 'auto':
      break;
  }
  return autoBackend(options.cpu);
}

/** 'auto': the first backend that starts, its line saying why a GPU backend (with --cpu false) was not used. */
async function autoBackend(cpuOnly: boolean): Promise<BackendInfo> {
  let noGpu = '';
  if (!cpuOnly) {
    try {
      return await useTensorflow(true);
    } catch {
      // expected without tfjs-node-gpu: try WebGPU
    }
    const probe = await probeAdapter();
    if ('adapter' in probe && !probe.adapter.software) {
      try {
        return await useWebgpu(false);
      } catch (error) {
        noGpu = `; webgpu not used: ${(error as Error).message.replace(/^Backend webgpu /, '')}`;
      }
    } else {
      const why =
        'reason' in probe ? probe.reason : `its adapter, ${adapterLine(probe.adapter)}, is not a GPU`;
      noGpu = `; webgpu not used: ${why}`;
    }
  }
  const withNote = (info: BackendInfo, note = ''): BackendInfo => ({
    ...info,
    description: info.description + note + noGpu,
  });
  try {
    return withNote(await useTensorflow(false));
  } catch {
    // expected without tfjs-node: try the native backend
  }
  let nativeFailure: string;
  try {
    return withNote(await useNative());
  } catch (error) {
    nativeFailure = (error as Error).message.replace(/^Backend native/, 'the native backend');
  }
  try {
    return withNote(await useWasm(), `; ${nativeFailure}`);
  } catch {
    return withNote(await useCpu());
  }
}
