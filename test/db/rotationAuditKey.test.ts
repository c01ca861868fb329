/**
 * Key rotation with the keyed audit chain (issue #20 items 3 and 4 together), as an auditor would
 * notice it: after "Replace all keys" the audit chain still verifies under the new root's audit key
 * alone (Settings › Verify audit chain after the next unlock), events written during the rotation
 * included, and a record's last revision is still vouched for. The chain is re-anchored under the new
 * root when the rotation starts, in the transaction that switches the session's keys; a crash between
 * the start and that re-anchoring is finished at the next unlock. The control: without re-anchoring,
 * the chain does not verify under the new key (so the test can fail).
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDatabase, type AttestDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { NOT_ROTATED, ROTATED_TABLES, ROTATION_ROW } from '../../renderer/db/repos/keyRotation';
import { createSessionKeys, type SessionKeys } from '../../renderer/db/sessionKeys';
import { createVault, startRotation, unlockVault, type Keyring, type PendingRotation, type UnlockedKeys } from '../../shared/vault';
import { freshDatabase } from './helpers';

const OLD_PASSPHRASE = 'tiger lamp ocean violin';
const NEW_PASSPHRASE = 'cedar lantern orbit meadow 42';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

const draft = (familyName: string) => ({
  schemaVersion: 1,
  formId: 'admission-examination',
  formVersion: 1,
  encounter: { type: 'admission', timing: { arrivalAt: '2026-05-01T08:00:00+02:00', examStartAt: null } },
  identity: { givenName: 'Amina', familyName },
});

/** The repositories as the session opens them: the audit key follows the session's keys. */
async function sessionOver(db: AttestDatabase, keys: UnlockedKeys, previous: UnlockedKeys | null = null): Promise<{ repos: Repositories; sessionKeys: SessionKeys }> {
  const sessionKeys = createSessionKeys(keys, previous);
  const repos = await openRepositories({
    db,
    codec: sessionKeys.codec,
    searchKeyer: sessionKeys.searchKeyer,
    querySearchKeyer: sessionKeys.querySearchKeyer,
    keyWrapper: sessionKeys.keyWrapper,
    auditKey: () => sessionKeys.current().auditKey,
  });
  await repos.audit.secure();
  return { repos, sessionKeys };
}

async function keyedVault() {
  const fresh = freshDatabase();
  const vault = await createVault(OLD_PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const session = await sessionOver(fresh.db, vault.keys);
  const created = await session.repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  await session.repos.cases.saveExamination(created.id, draft('Haddad'), created.revision);
  return { ...fresh, vault, ...session, caseId: created.id };
}

/** What the next unlock sees: the stored keyring opened with the new passphrase, only its keys. */
async function verifiedAfterUnlock(name: string, factory: IDBFactory): Promise<{ ok: boolean; caseOpens: boolean }> {
  const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
  await db.open();
  const keyring = (await db.vault.get('keyring'))?.value as Keyring;
  const unlocked = await unlockVault(keyring, null, { passphrase: NEW_PASSPHRASE });
  const { repos } = await sessionOver(db, unlocked.keys);
  const result = await repos.audit.verify();
  const list = await repos.cases.list({});
  const caseOpens = await repos.cases.get(list.items[0]?.id ?? '').then(() => true, () => false);
  repos.close();
  return { ok: result.ok, caseOpens };
}

describe('key rotation covers every table', () => {
  it('every table of the schema is re-sealed by the rotation or listed as holding nothing sealed, with why', async () => {
    const { db } = freshDatabase();
    await db.open();
    const schemaTables = db.tables.map((table) => table.name).sort();
    db.close();
    const excluded = Object.keys(NOT_ROTATED);
    // A new table must be put in one list or the other: sealed rows left under the old key are lost.
    expect(ROTATED_TABLES.filter((name) => excluded.includes(name))).toEqual([]);
    expect(schemaTables.filter((name) => !(ROTATED_TABLES as readonly string[]).includes(name) && !excluded.includes(name))).toEqual([]);
    expect([...ROTATED_TABLES, ...excluded].filter((name) => !schemaTables.includes(name))).toEqual([]);
    for (const reason of Object.values(NOT_ROTATED)) expect(reason.length).toBeGreaterThan(20);
  });
});

describe('key rotation and the keyed audit chain', () => {
  it('re-anchored when the rotation starts: events during and after it, and the chain verifies under the new key alone', async () => {
    const s = await keyedVault();
    const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    const from = s.sessionKeys.current();
    await s.repos.vaultKeys.beginRotation(started.rotation);
    await s.repos.vaultKeys.reanchorAudit(from.auditKey, started.next.auditKey, () => { s.sessionKeys.rotate(started.next); });
    // The clinician keeps working while the pass runs: these events are MACed under the new key.
    const revision = (await s.repos.cases.get(s.caseId))?.summary.revision ?? 0;
    await s.repos.cases.saveExamination(s.caseId, draft('Haddad-Benali'), revision);
    expect(await s.repos.vaultKeys.runRotation({ previous: started.previous, next: started.next })).toMatchObject({ unreadable: 0 });
    s.sessionKeys.forgetPrevious();
    expect((await s.repos.audit.verify()).ok).toBe(true);
    s.repos.close();
    expect(await verifiedAfterUnlock(s.name, s.factory)).toEqual({ ok: true, caseOpens: true });
  });

  it('a crash between the start and the re-anchoring: the next unlock finishes it, and the chain verifies', async () => {
    const s = await keyedVault();
    const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    await s.repos.vaultKeys.beginRotation(started.rotation);
    s.repos.close();
    // Unlock with the rotation pending (new keys, the previous ones beside), as the session does.
    const db = createDatabase({ name: s.name, indexedDB: s.factory, IDBKeyRange });
    await db.open();
    const keyring = (await db.vault.get('keyring'))?.value as Keyring;
    const rotation = (await db.vault.get(ROTATION_ROW))?.value as PendingRotation | undefined;
    expect(rotation).toBeDefined();
    const unlocked = await unlockVault(keyring, rotation ?? null, { passphrase: OLD_PASSPHRASE });
    expect(unlocked.previous).not.toBeNull();
    const resumed = await sessionOver(db, unlocked.keys, unlocked.previous);
    await resumed.repos.vaultKeys.ensureAuditAnchored(unlocked.previous?.auditKey as CryptoKey, unlocked.keys.auditKey);
    expect(await resumed.repos.vaultKeys.runRotation({ previous: unlocked.previous as UnlockedKeys, next: unlocked.keys })).toMatchObject({ unreadable: 0 });
    resumed.sessionKeys.forgetPrevious();
    expect((await resumed.repos.audit.verify()).ok).toBe(true);
    resumed.repos.close();
    expect(await verifiedAfterUnlock(s.name, s.factory)).toEqual({ ok: true, caseOpens: true });
  });

  it('control: rotated without re-anchoring, the chain does not verify under the new key', async () => {
    const s = await keyedVault();
    const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    await s.repos.vaultKeys.beginRotation(started.rotation);
    s.sessionKeys.rotate(started.next);
    await s.repos.vaultKeys.runRotation({ previous: started.previous, next: started.next });
    s.sessionKeys.forgetPrevious();
    s.repos.close();
    expect((await verifiedAfterUnlock(s.name, s.factory)).ok).toBe(false);
  });
});
