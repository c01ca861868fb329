import { describe, expect, it } from 'vitest';
import { inspectImage } from '../../../shared/photos/inspect';
import { stripJpegMetadata, walkJpeg } from '../../../shared/photos/jpeg';
import { crc32, walkPng } from '../../../shared/photos/png';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { QUADRANTS_JPEG, cameraExif, concat, jpegHeaderOnly, quadrantsPng, segment, withExif } from './craft';

const EOI = [0xff, 0xd9];

describe('walkJpeg', () => {
  it('finds the frame size and the EXIF block of a real JPEG and reaches EOI', () => {
    const bytes = withExif(QUADRANTS_JPEG, cameraExif('II'));
    const walk = walkJpeg(bytes);
    expect([walk.width, walk.height, walk.complete, walk.end]).toEqual([64, 32, true, bytes.length]);
    expect(walk.exif).not.toBeNull();
    expect(walk.segments.map((s) => s.marker.toString(16))).toEqual(['d8', 'e1', 'e0', 'db', 'db', 'c0', 'c4', 'c4', 'c4', 'c4', 'da', 'd9']);
  });

  it('reads through stuffed bytes, restart markers and fill bytes in the scan to the EOI', () => {
    const scan = concat(segment(0xda, [1, 1, 0, 0, 63, 0]), [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0xff, 0xff]);
    const bytes = concat(jpegHeaderOnly(8, 8), [0xff, 0xff], segment(0xc4, [0]), scan, EOI);
    const walk = walkJpeg(bytes);
    expect(walk.complete).toBe(true);
    expect(walk.end).toBe(bytes.length);
  });

  it('walks several scans (progressive JPEG) and stops at the first EOI', () => {
    const scan = concat(segment(0xda, [1, 1, 0, 0, 63, 0]), [1, 2, 3]);
    const bytes = concat(jpegHeaderOnly(8, 8), scan, segment(0xc4, [0]), scan, EOI, [0xff, 0xd8, 0xff, 0xd9]);
    const walk = walkJpeg(bytes);
    expect(walk.complete).toBe(true);
    expect(walk.segments.filter((s) => s.marker === 0xda)).toHaveLength(2);
    expect(walk.end).toBe(bytes.length - 4);
  });

  it('reports an incomplete walk, with the header it saw, when the scan has no EOI', () => {
    const walk = walkJpeg(QUADRANTS_JPEG.subarray(0, QUADRANTS_JPEG.length - 1));
    expect([walk.width, walk.height, walk.complete]).toEqual([64, 32, false]);
  });
});

describe('stripJpegMetadata', () => {
  it('removes EXIF, XMP, ICC and comments, keeps JFIF and the image, and the result is whole', () => {
    const xmp = segment(0xe1, new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0<x/>'));
    const icc = segment(0xe2, new TextEncoder().encode('ICC_PROFILE\0\x01\x01'));
    const comment = segment(0xfe, new TextEncoder().encode('Taken by Dr X'));
    const dirty = concat(withExif(QUADRANTS_JPEG, cameraExif('MM')).subarray(0, 2), xmp, icc, comment, withExif(QUADRANTS_JPEG, cameraExif('MM')).subarray(2));
    const clean = stripJpegMetadata(dirty);
    expect(clean).toEqual(QUADRANTS_JPEG);
    const info = inspectImage(clean);
    expect([info.orientation, info.takenAt, info.hasGps, info.hasDeviceInfo]).toEqual([1, null, false, false]);
  });

  it('returns the same bytes when there is nothing to strip', () => {
    expect(stripJpegMetadata(QUADRANTS_JPEG)).toBe(QUADRANTS_JPEG);
  });

  it('drops anything after EOI', () => {
    expect(stripJpegMetadata(concat(QUADRANTS_JPEG, [1, 2, 3]))).toEqual(QUADRANTS_JPEG);
  });
});

describe('walkPng', () => {
  it('walks a whole PNG to IEND', () => {
    expect(walkPng(quadrantsPng())).toMatchObject({ width: 48, height: 24, bitDepth: 8, colorType: 2, complete: true, exif: null });
  });

  it('skips CRC checks when asked', () => {
    const bytes = quadrantsPng();
    bytes[8 + 25 + 8 + 3] = (bytes[8 + 25 + 8 + 3] ?? 0) ^ 0xff;
    expect(() => walkPng(bytes)).toThrow();
    expect(walkPng(bytes, { checkCrc: false })?.complete).toBe(true);
  });

  it('computes the same CRC-32 as zlib', () => {
    const bytes = quadrantsPng();
    expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    expect(crc32(bytes, 10, 40)).toBe(nodeCrc32(bytes.subarray(10, 40)));
  });
});
