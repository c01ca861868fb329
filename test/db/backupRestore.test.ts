/**
 * Backup and restore of the whole database (renderer/db/repos/backupRepository.ts): a round trip of
 * 1,000 sealed examinations and some 100 KB binary rows into a fresh database gives the same rows,
 * table by table, and the same passphrase unlocks them; damaged, foreign or mis-keyed files are
 * refused with a plain message, leave the live database as it was and leave no staging database.
 * (The binary rows here are settings rows holding ArrayBuffers; photographs, Blobs in the
 * `attachments` table, are backed up in parts and checked byte for byte in attachments.test.ts.)
 */
import { IDBKeyRange, type IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openRepositories } from '../../renderer/db/repos';
import { createBackupRepository, RESTORE_STAGING_DATABASE, bytePieces } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import type { AttestDatabase } from '../../renderer/db/database';
import { BackupError, createVault, parseKeyring, unlockWithPassphrase, verifyChain, type UnlockedKeys, type VaultSecret } from '../../shared/vault';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const TABLES = ['cases', 'caseBodies', 'counters', 'settings', 'vault', 'audit'] as const;

let idCounter = 0;
const newId = () => `30000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(n: number) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: `Given${String(n)}`, familyName: `Family${String(n)}`, idNumber: `ID-${String(n)}`, aliases: [] },
    account: { ownWords: `Account number ${String(n)}: they kept me standing all night.` },
  };
}

function open(db: AttestDatabase, keys: UnlockedKeys) {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), newId });
}

function backups(db: AttestDatabase, factory: IDBFactory) {
  return createBackupRepository({ db, indexedDB: factory, IDBKeyRange });
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function tables(db: AttestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of TABLES) out[name] = await db.table(name).toArray();
  return out;
}

/** Every table as text (binary fields as hex), to compare before and after. */
async function digest(db: AttestDatabase): Promise<string> {
  return JSON.stringify(await tables(db), (_key, value: unknown) =>
    value instanceof ArrayBuffer || value instanceof Uint8Array ? Array.from(new Uint8Array(value instanceof ArrayBuffer ? value : value.buffer)).join(',') : value,
  );
}

async function stagingLeft(factory: IDBFactory): Promise<boolean> {
  return (await factory.databases()).some((info) => info.name === RESTORE_STAGING_DATABASE);
}

async function seedVault(db: AttestDatabase, cases: number) {
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await open(db, vault.keys);
  for (let n = 0; n < cases; n += 1) {
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await repos.cases.saveExamination(created.id, draft(n), created.revision);
  }
  return { vault, repos };
}

/** Header length, then each chunk's [start, end) offsets. */
function layout(bytes: Uint8Array): { headerEnd: number; chunks: [number, number][] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerEnd = 14 + view.getUint32(10) + 16 + 12 + 16 + 32;
  const chunks: [number, number][] = [];
  for (let at = headerEnd; at < bytes.length; ) {
    const end = at + 4 + 1 + 12 + view.getUint32(at);
    chunks.push([at, end]);
    at = end;
  }
  return { headerEnd, chunks };
}

async function* bytesOrRows<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const row of rows) {
    await Promise.resolve();
    yield row;
  }
}

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

function joined(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe('backup and restore', () => {
  it('round-trips 1,000 sealed examinations and 100 KB binary rows into a fresh database', async () => {
    const source = freshDatabase();
    const { vault, repos } = await seedVault(source.db, 1_000);
    for (let n = 0; n < 3; n += 1) {
      const blob = new Uint8Array(100 * 1024).map((_, i) => (i * 31 + n) & 0xff);
      await source.db.settings.put({ key: `binary-${String(n)}`, value: { buffer: blob.buffer, view: blob.slice(0, 1000) } });
    }
    const before = await tables(source.db);
    expect(before.caseBodies).toHaveLength(1_000);

    const progress: number[] = [];
    const file = await collect(
      backups(source.db, source.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF, onProgress: (p) => progress.push(p.bytes) }),
    );
    expect(progress.at(-1)).toBe(file.length);
    // The 'backup' event was appended once the file was written.
    const sourceAudit = await source.db.audit.toArray();
    expect(sourceAudit.at(-1)?.event).toMatchObject({ action: 'backup', recordType: 'backup', detail: { bytes: file.length, method: 'passphrase' } });
    repos.close();

    const target = freshDatabase();
    await target.db.open();
    // A statistics-facts row the restored data knows nothing of: the restore clears derived rows too.
    await target.db.statFacts.put({ id: 'stale-case', revision: 1, date: '2026-05-02' });
    const result = await backups(target.db, target.factory).restoreBackup({ bytes: bytePieces(file, 65_536), secret: { passphrase: PASSPHRASE } });
    expect(await target.db.statFacts.count()).toBe(0);
    const after = await tables(target.db);
    expect(result.records).toBe(TABLES.reduce((sum, name) => sum + (before[name]?.length ?? 0), 0));
    for (const name of TABLES) {
      if (name === 'audit') continue;
      const rows = after[name] ?? [];
      expect(rows.length, name).toBe(before[name]?.length);
      rows.forEach((row, i) => { expect(row, `${name}[${String(i)}]`).toEqual(before[name]?.[i]); });
    }
    // The audit chain: the backed-up events, then the 'restore' event, and it verifies.
    const audit = after.audit ?? [];
    expect(audit.slice(0, -1)).toEqual(before.audit);
    expect(audit.at(-1)).toMatchObject({ event: { action: 'restore', recordType: 'backup' } });
    const rows = await target.db.audit.toArray();
    expect((await verifyChain(bytesOrRows(rows))).ok).toBe(true);
    expect(await stagingLeft(target.factory)).toBe(false);

    // The same passphrase unlocks the restored keyring, and the examinations read back.
    const row = await target.db.vault.get('keyring');
    const keys = await unlockWithPassphrase(parseKeyring(row?.value), PASSPHRASE);
    const restored = await open(target.db, keys);
    const firstId = (before.cases?.[0] as { id: string }).id;
    expect((await restored.cases.get(firstId))?.body.examination).toEqual(draft(0));
    expect((await restored.cases.list({ search: 'family999' })).total).toBe(1);
    // Statistics facts are derived, not backed up: computed again from the restored bodies.
    expect(await restored.statFacts.complete()).toEqual({ added: 1_000, unreadable: 0 });
    expect((await restored.statFacts.inPeriod('2026-05-02', '2026-05-02')).facts).toHaveLength(1_000);
    expect(vault.keyring).toEqual(row?.value);
    restored.close();
  }, 300_000);

  it('refuses damaged, foreign and mis-keyed files plainly, changes nothing and leaves no staging database', async () => {
    const other = freshDatabase();
    const { vault } = await seedVault(other.db, 12);
    const file = await collect(backups(other.db, other.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF, chunkSize: 1024 }));
    const { headerEnd, chunks } = layout(file);
    expect(chunks.length).toBeGreaterThan(4);
    const [c0s, c0e] = chunks[0] ?? [0, 0];
    const [c1s, c1e] = chunks[1] ?? [0, 0];
    const [lastS] = chunks.at(-1) ?? [0, 0];
    const kdfLength = headerEnd - 90;

    const live = freshDatabase();
    await seedVault(live.db, 3);
    const liveBefore = await digest(live.db);

    const future = file.slice();
    future[9] = 2;
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const json = new TextEncoder().encode('{"cases": [{"id": "x"}]}');
    const passphrase: VaultSecret = { passphrase: PASSPHRASE };

    const variants: { name: string; bytes: Uint8Array; secret?: VaultSecret; message: string }[] = [
      { name: 'empty file', bytes: new Uint8Array(0), message: new BackupError('empty').message },
      { name: 'truncated in the magic', bytes: file.slice(0, 5), message: new BackupError('truncated').message },
      { name: 'truncated in the header', bytes: file.slice(0, 40), message: new BackupError('truncated').message },
      { name: 'truncated after the header', bytes: file.slice(0, headerEnd), message: new BackupError('truncated').message },
      { name: 'truncated mid-chunk', bytes: file.slice(0, c1s + 100), message: new BackupError('truncated').message },
      { name: 'last chunk dropped', bytes: file.slice(0, lastS), message: new BackupError('truncated').message },
      { name: 'truncated one byte short', bytes: file.slice(0, file.length - 1), message: new BackupError('truncated').message },
      { name: 'flipped byte in the KDF descriptor', bytes: flip(file, 20), message: new BackupError('corrupted').message },
      { name: 'flipped byte in the key-check IV', bytes: flip(file, 14 + kdfLength + 16), message: new BackupError('corrupted').message },
      { name: 'flipped byte in the header hash', bytes: flip(file, headerEnd - 1), message: new BackupError('corrupted').message },
      { name: 'flipped byte in a chunk IV', bytes: flip(file, c0s + 6), message: new BackupError('corrupted').message },
      { name: 'flipped byte in a ciphertext', bytes: flip(file, c1s + 40), message: new BackupError('corrupted').message },
      { name: 'flipped byte in a tag', bytes: flip(file, c0e - 1), message: new BackupError('corrupted').message },
      { name: 'flipped final flag', bytes: flip(file, c0s + 4), message: new BackupError('corrupted').message },
      { name: 'swapped chunks', bytes: joined(file.slice(0, c0s), file.slice(c1s, c1e), file.slice(c0s, c0e), file.slice(c1e)), message: new BackupError('corrupted').message },
      { name: 'repeated chunk', bytes: joined(file.slice(0, c1e), file.slice(c1s, c1e), file.slice(c1e)), message: new BackupError('corrupted').message },
      { name: 'wrong passphrase', bytes: file, secret: { passphrase: 'copper kettle under moonlight' }, message: new BackupError('wrong-key').message },
      { name: 'recovery key for a passphrase backup', bytes: file, secret: { recoveryKey: vault.recoveryKey }, message: new BackupError('wrong-key').message },
      { name: 'a PDF', bytes: pdf, message: new BackupError('not-a-backup', {}, { detected: 'pdf' }).message },
      { name: 'a JSON file', bytes: json, message: new BackupError('not-a-backup', {}, { detected: 'json' }).message },
      { name: 'a future version', bytes: future, message: new BackupError('unsupported-version', { version: 2 }).message },
    ];
    expect(variants.length).toBeGreaterThanOrEqual(20);

    const repo = backups(live.db, live.factory);
    for (const variant of variants) {
      const error = await repo.restoreBackup({ bytes: bytePieces(variant.bytes, 700), secret: variant.secret ?? passphrase }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, variant.name).toBeInstanceOf(BackupError);
      expect((error as BackupError).message, variant.name).toBe(variant.message);
      expect(await digest(live.db), variant.name).toBe(liveBefore);
      expect(await stagingLeft(live.factory), variant.name).toBe(false);
    }

    // The untouched file still restores (the refusals were about the damage, not the file).
    await repo.restoreBackup({ bytes: bytePieces(file), secret: passphrase });
    expect(await live.db.caseBodies.count()).toBe(12);
    expect(await stagingLeft(live.factory)).toBe(false);
  }, 120_000);

  it('backs up under the recovery key, and refuses a passphrase that is not the vault\'s', async () => {
    const source = freshDatabase();
    const { vault } = await seedVault(source.db, 2);
    const repo = backups(source.db, source.factory);
    await expect(collect(repo.exportBackup({ secret: { passphrase: 'copper kettle under moonlight' }, ...TEST_KDF }))).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const file = await collect(repo.exportBackup({ secret: { recoveryKey: vault.recoveryKey } }));
    const target = freshDatabase();
    await target.db.open();
    await backups(target.db, target.factory).restoreBackup({ bytes: bytePieces(file), secret: { recoveryKey: vault.recoveryKey } });
    expect(await target.db.caseBodies.count()).toBe(2);
    expect(await stagingLeft(target.factory)).toBe(false);
  }, 60_000);

  it('refuses an authentic backup whose rows the app could not read, or whose audit chain is broken, and changes nothing', async () => {
    const live = freshDatabase();
    await seedVault(live.db, 2);
    const liveBefore = await digest(live.db);
    const restore = (file: Uint8Array) =>
      backups(live.db, live.factory).restoreBackup({ bytes: bytePieces(file), secret: { passphrase: PASSPHRASE } }).then(
        () => null,
        (error: unknown) => error,
      );

    // A case row in a shape no version of the app writes (as from a faulty build).
    const badRow = freshDatabase();
    await seedVault(badRow.db, 2);
    const first = await badRow.db.cases.toCollection().first();
    await badRow.db.cases.update(first?.id ?? '', { status: 'deleted' as 'draft' });
    const badRowFile = await collect(backups(badRow.db, badRow.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF }));
    expect(await restore(badRowFile)).toBeInstanceOf(BackupError);

    // An audit entry altered before the backup was made: the restore must not launder it.
    const badChain = freshDatabase();
    await seedVault(badChain.db, 2);
    await badChain.db.audit.update(1, { event: { ...((await badChain.db.audit.get(1))?.event as object), recordId: 'someone-else' } });
    const badChainFile = await collect(backups(badChain.db, badChain.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF }));
    expect(await restore(badChainFile)).toBeInstanceOf(BackupError);

    expect(await digest(live.db)).toBe(liveBefore);
    expect(await stagingLeft(live.factory)).toBe(false);
  }, 60_000);
});

