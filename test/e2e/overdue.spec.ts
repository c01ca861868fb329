/**
 * The overdue dashboard in Chromium: a person who arrived days ago and is not examined, an
 * examination started long past the limit with no delay reason, and a return from police custody
 * awaiting its re-examination are listed, each linking to its case, and counted above the case list;
 * entering the delay reason removes the late examination.
 */
import { expect, test, type Page } from '@playwright/test';
import { TEST_TIME_ZONE, createCase, enter, setUpVault, waitSaved } from './support/examForm';
import { def } from './support/findings';

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
