/**
 * The signed report end to end in Chromium: the clinician sets up a signing identity, completes the
 * examination (with three charted lesions), opens the signing dialog (the pages drawn by pdf.js, as
 * many as the signed PDF has; Cancel, Escape and a wrong passphrase sign nothing), signs with the
 * passphrase, downloads the PDF, and the file verifies with
 * poppler's `pdfsig`; the examination is then read-only; an addendum produces version 2, which cites
 * version 1's hash, while version 1 stays retrievable byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startTestPki } from '../support/pki';
import { expect, test } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { TEST_PASSPHRASE, TEST_TIME_ZONE, createCase, field, setUpVault } from './support/examForm';
import { completeExamination, pdfsig, setUpIdentity, signDialog, signInDialog } from './support/report';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

test('sign the completed examination, download a report pdfsig verifies, then amend it as version 2', async ({ page }, testInfo) => {
  // The walkthrough types a whole examination; on a busy 2-core machine it alone takes minutes.
  test.setTimeout(600_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // pdf.js runs under the app's CSP: any violation (a worker, a font, eval) shows up here.
  page.on('console', (m) => { if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) problems.push(m.text()); });

  await setUpVault(page);
  await setUpIdentity(page);
  // A real RFC 3161 authority on 127.0.0.1 (OpenSSL), reached through `attest web` (the page's CSP allows no other connection).
  const pki = await startTestPki();
  try {
  await test.step('Settings › Timestamp authority: the Test button asks the TSA and says who attested the time', async () => {
    const tsa = page.getByTestId('tsa-section');
    await tsa.getByLabel('Address of the timestamp authority').fill(pki.tsaUrl);
    await tsa.getByLabel('Certificate of the timestamp authority (optional)').fill(await readFile(pki.caPem, 'utf8'));
    await tsa.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(tsa.getByTestId('tsa-status')).toContainText('The timestamp authority answered: time attested by Attest Test TSA', { timeout: 20_000 });
    await expect(tsa.getByTestId('tsa-status')).toContainText('certificate chain checked');
    await tsa.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(tsa.getByTestId('tsa-status')).toHaveText('The timestamp authority is saved. New signatures will ask it for a timestamp.');
    await expect(tsa.getByTestId('tsa-certificates')).toContainText('Attest Test Root CA');
    await tsa.screenshot({ path: testInfo.outputPath('settings-tsa.png') });
    // Version 1 will be signed while the TSA answers garbage: signed B-B, and queued.
    pki.setMode('garbage');
  });
  await createCase(page);
  // The fixture's answers, with its three lesions charted by clicking (the form cannot type a mark).
  const exam = buildAdmissionExam();
  await completeExamination(page, exam);

  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Genève');
  await expect(panel.getByTestId('signing-blockers')).toHaveCount(0);
  const openSigning = panel.getByRole('button', { name: 'Sign the report…' });
  const dialog = signDialog(page);
  const firstPageDrawn = dialog.locator('canvas[data-drawn="true"]').first();
  let previewPages = 0;

  await test.step('the signing dialog draws the pages to sign; Cancel signs nothing', async () => {
    await openSigning.click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleName('Sign the report');
    await expect(firstPageDrawn).toBeVisible({ timeout: 60_000 });
    const ms = await page.evaluate(() => performance.measure('sign-preview', 'attest:sign-dialog-open', 'attest:sign-preview-drawn').duration);
    console.log(`sign dialog: preview drawn ${String(Math.round(ms))} ms after opening`);
    // The first page is drawn, not blank: a good share of its pixels carry ink.
    const inked = await dialog.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 160 && (data[i + 3] ?? 0) > 0) dark += 1;
      return dark / (data.length / 4);
    });
    expect(inked).toBeGreaterThan(0.005);
    previewPages = Number(await dialog.locator('[data-kind="report"]').getAttribute('data-pages'));
    expect(previewPages).toBeGreaterThan(3);
    await expect(dialog.locator('canvas')).toHaveCount(previewPages);
    // The last page too, once scrolled to.
    await dialog.locator('canvas').last().scrollIntoViewIfNeeded();
    await expect(dialog.locator('canvas').last()).toHaveAttribute('data-drawn', 'true');
    const effects = dialog.getByTestId('sign-effects');
    await expect(effects).toContainText('The examination becomes read-only.');
    await expect(effects).toContainText('dated addenda');
    await expect(effects).toContainText('SHA-256 are stored');
    await expect(effects).toContainText('Dr Amira Haddad');
    // Focus stays in the dialog.
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await dialog.locator('canvas').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('sign-dialog.png') });
    await expectNoAxeViolations(page, 'sign-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(openSigning).toBeFocused();
    await expect(panel.getByTestId('report-versions')).toHaveCount(0);
  });

  await test.step('Escape cancels; a wrong passphrase says so and signs nothing', async () => {
    await openSigning.click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await openSigning.click();
    await expect(firstPageDrawn).toBeVisible({ timeout: 60_000 });
    await dialog.getByLabel('Your vault passphrase').fill('copper kettle under moonlight');
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(dialog.getByTestId('sign-dialog-problem')).toHaveText('Wrong passphrase. Nothing was signed.');
    await expect(dialog.getByLabel('Your vault passphrase')).toHaveValue('');
    await expect(panel.getByTestId('report-versions')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('sign-dialog-wrong-passphrase.png') });
    await expectNoAxeViolations(page, 'sign-dialog-wrong-passphrase');
  });

  await test.step('the right passphrase signs those pages', async () => {
    await dialog.getByLabel('Your vault passphrase').fill(TEST_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  });
  // The case is read again, locked, with its first version listed.
  // Nothing was stored by the cancelled and refused attempts: this is version 1.
  await expect(page.getByTestId('report-panel').getByTestId('report-versions').locator('li')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('report-versions').locator('li').nth(0)).toHaveAttribute('data-version', '1');
  await expect(page.getByText('This examination is signed and can no longer be changed.')).toBeVisible();
  await page.getByTestId('report-panel').screenshot({ path: testInfo.outputPath('report-panel.png') });
  await expectNoAxeViolations(page, 'report-panel');

  await test.step('Send to FHIR server with no server set: the bundle is kept, queued, and the reason said', async () => {
    const fhir = page.getByTestId('fhir-send');
    await fhir.getByRole('button', { name: 'Send to FHIR server' }).click();
    await expect(fhir.getByTestId('fhir-send-status')).toHaveText('Not sent yet: no FHIR server is set (Settings › FHIR server). The bundle is kept and will be sent again automatically.', { timeout: 60_000 });
    await expect(fhir.getByTestId('fhir-outbox').locator('li')).toHaveCount(1);
    await expect(fhir.getByTestId('fhir-outbox').locator('li').first()).toContainText('Version 1: waiting to be sent (attempts: 1).');
    await expect(fhir.getByRole('button', { name: 'Retry now' })).toBeVisible();
    await fhir.screenshot({ path: testInfo.outputPath('report-fhir-queued.png') });
  });

  await test.step('signed while the TSA answered garbage: B-B, waiting; "Timestamp now" once it answers adds the timestamp', async () => {
    const v1Time = page.getByTestId('report-versions').locator('li').nth(0).getByTestId('report-time');
    await expect(v1Time).toContainText('Waiting for a timestamp: the signature carries the time claimed by this computer (PAdES B-B)');
    await expect(v1Time).toContainText(': the answer is not a timestamp (check the address).');
    await page.getByTestId('report-panel').screenshot({ path: testInfo.outputPath('report-versions-waiting.png') });
    pki.setMode('ok');
    await v1Time.getByRole('button', { name: 'Timestamp now' }).click();
    await expect(page.getByTestId('timestamp-status')).toHaveText('Timestamps added: 1.', { timeout: 20_000 });
    await expect(v1Time).toContainText(/^Time attested by Attest Test TSA at /);
    await page.getByTestId('report-panel').screenshot({ path: testInfo.outputPath('report-versions-timestamped.png') });
  });

  // The examination is read-only now.
  await expect(field(page, 'identity.familyName').locator('input')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add photographs…' })).toHaveCount(0);

  // Download version 1; pdfsig says valid and whole document; the hash shown is the file's.
  const download1 = page.waitForEvent('download');
  await page.getByTestId('report-versions').locator('li').nth(0).getByRole('button', { name: 'Download PDF' }).click();
  const file1 = testInfo.outputPath('report-v1.pdf');
  await (await download1).saveAs(file1);
  const v1 = await readFile(file1);
  // As many pages as the preview drew.
  expect(execFileSync('pdfinfo', [file1], { encoding: 'utf8' })).toMatch(new RegExp(`^Pages:\\s+${String(previewPages)}$`, 'm'));
  const sig1 = pdfsig(file1);
  expect(sig1).toContain('Signature is Valid.');
  // The document timestamp appended after signing, over the whole file, by the loopback TSA.
  expect(sig1).toMatch(/Signature Field Name: Timestamp1\n\s+- Signer Certificate Common Name: Attest Test TSA[\s\S]*?Total document signed/);
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
  // The addendum names the interpreter in Korean, which no embedded font has: listed before signing.
  await panel2.getByLabel('Addendum', { exact: true }).fill('L2 measures 4 × 2 cm, not 4 × 3 cm. Interpreter: 한');
  await panel2.getByRole('button', { name: 'Sign version 2 with this addendum' }).click();
  // Version 2 is signed in French (the report language is chosen in the dialog; the UI stays English).
  const language = signDialog(page).getByTestId('sign-language');
  await expect(language).toHaveValue('en');
  await expect(language).toBeEnabled({ timeout: 60_000 });
  // The person speaks Arabic (recorded in the examination): their copy, the signed report, can be made in it in one click.
  await expect(signDialog(page).getByTestId('sign-person-language')).toContainText('The person speaks Arabic');
  await expect(signDialog(page).getByRole('button', { name: 'Make the document in Arabic' })).toBeEnabled();
  await language.selectOption('fr');
  await expect(language).toBeEnabled({ timeout: 60_000 });
  await expect(signDialog(page).getByTestId('sign-missing')).toContainText('한 (U+D55C) in');
  await signDialog(page).locator('canvas[data-drawn="true"]').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('sign-dialog-french.png') });
  await signInDialog(page);
  await expect(page.getByTestId('report-versions').locator('li')).toHaveCount(2, { timeout: 60_000 });
  const download2 = page.waitForEvent('download');
  await page.getByTestId('report-versions').locator('li').nth(1).getByRole('button', { name: 'Download PDF' }).click();
  const file2 = testInfo.outputPath('report-v2.pdf');
  await (await download2).saveAs(file2);
  expect(pdfsig(file2)).toContain('Signature is Valid.');
  const text2 = execFileSync('pdftotext', [file2, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text2).toContain(sha1);
  expect(text2).toContain('Typingerrorinthesizeof');
  // French headings (Annex IV of the Istanbul Protocol) and /Lang fr.
  expect(text2).toContain('XVII.Annexespertinentes');
  expect(text2).not.toContain('Relevantannexes');
  const expanded = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file2, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('latin1');
  expect(expanded).toMatch(/\/Lang\s*\(fr\)/);

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
  // The author's signature claims its time; the document timestamp's time is attested by the TSA trusted in Settings.
  await expect(page.getByTestId('verify-time').nth(0)).toContainText('(time claimed by the signer)');
  await expect(page.getByTestId('verify-time').nth(1)).toContainText('(time attested by Attest Test TSA)');
  await page.screenshot({ path: testInfo.outputPath('verify-valid.png') });
  await expectNoAxeViolations(page, 'verify-valid');
  const tampered = Buffer.from(v1);
  // One byte inside the first signed range (the signature's /Contents sits near the end).
  const at = Math.floor(tampered.length / 4);
  tampered[at] = (tampered[at] ?? 0) ^ 0x01;
  await page.getByLabel('PDF file to verify').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: tampered });
  await expect(result).toHaveAttribute('data-verdict', 'invalid');
  await expect(result).toContainText('The signed content was changed after signing.');
  await expect(page.getByTestId('verify-stored')).toContainText('does not match any report version or referral document stored here');
  expect(problems).toEqual([]);
  } finally {
    await pki.close();
  }
});
