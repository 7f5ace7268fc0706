// Produces the prebuilt addon shipped in the package: a build against the static OpenBLAS (kernels for every x86-64
// CPU, picked at run time), stripped of debug info, checked to need only libc/libm, brotli-compressed (the .node.br
// the package carries; scripts/unpack.js restores it), with its provenance beside it.
// Usage (Linux x64, from native/): npm run make-prebuilt; needs gcc, make and libopenblas.a (libopenblas-pthread-dev).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildFromSource } = require('./build');
const { packAddon } = require('./unpack');

const root = path.join(__dirname, '..');
const target = `${process.platform}-${process.arch}`;
const outDir = path.join(root, 'prebuilds', target);
const outFile = path.join(outDir, 'int2int-native.napi.glibc.node');
/** The shared libraries the prebuilt may need: those of glibc itself, present on every glibc Linux. */
const ALLOWED_NEEDED = /^(libc|libm|libpthread|libdl|ld-linux-x86-64)\.so\.\d+$/;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}

/**
 * @param {string} command
 * @param {string[]} args
 */
function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed: ${result.stderr || result.error}`);
  return result.stdout;
}

/** @param {string} file the NEEDED entries of an ELF file's dynamic section */
function neededLibraries(file) {
  return [...output('readelf', ['-d', file]).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map(
    (m) => m[1],
  );
}

/** @param {string} file the newest GLIBC_x.y symbol version the file needs */
function newestGlibc(file) {
  const versions = [...output('objdump', ['-T', file]).matchAll(/GLIBC_(\d+)\.(\d+)/g)].map((m) => [
    +m[1],
    +m[2],
  ]);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  return newest === undefined ? undefined : `${newest[0]}.${newest[1]}`;
}

/** @param {string} pkg the Debian package's version, where dpkg knows it */
function debianVersion(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

function main() {
  if (target !== 'linux-x64') fail(`prebuilds are made on linux-x64 only (this is ${target})`);
  const built = buildFromSource({ staticOnly: true });
  if ('reason' in built) fail(built.reason);
  fs.mkdirSync(outDir, { recursive: true });
  output('strip', ['--strip-debug', '-o', outFile, built.addon]);
  const needed = neededLibraries(outFile);
  const unexpected = needed.filter((library) => !ALLOWED_NEEDED.test(library));
  if (unexpected.length > 0) fail(`${outFile} needs ${unexpected.join(', ')}: link OpenBLAS statically`);
  // the prebuilt, not the build in build/, is what this machine loads from now on
  fs.rmSync(path.join(root, 'build'), { recursive: true, force: true });
  const script = 'process.stdout.write(JSON.stringify(require(process.argv[1]).info()))';
  const info = JSON.parse(execFileSync(process.execPath, ['-e', script, outFile], { encoding: 'utf8' }));
  const bytes = fs.readFileSync(outFile);
  // what the package and the repository carry; the loader unpacks it (this machine keeps the file just made)
  const packed = packAddon(bytes);
  fs.writeFileSync(`${outFile}.br`, packed);
  const provenance = {
    file: path.basename(outFile),
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    packed: {
      file: `${path.basename(outFile)}.br`,
      sha256: crypto.createHash('sha256').update(packed).digest('hex'),
      bytes: packed.length,
    },
    builtAt: new Date().toISOString(),
    package: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    napiVersion: 8,
    builtWith: {
      node: process.version,
      compiler: output('cc', ['--version']).split('\n')[0],
      openblas: {
        library: fs.realpathSync(built.library),
        debianPackage: `libopenblas-pthread-dev ${debianVersion('libopenblas-pthread-dev') ?? '(not a Debian package)'}`,
        configOnBuildHost: info.blas,
      },
      flags:
        'binding.gyp: -O3 -std=gnu11 -fvisibility=hidden; src/kernels.c: x86-64-v4, x86-64-v3 and baseline copies',
      host: `${os.type()} ${os.release()}`,
    },
    needs: { libraries: needed, glibc: newestGlibc(outFile) },
  };
  fs.writeFileSync(path.join(outDir, 'PROVENANCE.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  console.log(
    `prebuild: ${outFile} (${(bytes.length / 2 ** 20).toFixed(1)} MiB, needs ${needed.join(', ')}, glibc >= ${provenance.needs.glibc})`,
  );
  console.log(
    `prebuild: ${outFile}.br (${(packed.length / 2 ** 20).toFixed(1)} MiB, what the package carries)`,
  );
}

main();
