/**
 * The overdue dashboard in Chromium: a person who arrived days ago and is not examined, an
 * examination started long past the limit with no delay reason, and a return from police custody
 * awaiting its re-examination are listed, each linking to its case, and counted above the case list;
 * entering the delay reason removes the late examination. A signed report whose person consented
 * to a copy that was not given is listed as a copy owed (issue #14), by case number and dates only.
 */
import { expect, test, type Page } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { TEST_TIME_ZONE, createCase, enter, outline, setUpVault, waitSaved } from './support/examForm';
import { def } from './support/findings';
import { setUpIdentity, signInDialog } from './support/report';
import { seedDraft } from './support/seed';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const HOUR = 3_600_000;
/** An instant `hours` before now, to the minute (the form takes minutes). */
const hoursAgo = (hours: number) => new Date(Math.floor((Date.now() - hours * HOUR) / 60_000) * 60_000).toISOString();

/** Creates a case with the given encounter timing through the form; returns its number and id. */
async function caseWith(page: Page, timing: { type?: string; arrivalAt: string; examStartAt?: string }): Promise<{ number: string; id: string }> {
  await createCase(page);
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  const number = (heading ?? '').replace(/^Case /, '');
  const id = /#\/cases\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  if (timing.type !== undefined) await enter(page, def('encounter.type'), 'encounter.type', timing.type);
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', timing.arrivalAt);
  if (timing.examStartAt !== undefined) await enter(page, def('encounter.timing.examStartAt'), 'encounter.timing.examStartAt', timing.examStartAt);
  await page.keyboard.press('Tab');
  await waitSaved(page);
  return { number, id };
}

test('the overdue dashboard lists late arrivals, late examinations without a reason and re-examinations due', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await setUpVault(page);
  const waiting = await caseWith(page, { arrivalAt: hoursAgo(72) });
  const late = await caseWith(page, { arrivalAt: hoursAgo(100), examStartAt: hoursAgo(50) });
  const onTime = await caseWith(page, { arrivalAt: hoursAgo(30), examStartAt: hoursAgo(29) });
  const returned = await caseWith(page, { type: 'return_from_police_custody', arrivalAt: hoursAgo(2) });

  // The case list counts them, with links to the dashboard.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  const summary = page.getByTestId('overdue-summary');
  await expect(summary).toContainText('1 overdue arrival');
  await expect(summary).toContainText('1 exam without delay reason');
  await expect(summary).toContainText('1 re-examination due');
  await page.screenshot({ path: testInfo.outputPath('case-list-summary.png'), fullPage: true });
  await expectNoAxeViolations(page, 'case-list-summary');

  await summary.getByRole('link', { name: '1 exam without delay reason' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overdue' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overdue' })).toHaveAttribute('aria-current', 'page');
  const arrivals = page.getByTestId('overdue-arrivals');
  const lateSection = page.getByTestId('overdue-late');
  const reexaminations = page.getByTestId('overdue-reexaminations');
  await expect(arrivals.locator('tbody tr')).toHaveCount(1);
  await expect(arrivals.getByRole('link', { name: waiting.number })).toHaveAttribute('href', `#/cases/${waiting.id}`);
  await expect(arrivals).toContainText('72 h waiting');
  await expect(lateSection.locator('tbody tr')).toHaveCount(1);
  await expect(lateSection.getByRole('link', { name: late.number })).toBeVisible();
  await expect(lateSection).toContainText('examined 50 h after arrival');
  await expect(reexaminations.locator('tbody tr')).toHaveCount(1);
  await expect(reexaminations.getByRole('link', { name: returned.number })).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText(onTime.number);
  await expect(page.getByTestId('overdue-referrals')).toContainText('Nothing here.');
  await page.screenshot({ path: testInfo.outputPath('overdue-dashboard.png'), fullPage: true });
  await expectNoAxeViolations(page, 'overdue-dashboard');

  // Entering the reason for the delay takes the examination off the dashboard.
  await lateSection.getByRole('link', { name: late.number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Case ${late.number}` })).toBeVisible();
  await enter(page, def('encounter.timing.delayReason'), 'encounter.timing.delayReason', 'Person taken to hospital on arrival');
  await page.keyboard.press('Tab');
  await waitSaved(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overdue' }).click();
  await expect(page.getByTestId('overdue-late')).toContainText('Nothing here.');
  await expect(page.getByTestId('overdue-arrivals').locator('tbody tr')).toHaveCount(1);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByTestId('overdue-summary')).not.toContainText('without delay reason');
});

test('a signed report whose person consented to a copy not given is listed as a copy owed, without who the person is', async ({ page }, testInfo) => {
  // One signature through the dialog on a busy 2-core machine.
  test.setTimeout(240_000);
  await setUpVault(page);
  await setUpIdentity(page);
  const year = new Date().getUTCFullYear();
  const seeded = { id: '40000000-0000-4000-8000-000000001401', caseNumber: `A-${String(year)}-91411` };
  // Complete, the person consenting to a copy and wanting one; whether it was given is not answered yet.
  const exam = buildAdmissionExam({
    consent: { copyToPerson: { wantsCopy: true, copyGiven: null, givenTo: null, deliveryMethod: null, deliveredAt: null } },
    findings: { photographs: [] },
  });
  await seedDraft(page, seeded, exam);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 60_000 });

  await page.goto(`/#/cases/${seeded.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Case ${seeded.caseNumber}` })).toBeVisible();
  // The copy is handed over once the report is signed: not given yet, and why.
  await enter(page, def('consent.copyToPerson.copyGiven'), 'consent.copyToPerson.copyGiven', false);
  await enter(page, def('consent.copyToPerson.notGivenReason'), 'consent.copyToPerson.notGivenReason', 'To be handed to him once the report is signed');
  await page.keyboard.press('Tab');
  await waitSaved(page);
  await expect(outline(page).getByRole('status')).toHaveText('Nothing blocks finalisation.');

  // Before the report is signed, nothing is owed.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overdue' }).click();
  const copies = page.getByTestId('overdue-copies');
  await expect(copies).toContainText('Nothing here.');

  await page.goto(`/#/cases/${seeded.id}`);
  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Lyon');
  await expect(panel.getByTestId('signing-blockers')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Sign the report…' }).click();
  await signInDialog(page);
  await expect(page.getByTestId('report-versions').locator('li')).toHaveCount(1, { timeout: 60_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  const summary = page.getByTestId('overdue-summary');
  await expect(summary).toContainText('1 copy of the report owed');
  await summary.getByRole('link', { name: '1 copy of the report owed' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overdue' })).toBeVisible();
  await expect(copies.getByRole('heading', { name: /Copies of the report owed to the person/ })).toContainText('1');
  await expect(copies.locator('tbody tr')).toHaveCount(1);
  await expect(copies.getByRole('link', { name: seeded.caseNumber })).toHaveAttribute('href', `#/cases/${seeded.id}`);
  // The examination's start, as typed (14:00 at UTC+01:00), and the date of the signature.
  await expect(copies.locator('tbody tr td').nth(1)).toContainText('Mar 10, 2025, 2:00 PM');
  await expect(copies.locator('tbody tr td').nth(2)).toContainText(String(year));
  // Who the person is stays off the dashboard: no name, identity number or birth date.
  const text = (await page.getByRole('main').textContent()) ?? '';
  for (const secret of ['Karim', 'Benali', 'P-2025-0042', '1990', '17 May', 'May 17']) expect(text).not.toContain(secret);
  await page.screenshot({ path: testInfo.outputPath('overdue-copy-owed.png'), fullPage: true });
  await expectNoAxeViolations(page, 'overdue-copy-owed');

  // The copy is handed over after signing: recorded from the signed version (the examination is locked).
  await copies.getByRole('link', { name: seeded.caseNumber }).click();
  const version = page.getByTestId('report-versions').locator('li[data-version="1"]');
  await version.getByRole('button', { name: 'Record a copy given to the person…' }).click();
  const form = page.getByTestId('copy-handover-form');
  await expect(form.getByRole('heading', { name: 'Copy of version 1 given to the person' })).toBeVisible();
  // The languages recorded in the examination are offered; Arabic (ar) is the person's.
  await expect(form).toContainText('Recorded in the examination: Arabic (ar)');
  await form.getByRole('checkbox', { name: 'The person examined' }).check();
  await form.getByRole('radio', { name: 'Handed over in person' }).check();
  // Before the signature is refused, with why.
  await form.getByLabel('When').fill('2025-03-10T14:00');
  await form.getByRole('button', { name: 'Record the copy given' }).click();
  await expect(form.getByTestId('copy-handover-errors')).toContainText('before the report version was signed');
  // Now, on the computer's clock (this minute is not before the signature).
  const nowLocal = await page.evaluate(() => {
    const d = new Date();
    const two = (n: number) => String(n).padStart(2, '0');
    return `${String(d.getFullYear())}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
  });
  await form.getByLabel('When').fill(nowLocal);
  await form.getByLabel('Language of the copy').fill('ar');
  await form.getByRole('button', { name: 'Record the copy given' }).click();
  await expect(form).toHaveCount(0);
  await expect(version.getByTestId('copy-handovers')).toHaveText(`Copy given on ${nowLocal.replace('T', ' ')} (The person examined, Handed over in person, Arabic (ar))`);

  // The case leaves the copies owed, and the count above the case list (which, with nothing else
  // overdue, is not shown at all).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overdue' }).click();
  await expect(copies).toContainText('Nothing here.');
  await expect(copies.getByRole('heading', { name: /Copies of the report owed to the person/ })).toContainText('0');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('link', { name: seeded.caseNumber })).toBeVisible();
  await expect(summary).toHaveCount(0);
  // Still recorded after a reload: read back from the vault.
  await page.goto(`/#/cases/${seeded.id}`);
  await expect(page.getByTestId('report-versions').locator('li[data-version="1"]').getByTestId('copy-handovers')).toContainText('Copy given on');
});
