/** The vault's one action the app shell needs: lock now. Absent outside a `VaultGate`. */
import { createContext, useContext } from 'react';
import type { RotationControl } from './session';

export interface VaultControls {
  /** Saves what is pending, forgets the keys and shows the unlock screen. */
  readonly lock: () => void;
  /** Locks and reads the stored keyring again: after a restore, the next unlock uses the restored one. */
  readonly reload: () => void;
  /** Idle time before the vault locks by itself. */
  readonly autoLockAfterMs: number;
  /** Sets the idle time (from the clinician's settings). */
  readonly setAutoLockAfterMs: (ms: number) => void;
  /**
   * Rewraps the vault key under a new passphrase, after checking the current one. The records are not
   * re-encrypted. Rejects with a VaultError (wrong current passphrase, weak new one) and stores nothing.
   */
  readonly changePassphrase: (current: string, next: string) => Promise<void>;
  /**
   * A new recovery key (resolved with it, to show once), after checking the passphrase; the old one
   * stops working. Records untouched. Rejects with a VaultError (wrong passphrase, a rotation under way).
   */
  readonly replaceRecoveryKey: (current: string) => Promise<string>;
  /**
   * "Replace all keys": checks the current passphrase, makes a new root key wrapped under `next` (the
   * same passphrase typed again, or a new one) and a new recovery key, stores the rotation and starts
   * re-sealing every record under the new key in the background (`rotation` shows its progress).
   * Resolves with the new recovery key, to show once. Rejects with a VaultError and stores nothing.
   */
  readonly replaceAllKeys: (current: string, next: string) => Promise<string>;
  /** The key rotation of this session: its progress, resumed at unlock or started here. */
  readonly rotation: RotationControl;
  /**
   * Checks the passphrase against the stored keyring (derived and unwrapped, as the unlock screen
   * does, and paced like it: wrong attempts count towards the same wait) before the signing key is
   * used. Nothing is unlocked or changed by it.
   */
  readonly confirmPassphrase: (passphrase: string) => Promise<PassphraseCheck>;
  /** When the next passphrase attempt is allowed (ms since the epoch; 0 when now). */
  readonly nextPassphraseAttemptAt: () => Promise<number>;
}

declare const confirmedBrand: unique symbol;

/**
 * What lets the signing key sign: proof that the clinician typed the vault passphrase again, moments
 * ago, for this act of signing. Only `confirmPassphrase` makes one (the brand keeps the type checker
 * from accepting anything else); `at` is when, so that signing can refuse a stale one.
 */
export interface SigningConsent {
  readonly [confirmedBrand]: true;
  /** When the passphrase was confirmed (ms since the epoch). */
  readonly at: number;
}

/** The passphrase checked again: consent to sign, or why not (wrong, or too many wrong ones: wait until `retryAt`). */
export type PassphraseCheck =
  | { readonly ok: true; readonly consent: SigningConsent }
  | { readonly ok: false; readonly reason: 'wrong' | 'wait'; readonly retryAt: number };

export const VaultContext = createContext<VaultControls | null>(null);

export function useVaultControls(): VaultControls | null {
  return useContext(VaultContext);
}
