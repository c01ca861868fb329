import type { Transaction } from 'dexie';

/**
 * One step of the database schema. Migrations are append-only: never edit a shipped one; add the next
 * number. Each has a test in test/db/migrations that seeds the previous shape and checks the upgrade,
 * and a fixture backup made at its version (`node --import tsx test/fixtures/backups/make.ts <version>`;
 * test/db/backupFixtures.test.ts fails without it). A new table goes in the backup's BACKUP_TABLES or
 * its NOT_BACKED_UP with a reason (renderer/db/repos/backupRepository.ts).
 */
export interface Migration {
  /** Dexie version number: 1, 2, 3 … with no gaps. */
  readonly version: number;
  /** Dexie store definitions of the tables that change in this version (null deletes a table). */
  readonly stores: Readonly<Record<string, string | null>>;
  /** Rewrites existing rows to the new shape. Must not await anything but Dexie. */
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}
