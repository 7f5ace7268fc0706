// The tfjs backend "webgpu": @tensorflow/tfjs-backend-webgpu over Dawn's WebGPU for Node (the npm package webgpu,
// which opens the system's Vulkan driver at run time). Its tensors can only be read asynchronously (data()).
import { execFile } from 'child_process';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';

export const WEBGPU_BACKEND = 'webgpu';
const WEBGPU_VERSIONS = 'webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0';
const VULKAN_LIBRARY = 'libvulkan.so.1';
const VULKAN_HINT =
  "install your GPU's Vulkan driver (NVIDIA: the driver's libnvidia-gl and libvulkan1 packages), or for a software " +
  "adapter Mesa >= 25's lavapipe (`apt-get install libvulkan1 mesa-vulkan-drivers`; Debian 12: from bookworm-backports)";

/** The adapter Dawn offers (GPUAdapterInfo), and whether it is a software/fallback one. */
export interface WebgpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
}

/** Why the webgpu backend cannot run here (a few words) and what to do about it. */
export interface NoAdapter {
  reason: string;
  hint: string;
}

/** The adapter, or why there is none. */
export type AdapterSearch = { adapter: WebgpuAdapter } | NoAdapter;

/** What int2int uses of Dawn's navigator.gpu (the WebGPU API's GPU, GPUAdapter and GPUAdapterInfo). */
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<{
    info: {
      vendor: string;
      architecture: string;
      device: string;
      description: string;
      isFallbackAdapter?: boolean;
    };
  } | null>;
}
type DawnAdapterInfo = NonNullable<Awaited<ReturnType<DawnGpu['requestAdapter']>>>['info'];

interface DawnModule {
  create(options: string[]): DawnGpu;
  globals: object;
}

/**
 * Whether the Vulkan loader can be opened (Dawn opens it by this name at run time). A library that is not a Node
 * addon fails process.dlopen after it was found ("did not self-register"); a missing one fails to open.
 */
export function vulkanLoaderMissing(library = VULKAN_LIBRARY): NoAdapter | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    process.dlopen({ exports: {} }, library);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('cannot open shared object file')) {
      return { reason: `${library} (the Vulkan loader) not found`, hint: VULKAN_HINT };
    }
  }
  return undefined;
}

/**
 * Dawn's addon from the npm package webgpu, required directly: the package's entry is an ES module (which jest's
 * require cannot load), and what it adds (unmapping buffers on GPUDevice.destroy) int2int does not need: the device
 * lives as long as the process.
 */
function dawnAddonPath(): string {
  const root = path.dirname(require.resolve('webgpu/package.json'));
  const platform = process.platform === 'darwin' ? 'darwin-universal' : `${process.platform}-${process.arch}`;
  return path.join(root, 'dist', platform, 'dawn.node');
}

function loadDawn(): DawnModule | NoAdapter {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(dawnAddonPath()) as DawnModule;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      reason: `the npm package webgpu could not be loaded (${message})`,
      hint: `reinstall int2int, or \`npm install ${WEBGPU_VERSIONS}\``,
    };
  }
}

function describeAdapter(info: DawnAdapterInfo): WebgpuAdapter {
  const fallback = info.isFallbackAdapter === true;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software:
      fallback || info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(info.description),
  };
}

/** The adapter, for the backend line: "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) 0.0.1 (mesa, a software adapter)". */
export function adapterLine(adapter: WebgpuAdapter): string {
  const name = adapter.description || adapter.device || 'unnamed adapter';
  const kind = adapter.software ? 'a software adapter' : `${adapter.architecture || 'a'} GPU`;
  return `${name} (${[adapter.vendor, kind].filter(Boolean).join(', ')})`;
}

let navigatorGpu: DawnGpu | undefined;

/** Dawn's GPU object, created once per process and published as navigator.gpu (where tfjs-backend-webgpu looks). */
function dawnGpu(): DawnGpu | NoAdapter {
  if (navigatorGpu !== undefined) return navigatorGpu;
  const missing = vulkanLoaderMissing();
  if (missing !== undefined) return missing;
  const dawn = loadDawn();
  if (!('create' in dawn)) return dawn;
  Object.assign(globalThis, dawn.globals);
  navigatorGpu = dawn.create([]);
  const scope = globalThis as { navigator?: { gpu?: DawnGpu } };
  if (scope.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: navigatorGpu }, configurable: true });
  } else {
    Object.defineProperty(scope.navigator, 'gpu', { value: navigatorGpu, configurable: true });
  }
  return navigatorGpu;
}

/** The adapter Dawn gives this process (high performance first), or why there is none. */
export async function findAdapter(): Promise<AdapterSearch> {
  const gpu = dawnGpu();
  if (!('requestAdapter' in gpu)) return gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) return { reason: 'Vulkan offers no adapter that Dawn can use', hint: VULKAN_HINT };
  return { adapter: describeAdapter(adapter.info) };
}

/**
 * The arguments of a node process that prints the adapter Dawn offers as JSON (GPUAdapterInfo, or null), or fails
 * when the webgpu package cannot be loaded.
 */
export function adapterProbeArguments(): string[] {
  const script =
    `require(${JSON.stringify(dawnAddonPath())}).create([])` +
    ".requestAdapter({ powerPreference: 'high-performance' }).then((a) => process.stdout.write(JSON.stringify(" +
    'a && { vendor: a.info.vendor, architecture: a.info.architecture, device: a.info.device, ' +
    'description: a.info.description, isFallbackAdapter: a.info.isFallbackAdapter })))';
  return ['-e', script];
}

/** The answer of the process of adapterProbeArguments(). */
export function probeAnswer(stdout: string, failure?: Error | null): AdapterSearch {
  try {
    const info = JSON.parse(stdout) as DawnAdapterInfo | null;
    if (info === null) return { reason: 'Vulkan offers no adapter that Dawn can use', hint: VULKAN_HINT };
    return { adapter: describeAdapter(info) };
  } catch {
    const why = failure?.message.split('\n')[0] ?? 'no answer';
    return { reason: `the WebGPU adapter probe failed (${why})`, hint: VULKAN_HINT };
  }
}

/**
 * The adapter, found in a child process, for 'auto': Dawn and a software driver would otherwise stay in this process
 * (~90 MB with lavapipe) and print their warnings even when the backend is not chosen.
 */
export function probeAdapter(timeoutMs = 20_000): Promise<AdapterSearch> {
  const missing = vulkanLoaderMissing();
  if (missing !== undefined) return Promise.resolve(missing);
  let args: string[];
  try {
    args = adapterProbeArguments();
  } catch (error) {
    const loaded = loadDawn(); // the package is missing: its reason
    return Promise.resolve('reason' in loaded ? loaded : probeAnswer('', error as Error));
  }
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: timeoutMs }, (error, stdout) =>
      resolve(probeAnswer(stdout, error)),
    );
  });
}

/** Makes tfjs-backend-webgpu the current backend on Dawn's adapter; a software adapter only when `allowSoftware`. */
export async function startWebgpu(allowSoftware: boolean): Promise<WebgpuAdapter> {
  const found = await findAdapter();
  if ('reason' in found) throw new Error(`Backend webgpu is not available: ${found.reason}; ${found.hint}`);
  if (found.adapter.software && !allowSoftware) {
    throw new Error(`Backend webgpu is not used: its adapter is ${adapterLine(found.adapter)}`);
  }
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    throw new Error(
      `Backend webgpu is not available (${String(error)}): reinstall int2int, or \`npm install ${WEBGPU_VERSIONS}\``,
    );
  }
  if (!(await tf.setBackend(WEBGPU_BACKEND))) throw new Error('Backend webgpu failed to start');
  failReadsOnDeviceErrors(tf.backend() as unknown as WebgpuKernelBackend);
  return found.adapter;
}

/** What failReadsOnDeviceErrors uses of tfjs-backend-webgpu's backend: its device and its asynchronous read. */
interface WebgpuKernelBackend {
  device: {
    onuncapturederror: ((event: { error: { message: string } }) => void) | null;
    lost: Promise<{ message: string }>;
  };
  read(dataId: object): Promise<unknown>;
}

const watched = new WeakSet<WebgpuKernelBackend>();

/**
 * A kernel the device rejects (a validation error, out of memory) or a lost device is reported by Dawn only as an
 * event, and the computation goes on with garbage: the first such error makes every later read fail with it, so the
 * run stops at its next loss or prediction with the reason.
 */
function failReadsOnDeviceErrors(backend: WebgpuKernelBackend): void {
  if (watched.has(backend)) return;
  watched.add(backend);
  let failure: string | undefined;
  backend.device.onuncapturederror = (event) => {
    failure ??= event.error.message.split('\n')[0];
  };
  void backend.device.lost.then((info) => {
    failure ??= `the GPU device was lost (${info.message})`;
  });
  const read = backend.read.bind(backend);
  backend.read = async (dataId) => {
    const values = await read(dataId);
    if (failure !== undefined) throw new Error(`The webgpu backend failed: ${failure}`);
    return values;
  };
}
