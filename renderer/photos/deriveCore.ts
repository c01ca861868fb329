/**
 * The derived copies of a photograph: decoded once with its EXIF orientation applied, scaled, and
 * re-encoded through a canvas as JPEG. A canvas holds pixels only, so the copies carry no EXIF, GPS,
 * XMP or device data; stripJpegMetadata then guarantees it whatever the encoder writes. Runs in the
 * photo worker (derive.worker.ts) and, where workers or OffscreenCanvas are missing, on the page.
 */
import { PhotoError, type PhotoErrorCode } from '../../shared/photos/errors';
import { stripJpegMetadata } from '../../shared/photos/jpeg';

/** Long edge of the copy shown on screen and placed in the report. */
export const DISPLAY_LONG_EDGE = 2048;
export const DISPLAY_QUALITY = 0.88;
/** Long edge of the thumbnail in lists and on the body chart. */
export const THUMB_LONG_EDGE = 320;
export const THUMB_QUALITY = 0.8;

export interface DerivedCopies {
  /** As displayed (orientation applied), in pixels: what the browser decoded. */
  readonly width: number;
  readonly height: number;
  readonly display: Uint8Array<ArrayBuffer>;
  readonly thumb: Uint8Array<ArrayBuffer>;
}

/** Request and response of the photo worker. */
export interface DeriveRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly mime: string;
}
export type DeriveResponse =
  | { readonly id: number; readonly ok: true; readonly width: number; readonly height: number; readonly display: ArrayBuffer; readonly thumb: ArrayBuffer }
  | { readonly id: number; readonly ok: false; readonly code: PhotoErrorCode; readonly detail: string };

/** The size that fits `width`×`height` within `longEdge`, never enlarged, never below 1 px. */
export function fitWithin(width: number, height: number, longEdge: number): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function scaled(source: ImageBitmap, longEdge: number): Promise<ImageBitmap> {
  const size = fitWithin(source.width, source.height, longEdge);
  if (size.width === source.width && size.height === source.height) return source;
  return createImageBitmap(source, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
}

async function encodeJpeg(bitmap: ImageBitmap, quality: number): Promise<Uint8Array<ArrayBuffer>> {
  const { width, height } = bitmap;
  let blob: Blob | null;
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { alpha: false });
    if (context === null) throw new PhotoError('decodeFailed', 'no 2d context');
    // Transparent PNG areas become white, not the black a JPEG encoder would make of them.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0);
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  } else {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d', { alpha: false });
    if (context === null) throw new PhotoError('decodeFailed', 'no 2d context');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0);
    blob = await new Promise<Blob | null>((resolve) => {
      canvas.toBlob(resolve, 'image/jpeg', quality);
    });
    canvas.width = 0;
    canvas.height = 0;
  }
  if (blob === null) throw new PhotoError('decodeFailed', 'encoder returned nothing');
  const bytes = stripJpegMetadata(new Uint8Array(await blob.arrayBuffer()));
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/**
 * Decodes `image` (EXIF orientation applied) and makes the display copy and the thumbnail.
 * Throws PhotoError('decodeFailed') when the browser cannot decode or encode it.
 */
export async function deriveCopies(image: Blob): Promise<DerivedCopies> {
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(image, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new PhotoError('decodeFailed', 'createImageBitmap refused the image', { cause: error });
  }
  const owned: ImageBitmap[] = [full];
  try {
    const { width, height } = full;
    const displayBitmap = await scaled(full, DISPLAY_LONG_EDGE);
    owned.push(displayBitmap);
    // The thumbnail comes from the display copy: a small step, and far fewer pixels to filter.
    const thumbBitmap = await scaled(displayBitmap, THUMB_LONG_EDGE);
    owned.push(thumbBitmap);
    const [display, thumb] = await Promise.all([encodeJpeg(displayBitmap, DISPLAY_QUALITY), encodeJpeg(thumbBitmap, THUMB_QUALITY)]);
    return { width, height, display, thumb };
  } catch (error) {
    if (error instanceof PhotoError) throw error;
    throw new PhotoError('decodeFailed', 'scaling or encoding failed', { cause: error });
  } finally {
    for (const bitmap of new Set(owned)) bitmap.close();
  }
}
