/**
 * Small byte helpers for the vault: Base64 for the JSON keyring, hex for blind-index keys, UTF-8,
 * random bytes and zeroing. `shared/` has no Node `Buffer`, so these use the web platform only.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts as a `BufferSource`. */
export type Bytes = Uint8Array<ArrayBuffer>;

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

export function utf8(text: string): Bytes {
  return new TextEncoder().encode(text);
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

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Lowercase hex SHA-256 of `bytes` (WebCrypto: Node 20, Chromium, workers): the hash of a photograph's
 * original, a signed report, an export. The one implementation: every caller uses this.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto wants an ArrayBuffer-backed view; copy only if this one is backed by something else.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view)));
}
