/**
 * What the identity repository may do with the vault's `wrapKey`: wrap a private key for storage and
 * unwrap it for use, nothing else. The session builds it from the unlocked keys; the key itself
 * stays inside the closure, like the codec's data key.
 */
import { unwrapPrivateKey, wrapPrivateKey, type WrappedPrivateKey } from '../../shared/vault';
import { CodecError } from './codec';

export interface KeyWrapper {
  /** Wraps an extractable private key; `label` binds it to its use and must be given again to unwrap. */
  wrap(privateKey: CryptoKey, label: string): Promise<WrappedPrivateKey>;
  /** A non-extractable key for `usages`; throws `VaultError` `tampered-record` when the wrap was changed or moved. */
  unwrap(wrapped: WrappedPrivateKey, label: string, algorithm: EcKeyImportParams | RsaHashedImportParams, usages: KeyUsage[]): Promise<CryptoKey>;
}

/** A wrapper over an unlocked vault's `wrapKey` (AES-256-GCM, shared/vault/wrap.ts). */
export function createVaultKeyWrapper(wrapKey: CryptoKey): KeyWrapper {
  return {
    wrap: (privateKey, label) => wrapPrivateKey(wrapKey, privateKey, label),
    unwrap: (wrapped, label, algorithm, usages) => unwrapPrivateKey(wrapKey, wrapped, label, algorithm, usages),
  };
}

/** What repositories opened without a vault get: it refuses, so a private key is never stored in clear. */
export const refusingKeyWrapper: KeyWrapper = {
  wrap() {
    return Promise.reject(new CodecError('A signing key can be stored only while the vault is unlocked.'));
  },
  unwrap() {
    return Promise.reject(new CodecError('A signing key can be used only while the vault is unlocked.'));
  },
};
