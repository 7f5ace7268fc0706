// How the webgpu backend finds its adapter and says why it cannot run: the Vulkan loader, the probe's answers and
// the adapter's line. Training on it: webgpu-parity.test.ts and test/webgpu-train.test.ts.
import { adapterLine, probeAnswer, vulkanLoaderMissing } from './webgpu-backend';

const LAVAPIPE = {
  vendor: 'mesa',
  architecture: 'software',
  device: 'llvmpipe-llvm-15-0-6-256-bits-',
  description: 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1',
  isFallbackAdapter: true,
};

describe('the webgpu adapter', () => {
  it('names a missing Vulkan loader and what to install', () => {
    expect(vulkanLoaderMissing('libint2int-no-such-vulkan.so.1')).toEqual({
      reason: 'libint2int-no-such-vulkan.so.1 (the Vulkan loader) not found',
      hint: expect.stringContaining('apt-get install libvulkan1 mesa-vulkan-drivers') as string,
    });
    // a library that exists is found even though it is not a Node addon
    expect(vulkanLoaderMissing('libc.so.6')).toBeUndefined();
  });

  it("reads the probe's answer: an adapter, none, or a probe that failed", () => {
    const found = probeAnswer(JSON.stringify(LAVAPIPE));
    expect(found).toEqual({
      adapter: {
        vendor: 'mesa',
        architecture: 'software',
        device: LAVAPIPE.device,
        description: LAVAPIPE.description,
        software: true,
      },
    });
    expect(probeAnswer('null')).toMatchObject({ reason: 'Vulkan offers no adapter that Dawn can use' });
    expect(probeAnswer('', new Error('Command failed: node\nSegmentation fault'))).toMatchObject({
      reason: 'the WebGPU adapter probe failed (Command failed: node)',
    });
  });

  it('says whether the adapter is a GPU or software', () => {
    const software = probeAnswer(JSON.stringify(LAVAPIPE));
    if (!('adapter' in software)) throw new Error('no adapter');
    expect(adapterLine(software.adapter)).toBe(
      'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1 (mesa, a software adapter)',
    );
    const nvidia = probeAnswer(
      JSON.stringify({
        vendor: 'nvidia',
        architecture: 'hopper',
        device: '',
        description: 'NVIDIA H100 80GB HBM3',
      }),
    );
    if (!('adapter' in nvidia)) throw new Error('no adapter');
    expect(nvidia.adapter.software).toBe(false);
    expect(adapterLine(nvidia.adapter)).toBe('NVIDIA H100 80GB HBM3 (nvidia, hopper GPU)');
  });
});
