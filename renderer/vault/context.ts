/** The vault's one action the app shell needs: lock now. Absent outside a `VaultGate`. */
import { createContext, useContext } from 'react';

export interface VaultControls {
  /** Saves what is pending, forgets the keys and shows the unlock screen. */
  readonly lock: () => void;
  /** Locks and reads the stored keyring again: after a restore, the next unlock uses the restored one. */
  readonly reload: () => void;
  /** Idle time before the vault locks by itself. */
  readonly autoLockAfterMs: number;
}

export const VaultContext = createContext<VaultControls | null>(null);

export function useVaultControls(): VaultControls | null {
  return useContext(VaultContext);
}
