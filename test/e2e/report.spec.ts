/**
 * The signed report end to end in Chromium: the clinician sets up a signing identity, completes the
 * examination (with three charted lesions), signs, downloads the PDF, and the file verifies with
 * poppler's `pdfsig`; the examination is then read-only; an addendum produces version 2, which cites
 * version 1's hash, while version 1 stays retrievable byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { TEST_TIME_ZONE, createCase, field, setUpVault } from './support/examForm';
import { completeExamination, pdfsig, setUpIdentity } from './support/report';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

test('sign the completed examination, download a report pdfsig verifies, then amend it as version 2', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await setUpVault(page);
  await setUpIdentity(page);
  await createCase(page);
  // The fixture's answers, with its three lesions charted by clicking (the form cannot type a mark).
  const exam = buildAdmissionExam();
  await completeExamination(page, exam);

  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Genève');
  await expect(panel.getByTestId('signing-blockers')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Sign the report and lock the examination' }).click();
  // The case is read again, locked, with its first version listed.
  await expect(page.getByTestId('report-panel').getByTestId('report-versions').locator('li')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByText('This examination is signed and can no longer be changed.')).toBeVisible();
  await page.getByTestId('report-panel').screenshot({ path: testInfo.outputPath('report-panel.png') });

  // The examination is read-only now.
  await expect(field(page, 'identity.familyName').locator('input')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add photographs…' })).toHaveCount(0);

  // Download version 1; pdfsig says valid and whole document; the hash shown is the file's.
  const download1 = page.waitForEvent('download');
  await page.getByTestId('report-versions').locator('li').nth(0).getByRole('button', { name: 'Download PDF' }).click();
  const file1 = testInfo.outputPath('report-v1.pdf');
  await (await download1).saveAs(file1);
  const v1 = await readFile(file1);
  const sig1 = pdfsig(file1);
  expect(sig1).toContain('Signature is Valid.');
  expect(sig1).toContain('Total document signed');
  expect(sig1).toContain('Dr Amira Haddad');
  const sha1 = createHash('sha256').update(v1).digest('hex');
  await expect(page.getByTestId('report-sha256').nth(0)).toHaveText(sha1);
  const text1 = execFileSync('pdftotext', ['-layout', file1, '-'], { encoding: 'utf8' });
  expect(text1).toContain('XVII. Relevant annexes');
  expect(text1).toContain('Benali');

  // The intake record (unsigned, shorter) comes from the same record.
  const intakeDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the intake record (PDF)' }).click();
  const intakeFile = testInfo.outputPath('intake.pdf');
  await (await intakeDownload).saveAs(intakeFile);
  const intakeText = execFileSync('pdftotext', [intakeFile, '-'], { encoding: 'utf8' });
  expect(intakeText).toContain('Admission examination record');
  expect(intakeText).toContain('Benali');
  expect(pdfsig(intakeFile)).not.toContain('Signature is Valid.');

  // An addendum makes version 2, citing version 1's hash; version 1 is unchanged.
  const panel2 = page.getByTestId('report-panel');
  await panel2.getByLabel('Reason for the correction').fill('Typing error in the size of L2');
  await panel2.getByLabel('Addendum', { exact: true }).fill('L2 measures 4 × 2 cm, not 4 × 3 cm.');
  await panel2.getByRole('button', { name: 'Sign version 2 with this addendum' }).click();
  await expect(page.getByTestId('report-versions').locator('li')).toHaveCount(2, { timeout: 60_000 });
  const download2 = page.waitForEvent('download');
  await page.getByTestId('report-versions').locator('li').nth(1).getByRole('button', { name: 'Download PDF' }).click();
  const file2 = testInfo.outputPath('report-v2.pdf');
  await (await download2).saveAs(file2);
  expect(pdfsig(file2)).toContain('Signature is Valid.');
  const text2 = execFileSync('pdftotext', [file2, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text2).toContain(sha1);
  expect(text2).toContain('Typingerrorinthesizeof');

  const again = page.waitForEvent('download');
  await page.getByTestId('report-versions').locator('li').nth(0).getByRole('button', { name: 'Download PDF' }).click();
  const file1again = testInfo.outputPath('report-v1-again.pdf');
  await (await again).saveAs(file1again);
  expect((await readFile(file1again)).equals(v1)).toBe(true);

  // Verify a report: version 1 is valid and recognised; one flipped byte makes it invalid.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify a report' }).click();
  await page.getByLabel('PDF file to verify').setInputFiles(file1);
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-verdict', 'valid');
  await expect(result).toContainText('Dr Amira Haddad');
  await expect(page.getByTestId('verify-stored')).toContainText('This is version 1 of case A-');
  await page.screenshot({ path: testInfo.outputPath('verify-valid.png') });
  const tampered = Buffer.from(v1);
  // One byte inside the first signed range (the signature's /Contents sits near the end).
  const at = Math.floor(tampered.length / 4);
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  await page.getByLabel('PDF file to verify').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: tampered });
  await expect(result).toHaveAttribute('data-verdict', 'invalid');
  await expect(result).toContainText('The signed content was changed after signing.');
  await expect(page.getByTestId('verify-stored')).toContainText('does not match any report version stored here');
  expect(problems).toEqual([]);
});
