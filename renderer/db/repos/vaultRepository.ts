/**
 * The vault's stored rows: the wrapped keyring and the count of failed unlock attempts, in the
 * `vault` table. No case data ever goes here. It is opened before the vault is unlocked (the unlock
 * screen needs the keyring), so it takes no codec, and it has its own connection: locking closes the
 * case repositories, never this one.
 */
import { z } from 'zod';
import { parseKeyring, parseRotation, type Keyring, type PendingRotation } from '../../../shared/vault/keys';
import type { UnLanguage } from '../../../shared/i18n/languages';
import { createDatabase, type AttestDatabase } from '../database';
import { readUiLanguageSetting } from './uiLanguageSetting';

const KEYRING = 'keyring';
const FAILED_ATTEMPTS = 'failedAttempts';

const FailedAttempts = z.object({ count: z.int().min(0), lastAt: z.iso.datetime().nullable() });
export type FailedAttempts = z.infer<typeof FailedAttempts>;

const NO_FAILURES: FailedAttempts = { count: 0, lastAt: null };

export interface VaultRepository {
  /** The stored keyring, parsed (`VaultError` when damaged), or null before the first run. */
  readKeyring(): Promise<Keyring | null>;
  /**
   * A key rotation under way ("Replace all keys", repos/keyRotation.ts), or null: the unlock screen
   * needs it, since either generation's secret then opens the vault (`unlockVault`).
   */
  readRotation(): Promise<PendingRotation | null>;
  /** Stores the keyring (first run). */
  writeKeyring(keyring: Keyring): Promise<void>;
  failedAttempts(): Promise<FailedAttempts>;
  /** Counts one more wrong attempt and returns the new count. */
  recordFailedAttempt(): Promise<FailedAttempts>;
  resetFailedAttempts(): Promise<void>;
  /**
   * The UI language stored in the settings (null when none was chosen): read before unlock so that
   * the unlock screen speaks the clinician's language. Written only through the settings repository.
   */
  readUiLanguage(): Promise<UnLanguage | null>;
  close(): void;
}

/** Opens the database (upgrading it if needed) and returns the vault's rows over it. */
export async function openVaultRepository(options: { readonly db?: AttestDatabase; readonly now?: () => Date } = {}): Promise<VaultRepository> {
  const db = options.db ?? createDatabase();
  const now = options.now ?? (() => new Date());
  await db.open();

  async function readFailures(): Promise<FailedAttempts> {
    const row = await db.vault.get(FAILED_ATTEMPTS);
    const parsed = FailedAttempts.safeParse(row?.value);
    // A damaged counter must not unlock faster: treat it as none, the delay is a courtesy, PBKDF2 the defence.
    return parsed.success ? parsed.data : NO_FAILURES;
  }

  return {
    async readKeyring() {
      const row = await db.vault.get(KEYRING);
      return row === undefined ? null : parseKeyring(row.value);
    },
    async readRotation() {
      const row = await db.vault.get('rotation');
      return row === undefined ? null : parseRotation(row.value);
    },
    async writeKeyring(keyring) {
      await db.vault.put({ key: KEYRING, value: parseKeyring(keyring) });
    },
    failedAttempts: readFailures,
    recordFailedAttempt() {
      return db.transaction('rw', db.vault, async () => {
        const current = await readFailures();
        const next: FailedAttempts = { count: current.count + 1, lastAt: now().toISOString() };
        await db.vault.put({ key: FAILED_ATTEMPTS, value: next });
        return next;
      });
    },
    async resetFailedAttempts() {
      await db.vault.put({ key: FAILED_ATTEMPTS, value: NO_FAILURES });
    },
    readUiLanguage: () => readUiLanguageSetting(db),
    close: () => { db.close(); },
  };
}
