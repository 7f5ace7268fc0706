#!/usr/bin/env bash
# The webgpu backend on a machine with a GPU and its Vulkan driver: the Vulkan summary, the adapter int2int picks
# (a software one is refused: this checks a GPU), the parity and CLI tests on it, and the bench of webgpu beside
# native on the same machine (training and greedy-decoding examples/s of the default GCD model), as JSON.
# Usage: bash scripts/gpu-check.sh [output folder, default gpu-check]   (after npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-gpu-check}
mkdir -p "$out"
if command -v vulkaninfo >/dev/null; then
  vulkaninfo --summary 2>&1 | tee "$out/vulkaninfo.txt"
else
  echo "vulkaninfo is not installed (Debian/Ubuntu: apt-get install vulkan-tools); going on without it" | tee "$out/vulkaninfo.txt"
fi
npm run build --silent
node -e "
const { findAdapter, adapterLine } = require('./framework/dist/backends/webgpu-backend');
findAdapter().then((found) => {
  if ('reason' in found) { console.error('no WebGPU adapter: ' + found.reason + '; ' + found.hint); process.exit(1); }
  console.log('adapter: ' + adapterLine(found.adapter));
  require('fs').writeFileSync(process.argv[1] + '/adapter.json', JSON.stringify(found.adapter, null, 2) + '\n');
  if (found.adapter.software) { console.error('this adapter is software, not a GPU: nothing to measure here'); process.exit(1); }
});" "$out"
npx jest --ci framework/src/backends/webgpu-parity.test.ts test/webgpu-train.test.ts 2>&1 | tee "$out/parity.txt"
for backend in webgpu native; do
  echo "bench: $backend"
  node framework/dist/bench/run-bench.js --single --backend "$backend" > "$out/bench-$backend.json"
  cat "$out/bench-$backend.json"
done
node -e "
const fs = require('fs');
const dir = process.argv[1];
const read = (name) => JSON.parse(fs.readFileSync(dir + '/' + name, 'utf8'));
const [webgpu, native] = [read('bench-webgpu.json'), read('bench-native.json')];
const summary = {
  adapter: read('adapter.json'),
  webgpu: { backend: webgpu.backend, train: webgpu.train, decode: webgpu.decode },
  native: { backend: native.backend, train: native.train, decode: native.decode },
  trainRatio: Number((webgpu.train.examplesPerSec / native.train.examplesPerSec).toFixed(3)),
  decodeRatio: Number((webgpu.decode.examplesPerSec / native.decode.examplesPerSec).toFixed(3)),
};
fs.writeFileSync(dir + '/gpu-check.json', JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));" "$out"
echo "written: $out/gpu-check.json"
