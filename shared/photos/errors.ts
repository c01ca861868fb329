/**
 * The one error type of photograph import. Each refusal has a stable `code`: the caller branches on
 * it and the screen shows the matching message (renderer/photos/processPhoto.ts `messageKeyFor`).
 * The English `message` is for logs and tests; it never names the file or carries its content.
 */
export type PhotoErrorCode =
  /** The file has no bytes. */
  | 'empty'
  /** The file is larger than MAX_PHOTO_BYTES. */
  | 'tooBig'
  /** The bytes are neither JPEG nor PNG (checked by magic bytes, never by name or MIME type). */
  | 'notAnImage'
  /** A JPEG or PNG that ends before its end marker: a copy or download that did not finish. */
  | 'truncated'
  /** More than MAX_PHOTO_PIXELS pixels, read from the header before anything is decoded. */
  | 'tooManyPixels'
  /** A JPEG or PNG whose structure is broken (bad segment, chunk, CRC or header field). */
  | 'corrupt'
  /** Well-formed on the outside, but the browser could not decode it. */
  | 'decodeFailed'
  /** The file could not be read (moved, deleted or locked after it was chosen). */
  | 'unreadable';

const MESSAGES: Readonly<Record<PhotoErrorCode, string>> = {
  empty: 'The file is empty.',
  tooBig: 'The file is larger than the 64 MB limit.',
  notAnImage: 'The file is not a JPEG or PNG image.',
  truncated: 'The image file is incomplete.',
  tooManyPixels: 'The image is larger than 50 megapixels.',
  corrupt: 'The image file is damaged.',
  decodeFailed: 'The image could not be decoded.',
  unreadable: 'The file could not be read.',
};

/** A photograph that was refused. No partial output exists when this is thrown. */
export class PhotoError extends Error {
  override readonly name = 'PhotoError';

  /** `detail`: where the structure is wrong (offsets and marker names, never content), for a log. */
  constructor(
    readonly code: PhotoErrorCode,
    readonly detail?: string,
    options?: { readonly cause?: unknown },
  ) {
    super(detail === undefined ? MESSAGES[code] : `${MESSAGES[code]} (${detail})`, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Every code, for exhaustive tests and message catalogs. */
export const PHOTO_ERROR_CODES: readonly PhotoErrorCode[] = Object.keys(MESSAGES) as PhotoErrorCode[];

export function isPhotoError(value: unknown): value is PhotoError {
  return value instanceof PhotoError;
}
