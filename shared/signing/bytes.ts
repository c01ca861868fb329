/**
 * Byte helpers for PDF signing: those of `shared/bytes.ts` (the one implementation), under the names
 * this folder imports, and the colon form of a hex fingerprint.
 */
export { ascii, compareBytes, concat, digest, equalBytes, fromHex, latin1, own, sha256, toHex, type Bytes } from '../bytes';

/** Lowercase hex to the `AB:CD:…` form people compare by eye and that `openssl x509 -fingerprint` prints. */
export function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}
