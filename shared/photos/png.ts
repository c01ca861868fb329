/**
 * A PNG chunk walk: dimensions from IHDR, where an eXIf chunk is, and whether the file runs to IEND.
 * The header is read first and on its own, so a "PNG bomb" (a tiny file whose IHDR claims
 * 100000×100000 pixels) is refused before anything else is looked at, let alone decoded.
 */
import { PhotoError } from './errors';
import { PNG_SIGNATURE } from './sniff';

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
}

export interface PngStructure extends PngHeader {
  /** The data of the first eXIf chunk (a TIFF structure, as in JPEG's APP1), or null. */
  readonly exif: { readonly offset: number; readonly length: number } | null;
  /** True when the chunks run, whole, to IEND. */
  readonly complete: boolean;
}

/** Allowed bit depths per colour type (PNG specification, 11.2.2). */
const BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const MAX_CHUNK_LENGTH = 0x7fffffff;

function u32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0;
}

function typeAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

function corrupt(detail: string): PhotoError {
  return new PhotoError('corrupt', `png: ${detail}`);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG uses it) of `bytes[start, end)`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = 0xffffffff;
  for (let i = start; i < end; i += 1) c = (table[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * IHDR alone: the signature, then a 13-byte IHDR as the first chunk. Returns null when the file
 * ends before IHDR does (the caller reports it truncated); throws PhotoError('corrupt') for an
 * impossible header.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader | null {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw corrupt('no signature');
  if (bytes.length < 8 + 8 + 13 + 4) return null;
  if (u32(bytes, 8) !== 13 || typeAt(bytes, 12) !== 'IHDR') throw corrupt('first chunk is not a 13-byte IHDR');
  if (crc32(bytes, 12, 12 + 4 + 13) !== u32(bytes, 12 + 4 + 13)) throw corrupt('IHDR CRC');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? 0;
  const interlace = bytes[28] ?? 0;
  if (width === 0 || height === 0 || width > MAX_CHUNK_LENGTH || height > MAX_CHUNK_LENGTH) throw corrupt(`size ${width}x${height}`);
  if (!(BIT_DEPTHS[colorType] ?? []).includes(bitDepth)) throw corrupt(`colour type ${colorType} at depth ${bitDepth}`);
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) throw corrupt('compression, filter or interlace method');
  return { width, height, bitDepth, colorType, interlace };
}

/**
 * Walks every chunk to IEND. `checkCrc` (default true) verifies each chunk's CRC: a flipped bit in
 * image data would otherwise decode to a silently wrong picture or a partial one.
 * Returns `complete: false` when the bytes end early; throws PhotoError('corrupt') for a broken chunk.
 * Does not inflate the image data: a zlib stream cut inside a whole IDAT chunk is the decoder's to find.
 */
export function walkPng(bytes: Uint8Array, options: { readonly checkCrc?: boolean } = {}): PngStructure | null {
  const header = readPngHeader(bytes);
  if (header === null) return null;
  const checkCrc = options.checkCrc ?? true;
  const n = bytes.length;
  let exif: PngStructure['exif'] = null;
  let sawIdat = false;
  let sawPlte = false;
  let pos = 8;
  for (;;) {
    if (pos + 8 > n) return { ...header, exif, complete: false };
    const length = u32(bytes, pos);
    const type = typeAt(bytes, pos + 4);
    if (length > MAX_CHUNK_LENGTH) throw corrupt(`chunk length at ${pos}`);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corrupt(`chunk type at ${pos}`);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > n) return { ...header, exif, complete: false };
    if (checkCrc && crc32(bytes, pos + 4, dataEnd) !== u32(bytes, dataEnd)) throw corrupt(`${type} CRC at ${pos}`);
    if (type === 'IHDR' && pos !== 8) throw corrupt('second IHDR');
    if (type === 'PLTE') sawPlte = true;
    if (type === 'IDAT') sawIdat = true;
    if (type === 'eXIf' && exif === null) exif = { offset: dataStart, length };
    if (type === 'IEND') {
      if (!sawIdat) throw corrupt('no IDAT');
      if (header.colorType === 3 && !sawPlte) throw corrupt('palette image without PLTE');
      return { ...header, exif, complete: true };
    }
    pos = dataEnd + 4;
  }
}
