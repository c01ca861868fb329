/**
 * Received reports in the app (issue #18 item 2; renderer/received/importReceived.ts over
 * renderer/db/repos/receivedRepository.ts), with the real vault codec over fake-indexeddb and real
 * signed PDFs made by the app's renderer and signer. What a clinician would notice: a VALID report
 * becomes a received case whose case file equals the one attached, with its provenance; it is found
 * by exact name, ID number and case number (blind index), never stored in clear; importing the same
 * file again adds nothing; a signer not trusted here is refused unless confirmed, and then the verdict
 * is kept; each bad file (not JSON, another version, a hash the pages do not print, an anonymised
 * report, a 100 MB attachment) is refused with its reason and nothing is stored, not even an audit event.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CLINICIAN, EXAMPLE_PERSON, exampleCaseFile } from '../../cli/example';
import type { AttestDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { StoredReceivedCaseRow } from '../../renderer/db/repos/receivedRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { importReceivedReport } from '../../renderer/received/importReceived';
import { sha256Hex } from '../../shared/bytes';
import { buildReportModel, renderPdf, reportAttachment, type ReportModel } from '../../shared/report';
import { ANONYMISED_CASE_FILE_ATTACHMENT_NAME, reportInputFromCaseFile } from '../../shared/report/caseFile';
import { signPdf } from '../../shared/signing';
import { createVault } from '../../shared/vault';
import { loadFonts } from '../unit/report/helpers';
import { makeIdentity, type TestIdentity } from '../unit/signing/testIdentity';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const fonts = loadFonts();

async function setup(): Promise<{ db: AttestDatabase; repos: Repositories }> {
  const fresh = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await openRepositories({ db: fresh.db, codec: createVaultCodec(vault.keys.dataKey), searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
  return { db: fresh.db, repos };
}

/** The example case's report, as a colleague's Attest makes it: rendered with its case file attached, certified. */
async function colleaguesReport(identity: TestIdentity) {
  const file = exampleCaseFile();
  const attached = await reportAttachment(file);
  const rendered = await renderPdf(buildReportModel({ ...reportInputFromCaseFile(file, { certificateFingerprint: null }), caseFile: attached.printed }), fonts, {
    prepareSignatures: { authorName: EXAMPLE_CLINICIAN.name, authorCertificate: identity.certificate },
    attachment: attached.attachment,
  });
  const pdf = await signPdf(rendered.bytes, identity, { signingTime: new Date(), certify: { permission: 2 }, field: rendered.fields.author ?? 'Signature1' });
  return { pdf, attachedJson: JSON.parse(new TextDecoder().decode(attached.attachment.bytes)) as unknown, attachedSha256: attached.printed.sha256 };
}

/** A one-page signed document printing `printed` as its case file's hash in section XVII, carrying `bytes` as `name`. */
async function tinyReport(identity: TestIdentity, bytes: Uint8Array, printed: string, name = 'attest-case.json'): Promise<Uint8Array> {
  const model: ReportModel = {
    kind: 'report', language: 'en', title: 'Medico-legal report', subtitle: '', lead: [], notice: '', metadataTitle: 'Medico-legal report T-1 v1', issuedAt: '2025-03-11T10:30:00+01:00',
    runningHead: 'T-1', footerLeft: 'T-1', footerPage: 'Page {{page}} of {{pages}}', lastPageFooter: null,
    sections: [{ key: 'annexes', heading: 'XVII. Annexes', blocks: [{ kind: 'keyValue', rows: [{ label: 'Case file (attached data)', value: `SHA-256 of the attached file: ${printed}` }] }] }],
  };
  const rendered = await renderPdf(model, fonts, { attachment: { name, bytes, mimeType: 'application/json', description: 'test' } });
  return signPdf(rendered.bytes, identity, { signingTime: new Date(), certify: { permission: 2 }, widget: rendered.signatureBlock });
}

async function nothingStored(db: AttestDatabase, repos: Repositories, auditBefore: number): Promise<void> {
  expect(await db.receivedCases.count()).toBe(0);
  expect(await repos.received.list()).toEqual([]);
  expect(await repos.audit.count()).toBe(auditBefore);
}

describe('received reports', () => {
  it('a VALID report becomes a received case equal to its attached case file, sealed, searchable, never imported twice', async () => {
    const { db, repos } = await setup();
    const identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
    await repos.trust.add(identity.certificate);
    const { pdf, attachedJson, attachedSha256 } = await colleaguesReport(identity);
    const auditBefore = await repos.audit.count();

    const outcome = await importReceivedReport(repos, pdf, { acceptVerdict: false });
    expect(outcome).toMatchObject({ kind: 'imported', duplicate: false });
    if (outcome.kind !== 'imported') return;
    const received = await repos.received.get(outcome.id);
    // The fields equal the original's: the stored case file is the attached one, value for value.
    expect(received?.caseFile).toEqual(attachedJson);
    expect(received?.provenance).toMatchObject({ verdict: 'valid', verdictAccepted: false, fileSha256: await sha256Hex(pdf), caseFile: { name: 'attest-case.json', sha256: attachedSha256 } });
    expect(received?.provenance.signers).toEqual([expect.objectContaining({ name: EXAMPLE_CLINICIAN.name, kind: 'certification', trusted: true })]);
    expect(Buffer.from(await repos.received.pdf(outcome.id)).equals(Buffer.from(pdf))).toBe(true);
    expect(await repos.audit.count()).toBe(auditBefore + 1);

    const list = await repos.received.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ caseNumber: 'A-2025-00042', person: `${EXAMPLE_PERSON.givenName} ${EXAMPLE_PERSON.familyName}`, verdict: 'valid', signer: EXAMPLE_CLINICIAN.name });
    for (const search of [EXAMPLE_PERSON.familyName, `${EXAMPLE_PERSON.givenName} ${EXAMPLE_PERSON.familyName}`.toUpperCase(), 'AK-0042917', 'A-2025-00042']) {
      expect((await repos.received.list({ search })).map((r) => r.id)).toEqual([outcome.id]);
    }
    expect(await repos.received.list({ search: 'Someone Else' })).toEqual([]);
    // Received cases are kept apart from the clinician's own.
    expect((await repos.cases.list()).total).toBe(0);

    // Nothing identifying in clear: the row holds sealed bodies, keys and hashes only.
    const row = await db.receivedCases.get(outcome.id);
    expect(row).toBeDefined();
    if (!row) return;
    expect(StoredReceivedCaseRow.safeParse(row).success).toBe(true);
    const clear = JSON.stringify({ ...row, summary: Buffer.from(row.summary.payload as ArrayBuffer).toString('latin1'), body: Buffer.from(row.body.payload as ArrayBuffer).toString('latin1') });
    for (const canary of [EXAMPLE_PERSON.familyName, 'AK-0042917', 'A-2025-00042', EXAMPLE_CLINICIAN.name]) expect(clear).not.toContain(canary);
    expect(Buffer.from(await row.data.arrayBuffer()).includes(Buffer.from('%PDF'))).toBe(false);

    const again = await importReceivedReport(repos, pdf, { acceptVerdict: false });
    expect(again).toEqual({ kind: 'imported', id: outcome.id, duplicate: true });
    expect(await db.receivedCases.count()).toBe(1);
    expect(await repos.audit.count()).toBe(auditBefore + 1);
  }, 120_000);

  it('a signer not trusted here is refused, unless the clinician confirms: then the verdict is kept beside the case', async () => {
    const { db, repos } = await setup();
    const identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
    const { pdf } = await colleaguesReport(identity);
    const auditBefore = await repos.audit.count();
    expect(await importReceivedReport(repos, pdf, { acceptVerdict: false })).toEqual({ kind: 'refused', refusal: { code: 'verdict', verdict: 'signer-not-trusted' }, verdict: 'signer-not-trusted' });
    await nothingStored(db, repos, auditBefore);

    const accepted = await importReceivedReport(repos, pdf, { acceptVerdict: true });
    expect(accepted).toMatchObject({ kind: 'imported', duplicate: false });
    const list = await repos.received.list();
    expect(list).toEqual([expect.objectContaining({ verdict: 'signer-not-trusted', verdictAccepted: true })]);
    const received = list[0] ? await repos.received.get(list[0].id) : null;
    expect(received?.provenance).toMatchObject({ verdict: 'signer-not-trusted', verdictAccepted: true });
    expect(received?.provenance.signers[0]?.trusted).toBe(false);
  }, 120_000);

  it('refuses, with the reason and nothing stored: not JSON, another version, a mismatching hash, an anonymised report, a 100 MB attachment', async () => {
    const { db, repos } = await setup();
    const identity = await makeIdentity({ commonName: EXAMPLE_CLINICIAN.name });
    await repos.trust.add(identity.certificate);
    const auditBefore = await repos.audit.count();
    const refusal = async (pdf: Uint8Array) => {
      const outcome = await importReceivedReport(repos, pdf, { acceptVerdict: true });
      await nothingStored(db, repos, auditBefore);
      return outcome.kind === 'refused' ? outcome.refusal : outcome;
    };

    const notJson = new TextEncoder().encode('Statement, not JSON');
    expect(await refusal(await tinyReport(identity, notJson, await sha256Hex(notJson)))).toEqual({ code: 'not-json' });

    const v2 = new TextEncoder().encode('{"format":"attest-case","formatVersion":2}');
    expect(await refusal(await tinyReport(identity, v2, await sha256Hex(v2)))).toEqual({ code: 'other-version', format: 'attest-case', formatVersion: '2' });

    const other = new TextEncoder().encode('{"resourceType":"Bundle"}');
    expect(await refusal(await tinyReport(identity, other, await sha256Hex(other)))).toEqual({ code: 'other-version', format: null, formatVersion: null });

    const v1 = new TextEncoder().encode('{"format":"attest-case","formatVersion":1}');
    expect(await refusal(await tinyReport(identity, v1, 'ab'.repeat(32)))).toEqual({ code: 'hash-mismatch', attachmentSha256: await sha256Hex(v1) });
    // Right hash, but not a valid case file.
    expect(await refusal(await tinyReport(identity, v1, await sha256Hex(v1)))).toMatchObject({ code: 'invalid-case-file' });

    const anonymised = new TextEncoder().encode(JSON.stringify(exampleCaseFile()));
    expect(await refusal(await tinyReport(identity, anonymised, await sha256Hex(anonymised), ANONYMISED_CASE_FILE_ATTACHMENT_NAME))).toEqual({ code: 'anonymised' });

    const big = new Uint8Array(100 * 1024 * 1024);
    const bigPdf = await tinyReport(identity, big, await sha256Hex(big));
    const started = performance.now();
    expect(await refusal(bigPdf)).toEqual({ code: 'too-large', limit: 20 * 1024 * 1024 });
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 180_000);
});
