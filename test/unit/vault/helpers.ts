/** Shared fixtures of the vault tests: a passphrase that meets the minimum, and a fast KDF. */
import { createVault, VaultError, type CreatedVault } from '../../../shared/vault';

/** Meets the minimum (four unrelated words). */
export const PASSPHRASE = 'tiger lamp ocean violin';
export const OTHER_PASSPHRASE = 'copper kettle under moonlight';

/** A thousand PBKDF2 rounds instead of 600,000: milliseconds per test, through the explicit option. */
export const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

export function testVault(passphrase = PASSPHRASE): Promise<CreatedVault> {
  return createVault(passphrase, TEST_KDF);
}

/** A copy of `bytes` with bit 0 of byte `index` flipped. */
export function flipped(bytes: Uint8Array<ArrayBuffer>, index: number): Uint8Array<ArrayBuffer> {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 1;
  return copy;
}

/** The VaultError a promise rejects with (fails the test if it resolves or throws something else). */
export async function vaultErrorOf(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('Expected a VaultError, but the operation succeeded.');
}

/** The VaultError a function throws synchronously. */
export function vaultErrorOfSync(run: () => unknown): VaultError {
  try {
    run();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('Expected a VaultError, but the operation succeeded.');
}
