/** The identity of a photograph as evidence: the SHA-256 of the file's bytes exactly as received. */

/** Lowercase hex SHA-256 of `bytes` (WebCrypto: Node 20, Chromium, workers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // WebCrypto wants an ArrayBuffer-backed view; copy only if this one is backed by something else.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', view));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
