/**
 * Real image files for end-to-end tests, made in Node without an image library: PNG is simple
 * enough to write by hand (signature, IHDR, optional tEXt, IDAT of deflated scanlines, IEND, each
 * with its CRC). The pixels are a gradient with a seed, so two seeds give two different photographs.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const body = Buffer.concat([head.subarray(4), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

export interface PngOptions {
  readonly width: number;
  readonly height: number;
  readonly seed?: number;
  /** A tEXt chunk (keyword `Comment`): bytes that ride along in the original file. */
  readonly comment?: string;
  /** Dimensions the header claims instead of the real ones (a decompression bomb: huge claim, tiny file). */
  readonly declared?: { readonly width: number; readonly height: number };
}

/** An RGB PNG of a soft gradient (skin-like tones), different for each seed. */
export function makePng({ width, height, seed = 1, comment, declared }: PngOptions): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(declared?.width ?? width, 0);
  ihdr.writeUInt32BE(declared?.height ?? height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) {
      const i = row + 1 + x * 3;
      raw[i] = (200 + ((x * seed) % 40)) & 0xff;
      raw[i + 1] = (150 + ((y + seed * 7) % 50)) & 0xff;
      raw[i + 2] = (130 + (((x + y) * seed) % 30)) & 0xff;
    }
  }
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (comment !== undefined) parts.push(chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1')));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}
