/**
 * Backups of every earlier schema version (issue #20 item 1): the fixtures in test/fixtures/backups,
 * one per version a backup could be made at, made by test/fixtures/backups/make.ts from the migration
 * chain. Each restores into today's version, running every migration since its own, and is checked
 * record by record: every row of every table as it was written (migrated fields aside, which are
 * checked for what the migration computes), the audit chain and its restore event, and through the
 * repositories what the clinician reads back: each examination, each photograph variant, each signed
 * report version and its PDF, the referrals and their documents, the copies handed over, the settings
 * and the trusted times. A migration without a fixture fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../renderer/db/migrations';
import { OVERDUE_INDEX_PENDING } from '../../renderer/db/migrations/0009-overdue-index';
import { openRepositories } from '../../renderer/db/repos';
import { BACKUP_TABLES, FIRST_BACKUP_VERSION, bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { arrivalOrderOf } from '../../shared/domain/listing';
import { parseKeyring, unlockWithPassphrase } from '../../shared/vault';
import { FIXTURE_DIR, FIXTURE_PASSPHRASE, contentOf, expectedName, fixtureName, plainRow, type Expected } from '../fixtures/backups/make';
import { freshDatabase } from './helpers';

const LATEST = migrations.length;
const VERSIONS = migrations.map((m) => m.version).filter((v) => v >= FIRST_BACKUP_VERSION);
/** Case-row fields a restore recomputes (the overdue index, withOverdueIndexUnread) or a migration adds (0013). */
const DERIVED_CASE_FIELDS = new Set(['waitNoReasonMs', 'delayReasonUnchecked', 'reexaminationDue', 'copyOwed', 'copyUnchecked', 'awaitingExamSince', 'arrivalOrder']);

const without = (row: unknown, fields: ReadonlySet<string>) => Object.fromEntries(Object.entries(row as Record<string, unknown>).filter(([field]) => !fields.has(field)));

describe('backups of every earlier version', () => {
  it('have a fixture for every schema version since backups exist (a new migration needs one: make.ts)', () => {
    // Backups came with the vault: 0004 is the migration that made its table, none before had one.
    expect(migrations.findIndex((m) => 'vault' in m.stores) + 1).toBe(FIRST_BACKUP_VERSION);
    const missing = VERSIONS.filter((v) => !existsSync(new URL(fixtureName(v), FIXTURE_DIR)) || !existsSync(new URL(expectedName(v), FIXTURE_DIR)));
    expect(missing, 'run: node --import tsx test/fixtures/backups/make.ts <version>').toEqual([]);
    expect(VERSIONS.at(-1)).toBe(LATEST);
  });

  for (const version of VERSIONS) {
    it(`restores a version-${String(version)} backup to version ${String(LATEST)} with every record intact`, async () => {
      const file = readFileSync(new URL(fixtureName(version), FIXTURE_DIR));
      const expected = JSON.parse(readFileSync(new URL(expectedName(version), FIXTURE_DIR), 'utf8')) as Expected;
      expect(expected.databaseVersion).toBe(version);

      const target = freshDatabase();
      await target.db.open();
      const result = await createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange }).restoreBackup({
        bytes: bytePieces(file, 4096),
        secret: { passphrase: FIXTURE_PASSPHRASE },
      });
      expect(target.db.verno).toBe(LATEST);
      expect(result.records).toBe(Object.values(expected.rows).reduce((sum, rows) => sum + rows.length, 0));

      for (const table of BACKUP_TABLES) {
        const restored = await Promise.all((await target.db.table(table).toArray()).map(plainRow));
        const written = expected.rows[table];
        if (written === undefined) {
          // A table that version did not have is empty.
          expect(restored, table).toEqual([]);
          continue;
        }
        if (table === 'audit') {
          expect(restored.slice(0, -1), table).toEqual(written);
          expect(restored.at(-1), table).toMatchObject({ event: { action: 'restore', recordType: 'backup' } });
          continue;
        }
        if (table === 'vault') {
          // Migrations 0009 and 0010 leave their marker in an older database: the overdue pass is still owed.
          const markers = version < 10 ? [{ key: OVERDUE_INDEX_PENDING, value: { since: 10 } }] : [];
          expect(restored, table).toEqual([...written, ...markers].sort((a, b) => (a as { key: string }).key.localeCompare((b as { key: string }).key)));
          continue;
        }
        expect(restored.length, table).toBe(written.length);
        restored.forEach((row, i) => {
          if (table === 'cases') {
            expect(without(row, DERIVED_CASE_FIELDS), `${table}[${String(i)}]`).toEqual(without(written[i], DERIVED_CASE_FIELDS));
            const arrivalAt = (row as { arrivalAt: string | null }).arrivalAt;
            // 0013 ran on rows that had no order key: it is the arrival instant in UTC.
            if (version < 13) expect(written[i]).not.toHaveProperty('arrivalOrder');
            expect((row as { arrivalOrder?: string }).arrivalOrder, `${table}[${String(i)}].arrivalOrder`).toBe(arrivalOrderOf(arrivalAt));
          } else {
            expect(row, `${table}[${String(i)}]`).toEqual(written[i]);
          }
        });
      }

      // What the clinician reads back, through today's repositories.
      const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), FIXTURE_PASSPHRASE);
      const codec = createVaultCodec(keys.dataKey);
      const repos = await openRepositories({ db: target.db, codec, bytesCodec: codec, searchKeyer: createVaultSearchKeyer(keys.indexKey) });
      const content = await contentOf(repos, expected.content.cases.map((c) => c.id), version);
      expect(content.cases).toEqual(expected.content.cases);
      expect(content.photos).toEqual(expected.content.photos);
      expect(content.reports).toEqual(expected.content.reports);
      expect(content.referrals).toEqual(expected.content.referrals);
      expect(content.copyHandovers).toEqual(expected.content.copyHandovers);
      expect(content.settings).toEqual(expected.content.settings);
      if (version >= 5) expect(content.photos).toHaveLength(3);
      if (version >= 6) expect(content.reports.flatMap((r) => r.versions)).toHaveLength(2);
      expect((await repos.cases.list({ search: 'fixture-diallo' })).total).toBe(1);
      expect((await repos.audit.verify()).ok).toBe(true);
      // The overdue dashboard reads the restored cases (and does the pass an older version still owes).
      await repos.overdue.read({ now: new Date('2026-05-06T00:00:00Z'), thresholdHours: 6 });
      expect(await target.db.vault.get(OVERDUE_INDEX_PENDING)).toBeUndefined();
      repos.close();
    }, 60_000);
  }
});
