/**
 * Referral of the summary end to end in Chromium (issue #7, content `summary`): the clinician
 * registers a judicial authority, signs a report for a person who consented to disclosure to judicial
 * authorities, and refers version 1 with the person's consent as legal basis. No do-no-harm guidance
 * or other legal basis is asked for; the reprisal risk is assessed, the summary chosen as what is
 * sent, the person informed and given a copy. "Prepare documents" signs and stores the summary and
 * the cover letter; both are downloaded under names that carry no case data, verified by pdfsig, and
 * read back: the summary names the person (it is not anonymised), cites the signed version by its
 * SHA-256, says the full report prevails, lists the fixture's lesions and states the consent-based
 * policy; the cover letter cites the report's SHA-256 and the summary's own, and never names the
 * person. Page 1 of the summary is rendered to PNG for a look.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { report } from '../../shared/i18n/en/report';
import { buildAdmissionExam, fixtureLesions } from '../unit/domain/fixtures';
import { TEST_TIME_ZONE, createCase, setUpVault, vocabLabel } from './support/examForm';
import { addAuthority, completeExamination, pdfsig, setUpIdentity, signInDialog } from './support/report';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const AUTHORITY = 'Public prosecutor of the district court';

/** The text of a PDF with every run of white space removed, so that line breaks cannot split a match. */
function squeezedText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const squeeze = (value: string) => value.replace(/\s+/g, '');

test('refer a signed report with consent given: the summary and its cover letter, signed and citing the report', async ({ page }, testInfo) => {
  test.setTimeout(400_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await setUpVault(page);
  await setUpIdentity(page);
  await addAuthority(page, { name: AUTHORITY, type: 'judicial', contact: 'Palais de justice, secure mail parquet@example.org', channel: 'secure_electronic' });
  await createCase(page);

  // Consent to disclosure given, covering judicial authorities.
  const exam = buildAdmissionExam({ consent: { disclosureAuthorities: { decision: 'given', authorityTypes: ['judicial'] } } });
  const familyName = exam.identity?.familyName ?? '';
  expect(familyName).toBe('Benali');
  await completeExamination(page, exam);

  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Genève');
  await panel.getByRole('button', { name: 'Sign the report…' }).click();
  await signInDialog(page);
  await expect(page.getByTestId('report-versions').locator('li')).toHaveCount(1, { timeout: 150_000 });
  const reportSha = ((await page.getByTestId('report-sha256').nth(0).textContent()) ?? '').trim();
  expect(reportSha).toMatch(/^[0-9a-f]{64}$/);

  // Refer version 1. Consent comes from the examination: given, for this judicial authority.
  await page.getByTestId('report-versions').locator('li').nth(0).getByRole('button', { name: 'Refer to an authority' }).click();
  const form = page.getByTestId('referral-form');
  await form.getByLabel('Authority').selectOption({ index: 1 });
  await expect(form.getByTestId('referral-consent')).toHaveText('Given');
  // The authority's preferred channel is proposed.
  await expect(form.getByLabel('Channel')).toHaveValue('secure_electronic');
  // With consent, neither the do-no-harm guidance nor a legal basis other than consent is asked for.
  await expect(form.getByTestId('do-no-harm')).toHaveCount(0);
  await form.getByRole('radio', { name: 'The person’s consent', exact: true }).check();
  await expect(form.getByTestId('finding-domain.referralRule.consentBasisContradiction')).toHaveCount(0);
  await expect(form.getByTestId('finding-domain.referralRule.doNoHarmRequired')).toHaveCount(0);
  await expect(form.getByTestId('finding-domain.referralRule.mitigationWithoutConsent')).toHaveCount(0);

  // The reprisal risk: the person fears the officers who questioned him (the fixture), so medium,
  // from them, mitigated by separating the staff involved.
  await form.getByRole('checkbox', { name: 'The person', exact: true }).check();
  await form.getByRole('radio', { name: 'Medium', exact: true }).check();
  await expect(form.getByTestId('finding-domain.referralRule.riskSourceRequired')).toBeVisible();
  await form.getByLabel('From whom').fill('The officers who questioned him');
  await expect(form.getByTestId('finding-domain.referralRule.riskSourceRequired')).toHaveCount(0);
  await form.getByRole('checkbox', { name: 'Separating the staff involved', exact: true }).check();

  await form.getByRole('radio', { name: 'Summary', exact: true }).check();
  await expect(form.getByTestId('finding-domain.referralRule.nonIdentifiableContent')).toHaveCount(0);
  await expect(form.getByTestId('finding-domain.referralRule.anonymisedRecommended')).toHaveCount(0);
  await form.getByLabel('Channel').selectOption('sealed_letter');
  await form.getByRole('radiogroup', { name: 'The person was informed of this referral' }).getByRole('radio', { name: 'Yes' }).check();
  await form.getByLabel('Informed on').fill('2026-05-02T09:00');
  await form.getByRole('radio', { name: 'The person', exact: true }).check();
  await expect(form.getByTestId('referral-ready')).toBeVisible();
  await expect(form.getByTestId('referral-blockers')).toHaveCount(0);

  await form.getByRole('button', { name: 'Save referral' }).click();
  await expect(form.getByTestId('referral-status')).toHaveText('Referral saved.');
  await form.getByRole('button', { name: 'Prepare documents' }).click();
  await signInDialog(page);
  await expect(form.getByTestId('referral-status')).toHaveText('Documents signed and stored.', { timeout: 120_000 });
  const docs = form.getByTestId('referral-documents').locator('li');
  await expect(docs).toHaveCount(2);
  await expect(docs.nth(0)).toHaveAttribute('data-kind', 'summary_report');
  await expect(docs.nth(0)).toContainText('Summary of the report (signed)');
  await expect(docs.nth(1)).toHaveAttribute('data-kind', 'cover_letter');
  await expect(docs.nth(1)).toContainText('Cover letter (signed)');
  await expect(form.locator('[data-kind="anonymised_report"]')).toHaveCount(0);
  await form.screenshot({ path: testInfo.outputPath('referral-form-summary.png') });

  const files: Record<string, string> = {};
  const shas: Record<string, string> = {};
  for (const [kind, slug] of [['summary_report', 'summary-report'], ['cover_letter', 'cover-letter']] as const) {
    const item = form.locator(`[data-kind="${kind}"]`);
    const listedSha = ((await item.locator('code').textContent()) ?? '').trim();
    const download = page.waitForEvent('download');
    await item.getByRole('button', { name: 'Download' }).click();
    const file = testInfo.outputPath(`${kind}.pdf`);
    const done = await download;
    // The name says what the document is, never whose.
    expect(done.suggestedFilename()).toMatch(new RegExp(`^attest-referral-${slug}-[0-9a-f]{8}\\.pdf$`));
    await done.saveAs(file);
    files[kind] = file;
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    // What is listed is what is downloaded.
    expect(sha).toBe(listedSha);
    shas[kind] = sha;
    const sig = pdfsig(file);
    expect(sig, `pdfsig ${kind}`).toContain('Signature is Valid.');
    expect(sig, `pdfsig ${kind}`).toContain('Total document signed');
  }

  // The summary: names the person, cites the signed version, which prevails; the lesions; the policy.
  const summary = squeezedText(files.summary_report ?? '');
  expect(summary).toContain(reportSha);
  expect(summary).toContain('prevails');
  expect(summary).toContain(squeeze('the full signed report prevails over this summary in every respect'));
  expect(summary).toContain(familyName);
  expect(summary).toContain(squeeze(`${exam.identity?.givenName ?? ''} ${familyName}`));
  const lesionTypes = [...new Set(fixtureLesions().map((l) => l.type ?? 'missing'))];
  expect(lesionTypes).toEqual(['contusion', 'abrasion']);
  for (const type of lesionTypes) expect(summary).toContain(squeeze(vocabLabel('lesionType', type)));
  for (const number of ['L1', 'L2', 'L3']) expect(summary).toContain(number);
  expect(summary).toContain(squeeze(report.policy['consent-based']));

  // The cover letter: the report's SHA-256 and the enclosed summary's own; never the person's name.
  const letter = squeezedText(files.cover_letter ?? '');
  expect(letter).toContain(reportSha);
  expect(letter).toContain(shas.summary_report ?? 'missing');
  expect(shas.summary_report).not.toBe(reportSha);
  expect(letter).toContain(squeeze(report.coverLetter.value.variant.summary));
  expect(letter.toLowerCase()).not.toContain(familyName.toLowerCase());

  // Page 1 of the summary, for a look.
  const prefix = testInfo.outputPath('summary-page');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', files.summary_report ?? '', prefix]);
  const pngs = readdirSync(dirname(prefix)).filter((name) => name.startsWith(`${basename(prefix)}-`) && name.endsWith('.png'));
  expect(pngs).toHaveLength(1);
  await testInfo.attach('summary-page-1', { path: join(dirname(prefix), pngs[0] ?? ''), contentType: 'image/png' });

  // Closed, the referral is listed, not sent yet.
  await form.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('referral-list')).toContainText(`Version 1 to ${AUTHORITY}`);
  await expect(page.getByTestId('referral-list')).toContainText('not sent yet');
  expect(problems).toEqual([]);
});
