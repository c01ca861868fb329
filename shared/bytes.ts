/**
 * The byte helpers of `shared/`, once: copies, concatenation, comparison, hex, Base64, text
 * encodings, random bytes, zeroing and SHA-2 digests. `shared/` has no Node `Buffer`: Uint8Array,
 * TextEncoder/TextDecoder, atob/btoa and WebCrypto only, so the same code runs in Node, Electron's
 * renderer and Chromium. `shared/signing/bytes.ts` and `shared/vault/encoding.ts` re-export these
 * under the names their folders use.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts as a `BufferSource`. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A copy backed by a plain ArrayBuffer of its own (WebCrypto, asn1js and PKI.js want one; a view may share a larger buffer). */
export function own(bytes: Uint8Array): Bytes {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** The same bytes as WebCrypto takes them: the view itself when it is backed by an ArrayBuffer, else a copy. */
function bufferSource(bytes: Uint8Array): Bytes {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : own(bytes);
}

export function concat(parts: readonly Uint8Array[]): Bytes {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Equal length and content. Reads every byte whatever it finds, so that the time taken does not tell where two MACs differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let i = 0; i < a.byteLength; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** Orders byte strings as DER orders the elements of a SET OF (shorter prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.byteLength - b.byteLength;
}

/** Lowercase hex, two digits a byte, no separators. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Decodes hex as PDF hex strings hold it: whitespace ignored, an odd final digit padded with 0. Null if not hex. */
export function fromHex(text: string): Bytes | null {
  const digits = text.replace(/[\0\t\n\f\r ]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits)) return null;
  const even = digits.length % 2 === 0 ? digits : `${digits}0`;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(even.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

/** One character per byte: offsets in the string are offsets in the file. */
export function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

/** ASCII text to bytes (PDF syntax we write is ASCII). */
export function ascii(text: string): Bytes {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Decodes standard Base64; callers validate the text first (the keyring schema does). */
export function fromBase64(text: string): Bytes {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Fresh bytes from the platform's cryptographic random source. */
export function randomBytes(length: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Overwrites bytes the vault owns once they have served. JavaScript gives no guarantee that no copy
 * exists elsewhere (the engine may have moved the buffer), but a zeroed buffer is one copy fewer.
 */
export function wipe(...buffers: readonly Uint8Array[]): void {
  for (const buffer of buffers) buffer.fill(0);
}

/** The digest of the concatenated parts. */
export async function digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', parts: readonly Uint8Array[]): Promise<Bytes> {
  const [only] = parts;
  const data = parts.length === 1 && only !== undefined ? bufferSource(only) : concat(parts);
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, data));
}

export async function sha256(bytes: Uint8Array): Promise<Bytes> {
  return digest('SHA-256', [bytes]);
}

/**
 * Lowercase hex SHA-256 of `bytes` (WebCrypto: Node 20, Chromium, workers): the hash of a photograph's
 * original, a signed report, an export. The one implementation: every caller uses this.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(await sha256(bytes));
}
