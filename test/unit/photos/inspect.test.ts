import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PhotoError, type PhotoErrorCode } from '../../../shared/photos/errors';
import { sha256Hex } from '../../../shared/photos/hash';
import { MAX_PHOTO_BYTES, inspectImage } from '../../../shared/photos/inspect';
import { QUADRANTS_JPEG, cameraExif, chunk, concat, ihdr, jpegHeaderOnly, png, PNG_SIGNATURE, quadrantsPng, segment, tiff, withExif } from './craft';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/photos/${name}`, import.meta.url)));
}

function refusal(bytes: Uint8Array): PhotoErrorCode {
  try {
    inspectImage(bytes);
  } catch (error) {
    if (error instanceof PhotoError) return error.code;
    throw error;
  }
  throw new Error('inspectImage accepted the bytes');
}

describe('inspectImage on good files', () => {
  it('reads the camera fixture: stored sideways, displayed upright, taken at a known time and place', () => {
    expect(inspectImage(fixture('camera-rotate6.jpg'))).toEqual({
      format: 'jpeg',
      mime: 'image/jpeg',
      width: 64,
      height: 32,
      orientation: 6,
      displayWidth: 32,
      displayHeight: 64,
      takenAt: '2024-03-05T14:07:09+02:00',
      hasGps: true,
      hasDeviceInfo: true,
    });
  });

  it('reads the same from a big-endian (Motorola) EXIF block', () => {
    expect(inspectImage(withExif(QUADRANTS_JPEG, cameraExif('MM')))).toEqual(inspectImage(fixture('camera-rotate6.jpg')));
  });

  it('swaps the displayed width and height for orientations 5 to 8 only', () => {
    for (let o = 1; o <= 8; o += 1) {
      const info = inspectImage(withExif(QUADRANTS_JPEG, tiff(o % 2 ? 'II' : 'MM', [{ tag: 0x0112, value: { short: [o] } }])));
      expect([info.orientation, info.displayWidth, info.displayHeight]).toEqual(o >= 5 ? [o, 32, 64] : [o, 64, 32]);
    }
  });

  it('reads a JPEG without metadata and a plain PNG as upright, undated, without location or device', () => {
    for (const [bytes, format, width, height] of [
      [QUADRANTS_JPEG, 'jpeg', 64, 32],
      [fixture('plain.png'), 'png', 48, 24],
    ] as const) {
      expect(inspectImage(bytes)).toEqual({
        format,
        mime: `image/${format}`,
        width,
        height,
        orientation: 1,
        displayWidth: width,
        displayHeight: height,
        takenAt: null,
        hasGps: false,
        hasDeviceInfo: false,
      });
    }
  });

  it('reads EXIF from a PNG eXIf chunk', () => {
    const withChunk = png(4, 2, () => [0, 0, 0], [chunk('eXIf', cameraExif('MM'))]);
    expect(inspectImage(withChunk)).toMatchObject({ format: 'png', orientation: 6, displayWidth: 2, displayHeight: 4, takenAt: '2024-03-05T14:07:09+02:00', hasGps: true, hasDeviceInfo: true });
  });

  it('detects a location and device written in XMP rather than EXIF', () => {
    const xmp = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.5N" tiff:Model="Phone"/></x:xmpmeta>');
    const bytes = concat(QUADRANTS_JPEG.subarray(0, 2), segment(0xe1, xmp), QUADRANTS_JPEG.subarray(2));
    expect(inspectImage(bytes)).toMatchObject({ hasGps: true, hasDeviceInfo: true, takenAt: null });
  });

  it('accepts bytes after EOI (camera trailers) and ignores them', () => {
    const bytes = concat(fixture('camera-rotate6.jpg'), new TextEncoder().encode('trailer'));
    expect(inspectImage(bytes).orientation).toBe(6);
  });
});

describe('inspectImage refuses bad input with a clear code', () => {
  it('refuses an empty file', () => {
    expect(refusal(new Uint8Array(0))).toBe('empty');
  });

  it('refuses a file over 64 MB before looking at it', () => {
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(fixture('camera-rotate6.jpg'));
    expect(refusal(big)).toBe('tooBig');
    expect(refusal(new Uint8Array(MAX_PHOTO_BYTES + 1))).toBe('tooBig');
  });

  it('refuses a text file named .jpg, and other formats, by their bytes', () => {
    expect(refusal(fixture('not-an-image.jpg'))).toBe('notAnImage');
    const others = ['GIF89a', '%PDF-1.7', 'RIFF\0\0\0\0WEBP', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'II*\0'];
    for (const text of others) expect(refusal(new TextEncoder().encode(text))).toBe('notAnImage');
    expect(refusal(Uint8Array.from([0xff, 0xd8, 0x00, 0x00]))).toBe('notAnImage');
  });

  it('refuses the truncated fixture', () => {
    expect(refusal(fixture('truncated.jpg'))).toBe('truncated');
  });

  it('refuses a JPEG cut at any byte as truncated', () => {
    const whole = fixture('camera-rotate6.jpg');
    for (let length = 1; length < whole.length; length += 1) {
      expect([length, refusal(whole.subarray(0, length))]).toEqual([length, 'truncated']);
    }
  });

  it('refuses a PNG cut at any byte as truncated', () => {
    const whole = quadrantsPng();
    for (let length = 1; length < whole.length; length += 1) {
      expect([length, refusal(whole.subarray(0, length))]).toEqual([length, 'truncated']);
    }
  });

  it('refuses a 60-megapixel JPEG from its frame header, with no pixel data needed', () => {
    expect(refusal(jpegHeaderOnly(10000, 6000))).toBe('tooManyPixels');
    expect(refusal(jpegHeaderOnly(65535, 65535))).toBe('tooManyPixels');
    // Exactly 50 MP passes the pixel check (and this header-only file is then incomplete).
    expect(refusal(jpegHeaderOnly(10000, 5000))).toBe('truncated');
  });

  it('refuses a PNG bomb (100000×100000 in a 100-byte file) from IHDR, whatever follows', () => {
    const bomb = new Uint8Array(100);
    bomb.set(concat(PNG_SIGNATURE, ihdr(100000, 100000), chunk('IDAT', [0x78, 0x9c, 0x01])));
    expect(bomb.length).toBe(100);
    expect(refusal(bomb)).toBe('tooManyPixels');
    expect(refusal(concat(PNG_SIGNATURE, ihdr(8000, 6251)))).toBe('tooManyPixels');
  });

  describe('refuses broken JPEG structure as corrupt', () => {
    const soi = [0xff, 0xd8];
    const sos = segment(0xda, [1, 1, 0, 0, 63, 0]);
    const eoi = [0xff, 0xd9];
    it.each([
      ['garbage between segments', concat(jpegHeaderOnly(8, 8), [0x12, 0x34], sos, eoi)],
      ['a segment length below 2', concat(soi, [0xff, 0xe0, 0x00, 0x01], eoi)],
      ['a scan before any frame header', concat(soi, sos, [1, 2, 3], eoi)],
      ['EOI before any scan', concat(jpegHeaderOnly(8, 8), eoi)],
      ['a frame of width 0', concat(soi, segment(0xc0, [8, 0, 8, 0, 0, 1, 1, 0x11, 0]), sos, eoi)],
      ['a frame of height 0 (DNL)', concat(soi, segment(0xc0, [8, 0, 0, 0, 8, 1, 1, 0x11, 0]), sos, eoi)],
      ['a second SOI', concat(soi, soi, eoi)],
      ['a short frame header', concat(soi, segment(0xc2, [8, 0, 8]), sos, eoi)],
    ])('%s', (_name, bytes) => {
      expect(refusal(bytes)).toBe('corrupt');
    });
  });

  describe('refuses broken PNG structure as corrupt', () => {
    const good = quadrantsPng();
    it('a flipped bit in image data (IDAT CRC)', () => {
      const bytes = good.slice();
      const idat = 8 + 25 + 8 + 3;
      bytes[idat] = (bytes[idat] ?? 0) ^ 0x01;
      expect(refusal(bytes)).toBe('corrupt');
    });
    it('a damaged IHDR (CRC)', () => {
      const bytes = good.slice();
      bytes[8 + 8 + 3] = 49; // width 48 -> 49
      expect(refusal(bytes)).toBe('corrupt');
    });
    it.each([
      ['a first chunk other than IHDR', concat(PNG_SIGNATURE, chunk('IDAT', [1]), ihdr(1, 1), chunk('IEND', []))],
      ['an impossible bit depth', concat(PNG_SIGNATURE, ihdr(1, 1, 3, 2), chunk('IDAT', [1]), chunk('IEND', []))],
      ['zero width', concat(PNG_SIGNATURE, ihdr(0, 1), chunk('IDAT', [1]), chunk('IEND', []))],
      ['no image data', concat(PNG_SIGNATURE, ihdr(1, 1), chunk('IEND', []))],
      ['a palette image without a palette', concat(PNG_SIGNATURE, ihdr(1, 1, 8, 3), chunk('IDAT', [1]), chunk('IEND', []))],
      ['a chunk type that is not letters', concat(PNG_SIGNATURE, ihdr(1, 1), chunk('ID@T', [1]), chunk('IEND', []))],
    ])('%s', (_name, bytes) => {
      expect(refusal(bytes)).toBe('corrupt');
    });
  });

  it('throws only PhotoError on any mutation of a real JPEG or PNG', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (const original of [fixture('camera-rotate6.jpg'), quadrantsPng()]) {
      for (let round = 0; round < 2000; round += 1) {
        const bytes = original.slice();
        for (let k = 0; k < 4; k += 1) bytes[random() % bytes.length] = random() & 0xff;
        try {
          inspectImage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(PhotoError);
        }
      }
    }
  });
});

describe('sha256Hex', () => {
  it('is the lowercase hex SHA-256 of the bytes exactly as given', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const bytes = fixture('camera-rotate6.jpg');
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    // A view into a larger buffer hashes only its own bytes.
    expect(await sha256Hex(concat([1, 2], bytes).subarray(2))).toBe(await sha256Hex(bytes));
  });
});
