/**
 * Signed report versions (renderer/db/repos/reportRepository.ts), with the real vault codec over
 * fake-indexeddb. What a clinician or a court would notice: version 1 locks the examination; a
 * stored version comes back byte for byte, and a changed or moved one refuses to open; versions
 * follow in order, each signature one audit event carrying the file's SHA-256; a file handed back is
 * recognised by its hash; a backup restores every version exactly.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttestDatabase } from '../../renderer/db/database';
import { ReportVersionError, StoredRecordError, openRepositories, type Repositories } from '../../renderer/db/repos';
import { bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, parseKeyring, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { toHex } from '../../shared/vault/encoding';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

function pdfLike(seed: number, length = 200_000): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65_536)));
  out.set(new TextEncoder().encode(`%PDF-1.7 seed ${String(seed)}\n`));
  return out;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

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
  return { ...fresh, vault, repos, caseId: summary.id, revision: summary.revision };
}

const signedAt = '2026-05-02T10:00:00+02:00';

describe('signed report versions', () => {
  it('version 1 is stored byte for byte, locks the examination, and is one audit event with its hash', async () => {
    const s = await setup();
    const bytes = pdfLike(1);
    const documentId = crypto.randomUUID();
    const before = await s.repos.audit.count();
    const v1 = await s.repos.reports.storeSigned({ caseId: s.caseId, documentId, version: 1, signedAt, place: 'Genève', addenda: [], bytes });
    expect(v1.sha256).toBe(await sha256Hex(bytes));
    expect(Buffer.from(await s.repos.reports.pdf(s.caseId, 1)).equals(Buffer.from(bytes))).toBe(true);

    const record = await s.repos.cases.get(s.caseId);
    expect(record?.summary.status).toBe('signed');
    await expect(s.repos.cases.saveExamination(s.caseId, { schemaVersion: 1, formId: 'admission-examination', formVersion: 1 }, record?.summary.revision ?? 0)).rejects.toThrow(/can no longer be edited/);

    expect(await s.repos.audit.count()).toBe(before + 1);
    const entries = [];
    for await (const entry of s.repos.audit.exportEntries()) entries.push(entry);
    const last = entries.at(-1)?.event as { action: string; recordType: string; recordId: string; detail: { sha256: string; reportVersion: number } };
    expect(last).toMatchObject({ action: 'sign', recordType: 'report', recordId: documentId, detail: { sha256: v1.sha256, reportVersion: 1 } });
    expect((await s.repos.audit.verify()).ok).toBe(true);

    // The stored row holds no PDF bytes in clear.
    const row = await s.db.reports.get(documentId);
    const stored = new Uint8Array(await row?.data.arrayBuffer() ?? new ArrayBuffer(0));
    expect(Buffer.from(stored).includes(Buffer.from('%PDF-1.7 seed 1'))).toBe(false);
    s.repos.close();
  });

  it('later versions come in order and carry every addendum; earlier versions stay as they were', async () => {
    const s = await setup();
    const one = pdfLike(1);
    await s.repos.reports.storeSigned({ caseId: s.caseId, documentId: crypto.randomUUID(), version: 1, signedAt, place: 'Genève', addenda: [], bytes: one });
    await expect(s.repos.reports.storeSigned({ caseId: s.caseId, documentId: crypto.randomUUID(), version: 3, signedAt, place: 'Genève', addenda: [], bytes: pdfLike(3) })).rejects.toBeInstanceOf(ReportVersionError);
    await expect(s.repos.reports.storeSigned({ caseId: s.caseId, documentId: crypto.randomUUID(), version: 1, signedAt, place: 'Genève', addenda: [], bytes: pdfLike(4) })).rejects.toBeInstanceOf(ReportVersionError);
    const addendum = { at: '2026-05-03T09:00:00+02:00', reason: 'Size of L2', text: 'L2 measures 4 × 2 cm.' };
    await s.repos.reports.storeSigned({ caseId: s.caseId, documentId: crypto.randomUUID(), version: 2, signedAt, place: 'Genève', addenda: [addendum], bytes: pdfLike(2) });
    const versions = await s.repos.reports.versions(s.caseId);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.addenda).toEqual([addendum]);
    expect(Buffer.from(await s.repos.reports.pdf(s.caseId, 1)).equals(Buffer.from(one))).toBe(true);
    const match = await s.repos.reports.findBySha256(await sha256Hex(one));
    expect(match).toMatchObject({ caseId: s.caseId, version: 1 });
    expect(match?.caseNumber).toMatch(/^A-\d{4}-\d{5}$/);
    expect(await s.repos.reports.findBySha256('0'.repeat(64))).toBeNull();
    s.repos.close();
  });

  it('a changed or moved stored version refuses to open', async () => {
    const s = await setup();
    const documentId = crypto.randomUUID();
    await s.repos.reports.storeSigned({ caseId: s.caseId, documentId, version: 1, signedAt, place: 'Genève', addenda: [], bytes: pdfLike(1) });
    const row = await s.db.reports.get(documentId);
    if (!row) throw new Error('no row');
    const ciphertext = new Uint8Array(await row.data.arrayBuffer());
    ciphertext[1000] = (ciphertext[1000] ?? 0) ^ 1;
    await s.db.reports.put({ ...row, data: new Blob([ciphertext]) });
    await expect(s.repos.reports.pdf(s.caseId, 1)).rejects.toBeInstanceOf(StoredRecordError);

    // Moved to another case: its sealed metadata names the first case.
    const other = await s.repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await s.db.reports.put({ ...row, caseId: other.id });
    await expect(s.repos.reports.pdf(other.id, 1)).rejects.toBeInstanceOf(StoredRecordError);
    await expect(s.repos.reports.versions(other.id)).rejects.toBeInstanceOf(StoredRecordError);
    s.repos.close();
  });

  it('a backup restores every signed version byte for byte', async () => {
    const s = await setup();
    const one = pdfLike(1, 1_500_000);
    await s.repos.reports.storeSigned({ caseId: s.caseId, documentId: crypto.randomUUID(), version: 1, signedAt, place: 'Genève', addenda: [], bytes: one });
    const chunks: Uint8Array[] = [];
    for await (const chunk of createBackupRepository({ db: s.db, indexedDB: s.factory, IDBKeyRange }).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF })) chunks.push(chunk);
    const file = new Uint8Array(Buffer.concat(chunks));

    const target = freshDatabase();
    await target.db.open();
    await createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange }).restoreBackup({ bytes: bytePieces(file, 65_536), secret: { passphrase: PASSPHRASE } });
    const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), PASSPHRASE);
    const restored = await openOver(target.db, keys);
    expect(Buffer.from(await restored.reports.pdf(s.caseId, 1)).equals(Buffer.from(one))).toBe(true);
    expect((await restored.cases.get(s.caseId))?.summary.status).toBe('signed');
    restored.close();
    s.repos.close();
  }, 60_000);
});
