// What a test can check of a PNG without a decoder library: its size, and whether anything is drawn on it.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

/** Width, height and whether any two pixels differ, from a PNG's IHDR and its inflated IDAT chunks. */
export function pngFacts(file: string): { width: number; height: number; drawn: boolean } {
  const png = fs.readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString() === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = zlib.inflateSync(Buffer.concat(idat));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), drawn: new Set(pixels).size > 8 };
}
