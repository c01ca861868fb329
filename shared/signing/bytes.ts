/**
 * Byte helpers for PDF signing. `shared/` has no Node `Buffer`: Uint8Array, TextDecoder and WebCrypto
 * only, so the same code runs in Node, Electron's renderer and Chromium.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts as a `BufferSource`. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A copy backed by a plain ArrayBuffer (WebCrypto and asn1js want one; views of Node Buffers are not). */
export function own(bytes: Uint8Array): Bytes {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
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

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
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

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Decodes PDF hex-string content: whitespace ignored, an odd final digit padded with 0. Null if not hex. */
export function fromHex(text: string): Bytes | null {
  const digits = text.replace(/[\0\t\n\f\r ]/g, '');
  if (!/^[0-9a-fA-F]*$/.test(digits)) return null;
  const even = digits.length % 2 === 0 ? digits : `${digits}0`;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(even.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export async function digest(algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512', parts: readonly Uint8Array[]): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, parts.length === 1 && parts[0] ? own(parts[0]) : concat(parts)));
}

export async function sha256(bytes: Uint8Array): Promise<Bytes> {
  return digest('SHA-256', [bytes]);
}

/** Lowercase hex to the `AB:CD:…` form people compare by eye and that `openssl x509 -fingerprint` prints. */
export function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}
