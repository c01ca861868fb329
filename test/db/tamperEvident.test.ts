/**
 * Tamper-evident storage (issue #20 item 4), as someone who can write the profile but has no key
 * would try it: put back an older ciphertext of a case (it is authentic, so it would open), or edit
 * the audit chain and recompute its plain SHA-256 hashes (which a keyless chain cannot tell). Both
 * are caught: the first when the case is read, the second when the chain is verified.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { plainJsonCodec } from '../../renderer/db/codec';
import type { AttestDatabase, AuditRow, CaseBodyRow, CaseRow } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { reanchorAuditChain } from '../../renderer/db/repos/auditRepository';
import { backupKeyFor, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import {
  AUDIT_ANCHOR_ROW,
  StoredAuditEntry,
  VaultError,
  chainHash,
  createVault,
  readBackupFully,
  verifyChain,
  type UnlockedKeys,
} from '../../shared/vault';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

let idCounter = 0;
const newId = () => `40000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(words: string) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: 'María José', familyName: 'López', idNumber: 'P-7781', aliases: [] },
    account: { ownWords: words },
  };
}

async function keyed(db: AttestDatabase, keys: UnlockedKeys) {
  const repos = await openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), auditKey: keys.auditKey, newId });
  return { repos, secured: await repos.audit.secure() };
}

async function vaultDb() {
  const { db, factory } = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  return { db, factory, vault };
}

/** What an attacker with the profile but no key can do: recompute every plain SHA-256 hash in order. */
async function recomputePlainHashes(db: AttestDatabase): Promise<void> {
  const rows = await db.audit.orderBy('seq').toArray();
  let prev = '0'.repeat(64);
  const rewritten: AuditRow[] = [];
  for (const row of rows) {
    const event = StoredAuditEntry.shape.event.parse(row.event);
    const hash = await chainHash(prev, event);
    rewritten.push({ ...row, prevHash: prev, hash });
    prev = hash;
  }
  await db.audit.bulkPut(rewritten);
}

describe('rolled-back rows', () => {
  it('detects an older ciphertext of a case put back in IndexedDB, and keeps refusing to save over it', async () => {
    const { db, vault } = await vaultDb();
    const { repos } = await keyed(db, vault.keys);
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const second = await repos.cases.saveExamination(created.id, draft('first account'), created.revision);
    // The attacker copies the rows as they are now (revision 2)…
    const oldBody = (await db.caseBodies.get(created.id)) as CaseBodyRow;
    const oldRow = (await db.cases.get(created.id)) as CaseRow;
    expect(oldBody.revision).toBe(2);
    await repos.cases.saveExamination(created.id, draft('the account as corrected later'), second.revision);
    expect((await repos.cases.get(created.id))?.body.examination).toMatchObject({ account: { ownWords: 'the account as corrected later' } });

    // …and puts them back after the correction (both tables, so that nothing disagrees in clear).
    await db.caseBodies.put(oldBody);
    await db.cases.put(oldRow);
    const read = repos.cases.get(created.id);
    await expect(read).rejects.toBeInstanceOf(VaultError);
    await expect(read).rejects.toMatchObject({ code: 'rolled-back-record', message: expect.stringContaining('rolled back to an earlier state') as string });
    // A save on top would launder it under a new revision: refused the same way, nothing written.
    await expect(repos.cases.saveExamination(created.id, draft('overwrite'), oldRow.revision)).rejects.toMatchObject({ code: 'rolled-back-record' });
    expect(await db.caseBodies.get(created.id)).toEqual(oldBody);
    repos.close();
  });

  it('detects a body from before revisions put back over one written with a revision', async () => {
    const { db, vault } = await vaultDb();
    const { repos } = await keyed(db, vault.keys);
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    // A body as an earlier version sealed it: no revision in its additional data or its row.
    const codec = createVaultCodec(vault.keys.dataKey);
    const legacy = await codec.seal({ table: 'caseBodies', id: created.id, schemaVersion: 1 }, { schemaVersion: 1, openedAt: created.createdAt, examination: null });
    await db.caseBodies.put({ id: created.id, schemaVersion: 1, body: legacy });
    await expect(repos.cases.get(created.id)).rejects.toMatchObject({ code: 'rolled-back-record' });
    repos.close();
  });

  it('still reads a case written before revisions, and writes revisions from its next save', async () => {
    const { db, vault } = await vaultDb();
    // An earlier version: bodies sealed without revision, audit events without one.
    const codec = createVaultCodec(vault.keys.dataKey);
    const before = await openRepositories({ db, codec, searchKeyer: createVaultSearchKeyer(vault.keys.indexKey), newId });
    const created = await before.cases.create({ encounterType: 'admission', facilityCode: null });
    const legacy = await codec.seal({ table: 'caseBodies', id: created.id, schemaVersion: 1 }, { schemaVersion: 1, openedAt: created.createdAt, examination: null });
    await db.caseBodies.put({ id: created.id, schemaVersion: 1, body: legacy });
    await db.audit.toCollection().modify((row: AuditRow) => {
      const event = row.event as { detail?: unknown };
      delete event.detail;
    });
    await recomputePlainHashes(db);

    const { repos, secured } = await keyed(db, vault.keys);
    expect(secured.kind).toBe('upgraded');
    const opened = await repos.cases.get(created.id);
    expect(opened?.body.examination).toBeNull();
    const saved = await repos.cases.saveExamination(created.id, draft('after the upgrade'), created.revision);
    expect((await db.caseBodies.get(created.id))?.revision).toBe(saved.revision);
    expect((await repos.cases.get(created.id))?.body.examination).toMatchObject({ account: { ownWords: 'after the upgrade' } });
    expect(await repos.audit.verify()).toMatchObject({ ok: true });
    repos.close();
  });
});

describe('keyed audit chain', () => {
  it('catches an edited chain whose plain SHA-256 was recomputed (which a plain check accepts)', async () => {
    const { db, vault } = await vaultDb();
    const { repos, secured } = await keyed(db, vault.keys);
    expect(secured).toEqual({ kind: 'upgraded', head: { seq: 0, hash: '0'.repeat(64) } });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await repos.cases.saveExamination(created.id, draft('an account'), created.revision);
    await repos.settings.update({ thresholdHours: 2 });
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 3 });

    // Event 2 becomes a signature, and every hash is recomputed so that the chain links again.
    await db.audit.update(2, { event: { ...((await db.audit.get(2))?.event as object), action: 'sign' } });
    await recomputePlainHashes(db);
    async function* rows() {
      yield* await db.audit.orderBy('seq').toArray();
    }
    expect(await verifyChain(rows())).toMatchObject({ ok: true, count: 3 });
    expect(await repos.audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'mac-mismatch' });
    repos.close();
  });

  it('catches a rewrite of the part recorded before keying, at the anchor', async () => {
    const { db, vault } = await vaultDb();
    const plain = await openRepositories({ db, codec: plainJsonCodec, newId });
    await plain.settings.update({ thresholdHours: 2 });
    await plain.settings.update({ thresholdHours: 3 });
    const { repos, secured } = await keyed(db, vault.keys);
    expect(secured).toMatchObject({ kind: 'upgraded', head: { seq: 2 } });
    await repos.settings.update({ thresholdHours: 4 });
    expect((await db.audit.get(3))?.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 3 });

    await db.audit.update(1, { event: { ...((await db.audit.get(1))?.event as object), action: 'delete' } });
    await recomputePlainHashes(db);
    expect(await repos.audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'anchor-mismatch' });
    repos.close();
  });

  it('does not anchor a plain chain that is already broken, and refuses a keyed chain whose anchor was removed', async () => {
    const { db, vault } = await vaultDb();
    const plain = await openRepositories({ db, codec: plainJsonCodec, newId });
    await plain.settings.update({ thresholdHours: 2 });
    await db.audit.update(1, { event: { ...((await db.audit.get(1))?.event as object), action: 'delete' } });
    const first = await keyed(db, vault.keys);
    expect(first.secured).toMatchObject({ kind: 'broken', result: { ok: false, reason: 'hash-mismatch' } });
    expect(await db.vault.get(AUDIT_ANCHOR_ROW)).toBeUndefined();

    const other = await vaultDb();
    const { repos } = await keyed(other.db, other.vault.keys);
    await repos.settings.update({ thresholdHours: 2 });
    // Removing the anchor and stripping the MACs to pass the chain off as never keyed: caught.
    await other.db.vault.delete(AUDIT_ANCHOR_ROW);
    const again = await keyed(other.db, other.vault.keys);
    expect(again.secured).toMatchObject({ kind: 'broken', result: { reason: 'key-anchor-invalid' } });
    expect(await again.repos.audit.verify()).toMatchObject({ ok: false, reason: 'key-anchor-invalid' });
    again.repos.close();
  });

  it('re-anchors the chain under a new root key (rotation): it verifies under the new key, not the old', async () => {
    const { db, vault } = await vaultDb();
    const { repos } = await keyed(db, vault.keys);
    await repos.settings.update({ thresholdHours: 2 });
    const rotated = await createVault(PASSPHRASE, TEST_KDF);
    const head = await reanchorAuditChain(db, vault.keys.auditKey, rotated.keys.auditKey);
    expect(head.seq).toBe(1);
    const after = await keyed(db, rotated.keys);
    expect(after.secured.kind).toBe('anchored');
    await after.repos.settings.update({ thresholdHours: 3 });
    expect(await after.repos.audit.verify()).toMatchObject({ ok: true, count: 2 });
    const old = await keyed(db, vault.keys);
    expect(await old.repos.audit.verify()).toMatchObject({ ok: false, reason: 'key-anchor-invalid' });
    // A chain that does not verify under the current key is not laundered by a rotation.
    await expect(reanchorAuditChain(db, vault.keys.auditKey, rotated.keys.auditKey)).rejects.toThrow(/does not verify/);
    after.repos.close();
  });
});

describe('backups and the keyed chain', () => {
  async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async function* once(bytes: Uint8Array) {
    await Promise.resolve();
    yield bytes;
  }

  it('records the chain head in the backup, and the restored chain verifies under the key with its restore event', async () => {
    const { db, factory, vault } = await vaultDb();
    const { repos } = await keyed(db, vault.keys);
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await repos.cases.saveExamination(created.id, draft('an account'), created.revision);
    const head = await repos.audit.head();
    const backup = createBackupRepository({ db, indexedDB: factory, IDBKeyRange, auditKey: vault.keys.auditKey });
    const bytes = await collect(backup.exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF }));
    const { manifest } = await readBackupFully({ bytes: once(bytes), deriveKey: (kdf) => backupKeyFor(kdf, { passphrase: PASSPHRASE }) });
    expect(manifest.auditHead).toEqual(head);
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 3 });
    repos.close();

    const target = freshDatabase();
    await target.db.open();
    const restore = createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange });
    await restore.restoreBackup({ bytes: once(bytes), secret: { passphrase: PASSPHRASE } });
    const restored = await keyed(target.db, vault.keys);
    expect(restored.secured.kind).toBe('anchored');
    // The backup's two events and the 'restore' event, sealed under the restored vault's key.
    const verified = await restored.repos.audit.verify({ anchors: [head] });
    expect(verified).toMatchObject({ ok: true, count: 3 });
    expect((await target.db.audit.get(3))?.event).toMatchObject({ action: 'restore' });
    expect((await target.db.audit.get(3))?.mac).toMatch(/^[0-9a-f]{64}$/);
    restored.repos.close();
  });
});
