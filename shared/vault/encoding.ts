/**
 * Byte helpers for the vault: Base64 for the JSON keyring, hex for blind-index keys, UTF-8, random
 * bytes, zeroing and the SHA-256 of originals. The implementations are `shared/bytes.ts`'s, under the
 * names the vault, the repositories and the screens import from here.
 */
export { fromBase64, randomBytes, sha256Hex, toBase64, toHex, utf8, wipe, type Bytes } from '../bytes';
