/**
 * Monitoring statistics in Chromium: two admissions whose identity fields carry canaries are counted;
 * with fewer than 5 persons every count is hidden as [c]; the CSV and JSON exports contain no trace of
 * the names, identity number or birth date; an admission saved afterwards is counted by the next run.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { TEST_TIME_ZONE, createCase, enter, setUpVault, waitSaved } from './support/examForm';
import { def } from './support/findings';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

async function admission(page: Page, person: { given: string; family: string; id: string; dob: string }, arrival: string): Promise<void> {
  await createCase(page);
  await enter(page, def('identity.givenName'), 'identity.givenName', person.given);
  await enter(page, def('identity.familyName'), 'identity.familyName', person.family);
  await enter(page, def('identity.idNumber'), 'identity.idNumber', person.id);
  await enter(page, def('identity.dateOfBirth'), 'identity.dateOfBirth', person.dob);
  await enter(page, def('encounter.timing.arrivalAt'), 'encounter.timing.arrivalAt', arrival);
  await waitSaved(page);
}

test('statistics count admissions, hide small cells, and exports carry no name, id number or birth date', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const canary = () => `CANARY${randomBytes(5).toString('hex')}`;
  const people = [
    { given: canary(), family: canary(), id: canary(), dob: '1987-04-13' },
    { given: canary(), family: canary(), id: canary(), dob: '1992-11-29' },
  ];
  await setUpVault(page);
  const arrivals = ['2026-03-10T08:00:00+01:00', '2026-04-02T09:30:00+02:00'];
  for (const [i, person] of people.entries()) await admission(page, person, arrivals[i] ?? '');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statistics' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-01-01');
  await page.getByLabel('To', { exact: true }).fill('2026-12-31');
  await page.getByRole('button', { name: 'Compute' }).click();
  await expect(page.getByTestId('stats-status')).toContainText('2 examination records read');
  // Two admissions: under 5 persons, so the total is hidden.
  await expect(page.getByTestId('stats-total').locator('tbody td').first()).toHaveText('[c]');
  // The charts draw published figures only: both months are hidden, so the bars are hatched "hidden" bars.
  const chart = page.getByTestId('stats-chart-months');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', /Bar chart of admissions per month from Jan 1, 2026 to Dec 31, 2026/);
  await expect(page.getByTestId('stats-charts')).toContainText('Hatched bars mark hidden figures');
  await page.screenshot({ path: testInfo.outputPath('statistics.png'), fullPage: true });
  await expectNoAxeViolations(page, 'statistics');

  const files: string[] = [];
  for (const name of ['Export CSV', 'Export JSON']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    const file = testInfo.outputPath(name.endsWith('CSV') ? 'stats.csv' : 'stats.json');
    await (await download).saveAs(file);
    files.push(file);
  }
  // The CSV's columns are named in the UI language by default; "Stable identifiers" gives the format's names.
  const download = page.waitForEvent('download');
  await page.getByLabel('CSV column names').selectOption({ label: 'Stable identifiers, for software' });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const idsFile = testInfo.outputPath('stats-ids.csv');
  await (await download).saveAs(idsFile);
  const [csv, json] = await Promise.all(files.map((f) => readFile(f)));
  expect(csv?.toString('utf8')).toContain('Section,By month\r\nKind of row,Key,Admissions,Examined,');
  expect((await readFile(idsFile)).toString('utf8')).toContain('section,by_month\r\nkind,key,admissions,examined,');
  expect(JSON.parse(json?.toString('utf8') ?? '{}')).toHaveProperty('period');
  for (const bytes of [csv, json]) {
    const text = bytes?.toString('utf8') ?? '';
    for (const person of people) {
      for (const value of [person.given, person.family, person.id, person.dob]) expect(text).not.toContain(value);
    }
  }

  // A new admission in a month already computed: its page is rebuilt, the next computation counts it.
  await admission(page, { given: canary(), family: canary(), id: canary(), dob: '1990-01-01' }, '2026-03-21T10:00:00+01:00');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Statistics' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-03-01');
  await page.getByLabel('To', { exact: true }).fill('2026-03-31');
  await page.getByRole('button', { name: 'Compute' }).click();
  await expect(page.getByTestId('stats-status')).toContainText('2 examination records read (0 could not be used)');
});
