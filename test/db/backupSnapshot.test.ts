/**
 * What a backup holds and when (renderer/db/repos/backupRepository.ts), issue #20 item 2 and the #17
 * leftover: every table of the schema is either backed up or listed as left out with a reason; the
 * timestamps of signed versions come back from a backup; a backup taken while the clinician keeps
 * saving is the database of one moment (restored, it equals the state when the backup began, not a
 * mixture), while the typing itself (pending edits) is kept meanwhile; a backup from a newer version
 * is refused with a message that says so, and changes nothing.
 */
import { IDBKeyRange, type IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttestDatabase } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { BACKUP_TABLES, NOT_BACKED_UP, RESTORE_STAGING_DATABASE, bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { BackupError, createVault, parseKeyring, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { writeBackup, type BackupRecord } from '../../shared/vault/backupFormat';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

let idCounter = 0;
const newId = () => `60000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(n: number, account: string) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: `Given${String(n)}`, familyName: `Family${String(n)}`, idNumber: `ID-${String(n)}`, aliases: [] },
    account: { ownWords: account },
  };
}

function open(db: AttestDatabase, keys: UnlockedKeys) {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), newId });
}

function backups(db: AttestDatabase, factory: IDBFactory) {
  return createBackupRepository({ db, indexedDB: factory, IDBKeyRange });
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return joined(parts);
}

/** Every backed-up table's rows, keyed by table. */
async function backedUp(db: AttestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of BACKUP_TABLES) out[name] = await db.table(name).toArray();
  return out;
}

async function seed(cases: number) {
  const fresh = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await open(fresh.db, vault.keys);
  const ids: { id: string; revision: number }[] = [];
  for (let n = 0; n < cases; n += 1) {
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const saved = await repos.cases.saveExamination(created.id, draft(n, `First account ${String(n)}.`), created.revision);
    ids.push({ id: saved.id, revision: saved.revision });
  }
  return { ...fresh, vault, repos, ids };
}

describe('what a backup holds', () => {
  it('backs up every table of the schema, or names it as left out with a reason', async () => {
    const { db } = freshDatabase();
    await db.open();
    const schemaTables = db.tables.map((table) => table.name).sort();
    db.close();
    const excluded = Object.keys(NOT_BACKED_UP);
    // Neither both nor neither: a new table must be put in one list or the other.
    expect(BACKUP_TABLES.filter((name) => excluded.includes(name))).toEqual([]);
    expect(schemaTables.filter((name) => !(BACKUP_TABLES as readonly string[]).includes(name) && !excluded.includes(name))).toEqual([]);
    // Both lists name real tables only, and every exclusion says why.
    expect([...BACKUP_TABLES, ...excluded].filter((name) => !schemaTables.includes(name))).toEqual([]);
    for (const reason of Object.values(NOT_BACKED_UP)) expect(reason.length).toBeGreaterThan(20);
  });

  it('carries the trusted time of signed versions (waiting and attested) through a backup', async () => {
    const source = await seed(2);
    const [a, b] = source.ids;
    const pdf = new TextEncoder().encode('%PDF-1.7 signed report standing in for the test\n%%EOF');
    await source.repos.reports.storeSigned({ caseId: a?.id ?? '', documentId: newId(), version: 1, signedAt: '2026-05-02T09:00:00Z', place: 'Lyon', addenda: [], bytes: pdf, time: { state: 'waiting', failure: 'unreachable' } });
    await source.repos.reports.storeSigned({ caseId: b?.id ?? '', documentId: newId(), version: 1, signedAt: '2026-05-02T09:05:00Z', place: 'Lyon', addenda: [], bytes: pdf, time: { state: 'attested', tsaName: 'Test TSA', attestedAt: '2026-05-02T09:05:01.000Z' } });
    const rows = await source.db.timestamps.toArray();
    expect(rows).toHaveLength(2);
    const file = await collect(backups(source.db, source.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF }));
    source.repos.close();

    const target = freshDatabase();
    await target.db.open();
    await backups(target.db, target.factory).restoreBackup({ bytes: bytePieces(file), secret: { passphrase: PASSPHRASE } });
    expect(await target.db.timestamps.toArray()).toEqual(rows);
    const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), PASSPHRASE);
    const restored = await open(target.db, keys);
    expect((await restored.timestamps.waiting()).map((w) => w.caseId)).toEqual([a?.id]);
    expect((await restored.reports.versions(b?.id ?? ''))[0]?.time).toEqual({ state: 'attested', tsaName: 'Test TSA', attestedAt: '2026-05-02T09:05:01.000Z', via: 'signature' });
    restored.close();
  }, 60_000);

  it('is the database of one moment while the clinician keeps saving; the typing is kept meanwhile', async () => {
    const source = await seed(6);
    const atSnapshot = await backedUp(source.db);

    // Small chunks: the file is pulled a piece at a time, as a save dialog writes it.
    const chunks = backups(source.db, source.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF, chunkSize: 256 })[Symbol.asyncIterator]();
    const parts: Uint8Array[] = [];
    // The header, the manifest and the first case rows: the backup has begun reading.
    for (let i = 0; i < 4; i += 1) {
      const next = await chunks.next();
      if (next.done === true) throw new Error('the backup ended too early');
      parts.push(next.value);
    }

    // The clinician edits every case meanwhile: each change kept at once, then saved in full.
    let saved = 0;
    const edits = Promise.all(
      source.ids.map(async ({ id, revision }, n) => {
        const changed = draft(n, `Second account ${String(n)}, typed during the backup.`);
        expect(await source.repos.pendingEdits.keep(id, changed, () => ({ session: 'window-1', seq: 1, bases: [revision] }))).toBe(true);
        await source.repos.cases.saveExamination(id, changed, revision);
        saved += 1;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // What was typed is already kept (pending edits are outside the snapshot)…
    expect(await source.db.pendingEdits.count()).toBe(6);
    // …and the full saves wait for the backup's snapshot to end.
    expect(saved).toBe(0);

    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) parts.push(next.value);
    await edits;
    expect(saved).toBe(6);
    const file = joined(parts);

    // The saves landed after the backup: the live database moved on.
    const keysLive = source.vault.keys;
    const live = await open(source.db, keysLive);
    expect((await live.cases.get(source.ids[0]?.id ?? ''))?.body.examination).toMatchObject({ account: { ownWords: 'Second account 0, typed during the backup.' } });
    live.close();
    source.repos.close();

    // Restored, the backup is exactly the state when it began: rows, revisions, bodies, audit chain.
    const target = freshDatabase();
    await target.db.open();
    await backups(target.db, target.factory).restoreBackup({ bytes: bytePieces(file, 4096), secret: { passphrase: PASSPHRASE } });
    const restoredRows = await backedUp(target.db);
    for (const name of BACKUP_TABLES) {
      const expected = atSnapshot[name] ?? [];
      const rows = restoredRows[name] ?? [];
      if (name === 'audit') {
        // The chain as it was, then the restore's own event.
        expect(rows.slice(0, -1), name).toEqual(expected);
        expect(rows.at(-1), name).toMatchObject({ event: { action: 'restore' } });
        continue;
      }
      expect(rows.length, name).toBe(expected.length);
      rows.forEach((row, i) => { expect(row, `${name}[${String(i)}]`).toEqual(expected[i]); });
    }
    expect(await target.db.pendingEdits.count()).toBe(0);
    const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), PASSPHRASE);
    const restored = await open(target.db, keys);
    for (const [n, { id }] of source.ids.entries()) {
      expect((await restored.cases.get(id))?.body.examination, id).toMatchObject({ account: { ownWords: `First account ${String(n)}.` } });
    }
    expect((await restored.audit.verify()).ok).toBe(true);
    restored.close();
  }, 120_000);

  it('refuses a backup from a newer version with a message that says so, and changes nothing', async () => {
    const live = await seed(2);
    const before = await backedUp(live.db);
    // A backup as a later Attest would write it: the same container, data at a later schema version.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASSPHRASE), 'PBKDF2', false, ['deriveKey']);
    const key = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1_000 }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    const newer = live.db.verno + 1;
    const records: BackupRecord[] = [{ table: 'cases', key: '"x"', value: new TextEncoder().encode('{"id":"x"}') }];
    const file = await collect(
      writeBackup({
        key,
        kdf: { name: 'PBKDF2', source: 'passphrase', hash: 'SHA-256', iterations: 1_000, salt: btoa(String.fromCharCode(...salt)) },
        manifestBase: { appVersion: '9.0.0', createdAt: '2027-01-01T00:00:00.000Z', databaseVersion: newer },
        records,
      }),
    );
    const error = await backups(live.db, live.factory).restoreBackup({ bytes: bytePieces(file), secret: { passphrase: PASSPHRASE } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).code).toBe('newer-database');
    expect((error as BackupError).message).toBe(
      `This backup was made by a newer version of Attest (its data is at version ${String(newer)}; this version reads up to version ${String(live.db.verno)}). Update Attest, then restore it again.`,
    );
    expect(await backedUp(live.db)).toEqual(before);
    expect((await live.factory.databases()).some((info) => info.name === RESTORE_STAGING_DATABASE)).toBe(false);
    live.repos.close();
  }, 60_000);
});
