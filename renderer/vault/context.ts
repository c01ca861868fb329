/** The vault's one action the app shell needs: lock now. Absent outside a `VaultGate`. */
import { createContext, useContext } from 'react';

export interface VaultControls {
  /** Saves what is pending, forgets the keys and shows the unlock screen. */
  readonly lock: () => void;
  /** Idle time before the vault locks by itself. */
  readonly autoLockAfterMs: number;
}

export const VaultContext = createContext<VaultControls | null>(null);

export function useVaultControls(): VaultControls | null {
  return useContext(VaultContext);
}
