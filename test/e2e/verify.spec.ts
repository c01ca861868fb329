/**
 * "Verify a report" in Chromium as a recipient uses it: a colleague's certified report is SIGNER NOT
 * TRUSTED (fingerprint shown) until their certificate is added under Settings › Trusted certificates,
 * then VALID; a forged copy (an incremental update painting over page 1, then signed by the forger
 * with the colleague's very name) is MODIFIED and the change is named. The files are made in Node
 * with the app's own renderer and signer, as a colleague's Attest would make them.
 */
import { writeFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts, rgb } from '@cantoo/pdf-lib';
import { expect, test } from '@playwright/test';
import { createSelfSignedIdentity, toPem, type ClinicianProfile } from '../../shared/identity';
import { prepareSignatureFields } from '../../shared/report';
import { certificateFingerprint, signPdf } from '../../shared/signing';
import { setUpVault } from './support/examForm';
import { pdfsig, setUpIdentity } from './support/report';
import { expectNoAxeViolations } from './support/axe';

test.use({ locale: 'en-GB', viewport: { width: 1300, height: 1100 } });

const COLLEAGUE: ClinicianProfile = {
  name: 'Dr Jonas Lindqvist',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'National Board of Health',
  registrationNumber: 'NBH-112233',
  institution: 'Forensic Medicine Unit, Uppsala',
  role: 'forensic',
};

/** A two-page report-like PDF with the fields Attest prepares, certified by `identity` (DocMDP /P 2). */
async function colleaguesReport(identity: { privateKey: CryptoKey; certificate: Uint8Array }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const first = doc.addPage([595.28, 841.89]);
  first.drawText('Istanbul Protocol medico-legal report', { x: 56, y: 780, size: 16, font });
  first.drawText('VII. Physical examination: L1 contusion, left upper arm, 4 x 3 cm.', { x: 56, y: 740, size: 11, font });
  first.drawText('XIII. Conclusion: the findings are highly consistent with the allegation.', { x: 56, y: 700, size: 11, font });
  doc.addPage([595.28, 841.89]).drawText('XVI. Signature', { x: 56, y: 780, size: 14, font });
  prepareSignatureFields(doc, { pageIndex: 1, rect: [350, 600, 540, 686] }, [{ pageIndex: 1, rect: [56, 500, 290, 562] }], { authorName: COLLEAGUE.name, authorCertificate: identity.certificate });
  const unsigned = await doc.save({ useObjectStreams: false });
  return signPdf(unsigned, identity, { signingTime: new Date(), name: COLLEAGUE.name, reason: 'Author of this medico-legal report', certify: { permission: 2 }, field: 'Signature1' });
}

/** The forgery: page 1 painted over by an incremental update, then signed with a new key under the colleague's name. */
async function forged(report: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(report, { forIncrementalUpdate: true, updateMetadata: false });
  const page = doc.getPage(0);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawRectangle({ x: 50, y: 690, width: 500, height: 24, color: rgb(1, 1, 1) });
  page.drawText('XIII. Conclusion: no injuries consistent with the allegation.', { x: 56, y: 700, size: 11, font });
  const painted = await doc.commit({ useObjectStreams: false });
  const forger = await createSelfSignedIdentity(COLLEAGUE, { now: new Date() });
  return signPdf(painted, forger, { signingTime: new Date(), name: COLLEAGUE.name, reason: 'Author of this medico-legal report' });
}

test('verify: a colleague is SIGNER NOT TRUSTED until trusted, then VALID; a forged copy is MODIFIED, the change named', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const colleague = await createSelfSignedIdentity(COLLEAGUE, { now: new Date() });
  const report = await colleaguesReport(colleague);
  const forgery = await forged(report);
  const fingerprint = await certificateFingerprint(colleague.certificate);

  await setUpVault(page);
  await setUpIdentity(page);

  const nav = page.getByRole('navigation', { name: 'Main' });
  const result = page.getByTestId('verify-result');
  const verify = async (name: string, bytes: Uint8Array) => {
    await nav.getByRole('link', { name: 'Verify a report' }).click();
    await page.getByLabel('PDF file to verify').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
  };

  await verify('colleague.pdf', report);
  await expect(result).toHaveAttribute('data-verdict', 'signer-not-trusted');
  await expect(page.getByTestId('verify-verdict-word')).toHaveText('SIGNER NOT TRUSTED');
  await expect(page.getByTestId('verify-fingerprint')).toHaveText(fingerprint);
  await expect(page.getByTestId('verify-trust')).toContainText('Not trusted here');
  await expect(result).toContainText('Certification signature (the author\'s), later changes allowed: signatures only');
  await expect(result).toContainText('Dr Jonas Lindqvist');
  await page.screenshot({ path: testInfo.outputPath('verify-signer-not-trusted.png'), fullPage: true });
  await expectNoAxeViolations(page, 'verify-signer-not-trusted');

  await verify('forged.pdf', forgery);
  await expect(result).toHaveAttribute('data-verdict', 'modified');
  await expect(page.getByTestId('verify-verdict-word')).toHaveText('MODIFIED');
  const changes = page.getByTestId('verify-changes');
  await expect(changes).toContainText('page 1 content changed after signature 1');
  await expect(page.getByTestId('verify-signature')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('verify-modified.png'), fullPage: true });
  await expectNoAxeViolations(page, 'verify-modified');

  // Trust the colleague's certificate (as received from them), then verify again.
  await nav.getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('trust-section');
  await section.getByTestId('trust-file').setInputFiles({ name: 'lindqvist.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(toPem(colleague.certificate)) });
  await expect(section.getByTestId('trust-status')).toHaveText('One certificate added.');

  await verify('colleague.pdf', report);
  await expect(result).toHaveAttribute('data-verdict', 'valid');
  await expect(page.getByTestId('verify-verdict-word')).toHaveText('VALID');
  await expect(page.getByTestId('verify-trust')).toContainText('Trusted: in your trusted certificates');
  // Trusting the colleague does not make the forgery any better.
  await verify('forged.pdf', forgery);
  await expect(result).toHaveAttribute('data-verdict', 'modified');

  // A second reader countersigns in the report's box: both signatures intact for pdfsig; VALID here once both are trusted.
  const reader = await createSelfSignedIdentity({ ...COLLEAGUE, name: 'Dr Ana Sousa', registrationNumber: 'NBH-445566' }, { now: new Date() });
  const countersigned = await signPdf(report, reader, { signingTime: new Date(), name: 'Dr Ana Sousa', reason: 'Countersignature (second reader)', countersign: { role: 'second-reader' }, field: 'Countersignature1' });
  const file = testInfo.outputPath('countersigned.pdf');
  await writeFile(file, countersigned);
  expect(pdfsig(file).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
  await verify('countersigned.pdf', countersigned);
  await expect(result).toHaveAttribute('data-verdict', 'signer-not-trusted');
  await nav.getByRole('link', { name: 'Settings' }).click();
  await section.getByTestId('trust-file').setInputFiles({ name: 'sousa.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(toPem(reader.certificate)) });
  await expect(section.getByTestId('trust-status')).toHaveText('One certificate added.');
  await verify('countersigned.pdf', countersigned);
  await expect(result).toHaveAttribute('data-verdict', 'valid');
  await expect(page.getByTestId('verify-signature')).toHaveCount(2);
  await expect(result).toContainText('Countersignature: second reader');
  await page.screenshot({ path: testInfo.outputPath('verify-countersigned-valid.png'), fullPage: true });
  await expectNoAxeViolations(page, 'verify-countersigned-valid');
  expect(problems).toEqual([]);
});
