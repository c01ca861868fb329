/**
 * The vault: what makes case data on disk unreadable without the clinician's passphrase (or the
 * recovery key). Pure WebCrypto (`globalThis.crypto`), so it runs unchanged in the renderer, in
 * Node tests and in the CLI. Import from here.
 */
export {
  DEFAULT_PBKDF2_ITERATIONS,
  FREE_UNLOCK_ATTEMPTS,
  MAX_PBKDF2_ITERATIONS,
  MAX_UNLOCK_DELAY_MS,
  MIN_PBKDF2_ITERATIONS,
  changePassphrase,
  createVault,
  keyringNeedsRewrap,
  keyringSchema,
  parseKeyring,
  parseRotation,
  rotationSchema,
  startRotation,
  unlockVault,
  replaceRecoveryKey,
  unlockDelayMs,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type CreateVaultOptions,
  type CreatedVault,
  type KdfOptions,
  type PendingRotation,
  type StartedRotation,
  type VaultUnlock,
  type Keyring,
  type UnlockedKeys,
  type VaultSecret,
} from './keys';
export { RECOVERY_KEY_BYTES, formatRecoveryKey, parseRecoveryKey } from './recoveryKey';
export {
  MIN_PASSPHRASE_LENGTH,
  MIN_PASSPHRASE_SCORE,
  loadStrengthMeter,
  passphraseStrength,
  strengthSuggestions,
  strengthWarnings,
  type PassphraseScore,
  type PassphraseStrength,
  type StrengthMeter,
  type StrengthSuggestion,
  type StrengthWarning,
} from './strength';
export { additionalDataOf, openBytes, openRecord, sealBytes, sealRecord, type SealContext, type SealedBytes } from './seal';
export { blindIndexKeys, type BlindIndexKind } from './blindIndex';
export { rewrapPrivateKey, unwrapPrivateKey, wrapPrivateKey, type WrappedPrivateKey } from './wrap';
export { VaultError, type VaultErrorCode } from './errors';
export type { Bytes } from './encoding';
export * from './auditChain';
export * from './auditKey';
export * from './backupFormat';
