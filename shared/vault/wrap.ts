/**
 * Keeping private keys (the clinician's signing key) wrapped by the vault: a `CryptoKey` stored in
 * IndexedDB as it is would be written to disk in the clear by the browser engine.
 *
 * The wrap is AES-256-GCM over the PKCS#8 bytes under the vault's `wrapKey`, with a fresh IV and the
 * additional data `attest-wrap-1|${label}`. AES-KW would need no IV, but it only wraps multiples of
 * 8 bytes, and a P-256 key in PKCS#8 is 138.
 */
import { randomBytes, utf8, type Bytes } from './encoding';
import { VaultError } from './errors';

export interface WrappedPrivateKey {
  readonly iv: Bytes;
  /** PKCS#8, encrypted, with its GCM tag. */
  readonly wrapped: Bytes;
}

const IV_BYTES = 12;

/**
 * Wraps an extractable private key under the vault's `wrapKey`. `label` says what the key is for
 * (e.g. `signing|<clinician id>`) and must be given again to unwrap it.
 */
export async function wrapPrivateKey(wrapKey: CryptoKey, privateKey: CryptoKey, label: string): Promise<WrappedPrivateKey> {
  const iv = randomBytes(IV_BYTES);
  const wrapped = await globalThis.crypto.subtle.wrapKey('pkcs8', privateKey, wrapKey, { name: 'AES-GCM', iv, additionalData: utf8(`attest-wrap-1|${label}`) });
  return { iv, wrapped: new Uint8Array(wrapped) };
}

/**
 * Unwraps a private key into a non-extractable `CryptoKey` for `usages` (e.g. `['sign']`). A changed
 * wrap, another label or another vault throws `VaultError` `tampered-record`.
 */
export async function unwrapPrivateKey(
  wrapKey: CryptoKey,
  sealed: WrappedPrivateKey,
  label: string,
  algorithm: EcKeyImportParams | RsaHashedImportParams,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  try {
    const params = { name: 'AES-GCM', iv: sealed.iv, additionalData: utf8(`attest-wrap-1|${label}`) };
    return await globalThis.crypto.subtle.unwrapKey('pkcs8', sealed.wrapped, wrapKey, params, algorithm, false, usages);
  } catch (cause) {
    throw new VaultError('tampered-record', {}, { cause });
  }
}

/**
 * Key rotation: the same private key wrapped under another vault's `wrapKey` (same label). The key is
 * unwrapped as extractable only inside this function, to be wrapped again at once. A changed wrap,
 * another label or a `fromWrapKey` that is not the wrap's throws `VaultError` `tampered-record`.
 */
export async function rewrapPrivateKey(
  fromWrapKey: CryptoKey,
  toWrapKey: CryptoKey,
  sealed: WrappedPrivateKey,
  label: string,
  algorithm: EcKeyImportParams | RsaHashedImportParams,
  usages: KeyUsage[],
): Promise<WrappedPrivateKey> {
  let key: CryptoKey;
  try {
    const params = { name: 'AES-GCM', iv: sealed.iv, additionalData: utf8(`attest-wrap-1|${label}`) };
    key = await globalThis.crypto.subtle.unwrapKey('pkcs8', sealed.wrapped, fromWrapKey, params, algorithm, true, usages);
  } catch (cause) {
    throw new VaultError('tampered-record', {}, { cause });
  }
  return wrapPrivateKey(toWrapKey, key, label);
}
