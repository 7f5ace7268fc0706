// Unpacks the prebuilt addons, which the package and the repository carry brotli-compressed (25 MB of OpenBLAS
// kernels for every x86-64 CPU compress to 1.5 MB): prebuilds/<target>/<name>.node.br -> <name>.node, once.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

/**
 * Writes each prebuilds/<target>/<name>.node that is missing or older than its .node.br (atomically: a temporary
 * file renamed). Throws an Error naming the file when one cannot be written.
 * @param {string} root the package folder
 */
function unpackPrebuilds(root) {
  const prebuilds = path.join(root, 'prebuilds');
  if (!fs.existsSync(prebuilds)) return;
  for (const target of fs.readdirSync(prebuilds)) {
    const dir = path.join(prebuilds, target);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.node.br'))) {
      const packed = path.join(dir, name);
      const addon = packed.slice(0, -'.br'.length);
      if (fs.existsSync(addon) && fs.statSync(addon).mtimeMs >= fs.statSync(packed).mtimeMs) continue;
      const temp = `${addon}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, zlib.brotliDecompressSync(fs.readFileSync(packed)), { mode: 0o755 });
        fs.renameSync(temp, addon);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        throw new Error(`cannot unpack ${packed}: ${/** @type {Error} */ (error).message}`);
      }
    }
  }
}

/**
 * The brotli form of an addon, as unpackPrebuilds reads it (best compression; it runs once, when a prebuilt is made).
 * @param {Buffer} addon
 */
function packAddon(addon) {
  return zlib.brotliCompressSync(addon, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: addon.length,
    },
  });
}

module.exports = { unpackPrebuilds, packAddon };
