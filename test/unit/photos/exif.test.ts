import { describe, expect, it } from 'vitest';
import { NO_EXIF, normaliseExifDateTime, normaliseExifOffset, parseExif } from '../../../shared/photos/exif';
import { cameraExif, tiff, type ByteOrder, type TiffEntry } from './craft';

const ORDERS: readonly ByteOrder[] = ['II', 'MM'];

function withDate(order: ByteOrder, exif: readonly TiffEntry[]): Uint8Array {
  return tiff(order, [{ tag: 0x0112, value: { short: [1] } }], exif);
}

describe('parseExif', () => {
  it.each(ORDERS)('reads orientation, date taken with offset, GPS and device in %s byte order', (order) => {
    expect(parseExif(cameraExif(order))).toEqual({
      orientation: 6,
      dateTimeOriginal: '2024-03-05T14:07:09',
      offsetTimeOriginal: '+02:00',
      hasGps: true,
      hasDeviceInfo: true,
    });
  });

  it('reads the same facts from both byte orders', () => {
    expect(parseExif(cameraExif('II'))).toEqual(parseExif(cameraExif('MM')));
  });

  it.each(ORDERS)('reads every orientation 1..8 (%s)', (order) => {
    for (let o = 1; o <= 8; o += 1) {
      expect(parseExif(tiff(order, [{ tag: 0x0112, value: { short: [o] } }])).orientation).toBe(o);
    }
  });

  it('treats an out-of-range or wrongly typed orientation as upright', () => {
    expect(parseExif(tiff('II', [{ tag: 0x0112, value: { short: [0] } }])).orientation).toBe(1);
    expect(parseExif(tiff('MM', [{ tag: 0x0112, value: { short: [9] } }])).orientation).toBe(1);
    expect(parseExif(tiff('II', [{ tag: 0x0112, value: { ascii: '6' } }])).orientation).toBe(1);
  });

  it('uses DateTimeOriginal, not DateTime (the time of the last edit)', () => {
    const onlyModified = tiff('II', [{ tag: 0x0132, value: { ascii: '2025:01:01 00:00:00' } }], []);
    expect(parseExif(onlyModified).dateTimeOriginal).toBeNull();
  });

  it('gives the date taken without an offset when OffsetTimeOriginal is absent or invalid', () => {
    const noOffset = parseExif(withDate('MM', [{ tag: 0x9003, value: { ascii: '2023:12:31 23:59:59' } }]));
    expect(noOffset.dateTimeOriginal).toBe('2023-12-31T23:59:59');
    expect(noOffset.offsetTimeOriginal).toBeNull();
    const badOffset = parseExif(withDate('II', [{ tag: 0x9003, value: { ascii: '2023:12:31 23:59:59' } }, { tag: 0x9011, value: { ascii: '+25:00' } }]));
    expect(badOffset.offsetTimeOriginal).toBeNull();
    const negative = parseExif(withDate('II', [{ tag: 0x9003, value: { ascii: '2023:12:31 23:59:59' } }, { tag: 0x9011, value: { ascii: '-03:30' } }]));
    expect(negative.offsetTimeOriginal).toBe('-03:30');
  });

  it('reads the blank and zero dates of a camera whose clock was never set as absent', () => {
    for (const blank of ['    :  :     :  :  ', '0000:00:00 00:00:00', '2023:02:29 10:00:00', '2024:13:01 10:00:00', '2024:01:01 24:00:00', 'yesterday']) {
      expect(parseExif(withDate('II', [{ tag: 0x9003, value: { ascii: blank } }])).dateTimeOriginal).toBeNull();
    }
    expect(parseExif(withDate('II', [{ tag: 0x9003, value: { ascii: '2024:02:29 10:00:00' } }])).dateTimeOriginal).toBe('2024-02-29T10:00:00');
  });

  it('reports no GPS and no device when the file has neither', () => {
    const info = parseExif(withDate('II', [{ tag: 0x9003, value: { ascii: '2023:01:02 03:04:05' } }]));
    expect(info.hasGps).toBe(false);
    expect(info.hasDeviceInfo).toBe(false);
  });

  it('detects a GPS IFD on its own, and device data from Make, Model or a serial number alone', () => {
    expect(parseExif(tiff('MM', [], undefined, [{ tag: 0x0001, value: { ascii: 'S' } }])).hasGps).toBe(true);
    expect(parseExif(tiff('II', [{ tag: 0x010f, value: { ascii: 'X' } }])).hasDeviceInfo).toBe(true);
    expect(parseExif(tiff('II', [{ tag: 0x0110, value: { ascii: 'Y' } }])).hasDeviceInfo).toBe(true);
    expect(parseExif(tiff('MM', [], [{ tag: 0xa431, value: { ascii: '123' } }])).hasDeviceInfo).toBe(true);
  });

  it('refuses headers that are not TIFF', () => {
    expect(parseExif(new Uint8Array(0))).toEqual(NO_EXIF);
    expect(parseExif(Uint8Array.from([0x49, 0x49, 0x2a, 0x00]))).toEqual(NO_EXIF);
    const wrongMagic = cameraExif('II');
    wrongMagic[2] = 43;
    expect(parseExif(wrongMagic)).toEqual(NO_EXIF);
    const wrongOrder = cameraExif('II');
    wrongOrder[0] = 0x4d; // "MI"
    expect(parseExif(wrongOrder)).toEqual(NO_EXIF);
  });
});

describe('parseExif on malformed offsets', () => {
  function setU32LE(bytes: Uint8Array, at: number, value: number): void {
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value, true);
  }
  function setU16LE(bytes: Uint8Array, at: number, value: number): void {
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint16(at, value, true);
  }

  it('reads nothing when IFD0 lies outside the buffer', () => {
    const bytes = cameraExif('II');
    for (const offset of [bytes.length, bytes.length - 1, 0xffffffff, 0, 4]) {
      setU32LE(bytes, 4, offset);
      expect(parseExif(bytes)).toEqual(NO_EXIF);
    }
  });

  it('reads only the entries that fit when the entry count is a lie', () => {
    const bytes = tiff('II', [{ tag: 0x0112, value: { short: [3] } }]);
    setU16LE(bytes, 8, 0xffff);
    expect(parseExif(bytes).orientation).toBe(3);
  });

  it('ignores a value whose offset or size points outside the buffer', () => {
    const bytes = tiff('II', [], [{ tag: 0x9003, value: { ascii: '2024:03:05 14:07:09' } }]);
    const exifIfd = 8 + 2 + 12 + 4;
    const valueOffsetField = exifIfd + 2 + 8;
    setU32LE(bytes, valueOffsetField, bytes.length - 5);
    expect(parseExif(bytes).dateTimeOriginal).toBeNull();
    setU32LE(bytes, valueOffsetField, 0xfffffff0);
    expect(parseExif(bytes).dateTimeOriginal).toBeNull();
    // A count so large that count × size overflows 32 bits.
    setU32LE(bytes, exifIfd + 2 + 4, 0xffffffff);
    expect(parseExif(bytes).dateTimeOriginal).toBeNull();
  });

  it('does not loop when the Exif IFD pointer points back to IFD0 or to itself', () => {
    const bytes = tiff('II', [{ tag: 0x0112, value: { short: [8] } }], [{ tag: 0x8769, value: { long: [0] } }]);
    // IFD0: orientation, Exif pointer. Point the Exif pointer at IFD0.
    const ifd0Pointer = 8 + 2 + 12 + 8;
    setU32LE(bytes, ifd0Pointer, 8);
    expect(parseExif(bytes).orientation).toBe(8);
    // Now the Exif IFD's own 0x8769 entry points at itself (it is never followed).
    setU32LE(bytes, ifd0Pointer, 8 + 2 + 24 + 4);
    setU32LE(bytes, 8 + 2 + 24 + 4 + 2 + 8, 8 + 2 + 24 + 4);
    expect(parseExif(bytes).orientation).toBe(8);
  });

  it('never throws on random bytes behind a valid header, nor on any mutation of a real EXIF block', () => {
    let seed = 0x1234567;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let round = 0; round < 3000; round += 1) {
      const bytes = new Uint8Array(8 + (random() % 200));
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = random() & 0xff;
      bytes.set(round % 2 ? [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0] : [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]);
      const info = parseExif(bytes);
      expect(info.orientation).toBeGreaterThanOrEqual(1);
      expect(info.orientation).toBeLessThanOrEqual(8);
    }
    const real = cameraExif('MM');
    for (let round = 0; round < 3000; round += 1) {
      const bytes = real.slice();
      for (let k = 0; k < 3; k += 1) bytes[random() % bytes.length] = random() & 0xff;
      expect(() => parseExif(bytes)).not.toThrow();
    }
  });
});

describe('EXIF date and offset text', () => {
  it('normalises the EXIF date format and rejects impossible values', () => {
    expect(normaliseExifDateTime('2024:03:05 14:07:09')).toBe('2024-03-05T14:07:09');
    expect(normaliseExifDateTime('2024-03-05T14:07:09')).toBe('2024-03-05T14:07:09');
    expect(normaliseExifDateTime('2024:04:31 00:00:00')).toBeNull();
    expect(normaliseExifDateTime('2024:03:05 14:60:09')).toBeNull();
  });

  it('accepts offsets from -12:00 to +14:00', () => {
    expect(normaliseExifOffset('+14:00')).toBe('+14:00');
    expect(normaliseExifOffset('-12:00')).toBe('-12:00');
    expect(normaliseExifOffset('+05:45')).toBe('+05:45');
    expect(normaliseExifOffset('-13:00')).toBeNull();
    expect(normaliseExifOffset('+02:60')).toBeNull();
    expect(normaliseExifOffset('Z')).toBeNull();
    expect(normaliseExifOffset('   :  ')).toBeNull();
  });
});
