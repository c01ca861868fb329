/**
 * "Replace all keys" (issue #20 item 3), as a clinician and an auditor would notice it: after the
 * rotation every record, photograph, report version, referral, handed-over copy, pending edit,
 * statistics page, the clinician identity (its signing key signs) and the timestamp authority read
 * exactly as before, search by name still finds each case, the old passphrase and the old recovery key
 * open nothing, the new ones open everything, and a backup made before opens with the passphrase it
 * was made under. The rotation is killed at random points (a transaction aborted before its commit,
 * as a crash would leave it) 20 times, sometimes twice in one run and with an edit in between, and
 * always ends with every record readable and equal to before.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDatabase, type AttestDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { ROTATION_ROW } from '../../renderer/db/repos/keyRotation';
import { openVaultRepository } from '../../renderer/db/repos/vaultRepository';
import { createSessionKeys } from '../../renderer/db/sessionKeys';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultKeyWrapper } from '../../renderer/db/keyWrapper';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import type { ClinicianProfile } from '../../shared/identity/profile';
import { createVault, startRotation, unlockVault, VaultError, type Keyring, type PendingRotation, type UnlockedKeys, type VaultSecret } from '../../shared/vault';
import { toHex } from '../../shared/vault/encoding';
import { freshDatabase } from './helpers';

const OLD_PASSPHRASE = 'tiger lamp ocean violin';
const NEW_PASSPHRASE = 'cedar lantern orbit meadow 42';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const PROFILE: ClinicianProfile = {
  name: 'Dr Rotation Keyholder',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'Medical Council',
  registrationNumber: 'REG-ROT-1',
  institution: 'Forensic Institute',
  role: 'forensic',
};
const NAMES = ['Amina Haddad', 'Olena Kovalenko', 'Kwame Mensah', 'Lucía Fernández', 'Dmitri Ivanov', 'Zainab Abdullahi'];

const draft = (name: string, note = '') => {
  const [givenName, familyName] = name.split(' ');
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-01T08:00:00+02:00', examStartAt: null } },
    identity: { givenName, familyName },
    account: { ownWords: `Account of ${name}. ${note}` },
  };
};

/** mulberry32: the kill points are random but reproducible from the seed printed on failure. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytesOf(length: number, fill: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out.subarray(0, Math.min(length, 65_536)));
  out[0] = fill;
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** A file's bytes as the restore reads them: an async stream of chunks. */
async function* fileOf(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

function repositoriesOver(db: AttestDatabase, keys: UnlockedKeys, previous: UnlockedKeys | null = null): Promise<Repositories> {
  const sessionKeys = createSessionKeys(keys, previous);
  return openRepositories({ db, codec: sessionKeys.codec, searchKeyer: sessionKeys.searchKeyer, querySearchKeyer: sessionKeys.querySearchKeyer, keyWrapper: sessionKeys.keyWrapper });
}

/** Only the given keys: what the app reads with once a rotation has ended. */
function repositoriesWithOnly(db: AttestDatabase, keys: UnlockedKeys): Promise<Repositories> {
  const codec = createVaultCodec(keys.dataKey);
  return openRepositories({ db, codec, searchKeyer: createVaultSearchKeyer(keys.indexKey), keyWrapper: createVaultKeyWrapper(keys.wrapKey) });
}

interface Seeded {
  readonly caseIds: string[];
  readonly photos: { caseId: string; attachmentId: string }[];
  readonly reportCase: string;
}

/** One of everything that is sealed, written through the repositories as the app writes it. */
async function seed(repos: Repositories): Promise<Seeded> {
  const caseIds: string[] = [];
  for (const name of NAMES) {
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await repos.cases.saveExamination(created.id, draft(name), created.revision);
    caseIds.push(created.id);
  }
  const photos: { caseId: string; attachmentId: string }[] = [];
  for (const [i, caseId] of caseIds.slice(0, 3).entries()) {
    const original = bytesOf(30_000 + i, i);
    const attachmentId = crypto.randomUUID();
    await repos.attachments.put({
      caseId,
      attachmentId,
      sha256: await sha256Hex(original),
      variants: { original: { mime: 'image/png', bytes: original }, display: { mime: 'image/jpeg', bytes: bytesOf(9_000, i) }, thumb: { mime: 'image/jpeg', bytes: bytesOf(1_500, i) } },
    });
    photos.push({ caseId, attachmentId });
  }
  const reportCase = caseIds[5] ?? '';
  const pdf = new TextEncoder().encode(`%PDF-1.7 signed report standing in for the test ${'x'.repeat(2_000)}\n%%EOF`);
  await repos.reports.storeSigned({ caseId: reportCase, documentId: crypto.randomUUID(), version: 1, signedAt: '2026-05-02T09:00:00Z', place: 'Lyon', addenda: [], bytes: pdf });
  const referralId = crypto.randomUUID();
  await repos.referrals.save(reportCase, {
    id: referralId,
    reportVersion: 1,
    reportSha256: await sha256Hex(pdf),
    authorityId: 'auth-1',
    legalBasis: 'court_order',
    disclosureConsent: 'refused',
    reprisalRisk: { atRisk: ['person'], level: 'high', fromWhom: 'Night shift of unit B', mitigation: ['non_identifiable_report'] },
    content: 'anonymised',
    channel: 'sealed_letter',
    policy: 'consent-based',
  });
  await repos.referrals.storeDocument({ caseId: reportCase, referralId, documentId: crypto.randomUUID(), kind: 'cover_letter', bytes: bytesOf(4_000, 9) });
  await repos.copyHandovers.record(reportCase, { id: crypto.randomUUID(), reportVersion: 1, givenTo: ['person'], deliveryMethod: 'hand_delivery', givenAt: '2026-05-03T10:30:00+02:00', language: 'ar', note: 'Read with the interpreter.' });
  const pendingCase = caseIds[4] ?? '';
  const pendingRevision = (await repos.cases.get(pendingCase))?.summary.revision ?? 0;
  await repos.pendingEdits.keep(pendingCase, draft(NAMES[4] ?? '', 'typed after the save'), () => ({ session: 'window-1', seq: 1, bases: [pendingRevision] }));
  // The month's statistics page is built and sealed by a read.
  await repos.statFacts.inPeriod('2026-05-01', '2026-05-31');
  await repos.identity.createSelfSigned(PROFILE, new Date('2026-03-10T09:30:00Z'));
  await repos.timestampAuthority.save({ url: 'https://tsa.example.org/tsr', username: 'clinic', password: 'tsa secret', certificates: [] });
  return { caseIds, photos, reportCase };
}

/** Everything a clinician can read back, with the bytes of files as their SHA-256. */
async function snapshot(repos: Repositories, seeded: Seeded): Promise<unknown> {
  const cases = [];
  for (const id of seeded.caseIds) cases.push(await repos.cases.get(id));
  const search: Record<string, string[]> = {};
  for (const name of NAMES) search[name] = (await repos.cases.list({ search: name })).items.map((item) => item.id);
  const photos = [];
  for (const { caseId, attachmentId } of seeded.photos) {
    for (const variant of ['original', 'display', 'thumb'] as const) {
      const stored = await repos.attachments.get(caseId, attachmentId, variant);
      photos.push(stored === null ? null : { mime: stored.mime, sha256: await sha256Hex(stored.bytes) });
    }
  }
  const versions = await repos.reports.versions(seeded.reportCase);
  const pdf = await sha256Hex(await repos.reports.pdf(seeded.reportCase, 1));
  const referrals = await repos.referrals.list(seeded.reportCase);
  const documents = [];
  for (const referral of referrals) for (const doc of referral.documents) documents.push(await sha256Hex(await repos.referrals.document(seeded.reportCase, doc.documentId)));
  const copies = await repos.copyHandovers.list(seeded.reportCase);
  const pendingCase = seeded.caseIds[4] ?? '';
  const pending = await repos.pendingEdits.take(pendingCase, (await repos.cases.get(pendingCase))?.summary.revision ?? -1);
  const stats = await repos.statFacts.inPeriod('2026-05-01', '2026-05-31');
  const identity = await repos.identity.get();
  const signing = await repos.identity.signingIdentity();
  // The signing key still signs, and the signature verifies under the stored certificate's key.
  const signature = signing === null ? null : new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signing.privateKey, new Uint8Array([1, 2, 3])));
  const tsa = await repos.timestampAuthority.get();
  return { cases, search, photos, versions, pdf, referrals, documents, copies, pending, stats: stats.facts, identity, signs: signature !== null && signature.length > 0, tsa };
}

async function expectRefused(keyring: Keyring, rotation: PendingRotation | null, secret: VaultSecret, code: string): Promise<void> {
  const error = await unlockVault(keyring, rotation, secret).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe(code);
}

/** A vault with everything sealed in it; the keyring stored as the first-run screen does. */
async function seededVault() {
  const fresh = freshDatabase();
  const vault = await createVault(OLD_PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await repositoriesOver(fresh.db, vault.keys);
  const seeded = await seed(repos);
  return { ...fresh, vault, repos, seeded };
}

describe('key rotation: replace all keys', () => {
  it('re-seals everything under a new root: every record reads as before, search works, the old secrets open nothing, and each generation is audited', async () => {
    const s = await seededVault();
    const before = await snapshot(s.repos, s.seeded);
    const auditBefore = await s.repos.audit.count();

    const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    await s.repos.vaultKeys.beginRotation(started.rotation);
    // A second rotation cannot start over the first.
    await expect(s.repos.vaultKeys.beginRotation(started.rotation)).rejects.toMatchObject({ code: 'rotation-pending' });
    const progress: { done: number; total: number }[] = [];
    const result = await s.repos.vaultKeys.runRotation({ previous: started.previous, next: started.next, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ resealed: expect.any(Number) as number, unreadable: 0 });
    expect(progress.at(-1)).toEqual({ done: progress.at(-1)?.total, total: progress.at(-1)?.total });
    expect(progress.length).toBeGreaterThan(3);

    // The new keyring is the keyring; no rotation record is left (nor the old root wrapped in it).
    const keyring = (await s.repos.vaultKeys.readKeyring()) as Keyring;
    expect(keyring).toEqual(started.rotation.next);
    expect(await s.db.vault.get(ROTATION_ROW)).toBeUndefined();
    await expectRefused(keyring, null, { passphrase: OLD_PASSPHRASE }, 'wrong-passphrase');
    await expectRefused(keyring, null, { recoveryKey: s.vault.recoveryKey }, 'wrong-recovery-key');
    const viaRecovery = await unlockVault(keyring, null, { recoveryKey: started.recoveryKey });
    const viaPassphrase = await unlockVault(keyring, null, { passphrase: NEW_PASSPHRASE });
    expect(viaRecovery.previous).toBeNull();

    // With the new keys alone, everything reads exactly as before, search by name included.
    const after = await repositoriesWithOnly(createDatabase({ name: s.name, indexedDB: s.factory, IDBKeyRange }), viaPassphrase.keys);
    expect(await snapshot(after, s.seeded)).toEqual(before);
    // With the old keys alone, nothing of a case opens and a name finds nothing.
    const old = await repositoriesWithOnly(createDatabase({ name: s.name, indexedDB: s.factory, IDBKeyRange }), s.vault.keys);
    await expect(old.cases.get(s.seeded.caseIds[0] ?? '')).rejects.toThrow();
    expect((await old.cases.list({ search: NAMES[0] ?? '' })).items).toEqual([]);
    await expect(old.identity.get()).rejects.toThrow();

    // Audited: the start and the end, in the chain, which still verifies.
    const events = [];
    for await (const row of after.audit.exportEntries()) events.push(row);
    const keysEvents = events.slice(auditBefore).map((row) => (row.event as { detail?: { keys?: string } }).detail?.keys).filter(Boolean);
    expect(keysEvents).toEqual(['rotation-started', 'rotation-finished']);
    expect((await after.audit.verify()).ok).toBe(true);
    s.repos.close();
    after.close();
    old.close();
  });

  it('killed at random points 20 times, sometimes twice and with an edit in between, it always resumes at unlock and ends with every record readable and equal to before', async () => {
    const seed0 = Date.now() % 1_000_000;
    const rand = random(seed0);
    // The number of row writes of one whole pass over the seeded vault, to spread the kill points over.
    let writesPerPass = 0;
    {
      const s = await seededVault();
      const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
      await s.repos.vaultKeys.beginRotation(started.rotation);
      await s.repos.vaultKeys.runRotation({ previous: started.previous, next: started.next, checkpoint: (point) => { if (point === 'row') writesPerPass += 1; } });
      s.repos.close();
    }
    expect(writesPerPass).toBeGreaterThan(20);

    for (let run = 0; run < 20; run += 1) {
      const context = `run ${String(run)}, seed ${String(seed0)}`;
      const s = await seededVault();
      // Small pages, so that kills land between committed batches as well as inside them.
      const batchSize = 1 + Math.floor(rand() * 4);
      const expected = (await snapshot(s.repos, s.seeded)) as { cases: unknown[] };
      const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
      await s.repos.vaultKeys.beginRotation(started.rotation);
      s.repos.close();

      const kills = 1 + Math.floor(rand() * 2);
      let finished = false;
      for (let attempt = 0; !finished; attempt += 1) {
        // The app starts again: a new connection, the keyring and the rotation read as the unlock screen reads them.
        const db = createDatabase({ name: s.name, indexedDB: s.factory, IDBKeyRange });
        const vaultRepo = await openVaultRepository({ db });
        const keyring = (await vaultRepo.readKeyring()) as Keyring;
        const rotation = await vaultRepo.readRotation();
        expect(rotation, context).not.toBeNull();
        // Either generation's passphrase or recovery key opens both roots while the rotation is pending.
        const secrets: VaultSecret[] = [{ passphrase: OLD_PASSPHRASE }, { passphrase: NEW_PASSPHRASE }, { recoveryKey: s.vault.recoveryKey }, { recoveryKey: started.recoveryKey }];
        const unlock = await unlockVault(keyring, rotation, secrets[Math.floor(rand() * secrets.length)] ?? { passphrase: NEW_PASSPHRASE });
        expect(unlock.previous, context).not.toBeNull();
        const repos = await repositoriesOver(db, unlock.keys, unlock.previous);
        // Mid-rotation, everything reads as before (rows under either key) and search finds every case.
        if (attempt > 0) expect(await snapshot(repos, s.seeded), context).toEqual(expected);
        if (attempt === 1) {
          // An edit while the rotation is pending: sealed under the new key, and kept.
          const id = s.seeded.caseIds[1] ?? '';
          const current = await repos.cases.get(id);
          await repos.cases.saveExamination(id, draft(NAMES[1] ?? '', 'edited mid-rotation'), current?.summary.revision ?? 0);
          const edited = await repos.cases.get(id);
          expected.cases[1] = edited;
        }
        const killAt = attempt < kills ? Math.floor(rand() * (writesPerPass + 2)) : Infinity;
        let writes = 0;
        const result = await repos.vaultKeys
          .runRotation({
            previous: unlock.previous as UnlockedKeys,
            next: unlock.keys,
            batchSize,
            checkpoint: () => {
              writes += 1;
              if (writes > killAt) throw new Error('killed');
            },
          })
          .then(
            () => 'finished' as const,
            (error: unknown) => {
              if (!(error instanceof Error) || error.message !== 'killed') throw error;
              return 'killed' as const;
            },
          );
        finished = result === 'finished';
        repos.close();
        vaultRepo.close();
      }

      // After the end: only the new generation's secrets open, and with its keys alone every record equals before.
      const db = createDatabase({ name: s.name, indexedDB: s.factory, IDBKeyRange });
      const vaultRepo = await openVaultRepository({ db });
      const keyring = (await vaultRepo.readKeyring()) as Keyring;
      expect(await vaultRepo.readRotation(), context).toBeNull();
      await expectRefused(keyring, null, { passphrase: OLD_PASSPHRASE }, 'wrong-passphrase');
      await expectRefused(keyring, null, { recoveryKey: s.vault.recoveryKey }, 'wrong-recovery-key');
      const unlock = await unlockVault(keyring, null, { recoveryKey: started.recoveryKey });
      const repos = await repositoriesWithOnly(db, unlock.keys);
      expect(await snapshot(repos, s.seeded), context).toEqual(expected);
      repos.close();
      vaultRepo.close();
    }
  }, 120_000);

  it('a backup made before the rotation still opens with the passphrase it was made under, and restores every record', async () => {
    const s = await seededVault();
    const before = await snapshot(s.repos, s.seeded);
    const backups = createBackupRepository({ db: s.db });
    const chunks: Uint8Array[] = [];
    for await (const chunk of backups.exportBackup({ secret: { passphrase: OLD_PASSPHRASE }, ...TEST_KDF })) chunks.push(chunk);

    const started = await startRotation(s.vault.keyring, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    await s.repos.vaultKeys.beginRotation(started.rotation);
    await s.repos.vaultKeys.runRotation({ previous: started.previous, next: started.next });
    s.repos.close();

    // On another computer (an empty database): the old backup, with the old passphrase.
    const target = freshDatabase();
    await target.db.open();
    const restore = createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange });
    await expect(restore.restoreBackup({ bytes: fileOf(chunks), secret: { passphrase: NEW_PASSPHRASE } })).rejects.toThrow();
    await restore.restoreBackup({ bytes: fileOf(chunks), secret: { passphrase: OLD_PASSPHRASE } });
    const keyring = (await (await openVaultRepository({ db: target.db })).readKeyring()) as Keyring;
    const unlock = await unlockVault(keyring, null, { passphrase: OLD_PASSPHRASE });
    const restored = await repositoriesWithOnly(target.db, unlock.keys);
    // Statistics facts are derived, not backed up: the app computes them after a restore, as here.
    await restored.statFacts.complete();
    // A window's pending edit is not part of a backup (BACKUP_TABLES); everything else comes back.
    expect(await snapshot(restored, s.seeded)).toEqual({ ...(before as object), pending: null });
    restored.close();
  });
});

describe('replace the recovery key', () => {
  it('a new recovery key opens the vault, the old one stops working, the passphrase and the records stay; audited; refused during a rotation', async () => {
    const s = await seededVault();
    const { replaceRecoveryKey } = await import('../../shared/vault');
    const { keyring, recoveryKey } = await replaceRecoveryKey(s.vault.keyring, { passphrase: OLD_PASSPHRASE });
    await s.repos.vaultKeys.replaceKeyring(s.vault.keyring, keyring, { keys: 'recovery-key-replaced' });
    const stored = (await s.repos.vaultKeys.readKeyring()) as Keyring;
    await expectRefused(stored, null, { recoveryKey: s.vault.recoveryKey }, 'wrong-recovery-key');
    await unlockVault(stored, null, { recoveryKey });
    await unlockVault(stored, null, { passphrase: OLD_PASSPHRASE });
    const events = [];
    for await (const row of s.repos.audit.exportEntries()) events.push(row);
    expect((events.at(-1)?.event as { detail?: unknown }).detail).toEqual({ keys: 'recovery-key-replaced' });
    // A stale keyring (another window changed it) is refused rather than written over.
    await expect(s.repos.vaultKeys.replaceKeyring(s.vault.keyring, keyring, { keys: 'recovery-key-replaced' })).rejects.toThrow(/changed meanwhile/);

    const started = await startRotation(stored, { passphrase: OLD_PASSPHRASE }, NEW_PASSPHRASE, TEST_KDF);
    await s.repos.vaultKeys.beginRotation(started.rotation);
    const again = await replaceRecoveryKey(stored, { passphrase: OLD_PASSPHRASE });
    await expect(s.repos.vaultKeys.replaceKeyring(stored, again.keyring, { keys: 'recovery-key-replaced' })).rejects.toMatchObject({ code: 'rotation-pending' });
    s.repos.close();
  });
});
