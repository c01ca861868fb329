/**
 * What a photograph file is, from its bytes alone and before any pixel is decoded: format, size,
 * orientation, when it was taken, and whether it carries a location or device data. Refuses, with a
 * PhotoError, anything the import must not decode: empty, too big, not JPEG or PNG, incomplete,
 * structurally broken, or more than 50 megapixels (read from the header, so a decompression bomb
 * costs nothing).
 */
import { PhotoError } from './errors';
import { NO_EXIF, parseExif, type ExifInfo } from './exif';
import { walkJpeg } from './jpeg';
import { readPngHeader, walkPng } from './png';
import { isSignaturePrefix, mimeOf, sniffFormat, type PhotoFormat } from './sniff';

/** Files above 64 MiB are refused before they are read. */
export const MAX_PHOTO_BYTES = 64 * 1024 * 1024;
/** Images above 50 megapixels are refused from their header. */
export const MAX_PHOTO_PIXELS = 50_000_000;

export interface ImageInspection {
  readonly format: PhotoFormat;
  readonly mime: 'image/jpeg' | 'image/png';
  /** Stored pixel dimensions, before orientation. */
  readonly width: number;
  readonly height: number;
  /** EXIF orientation, 1..8 (1 when absent). */
  readonly orientation: number;
  /** As displayed: width and height swapped for orientations 5–8. */
  readonly displayWidth: number;
  readonly displayHeight: number;
  /** EXIF DateTimeOriginal as 'YYYY-MM-DDTHH:mm:ss', plus OffsetTimeOriginal ('+02:00') when known. */
  readonly takenAt: string | null;
  /** The file carries a location (EXIF GPS IFD, or GPS fields in XMP). */
  readonly hasGps: boolean;
  /** The file names the camera or phone (make, model, serial, lens, owner, maker note). */
  readonly hasDeviceInfo: boolean;
}

function checkPixels(width: number, height: number): void {
  if (width * height > MAX_PHOTO_PIXELS) throw new PhotoError('tooManyPixels', `${width}x${height}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** GPS and device fields in an XMP packet (some phones and editors write them there, not in EXIF). */
function readXmp(bytes: Uint8Array): { hasGps: boolean; hasDeviceInfo: boolean } {
  const text = utf8.decode(bytes);
  return {
    hasGps: /GPS(Latitude|Longitude|Altitude)/.test(text),
    hasDeviceInfo: /tiff:(Make|Model)|(aux|exifEX):(SerialNumber|BodySerialNumber|LensModel|OwnerName|CameraOwnerName)/.test(text),
  };
}

function exifAt(bytes: Uint8Array, where: { readonly offset: number; readonly length: number } | null): ExifInfo {
  return where === null ? NO_EXIF : parseExif(bytes.subarray(where.offset, where.offset + where.length));
}

function inspectJpeg(bytes: Uint8Array): Omit<ImageInspection, 'format' | 'mime' | 'displayWidth' | 'displayHeight' | 'takenAt'> & { exif: ExifInfo } {
  const jpeg = walkJpeg(bytes);
  if (jpeg.width === null || jpeg.height === null) throw new PhotoError('truncated', 'jpeg: ends before the frame header');
  checkPixels(jpeg.width, jpeg.height);
  if (!jpeg.complete) throw new PhotoError('truncated', 'jpeg: no EOI');
  const exif = exifAt(bytes, jpeg.exif);
  const xmp = jpeg.xmp === null ? { hasGps: false, hasDeviceInfo: false } : readXmp(bytes.subarray(jpeg.xmp.offset, jpeg.xmp.offset + jpeg.xmp.length));
  return {
    width: jpeg.width,
    height: jpeg.height,
    orientation: exif.orientation,
    hasGps: exif.hasGps || xmp.hasGps,
    hasDeviceInfo: exif.hasDeviceInfo || xmp.hasDeviceInfo,
    exif,
  };
}

function inspectPng(bytes: Uint8Array): ReturnType<typeof inspectJpeg> {
  // The header first and on its own: a bomb is refused before the chunk walk.
  const header = readPngHeader(bytes);
  if (header === null) throw new PhotoError('truncated', 'png: ends before IHDR');
  checkPixels(header.width, header.height);
  const png = walkPng(bytes);
  if (png === null || !png.complete) throw new PhotoError('truncated', 'png: no IEND');
  const exif = exifAt(bytes, png.exif);
  return { width: png.width, height: png.height, orientation: exif.orientation, hasGps: exif.hasGps, hasDeviceInfo: exif.hasDeviceInfo, exif };
}

/**
 * Inspects a photograph file. Throws PhotoError with code 'empty', 'tooBig', 'notAnImage',
 * 'truncated', 'tooManyPixels' or 'corrupt'; never decodes pixels.
 */
export function inspectImage(bytes: Uint8Array): ImageInspection {
  if (bytes.length === 0) throw new PhotoError('empty');
  if (bytes.length > MAX_PHOTO_BYTES) throw new PhotoError('tooBig');
  const format = sniffFormat(bytes);
  if (format === null) throw new PhotoError(isSignaturePrefix(bytes) ? 'truncated' : 'notAnImage');
  const found = format === 'jpeg' ? inspectJpeg(bytes) : inspectPng(bytes);
  const swap = found.orientation >= 5;
  const { exif } = found;
  return {
    format,
    mime: mimeOf(format),
    width: found.width,
    height: found.height,
    orientation: found.orientation,
    displayWidth: swap ? found.height : found.width,
    displayHeight: swap ? found.width : found.height,
    takenAt: exif.dateTimeOriginal === null ? null : exif.dateTimeOriginal + (exif.offsetTimeOriginal ?? ''),
    hasGps: found.hasGps,
    hasDeviceInfo: found.hasDeviceInfo,
  };
}
