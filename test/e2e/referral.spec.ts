/**
 * Referral end to end in Chromium (issue #7): the clinician registers an authority, signs a report
 * for a person who refused disclosure to authorities, and refers it anyway: the form demands a legal
 * basis other than consent, a mitigation and the do-no-harm confirmation (the messages show at the
 * fields), warns against the escort as channel; the anonymised variant and the cover letter are
 * signed, downloaded, verified by pdfsig, and carry no trace of the person's name, ID number or
 * birth date (canary values typed into the examination). The clinician's own conclusions mention
 * them in other forms (a part of the double family name, no accent, upper case, the number with
 * other separators, the date written out and as day/month/year): the signing dialog shows every
 * free-text passage with the replacements struck through and a place name highlighted; the
 * clinician withholds that name and a cell number too, cannot sign before confirming the review,
 * signs, and pdftotext finds none of the forms (issue #19). Verify a report recognises both signed
 * referral documents as stored here. Sent with a follow-up date already past,
 * the referral is listed on the overdue dashboard (case number, sending time, follow-up date: never
 * the person's name, ID number or birth date) and counted above the case list; the acknowledgement,
 * recorded later from the dashboard's link to the case, takes it off both without a reload.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { TEST_TIME_ZONE, createCase, setUpVault } from './support/examForm';
import { TEST_PASSPHRASE } from './support/examForm';
import { addAuthority, completeExamination, pdfsig, setUpIdentity, signDialog, signInDialog } from './support/report';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const CANARY = { givenName: 'Zéphyrine', familyName: 'Quaxleyvort-Brandtvik', idNumber: 'ZX-99-417733', dateOfBirth: '1987-03-29' } as const;
/** What the clinician writes in the conclusions: the identifiers in other forms, a place and a cell number (issue #19). */
const CONCLUSION_FORMS = ['Ms Brandtvik', 'ZEPHYRINE', 'Zephyrine’s', 'the Quaxleyvort family', 'ZX 99 417733', 'zx99417733', '29 March 1987', '29/03/87', '03/29/1987'] as const;
const CONCLUSIONS = `The findings are highly consistent with the allegations. Ms Brandtvik (ZEPHYRINE) said Zephyrine’s arm hurt; the Quaxleyvort family was told. ID ZX 99 417733, also written zx99417733. Born 29 March 1987 (29/03/87, 03/29/1987). She was held at Fresnes, cell 4471.`;
/** The birth date in the ways a document could print it. */
const BIRTH_DATE_FORMS = ['1987-03-29', '29/03/1987', '29.03.1987', '29 March 1987', 'March 29, 1987', '29 Mar 1987'];

function expectNoCanary(text: string): void {
  const flat = text.replace(/\s+/g, ' ');
  const plain = flat.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const value of [CANARY.givenName, CANARY.familyName, CANARY.idNumber, ...BIRTH_DATE_FORMS]) expect(flat).not.toContain(value);
  for (const word of ['zephyrine', 'quaxleyvort', 'brandtvik', '417733']) expect(plain).not.toContain(word);
  expect(flat.replace(/\s/g, '')).not.toContain(CANARY.idNumber);
  for (const form of CONCLUSION_FORMS) expect(flat).not.toContain(form);
}

test('refer a signed report with refused consent: anonymised, signed, canary-free, then acknowledged', async ({ page }, testInfo) => {
  test.setTimeout(400_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await setUpVault(page);
  await setUpIdentity(page);
  await addAuthority(
    page,
    { name: 'National preventive mechanism', type: 'administrative', contact: '12 rue de la Paix, secure mail npm@example.org', channel: 'sealed_letter' },
    { checkNameRequired: true },
  );
  await createCase(page);
  const caseNumber = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').replace(/^Case /, '');
  const caseId = /#\/cases\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  expect(caseNumber).toMatch(/^A-\d{4}-\d{5}$/);

  const exam = buildAdmissionExam({
    identity: { ...CANARY, emergencyContact: { name: `Odile ${CANARY.familyName}`, relationship: 'Sister', contact: '+33 6 00 00 00 00' } },
    consent: { disclosureAuthorities: { decision: 'refused', reason: 'Fears reprisal from the officers', authorityTypes: [] } },
    opinion: { conclusions: CONCLUSIONS },
  });
  await completeExamination(page, exam);

  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Genève');
  await panel.getByRole('button', { name: 'Sign the report…' }).click();
  await signInDialog(page);
  await expect(page.getByTestId('report-versions').locator('li')).toHaveCount(1, { timeout: 150_000 });
  const reportSha = (await page.getByTestId('report-sha256').nth(0).textContent()) ?? '';

  // Refer version 1. Consent comes from the examination: refused.
  await page.getByTestId('report-versions').locator('li').nth(0).getByRole('button', { name: 'Refer to an authority' }).click();
  const form = page.getByTestId('referral-form');
  await expect(form.getByTestId('referral-consent')).toHaveText('Refused');
  await form.getByLabel('Authority').selectOption({ index: 1 });
  // The do-no-harm guidance shows and must be confirmed.
  await expect(form.getByTestId('do-no-harm')).toContainText('Do no harm.');
  await expect(form.getByTestId('finding-domain.referralRule.doNoHarmRequired')).toBeVisible();
  // Consent cannot be the legal basis; a mitigation is demanded.
  await form.getByRole('radio', { name: 'The person’s consent', exact: true }).check();
  await expect(form.getByTestId('finding-domain.referralRule.consentBasisContradiction')).toBeVisible();
  await expect(form.getByTestId('finding-domain.referralRule.mitigationWithoutConsent')).toBeVisible();
  await form.getByRole('radio', { name: /court order/i }).check();
  await expect(form.getByTestId('finding-domain.referralRule.consentBasisContradiction')).toHaveCount(0);
  await form.getByTestId('do-no-harm').getByRole('checkbox').check();
  await expect(form.getByTestId('finding-domain.referralRule.doNoHarmRequired')).toHaveCount(0);

  await form.getByRole('checkbox', { name: 'The person', exact: true }).check();
  await form.getByRole('checkbox', { name: 'Their family', exact: true }).check();
  await form.getByRole('radio', { name: 'High', exact: true }).check();
  await form.getByLabel('From whom').fill('Officers of the arresting unit');
  await form.getByRole('checkbox', { name: /non-identifiable/i }).check();
  await expect(form.getByTestId('finding-domain.referralRule.mitigationWithoutConsent')).toHaveCount(0);
  // The escort is refused as channel when the risk is high.
  await form.getByLabel('Channel').selectOption('escort_or_custodial_staff');
  await expect(form.getByTestId('finding-domain.referralRule.channelEscortHighRisk')).toBeVisible();
  await form.getByLabel('Channel').selectOption('sealed_letter');
  await form.getByRole('radio', { name: 'Summary', exact: true }).check();
  await expect(form.getByTestId('finding-domain.referralRule.nonIdentifiableContent')).toBeVisible();
  await form.getByRole('radio', { name: /anonymised/i }).check();
  await form.getByRole('radiogroup', { name: 'The person was informed of this referral' }).getByRole('radio', { name: 'Yes' }).check();
  await form.getByLabel('Informed on').fill('2026-05-02T09:00');
  await form.getByRole('radio', { name: 'Their lawyer', exact: true }).check();
  await expect(form.getByTestId('referral-ready')).toBeVisible();
  await form.screenshot({ path: testInfo.outputPath('referral-form.png') });

  await form.getByRole('button', { name: 'Save referral' }).click();
  await expect(form.getByTestId('referral-status')).toHaveText('Referral saved.');
  await form.getByRole('button', { name: 'Prepare documents' }).click();

  // The review before signing (issue #19): every free-text passage, the replacements struck through.
  const dialog = signDialog(page);
  const review = dialog.getByTestId('review-panel');
  await expect(review).toBeVisible({ timeout: 120_000 });
  await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible({ timeout: 120_000 });
  const conclusions = review.locator('[data-testid="review-passage"][data-path="opinion.conclusions"]');
  await expect(conclusions.getByRole('heading')).toHaveText('Conclusions');
  const replaced = await conclusions.locator('del.review-replaced').evaluateAll((els) => els.map((el) => el.firstChild?.textContent ?? ''));
  for (const form of ['Ms Brandtvik', 'ZEPHYRINE', 'Zephyrine', 'Quaxleyvort', 'ZX 99 417733', 'zx99417733', '29 March 1987', '29/03/87', '03/29/1987']) {
    expect(replaced.join(' | ')).toContain(form.replace(/^Ms /, ''));
  }
  await expect(conclusions.locator('mark.review-flag', { hasText: 'Fresnes' })).toBeVisible();
  await expect(review.getByTestId('review-counts')).toContainText(/^\d+ replaced, [1-9]\d* to check/);
  await dialog.screenshot({ path: testInfo.outputPath('review-dialog.png') });
  // The place is withheld where it stands; the cell number everywhere, typed as a phrase.
  await conclusions.getByRole('button', { name: 'Withhold “Fresnes” here' }).click();
  await expect(conclusions.locator('del.review-replaced', { hasText: 'Fresnes' })).toBeVisible({ timeout: 60_000 });
  await review.getByLabel('Withhold a word or phrase everywhere').fill('cell 4471');
  await review.getByRole('button', { name: 'Withhold', exact: true }).click();
  await expect(review.getByTestId('review-terms')).toContainText('cell 4471');
  await expect(conclusions.locator('del.review-replaced', { hasText: 'cell 4471' })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible({ timeout: 60_000 });
  await conclusions.screenshot({ path: testInfo.outputPath('review-conclusions.png') });
  // The passages with something replaced or to check come first.
  await expect(review.getByTestId('review-passage').first()).toHaveAttribute('data-path', 'opinion.conclusions');
  // Nothing is signed before the review is confirmed.
  await dialog.getByLabel('Your vault passphrase').fill(TEST_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog.getByTestId('sign-dialog-problem')).toHaveText('Confirm that you have reviewed the free text first.');
  await expect(dialog.getByRole('button', { name: 'Sign the cover letter' })).toHaveCount(0);
  await review.getByTestId('review-confirm').check();
  await dialog.screenshot({ path: testInfo.outputPath('review-dialog-confirmed.png') });
  await signInDialog(page);
  await expect(form.getByTestId('referral-status')).toHaveText('Documents signed and stored.', { timeout: 90_000 });
  const docs = form.getByTestId('referral-documents').locator('li');
  await expect(docs).toHaveCount(2);

  const files: Record<string, string> = {};
  for (const kind of ['anonymised_report', 'cover_letter'] as const) {
    const download = page.waitForEvent('download');
    await form.locator(`[data-kind="${kind}"]`).getByRole('button', { name: 'Download' }).click();
    const file = testInfo.outputPath(`${kind}.pdf`);
    await (await download).saveAs(file);
    files[kind] = file;
    const sig = pdfsig(file);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Total document signed');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expectNoCanary(text);
    expect(text).not.toContain('Fresnes');
    expect(text).not.toContain('4471');
  }
  const anonymisedText = execFileSync('pdftotext', [files.anonymised_report ?? '', '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(anonymisedText).toContain('Ms [withheld] ([withheld]) said [withheld]’s arm hurt; the [withheld] family was told.');
  expect(anonymisedText).toContain('She was held at [withheld], [withheld].');

  const letter = execFileSync('pdftotext', [files.cover_letter ?? '', '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(letter).toContain(reportSha);

  // Sent, then the acknowledgement recorded later by opening the referral again.
  await form.getByLabel('Sent on').fill('2026-05-03T10:00');
  await form.getByLabel('Reference number').fill('NPM-2026-118');
  await form.getByLabel('Follow-up date').fill('2026-05-17');
  await form.getByRole('button', { name: 'Save referral' }).click();
  await expect(form.getByTestId('referral-status')).toHaveText('Referral saved.');
  await form.getByRole('button', { name: 'Close' }).click();
  const list = page.getByTestId('referral-list');
  await expect(list).toContainText('Version 1 to National preventive mechanism');
  await expect(list).toContainText(/sent May 3, 2026, 10:00\sAM/);

  // Sent, unacknowledged, past its follow-up date (the real clock is well after 2026-05-17): the case
  // list counts it and the overdue dashboard lists it, with nothing that identifies the person.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Cases' }).click();
  const summary = page.getByTestId('overdue-summary');
  await expect(summary).toContainText('1 referral to chase');
  expectNoCanary((await summary.textContent()) ?? '');
  await summary.getByRole('link', { name: '1 referral to chase' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overdue' })).toBeVisible();
  const referrals = page.getByTestId('overdue-referrals');
  await expect(referrals.getByRole('heading', { level: 2 })).toContainText('Referrals not acknowledged past their follow-up date');
  await expect(referrals.locator('.overdue-section-count')).toHaveText('1');
  const rows = referrals.locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).getByRole('link', { name: caseNumber })).toHaveAttribute('href', `#/cases/${caseId}`);
  // Dates as the app formats them in English (the interface language, not the browser's en-GB).
  await expect(rows.nth(0).locator('td').nth(0)).toHaveText('May 3, 2026, 10:00 AM');
  await expect(rows.nth(0).locator('td').nth(1)).toHaveText('May 17, 2026');
  expectNoCanary((await page.getByRole('main').textContent()) ?? '');
  await page.screenshot({ path: testInfo.outputPath('overdue-dashboard.png'), fullPage: true });

  // The row leads to the case, where the acknowledgement is recorded in the referral.
  await rows.nth(0).getByRole('link', { name: caseNumber }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Case ${caseNumber}` })).toBeVisible();
  await expect(list).toContainText(/sent May 3, 2026, 10:00\sAM/);
  await list.getByRole('button', { name: 'Open' }).click();
  await page.getByTestId('referral-form').getByLabel('Acknowledgement received on').fill('2026-05-06T11:30');
  await page.getByTestId('referral-form').getByRole('button', { name: 'Save referral' }).click();
  await expect(page.getByTestId('referral-form').getByTestId('referral-status')).toHaveText('Referral saved.');
  await expect(list).toContainText(/acknowledged May 6, 2026, 11:30\sAM/);
  await page.getByTestId('referral-form').screenshot({ path: testInfo.outputPath('referral-form-acknowledged.png') });

  // The dashboard updates, without a reload: the referral is gone, its count is 0, and so is the
  // case list's.
  await nav.getByRole('link', { name: 'Overdue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overdue' })).toBeVisible();
  await expect(referrals).toContainText('Nothing here.');
  await expect(referrals.locator('tbody tr')).toHaveCount(0);
  await expect(referrals.locator('.overdue-section-count')).toHaveText('0');
  await expect(page.getByRole('main')).not.toContainText(caseNumber);
  await page.screenshot({ path: testInfo.outputPath('overdue-dashboard-after.png'), fullPage: true });
  await nav.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('table')).toContainText(caseNumber);
  // The summary is read once the list is shown and is absent when nothing is overdue: give the read
  // time to land before asserting the absence, so that this cannot pass merely by being early.
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('overdue-summary')).toHaveCount(0);
  // Verify a report recognises both signed referral documents as stored here (issue #19).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify a report' }).click();
  for (const [kind, words] of [['anonymised_report', 'anonymised report'], ['cover_letter', 'cover letter']] as const) {
    await page.getByLabel('PDF file to verify').setInputFiles(files[kind] ?? '');
    await expect(page.getByTestId('verify-stored')).toHaveText(`This is the ${words} of a referral of version 1 of case ${caseNumber}, stored here.`, { timeout: 30_000 });
  }
  expect(problems).toEqual([]);
});
