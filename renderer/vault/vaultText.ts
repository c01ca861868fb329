/** Turns the vault's message keys (`vault.error.*`, `vault.strength.*`) into text in the `vault` namespace. */
import type { TFunction } from 'i18next';
import { VaultError } from '../../shared/vault/errors';

export function vaultText(t: TFunction, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  return t(key.replace(/^vault\./u, ''), { ns: 'vault', ...params });
}

/** A message for a vault failure, in the person's language; `fallbackKey` for anything else. */
export function vaultErrorText(t: TFunction, error: unknown, fallbackKey: string): string {
  return error instanceof VaultError ? vaultText(t, error.messageKey, error.params) : t(fallbackKey, { ns: 'vault' });
}
