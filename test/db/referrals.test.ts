/**
 * Referrals (renderer/db/repos/referralRepository.ts), with the real vault codec over fake-indexeddb.
 * What a clinician or an auditor would notice: a referral comes back as saved, sealed (no free text
 * in clear), each save one audit event; an invalid value is refused without a half-written row; a
 * referral stays with its case; its signed documents come back byte for byte with their hash; a
 * backup restores referrals and documents; the settings keep the authority registry and the policy.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttestDatabase } from '../../renderer/db/database';
import { InvalidReferralError, InvalidSettingsError, StoredRecordError, openRepositories, type Repositories } from '../../renderer/db/repos';
import { bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import type { Referral } from '../../shared/domain/referral';
import { createVault, parseKeyring, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { toHex } from '../../shared/vault/encoding';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const SHA = 'a'.repeat(64);

function openOver(db: AttestDatabase, keys: UnlockedKeys): Promise<Repositories> {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey) });
}

async function setup() {
  const fresh = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await openOver(fresh.db, vault.keys);
  const summary = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  return { ...fresh, vault, repos, caseId: summary.id };
}

function referral(overrides: Partial<Referral> = {}): Referral {
  return {
    id: crypto.randomUUID(),
    reportVersion: 1,
    reportSha256: SHA,
    authorityId: 'auth-1',
    legalBasis: 'court_order',
    disclosureConsent: 'refused',
    reprisalRisk: { atRisk: ['person'], level: 'high', fromWhom: 'Night shift of unit B, Zorglub canary', mitigation: ['non_identifiable_report'] },
    content: 'anonymised',
    channel: 'sealed_letter',
    policy: 'consent-based',
    ...overrides,
  };
}

function pdfLike(length = 50_000): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out.subarray(0, Math.min(length, 65_536)));
  out.set(new TextEncoder().encode('%PDF-1.7\n'));
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

describe('referrals', () => {
  it('a saved referral comes back as saved, sealed, and each save is one referral audit event', async () => {
    const s = await setup();
    const r = referral();
    const before = await s.repos.audit.count();
    const stored = await s.repos.referrals.save(s.caseId, r);
    expect(stored.referral).toEqual(r);
    expect(await s.repos.referrals.list(s.caseId)).toEqual([stored]);
    expect((await s.repos.referrals.get(s.caseId, r.id))?.referral).toEqual(r);
    // The free text about the risk is not in the row in clear.
    const row = await s.db.referrals.get(r.id);
    expect(JSON.stringify(row)).not.toContain('Zorglub');
    // Recording the acknowledgement later is another save, another event.
    const acknowledged = { ...r, sentAt: '2026-05-02T10:00:00+02:00', followUpDate: '2026-05-16', acknowledgedAt: '2026-05-05T09:00:00+02:00' };
    expect((await s.repos.referrals.save(s.caseId, acknowledged)).referral.acknowledgedAt).toBe('2026-05-05T09:00:00+02:00');
    expect(await s.repos.audit.count()).toBe(before + 2);
    const events = (await s.db.audit.toArray()).slice(-2).map((row) => row.event as { action: string; recordType: string; recordId: string });
    expect(events.map((e) => [e.action, e.recordType, e.recordId])).toEqual([
      ['referral', 'referral', r.id],
      ['referral', 'referral', r.id],
    ]);
    expect((await s.repos.audit.verify()).ok).toBe(true);
    s.repos.close();
  });

  it('an invalid referral is refused and nothing is written', async () => {
    const s = await setup();
    const before = await s.repos.audit.count();
    await expect(s.repos.referrals.save(s.caseId, { ...referral(), channel: 'pigeon' })).rejects.toBeInstanceOf(InvalidReferralError);
    await expect(s.repos.referrals.save(s.caseId, { ...referral(), reportSha256: 'not-a-hash' })).rejects.toBeInstanceOf(InvalidReferralError);
    expect(await s.db.referrals.count()).toBe(0);
    expect(await s.repos.audit.count()).toBe(before);
    s.repos.close();
  });

  it('a referral stays with its case: another case neither lists it nor can take it over', async () => {
    const s = await setup();
    const other = await s.repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const r = referral();
    await s.repos.referrals.save(s.caseId, r);
    expect(await s.repos.referrals.list(other.id)).toEqual([]);
    expect(await s.repos.referrals.get(other.id, r.id)).toBeNull();
    await expect(s.repos.referrals.save(other.id, r)).rejects.toThrow();
    // A row moved to another case by hand does not open there.
    const row = await s.db.referrals.get(r.id);
    if (!row) throw new Error('row missing');
    await s.db.referrals.put({ ...row, caseId: other.id });
    await expect(s.repos.referrals.list(other.id)).rejects.toBeInstanceOf(StoredRecordError);
    s.repos.close();
  });

  it('its signed documents come back byte for byte, listed with their hash, each stored with an audit event carrying it', async () => {
    const s = await setup();
    const r = referral();
    await s.repos.referrals.save(s.caseId, r);
    const bytes = pdfLike();
    const doc = await s.repos.referrals.storeDocument({ caseId: s.caseId, referralId: r.id, documentId: crypto.randomUUID(), kind: 'cover_letter', bytes });
    expect(doc.sha256).toBe(await sha256Hex(bytes));
    expect(Buffer.from(await s.repos.referrals.document(s.caseId, doc.documentId)).equals(Buffer.from(bytes))).toBe(true);
    expect((await s.repos.referrals.get(s.caseId, r.id))?.documents).toEqual([doc]);
    const last = (await s.db.audit.toArray()).at(-1)?.event as { detail?: { sha256?: string } } | undefined;
    expect(last?.detail?.sha256).toBe(doc.sha256);
    // Not for another case, and not for a referral that does not exist.
    const other = await s.repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await expect(s.repos.referrals.document(other.id, doc.documentId)).rejects.toThrow();
    await expect(s.repos.referrals.storeDocument({ caseId: s.caseId, referralId: 'nope', documentId: crypto.randomUUID(), kind: 'cover_letter', bytes })).rejects.toThrow();
    // A changed ciphertext does not open.
    const row = await s.db.referralDocuments.get(doc.documentId);
    if (!row) throw new Error('row missing');
    const tampered = new Uint8Array(await row.data.arrayBuffer());
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    await s.db.referralDocuments.put({ ...row, data: new Blob([tampered]) });
    await expect(s.repos.referrals.document(s.caseId, doc.documentId)).rejects.toBeInstanceOf(StoredRecordError);
    s.repos.close();
  });

  it('finds each stored document by the SHA-256 of its bytes, for Verify a report (#19)', async () => {
    const s = await setup();
    const r = referral({ reportVersion: 2 });
    await s.repos.referrals.save(s.caseId, r);
    const docs = [];
    for (const kind of ['anonymised_report', 'summary_report', 'cover_letter'] as const) {
      const bytes = pdfLike(2_000);
      docs.push({ kind, bytes, doc: await s.repos.referrals.storeDocument({ caseId: s.caseId, referralId: r.id, documentId: crypto.randomUUID(), kind, bytes }) });
    }
    for (const { kind, bytes, doc } of docs) {
      const match = await s.repos.referrals.findBySha256(await sha256Hex(bytes));
      expect(match).toMatchObject({ caseId: s.caseId, referralId: r.id, documentId: doc.documentId, kind, reportVersion: 2 });
      expect(match?.caseNumber).toMatch(/^A-\d{4}-\d{5}$/);
    }
    expect(await s.repos.referrals.findBySha256('0'.repeat(64))).toBeNull();
    expect(await s.repos.referrals.findBySha256('not a hash')).toBeNull();
    s.repos.close();
  });

  it('a backup restores referrals and their documents', async () => {
    const s = await setup();
    const r = referral();
    await s.repos.referrals.save(s.caseId, r);
    const bytes = pdfLike(300_000);
    const doc = await s.repos.referrals.storeDocument({ caseId: s.caseId, referralId: r.id, documentId: crypto.randomUUID(), kind: 'anonymised_report', bytes });
    const chunks: Uint8Array[] = [];
    for await (const chunk of createBackupRepository({ db: s.db, indexedDB: s.factory, IDBKeyRange }).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF })) chunks.push(chunk);
    const target = freshDatabase();
    await target.db.open();
    await createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange }).restoreBackup({ bytes: bytePieces(new Uint8Array(Buffer.concat(chunks)), 65_536), secret: { passphrase: PASSPHRASE } });
    const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), PASSPHRASE);
    const restored = await openOver(target.db, keys);
    expect((await restored.referrals.get(s.caseId, r.id))?.referral).toEqual(r);
    expect(Buffer.from(await restored.referrals.document(s.caseId, doc.documentId)).equals(Buffer.from(bytes))).toBe(true);
    restored.close();
    s.repos.close();
  }, 60_000);
});

describe('authority registry and reporting policy in settings', () => {
  it('are stored, read back, and checked: a nameless authority or an unknown policy stores nothing', async () => {
    const s = await setup();
    expect((await s.repos.settings.get()).reportingPolicy).toBe('consent-based');
    expect((await s.repos.settings.get()).authorities).toEqual([]);
    const authority = { id: 'auth-1', name: 'Public prosecutor', type: 'judicial', contact: '1 Court Street', preferredChannel: 'sealed_letter' } as const;
    const next = await s.repos.settings.update({ authorities: [authority], reportingPolicy: 'automatic' });
    expect(next.authorities).toEqual([authority]);
    expect(next.reportingPolicy).toBe('automatic');
    await expect(s.repos.settings.update({ authorities: [{ ...authority, name: '  ' }] })).rejects.toBeInstanceOf(InvalidSettingsError);
    await expect(s.repos.settings.update({ reportingPolicy: 'whenever' as never })).rejects.toBeInstanceOf(InvalidSettingsError);
    await expect(s.repos.settings.update({ authorities: [authority, authority] })).rejects.toBeInstanceOf(InvalidSettingsError);
    expect(await s.repos.settings.get()).toMatchObject({ authorities: [authority], reportingPolicy: 'automatic' });
    s.repos.close();
  });
});
