/**
 * The few EXIF facts import needs, read from a TIFF structure (JPEG APP1 after "Exif\0\0", or a
 * PNG eXIf chunk): orientation, when the photograph was taken, and whether it carries a location or
 * names the device. Files come from anywhere, so every offset is checked against the buffer, each
 * IFD is read at most once (a pointer back to an earlier IFD cannot loop) and nothing here throws:
 * unreadable metadata reads as "absent".
 */

export interface ExifInfo {
  /** 1..8 (TIFF Orientation); 1 when absent or out of range. */
  readonly orientation: number;
  /** DateTimeOriginal as 'YYYY-MM-DDTHH:mm:ss', or null when absent or not a real date and time. */
  readonly dateTimeOriginal: string | null;
  /** OffsetTimeOriginal as '+HH:MM' / '-HH:MM', or null. */
  readonly offsetTimeOriginal: string | null;
  /** A GPS IFD pointer is present. */
  readonly hasGps: boolean;
  /** Make, Model, a serial number, lens or owner name, or a maker note is present. */
  readonly hasDeviceInfo: boolean;
}

export const NO_EXIF: ExifInfo = { orientation: 1, dateTimeOriginal: null, offsetTimeOriginal: null, hasGps: false, hasDeviceInfo: false };

const TAG_ORIENTATION = 0x0112;
const TAG_MAKE = 0x010f;
const TAG_MODEL = 0x0110;
const TAG_EXIF_IFD = 0x8769;
const TAG_GPS_IFD = 0x8825;
const TAG_DATE_TIME_ORIGINAL = 0x9003;
const TAG_OFFSET_TIME_ORIGINAL = 0x9011;
/** MakerNote, CameraOwnerName, BodySerialNumber, LensSpecification…LensSerialNumber. */
const EXIF_DEVICE_TAGS = [0x927c, 0xa430, 0xa431, 0xa432, 0xa433, 0xa434, 0xa435];

const TYPE_ASCII = 2;
const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_UNDEFINED = 7;
/** Byte size of one value of each TIFF type (1..13); unknown types are skipped. */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

interface Entry {
  readonly type: number;
  readonly count: number;
  /** Absolute offset of the value bytes, already checked to lie inside the buffer. */
  readonly at: number;
}

class TiffReader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly little: boolean,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  u16(at: number): number | null {
    if (at < 0 || at + 2 > this.bytes.length) return null;
    const a = this.bytes[at] ?? 0;
    const b = this.bytes[at + 1] ?? 0;
    return this.little ? a | (b << 8) : (a << 8) | b;
  }

  u32(at: number): number | null {
    if (at < 0 || at + 4 > this.bytes.length) return null;
    const [a, b, c, d] = [this.bytes[at] ?? 0, this.bytes[at + 1] ?? 0, this.bytes[at + 2] ?? 0, this.bytes[at + 3] ?? 0];
    return (this.little ? a | (b << 8) | (c << 16) | (d << 24) : (a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  }

  /** Up to `count` bytes at `at` as Latin-1 text, stopping at the first NUL. */
  ascii(at: number, count: number): string {
    let out = '';
    const end = Math.min(at + count, this.bytes.length);
    for (let i = at; i < end; i += 1) {
      const c = this.bytes[i] ?? 0;
      if (c === 0) break;
      out += String.fromCharCode(c);
    }
    return out;
  }

  /** The entries of the IFD at `offset`, keyed by tag (first occurrence wins); empty if unreadable. */
  ifd(offset: number): Map<number, Entry> {
    const entries = new Map<number, Entry>();
    const count = this.u16(offset);
    if (count === null) return entries;
    // Never trust the count: read only the entries that fit in the buffer.
    const fitting = Math.min(count, Math.floor((this.bytes.length - offset - 2) / 12));
    for (let i = 0; i < fitting; i += 1) {
      const entry = offset + 2 + i * 12;
      const tag = this.u16(entry);
      const type = this.u16(entry + 2);
      const valueCount = this.u32(entry + 4);
      if (tag === null || type === null || valueCount === null || entries.has(tag)) continue;
      const size = (TYPE_SIZES[type] ?? 0) * valueCount;
      if (size === 0) {
        entries.set(tag, { type, count: 0, at: entry + 8 });
        continue;
      }
      const at = size <= 4 ? entry + 8 : this.u32(entry + 8);
      if (at === null || at + size > this.bytes.length) continue;
      entries.set(tag, { type, count: valueCount, at });
    }
    return entries;
  }
}

function readShort(reader: TiffReader, entry: Entry | undefined): number | null {
  if (entry === undefined || entry.count < 1) return null;
  if (entry.type === TYPE_SHORT) return reader.u16(entry.at);
  if (entry.type === TYPE_LONG) return reader.u32(entry.at);
  return null;
}

function readText(reader: TiffReader, entry: Entry | undefined): string | null {
  if (entry === undefined || (entry.type !== TYPE_ASCII && entry.type !== TYPE_UNDEFINED)) return null;
  return reader.ascii(entry.at, entry.count);
}

function readPointer(reader: TiffReader, entry: Entry | undefined): number | null {
  if (entry === undefined || entry.count < 1) return null;
  // Written as LONG, or (by some tools) as the IFD type 13; both are 4 bytes.
  if (entry.type !== TYPE_LONG && entry.type !== 13) return null;
  return reader.u32(entry.at);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * EXIF's 'YYYY:MM:DD HH:MM:SS' as 'YYYY-MM-DDTHH:mm:ss', or null for the blank or zero dates some
 * cameras write when their clock was never set. Also accepts '-' in the date and 'T' as separator.
 */
export function normaliseExifDateTime(text: string): string | null {
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (match === null) return null;
  const [, ys, mos, ds, hs, mis, ss] = match;
  const [year, month, day, hour, minute, second] = [ys, mos, ds, hs, mis, ss].map(Number) as [number, number, number, number, number, number];
  if (year < 1800 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const maxDay = month === 2 && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > maxDay) return null;
  return `${ys ?? ''}-${mos ?? ''}-${ds ?? ''}T${hs ?? ''}:${mis ?? ''}:${ss ?? ''}`;
}

/** EXIF's '+HH:MM' offset, checked (−12:00 … +14:00), or null. */
export function normaliseExifOffset(text: string): string | null {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (match === null) return null;
  const [, sign, hs, ms] = match;
  const hours = Number(hs);
  const minutes = Number(ms);
  if (minutes > 59 || hours > 14 || (sign === '-' && hours > 12)) return null;
  return `${sign ?? ''}${hs ?? ''}:${ms ?? ''}`;
}

/** Reads the TIFF structure `tiff`. Never throws; malformed parts read as absent. */
export function parseExif(tiff: Uint8Array): ExifInfo {
  if (tiff.length < 8) return NO_EXIF;
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return NO_EXIF;
  const reader = new TiffReader(tiff, order === 'II');
  if (reader.u16(2) !== 42) return NO_EXIF;
  const ifd0Offset = reader.u32(4);
  if (ifd0Offset === null || ifd0Offset < 8) return NO_EXIF;

  const ifd0 = reader.ifd(ifd0Offset);
  const rawOrientation = readShort(reader, ifd0.get(TAG_ORIENTATION));
  const orientation = rawOrientation !== null && rawOrientation >= 1 && rawOrientation <= 8 ? rawOrientation : 1;
  const gpsPointer = ifd0.get(TAG_GPS_IFD);
  let hasDeviceInfo = ifd0.has(TAG_MAKE) || ifd0.has(TAG_MODEL);

  let dateTimeOriginal: string | null = null;
  let offsetTimeOriginal: string | null = null;
  const exifOffset = readPointer(reader, ifd0.get(TAG_EXIF_IFD));
  // The Exif IFD may not be IFD0 again (the only loop a two-level read could fall into).
  if (exifOffset !== null && exifOffset >= 8 && exifOffset !== ifd0Offset) {
    const exifIfd = reader.ifd(exifOffset);
    const date = readText(reader, exifIfd.get(TAG_DATE_TIME_ORIGINAL));
    dateTimeOriginal = date === null ? null : normaliseExifDateTime(date);
    const offset = readText(reader, exifIfd.get(TAG_OFFSET_TIME_ORIGINAL));
    offsetTimeOriginal = offset === null ? null : normaliseExifOffset(offset);
    hasDeviceInfo ||= EXIF_DEVICE_TAGS.some((tag) => exifIfd.has(tag));
  }

  return { orientation, dateTimeOriginal, offsetTimeOriginal, hasGps: gpsPointer !== undefined, hasDeviceInfo };
}
