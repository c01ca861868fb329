/**
 * A JPEG segment walk: dimensions from the frame header, where the EXIF and XMP metadata are, and
 * whether the file is whole. Chromium decodes a truncated JPEG without complaint and paints the
 * missing rows grey, so completeness is decided here, from the structure: every segment length must
 * fit, a frame header must come before the first scan, and the entropy-coded data must end in EOI.
 * Nothing here decodes pixels; the walk is linear in the file size and always moves forward.
 */
import { PhotoError } from './errors';

/** One marker segment, from its FF byte to the byte after it. A scan runs to the next marker. */
export interface JpegSegment {
  readonly marker: number;
  /** Offset of the segment's 0xFF. */
  readonly start: number;
  /** Offset just past the segment (for SOS: past the entropy-coded data). */
  readonly end: number;
}

export interface JpegStructure {
  /** From the first frame header (SOFn); null when the file ends before one. */
  readonly width: number | null;
  readonly height: number | null;
  /** The TIFF data of the first EXIF APP1 segment (after "Exif\0\0"), or null. */
  readonly exif: { readonly offset: number; readonly length: number } | null;
  /** The packet of the first XMP APP1 segment, or null. */
  readonly xmp: { readonly offset: number; readonly length: number } | null;
  /** True when at least one scan was followed by EOI. */
  readonly complete: boolean;
  /** Offset just past EOI when complete; anything after it (trailers, second images) is ignored. */
  readonly end: number;
  /** Every segment up to and including EOI (SOI and EOI as 2-byte segments). */
  readonly segments: readonly JpegSegment[];
}

export const SOI = 0xd8;
export const EOI = 0xd9;
export const SOS = 0xda;
export const APP0 = 0xe0;
export const APP1 = 0xe1;
export const COM = 0xfe;

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
export function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length: TEM and RST0–7. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function startsWith(bytes: Uint8Array, at: number, end: number, expected: readonly number[]): boolean {
  if (end - at < expected.length) return false;
  return expected.every((b, i) => bytes[at + i] === b);
}

const XMP_BYTES = Array.from(XMP_HEADER, (c) => c.charCodeAt(0));

function corrupt(detail: string): PhotoError {
  return new PhotoError('corrupt', `jpeg: ${detail}`);
}

/**
 * Walks the segments of a JPEG that starts with SOI. Returns the structure, with `complete` false
 * when the bytes end early (the caller decides between "truncated" and a header refusal); throws
 * PhotoError('corrupt') when the bytes are not a JPEG structure at all.
 */
export function walkJpeg(bytes: Uint8Array): JpegStructure {
  const n = bytes.length;
  if (n < 2 || bytes[0] !== 0xff || bytes[1] !== SOI) throw corrupt('no SOI');
  const segments: JpegSegment[] = [{ marker: SOI, start: 0, end: 2 }];
  let width: number | null = null;
  let height: number | null = null;
  let exif: JpegStructure['exif'] = null;
  let xmp: JpegStructure['xmp'] = null;
  let sawScan = false;
  let pos = 2;
  const incomplete = (): JpegStructure => ({ width, height, exif, xmp, complete: false, end: n, segments });

  for (;;) {
    if (pos >= n) return incomplete();
    if (bytes[pos] !== 0xff) throw corrupt(`expected a marker at ${pos}`);
    const start = pos;
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < n && bytes[pos] === 0xff) pos += 1;
    if (pos >= n) return incomplete();
    const marker = bytes[pos] ?? 0;
    pos += 1;
    if (marker === 0x00) throw corrupt(`stuffed byte outside a scan at ${start}`);
    if (marker === EOI) {
      if (!sawScan) throw corrupt('EOI before any scan');
      segments.push({ marker, start, end: pos });
      return { width, height, exif, xmp, complete: true, end: pos, segments };
    }
    if (marker === SOI) throw corrupt(`second SOI at ${start}`);
    if (isStandalone(marker)) {
      segments.push({ marker, start, end: pos });
      continue;
    }
    if (pos + 2 > n) return incomplete();
    const length = u16(bytes, pos);
    if (length < 2) throw corrupt(`segment length ${length} at ${start}`);
    const payload = pos + 2;
    const segmentEnd = pos + length;
    if (segmentEnd > n) return incomplete();

    if (isStartOfFrame(marker)) {
      if (length < 8) throw corrupt(`short frame header at ${start}`);
      if (width === null) {
        const h = u16(bytes, payload + 1);
        const w = u16(bytes, payload + 3);
        // Height 0 defers it to a DNL marker, which Chromium's decoder does not support.
        if (w === 0 || h === 0) throw corrupt(`frame of ${w}x${h}`);
        width = w;
        height = h;
      }
    } else if (marker === APP1) {
      if (exif === null && startsWith(bytes, payload, segmentEnd, EXIF_HEADER)) {
        exif = { offset: payload + EXIF_HEADER.length, length: segmentEnd - payload - EXIF_HEADER.length };
      } else if (xmp === null && startsWith(bytes, payload, segmentEnd, XMP_BYTES)) {
        xmp = { offset: payload + XMP_BYTES.length, length: segmentEnd - payload - XMP_BYTES.length };
      }
    }

    if (marker !== SOS) {
      segments.push({ marker, start, end: segmentEnd });
      pos = segmentEnd;
      continue;
    }

    if (width === null) throw corrupt('scan before frame header');
    sawScan = true;
    // Entropy-coded data: 0xFF is followed by 0x00 (a stuffed data byte), RSTn, more 0xFF fill, or
    // the next marker. indexOf is native and fast even over tens of megabytes.
    let scan = segmentEnd;
    for (;;) {
      const ff = bytes.indexOf(0xff, scan);
      if (ff < 0 || ff + 1 >= n) {
        segments.push({ marker, start, end: n });
        return incomplete();
      }
      const next = bytes[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) scan = ff + 2;
      else if (next === 0xff) scan = ff + 1;
      else {
        segments.push({ marker, start, end: ff });
        pos = ff;
        break;
      }
    }
  }
}

/** Markers whose segments carry metadata rather than image data: APP1–APP15 and COM. */
function isMetadata(marker: number): boolean {
  return (marker > APP0 && marker <= 0xef) || marker === COM;
}

/**
 * A copy of a complete JPEG without its APP1–APP15 and COM segments (EXIF, XMP, ICC, maker notes,
 * comments), keeping APP0 (JFIF) and everything the decoder needs. Our derived copies come from a
 * canvas encoder, which writes none of these; this is the guarantee that none slips through.
 * Throws PhotoError when the JPEG is not complete.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const structure = walkJpeg(bytes);
  if (!structure.complete) throw new PhotoError('truncated', 'jpeg: no EOI');
  const kept = structure.segments.filter((s) => !isMetadata(s.marker));
  if (kept.length === structure.segments.length && structure.end === bytes.length) return bytes;
  const size = kept.reduce((sum, s) => sum + (s.end - s.start), 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const s of kept) {
    out.set(bytes.subarray(s.start, s.end), at);
    at += s.end - s.start;
  }
  return out;
}
