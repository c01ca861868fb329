/** The vault's one action the app shell needs: lock now. Absent outside a `VaultGate`. */
import { createContext, useContext } from 'react';

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
}

export const VaultContext = createContext<VaultControls | null>(null);

export function useVaultControls(): VaultControls | null {
  return useContext(VaultContext);
}
