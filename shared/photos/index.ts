/** Photograph import, the pure part: inspect the bytes, refuse what must not be decoded, hash the original. */
export { PHOTO_ERROR_CODES, PhotoError, isPhotoError, type PhotoErrorCode } from './errors';
export { NO_EXIF, normaliseExifDateTime, normaliseExifOffset, parseExif, type ExifInfo } from './exif';
export { sha256Hex } from './hash';
export { MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS, inspectImage, type ImageInspection } from './inspect';
export { isStartOfFrame, stripJpegMetadata, walkJpeg, type JpegSegment, type JpegStructure } from './jpeg';
export { crc32, readPngHeader, walkPng, type PngHeader, type PngStructure } from './png';
export { mimeOf, sniffFormat, type PhotoFormat } from './sniff';
