/**
 * Countersignatures kept beside a report version (issue #17 item 4, migration 0015), with the real
 * vault codec over fake-indexeddb and real signatures (the app's signer, a colleague's self-signed
 * identity). What the author would notice: a colleague's countersigned file is matched to the stored
 * version by its signed revision's bytes, kept beside it (not as a version), sealed, listed with who
 * countersigned, in what role and when, and given back byte for byte; a file that is not that version
 * plus a countersignature, or the same file twice, is refused and nothing is written; the colleague
 * cannot countersign twice, the author not at all, a modified file never; a backup carries it.
 */
import { describe, expect, it } from 'vitest';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { BACKUP_TABLES } from '../../renderer/db/repos';
import { createSelfSignedIdentity, type ClinicianProfile } from '../../shared/identity';
import { AUTHOR_FIELD } from '../../shared/report/render';
import { countersignComment, countersignPlan, countersignReason, signedPrefixes, signPdf, verifyPdf, type SigningIdentity } from '../../shared/signing';
import { signatureFields } from '../../shared/signing/fields';
import { createVault } from '../../shared/vault';
import { sha256Hex } from '../../shared/vault/encoding';
import { makePreparedPdf } from '../unit/signing/helpers';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const PROFILE: ClinicianProfile = { name: 'Dr Amina Test', profession: 'physician', qualifications: 'MD', registrationBody: 'GMC', registrationNumber: 'GMC-1', institution: 'Centre', role: 'forensic' };

async function setup(): Promise<{ repos: Repositories; caseId: string; author: SigningIdentity; colleague: SigningIdentity }> {
  const { db } = freshDatabase();
  const vault = await createVault('tiger lamp ocean violin', TEST_KDF);
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await openRepositories({ db, codec: createVaultCodec(vault.keys.dataKey), searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
  const summary = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  const author = await createSelfSignedIdentity(PROFILE, { now: new Date() });
  const colleague = await createSelfSignedIdentity({ ...PROFILE, name: 'Dr Ana Sousa', registrationNumber: 'GMC-2' }, { now: new Date() });
  return { repos, caseId: summary.id, author, colleague };
}

async function signedReport(author: SigningIdentity): Promise<Uint8Array> {
  const unsigned = await makePreparedPdf({ authorName: PROFILE.name, authorCertificate: author.certificate });
  return signPdf(unsigned, author, { signingTime: new Date(), name: PROFILE.name, reason: 'Medico-legal report', certify: { permission: 2 }, field: AUTHOR_FIELD });
}

async function countersigned(report: Uint8Array, colleague: SigningIdentity, comment: string): Promise<Uint8Array> {
  const plan = countersignPlan(await verifyPdf(report, { trust: { certificates: [] } }), signatureFields(report), colleague.certificate);
  if (!('field' in plan)) throw new Error(`refused: ${plan.refusal}`);
  return signPdf(report, colleague, { signingTime: new Date(), name: 'Dr Ana Sousa', reason: countersignReason('peer-review', comment), countersign: { role: 'peer-review' }, field: plan.field });
}

describe('countersignatures', () => {
  it('keeps a colleague’s countersigned file beside the stored version it begins with; refuses another file and the same one twice', async () => {
    const { repos, caseId, author, colleague } = await setup();
    const report = await signedReport(author);
    const v1 = await repos.reports.storeSigned({ caseId, documentId: crypto.randomUUID(), version: 1, signedAt: new Date().toISOString(), place: 'Genève', addenda: [], bytes: report });
    const file = await countersigned(report, colleague, 'Agree with the findings');

    // The file as a whole is no stored version; its author's signed revision is.
    const result = await verifyPdf(file, { trust: { certificates: [author.certificate, colleague.certificate] } });
    expect(result.verdict).toBe('valid');
    expect(await repos.reports.findBySha256(result.sha256)).toBeNull();
    const [end] = signedPrefixes(result, file.length);
    expect(end).toBe(report.length);
    const match = await repos.reports.findBySha256(await sha256Hex(file.subarray(0, end)));
    expect(match?.version).toBe(1);
    const cs = result.signatures[1];
    expect(cs?.role).toBe('peer-review');
    expect(countersignComment(cs?.reason ?? null, cs?.role ?? null)).toBe('Agree with the findings');

    const countersigner = { signerName: 'Dr Ana Sousa', fingerprint: cs?.fingerprint ?? null, role: 'peer-review' as const, comment: 'Agree with the findings', signingTime: cs?.signingTime ?? null, timeSource: 'claimed' as const, tsaName: null };
    const auditBefore = await repos.audit.count();
    const kept = await repos.countersignatures.keep({ caseId, versionId: v1.documentId, bytes: file, versionLength: report.length, countersigners: [countersigner] });
    expect(await repos.audit.count()).toBe(auditBefore + 1);
    // Kept beside the version, not as a new version.
    expect(await repos.reports.versions(caseId)).toHaveLength(1);
    const listed = await repos.countersignatures.list(caseId);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.versionId).toBe(v1.documentId);
    expect(listed[0]?.countersigners).toEqual([countersigner]);
    expect(Buffer.from(await repos.countersignatures.pdf(kept.id)).equals(Buffer.from(file))).toBe(true);
    expect((await repos.countersignatures.findBySha256(result.sha256))?.version).toBe(1);

    // The same file again, and a file whose first bytes are not this version: refused, nothing written.
    await expect(repos.countersignatures.keep({ caseId, versionId: v1.documentId, bytes: file, versionLength: report.length, countersigners: [countersigner] })).rejects.toThrow('already-kept');
    const other = await countersigned(await signedReport(author), colleague, 'Other');
    await expect(repos.countersignatures.keep({ caseId, versionId: v1.documentId, bytes: other, versionLength: report.length, countersigners: [countersigner] })).rejects.toThrow('not-this-version');
    expect(await repos.countersignatures.list(caseId)).toHaveLength(1);
    expect(await repos.audit.count()).toBe(auditBefore + 1);
    expect(BACKUP_TABLES).toContain('countersignatures');
  });

  it('refuses to countersign one’s own report, twice by the same colleague, and a modified or unsigned file', async () => {
    const { author, colleague } = await setup();
    const report = await signedReport(author);
    const plan = async (bytes: Uint8Array, who: SigningIdentity) => countersignPlan(await verifyPdf(bytes, { trust: { certificates: [] } }), signatureFields(bytes), who.certificate);
    expect(await plan(report, author)).toEqual({ refusal: 'own-report' });
    const free = await plan(report, colleague);
    expect('field' in free && free.field.startsWith('Countersignature')).toBe(true);
    const once = await countersigned(report, colleague, '');
    expect(await plan(once, colleague)).toEqual({ refusal: 'already-countersigned' });
    expect(countersignComment(countersignReason('supervisor', ''), 'supervisor')).toBeNull();
    // One flipped byte inside the author's signed range (the start of the file; the signature's /Contents fills much of a small one): INVALID, never countersigned.
    const tampered = new Uint8Array(report);
    const at = 300;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    expect(await plan(tampered, colleague)).toEqual({ refusal: 'invalid' });
    expect(await plan(await makePreparedPdf({ authorName: PROFILE.name }), colleague)).toEqual({ refusal: 'not-signed' });
  });
});
