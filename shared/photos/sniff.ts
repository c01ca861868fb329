/** Format detection by magic bytes only: a file's name and MIME type are whatever the sender chose. */

export type PhotoFormat = 'jpeg' | 'png';

export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format whose signature `bytes` starts with, or null. JPEG: SOI then a marker (FF D8 FF). */
export function sniffFormat(bytes: Uint8Array): PhotoFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  return null;
}

/**
 * Whether `bytes` is a proper prefix of a signature (a file cut inside its first few bytes): such a
 * file is reported as truncated rather than as "not an image".
 */
export function isSignaturePrefix(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const jpeg = [0xff, 0xd8, 0xff];
  const prefixOf = (sig: readonly number[]): boolean => bytes.length < sig.length && Array.from(bytes).every((b, i) => sig[i] === b);
  return prefixOf(jpeg) || prefixOf(PNG_SIGNATURE);
}

export function mimeOf(format: PhotoFormat): 'image/jpeg' | 'image/png' {
  return format === 'jpeg' ? 'image/jpeg' : 'image/png';
}
