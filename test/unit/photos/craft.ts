/**
 * Byte-level builders for photograph tests: TIFF/EXIF structures in either byte order, JPEGs with
 * an EXIF segment or only a header, PNGs (zlib and CRC from Node, an oracle independent of ours).
 * Also used by test/fixtures/photos/make.ts to write the fixture files.
 */
import { crc32, deflateSync } from 'node:zlib';

/**
 * A real 64×32 baseline JPEG, four 32×16 quadrants: red (top left), green (top right), blue
 * (bottom left), white (bottom right). Made once with
 * `convert -size 32x16 xc:red xc:lime +append \( -size 32x16 xc:blue xc:white +append \) -append -quality 90 -sampling-factor 1x1 -strip`.
 */
export const QUADRANTS_JPEG: Uint8Array = Uint8Array.from(Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAgAEADAREAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAgKCf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAZAQEAAwEBAAAAAAAAAAAAAAAABwkKBgj/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdEGLUwAAFjISZjwAAEcptacAAAFjISZjwAAHLxoze5QAAGltVY7gAABmkWpuHAAAaW1VjuAAAH//Z', 'base64'));

export type ByteOrder = 'II' | 'MM';

/** One IFD entry: SHORT or LONG numbers, ASCII text (NUL added), or raw bytes as UNDEFINED. */
export type TiffValue = { readonly short: readonly number[] } | { readonly long: readonly number[] } | { readonly ascii: string } | { readonly undefinedBytes: readonly number[] };
export interface TiffEntry {
  readonly tag: number;
  readonly value: TiffValue;
}

class Writer {
  readonly bytes: number[] = [];
  constructor(private readonly little: boolean) {}
  u16(v: number): void {
    if (this.little) this.bytes.push(v & 0xff, (v >>> 8) & 0xff);
    else this.bytes.push((v >>> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    if (this.little) this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    else this.bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
}

function encodeValue(value: TiffValue, little: boolean): { type: number; count: number; data: number[] } {
  const w = new Writer(little);
  if ('short' in value) {
    value.short.forEach((v) => { w.u16(v); });
    return { type: 3, count: value.short.length, data: w.bytes };
  }
  if ('long' in value) {
    value.long.forEach((v) => { w.u32(v); });
    return { type: 4, count: value.long.length, data: w.bytes };
  }
  if ('ascii' in value) {
    const data = [...Array.from(value.ascii, (c) => c.charCodeAt(0)), 0];
    return { type: 2, count: data.length, data };
  }
  return { type: 7, count: value.undefinedBytes.length, data: [...value.undefinedBytes] };
}

/**
 * A TIFF structure: IFD0 with `ifd0` entries, plus an Exif IFD (pointer 0x8769) and a GPS IFD
 * (pointer 0x8825) when given. Layout: header, IFD0, Exif IFD, GPS IFD, then out-of-line values.
 */
export function tiff(order: ByteOrder, ifd0: readonly TiffEntry[], exif?: readonly TiffEntry[], gps?: readonly TiffEntry[]): Uint8Array {
  const little = order === 'II';
  const ifds: TiffEntry[][] = [[...ifd0]];
  if (exif) ifds.push([...exif]);
  if (gps) ifds.push([...gps]);
  // Pointers take part in IFD0's size, so add them with a placeholder first.
  if (exif) ifds[0]?.push({ tag: 0x8769, value: { long: [0] } });
  if (gps) ifds[0]?.push({ tag: 0x8825, value: { long: [0] } });
  const sizes = ifds.map((entries) => 2 + entries.length * 12 + 4);
  const offsets: number[] = [];
  let at = 8;
  for (const size of sizes) {
    offsets.push(at);
    at += size;
  }
  const exifOffset = exif ? offsets[1] : undefined;
  const gpsOffset = gps ? offsets[exif ? 2 : 1] : undefined;
  let dataAt = at;
  const out = new Writer(little);
  out.bytes.push(...Array.from(order, (c) => c.charCodeAt(0)));
  out.u16(42);
  out.u32(8);
  const extra: number[] = [];
  ifds.forEach((entries, index) => {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    out.u16(sorted.length);
    for (const entry of sorted) {
      let value = entry.value;
      if (index === 0 && entry.tag === 0x8769 && exifOffset !== undefined) value = { long: [exifOffset] };
      if (index === 0 && entry.tag === 0x8825 && gpsOffset !== undefined) value = { long: [gpsOffset] };
      const { type, count, data } = encodeValue(value, little);
      out.u16(entry.tag);
      out.u16(type);
      out.u32(count);
      if (data.length <= 4) out.bytes.push(...data, ...new Array<number>(4 - data.length).fill(0));
      else {
        out.u32(dataAt);
        extra.push(...data);
        dataAt += data.length;
      }
    }
    out.u32(0); // no next IFD
  });
  out.bytes.push(...extra);
  return Uint8Array.from(out.bytes);
}

/** A JPEG segment: FF marker, 2-byte big-endian length, payload. */
export function segment(marker: number, payload: readonly number[] | Uint8Array): Uint8Array {
  const length = payload.length + 2;
  return Uint8Array.from([0xff, marker, (length >>> 8) & 0xff, length & 0xff, ...payload]);
}

export function concat(...parts: readonly (Uint8Array | readonly number[])[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0];

/** `jpeg` with an EXIF APP1 segment holding `tiffBytes`, right after SOI (where cameras put it). */
export function withExif(jpeg: Uint8Array, tiffBytes: Uint8Array): Uint8Array {
  return concat(jpeg.subarray(0, 2), segment(0xe1, concat(EXIF_HEADER, tiffBytes)), jpeg.subarray(2));
}

/** A baseline frame header (SOF0) for `width`×`height`, 3 components. */
export function sof0(width: number, height: number): Uint8Array {
  return segment(0xc0, [8, (height >>> 8) & 0xff, height & 0xff, (width >>> 8) & 0xff, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
}

/** SOI, a frame header and nothing else: enough for a header check, no pixel data at all. */
export function jpegHeaderOnly(width: number, height: number): Uint8Array<ArrayBuffer> {
  return concat([0xff, 0xd8], segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), sof0(width, height));
}

/** A PNG chunk with its CRC. */
export function chunk(type: string, data: readonly number[] | Uint8Array): Uint8Array {
  const typeBytes = Uint8Array.from(type, (c) => c.charCodeAt(0));
  const body = concat(typeBytes, data);
  const length = data.length;
  const crc = crc32(body);
  return concat([(length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff], body, [(crc >>> 24) & 0xff, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ihdr(width: number, height: number, bitDepth = 8, colorType = 2): Uint8Array {
  return chunk('IHDR', [...be32(width), ...be32(height), bitDepth, colorType, 0, 0, 0]);
}

/** An 8-bit RGB PNG; `pixel(x, y)` gives [r, g, b]. `before` chunks go between IHDR and IDAT. */
export function png(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number], before: readonly Uint8Array[] = []): Uint8Array {
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x += 1) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  return concat(PNG_SIGNATURE, ihdr(width, height), ...before, chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', []));
}

/** The same four quadrants as QUADRANTS_JPEG, as a 48×24 PNG. */
export function quadrantsPng(): Uint8Array {
  return png(48, 24, (x, y) => {
    if (y < 12) return x < 24 ? [255, 0, 0] : [0, 255, 0];
    return x < 24 ? [0, 0, 255] : [255, 255, 255];
  });
}

/** The EXIF of the camera fixture: orientation 6, taken 2024-03-05 14:07:09 +02:00, GPS, make and model. */
export function cameraExif(order: ByteOrder): Uint8Array {
  return tiff(
    order,
    [
      { tag: 0x010f, value: { ascii: 'AttestCam' } },
      { tag: 0x0110, value: { ascii: 'Fixture One' } },
      { tag: 0x0112, value: { short: [6] } },
      { tag: 0x0132, value: { ascii: '2025:01:01 00:00:00' } },
    ],
    [
      { tag: 0x9003, value: { ascii: '2024:03:05 14:07:09' } },
      { tag: 0x9011, value: { ascii: '+02:00' } },
      { tag: 0xa431, value: { ascii: 'SN0001' } },
    ],
    [
      { tag: 0x0001, value: { ascii: 'N' } },
      { tag: 0x0003, value: { ascii: 'E' } },
    ],
  );
}
