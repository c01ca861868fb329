/**
 * A copy of a signed report handed over after signing (issue #14 item 7), over the vault codec: it is
 * stored sealed (nothing of it in clear but the case id), audited by case and version only, checked
 * (not before the signature, not in the future, vocabulary codes), and once recorded the case owes no
 * copy: its row's index is cleared in the same transaction and it leaves the dashboard. A backup
 * carries it, and a restored case (its row marked to be checked again) stays off the dashboard.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { InvalidCopyHandoverError, openRepositories } from '../../renderer/db/repos';
import { createBackupRepository, bytePieces } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, parseKeyring, unlockWithPassphrase, verifyChain } from '../../shared/vault';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const PASSPHRASE = 'tiger lamp ocean violin';
const NOW = new Date('2026-05-10T12:00:00Z');
const PDF = new TextEncoder().encode('%PDF-1.7 signed report standing in for the test\n%%EOF');

let idCounter = 0;
const newId = () => `50000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

/** Consented to a copy and wants one, not given before signing. */
const exam = {
  schemaVersion: 1,
  formId: 'admission-examination',
  formVersion: 1,
  encounter: { type: 'admission', timing: { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T09:00:00Z' } },
  identity: { givenName: 'Karim', familyName: 'Benali', languages: ['ar'] },
  consent: { copyToPerson: { decision: 'given', wantsCopy: true, copyGiven: false, notGivenReason: 'To be handed over once the report is signed' } },
};

const handover = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  reportVersion: 1,
  givenTo: ['person', 'lawyer'],
  deliveryMethod: 'hand_delivery',
  givenAt: '2026-05-03T10:30:00+02:00',
  language: 'ar',
  note: 'Handed over in the visiting room, read with the interpreter.',
  ...over,
});

async function setup() {
  const source = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await source.db.open();
  await source.db.vault.put({ key: 'keyring', value: vault.keyring });
  const codec = createVaultCodec(vault.keys.dataKey);
  let t = Date.parse('2026-05-05T00:00:00Z');
  const repos = await openRepositories({ db: source.db, codec, bytesCodec: codec, searchKeyer: createVaultSearchKeyer(vault.keys.indexKey), newId, now: () => new Date((t += 60_000)) });
  const c = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  const saved = await repos.cases.saveExamination(c.id, exam, c.revision);
  await repos.reports.storeSigned({ caseId: c.id, documentId: crypto.randomUUID(), version: 1, signedAt: '2026-05-02T09:00:00Z', place: 'Lyon', addenda: [], bytes: PDF });
  return { ...source, vault, repos, caseId: saved.id, caseNumber: saved.caseNumber };
}

describe('copies handed over after signing (vault codec)', () => {
  it('stores the copy given sealed, audits it by case and version, clears the copy owed and the case leaves the dashboard', async () => {
    const { db, repos, caseId } = await setup();
    expect((await db.cases.get(caseId))?.copyOwed).toBe(1);
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).counts.copiesOwed).toBe(1);

    const input = handover();
    const stored = await repos.copyHandovers.record(caseId, input);
    expect(stored.handover).toEqual(input);

    // Sealed: the row holds the case id and dates, not to whom, how, the language or the note.
    const rows = await db.copyHandovers.toArray();
    expect(rows).toHaveLength(1);
    const clear = JSON.stringify(rows[0]);
    for (const secret of ['lawyer', 'hand_delivery', 'visiting room', '"ar"', '2026-05-03']) expect(clear).not.toContain(secret);
    expect(rows[0]?.caseId).toBe(caseId);

    // Audited by case id and version, nothing of the content; the chain still verifies.
    const audit = await db.audit.toArray();
    const last = audit.at(-1)?.event;
    expect(last).toMatchObject({ action: 'update', recordType: 'report', recordId: caseId, detail: { reportVersion: 1 } });
    expect(JSON.stringify(last)).not.toContain('lawyer');
    async function* each() {
      for (const row of audit) {
        await Promise.resolve();
        yield row;
      }
    }
    expect((await verifyChain(each())).ok).toBe(true);

    // The index: no copy owed any more, the case off the dashboard and its count.
    const row = await db.cases.get(caseId);
    expect(row).not.toHaveProperty('copyOwed');
    expect(row).not.toHaveProperty('copyUnchecked');
    expect(row?.status).toBe('signed');
    const { dashboard, counts } = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(dashboard.copiesOwed).toEqual([]);
    expect(counts.copiesOwed).toBe(0);

    // Read back through the repository.
    expect((await repos.copyHandovers.list(caseId)).map((h) => h.handover)).toEqual([input]);
  });

  it('refuses a copy given before the signature, in the future, of a version not signed, or with codes outside the vocabulary, and writes nothing', async () => {
    const { db, repos, caseId } = await setup();
    const auditBefore = await db.audit.count();
    const refused = async (over: Record<string, unknown>) => {
      const error = await repos.copyHandovers.record(caseId, handover(over)).catch((e: unknown) => e);
      return error instanceof InvalidCopyHandoverError ? error.issues : error;
    };
    expect(await refused({ givenAt: '2026-05-02T08:00:00Z' })).toEqual([{ path: 'givenAt', message: 'domain.error.copyBeforeSigned' }]);
    expect(await refused({ givenAt: '2027-01-01T00:00:00Z' })).toEqual([{ path: 'givenAt', message: 'domain.error.futureDate' }]);
    expect(await refused({ givenTo: [] })).toEqual([{ path: 'givenTo', message: 'domain.rule.copyRecipientRequired' }]);
    expect(await refused({ givenTo: ['family'] })).toMatchObject([{ path: 'givenTo.0' }]);
    expect(await refused({ deliveryMethod: 'pigeon' })).toMatchObject([{ path: 'deliveryMethod' }]);
    expect(await refused({ language: 'Arabic please' })).toMatchObject([{ path: 'language', message: 'domain.error.languageTag' }]);
    expect(await refused({ reportVersion: 2 })).toBeInstanceOf(Error);
    expect(await db.copyHandovers.count()).toBe(0);
    expect(await db.audit.count()).toBe(auditBefore);
    expect((await db.cases.get(caseId))?.copyOwed).toBe(1);
  });

  it('is carried by a backup, and a restored case, checked again from its body, stays off the dashboard', async () => {
    const source = await setup();
    const input = handover();
    await source.repos.copyHandovers.record(source.caseId, input);
    const other = await source.repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await source.repos.cases.saveExamination(other.id, exam, other.revision);
    await source.repos.reports.storeSigned({ caseId: other.id, documentId: crypto.randomUUID(), version: 1, signedAt: '2026-05-02T09:00:00Z', place: 'Lyon', addenda: [], bytes: PDF });

    const chunks: Uint8Array[] = [];
    for await (const chunk of createBackupRepository({ db: source.db, indexedDB: source.factory, IDBKeyRange }).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF })) chunks.push(chunk);
    const file = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) { file.set(c, at); at += c.length; }
    const sourceRows = await source.db.copyHandovers.toArray();
    source.repos.close();

    const target = freshDatabase();
    await target.db.open();
    await createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange }).restoreBackup({ bytes: bytePieces(file, 65_536), secret: { passphrase: PASSPHRASE } });
    expect(await target.db.copyHandovers.toArray()).toEqual(sourceRows);
    // A restored signed row is marked to be checked: its examination still says a copy is owed.
    expect((await target.db.cases.get(source.caseId))?.copyUnchecked).toBe(1);

    const keys = await unlockWithPassphrase(parseKeyring((await target.db.vault.get('keyring'))?.value), PASSPHRASE);
    const restored = await openRepositories({ db: target.db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), newId });
    expect((await restored.copyHandovers.list(source.caseId)).map((h) => h.handover)).toEqual([input]);
    const { dashboard } = await restored.overdue.read({ now: NOW, thresholdHours: 24 });
    // The case whose copy was handed over is not listed; the other still owes its copy.
    expect(dashboard.copiesOwed.map((c) => c.id)).toEqual([other.id]);
    // What the check wrote back: no copy owed, nothing left to check.
    expect(await target.db.cases.get(source.caseId)).not.toHaveProperty('copyOwed');
    expect(await target.db.cases.get(source.caseId)).not.toHaveProperty('copyUnchecked');
    expect((await restored.overdue.read({ now: NOW, thresholdHours: 24 })).dashboard.copiesOwed.map((c) => c.id)).toEqual([other.id]);
    restored.close();
  });
});
