import { expect, test, type Page } from '@playwright/test';
import { TEST_TIME_ZONE, createCase as openExamination, field, waitSaved, wallClock, setUpVault } from './support/examForm';
import { expectNoAxeViolations } from './support/axe';

// Dates in the list are filed by their calendar date; pin the zone so "today" is the same here and there.
test.use({ timezoneId: 'UTC' });

/** Collects page errors and console errors (CSP violations among them). */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function createCase(page: Page, encounter: string, facility: string): Promise<void> {
  await page.getByRole('link', { name: 'New case' }).click();
  await page.getByLabel('Encounter type').selectOption({ label: encounter });
  await page.getByLabel('Facility code').fill(facility);
  await page.getByRole('button', { name: 'Create case' }).click();
  // A new case opens at once (the case screen); come back to the list.
  await expect(page).toHaveURL(/#\/cases\/[0-9a-f-]{36}$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.locator('main[data-state="ready"]')).toBeVisible();
}

interface SeedCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly facilityCode: string | null;
  readonly status?: string;
  readonly arrivalAt: string | null;
  readonly examStartAt: string | null;
  readonly createdAt: string;
}

/**
 * Writes cases straight into the app's IndexedDB in the stored shape of schema version 3 (case row
 * with `awaitingExamSince` while waiting, and a plain-json-1 body), as the repository would: the case
 * screen that records an arrival time is another piece of work.
 */
async function seedCases(page: Page, cases: readonly SeedCase[]): Promise<void> {
  await page.evaluate(async (rows) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('attest');
      open.onsuccess = () => { resolve(open.result); };
      open.onerror = () => { reject(new Error('open failed')); };
    });
    const tx = db.transaction(['cases', 'caseBodies'], 'readwrite');
    for (const c of rows) {
      tx.objectStore('cases').put({
        id: c.id,
        caseNumber: c.caseNumber,
        encounterType: 'admission',
        facilityCode: c.facilityCode,
        status: c.status ?? 'draft',
        createdAt: c.createdAt,
        updatedAt: c.createdAt,
        arrivalAt: c.arrivalAt,
        examStartAt: c.examStartAt,
        revision: 2,
        searchKeys: [],
        ...(c.arrivalAt !== null && c.examStartAt === null ? { awaitingExamSince: new Date(c.arrivalAt).toISOString() } : {}),
      });
      const examination = { schemaVersion: 1, formId: 'admission-examination', formVersion: 1, encounter: { type: 'admission', timing: { arrivalAt: c.arrivalAt, examStartAt: c.examStartAt } } };
      tx.objectStore('caseBodies').put({ id: c.id, schemaVersion: 2, body: { codec: 'plain-json-1', payload: JSON.stringify({ schemaVersion: 2, openedAt: c.createdAt, examination }) } });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => { resolve(); };
      tx.onerror = () => { reject(new Error('seed failed')); };
    });
    db.close();
  }, cases);
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const year = new Date().getUTCFullYear();
const caseNumber = (n: number) => `A-${year}-${String(n).padStart(5, '0')}`;
const uuid = (n: number) => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The text of one column's cells, top to bottom. */
async function column(page: Page, index: number): Promise<string[]> {
  return page.locator('table.case-table tbody tr').evaluateAll(
    (rows, i) => rows.map((row) => (row.children[i]?.textContent ?? '').trim()),
    index,
  );
}

test('the list searches by facility, status, date and exact name, and says when nothing matches', async ({ page }) => {
  await setUpVault(page);
  const problems = watchForProblems(page);
  await page.goto('/');
  await expect(page.getByText('No cases yet.')).toBeVisible();
  // An empty database offers no search: there is nothing to find.
  await expect(page.getByRole('search')).toHaveCount(0);
  await createCase(page, 'Admission', 'PRISON-01');
  await createCase(page, 'Transfer in', 'PRISON-02');
  await createCase(page, 'After an incident', 'PRISON-01');

  const search = page.getByRole('search', { name: 'Search cases' });
  const caption = page.locator('table.case-table caption');
  await expect(caption).toContainText('3 cases');
  await expect(search.getByText(/^Exact full name.*Capital letters do not matter/)).toBeVisible();

  await search.getByLabel('Facility code').fill('prison-02');
  await search.getByLabel('Facility code').press('Enter');
  await expect(caption).toContainText('1 case matches');
  await expect(page.locator('table.case-table tbody tr')).toHaveCount(1);
  await expect(page.locator('table.case-table tbody')).toContainText('PRISON-02');

  await search.getByRole('button', { name: 'Clear' }).click();
  await expect(caption).toContainText('3 cases');
  await expect(search.getByLabel('Facility code')).toHaveValue('');

  await search.getByLabel('Status').selectOption({ label: 'Signed' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText(/^No case matches\./)).toBeVisible();
  await expect(page.getByText('No cases yet.')).toHaveCount(0);
  await search.getByLabel('Status').selectOption({ label: 'Draft' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(caption).toContainText('3 cases match');

  // Dates: the cases were opened today and no arrival is recorded yet.
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await search.getByLabel('Arrived from').fill(tomorrow);
  await search.getByLabel('Arrived from').press('Enter');
  await expect(page.getByText(/^No case matches\./)).toBeVisible();
  await search.getByLabel('Arrived from').fill(today);
  await search.getByLabel('Arrived until').fill(today);
  await search.getByLabel('Arrived until').press('Enter');
  await expect(caption).toContainText('3 cases match');
  // A range that ends before it starts is explained at the field, and not applied.
  await search.getByLabel('Arrived from').fill(tomorrow);
  await search.getByLabel('Arrived from').press('Enter');
  const to = search.getByLabel('Arrived until');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  const [errorId] = ((await to.getAttribute('aria-describedby')) ?? '').split(' ');
  await expect(page.locator(`[id="${errorId ?? ''}"]`)).toHaveText('The end date is before the start date.');
  await expect(caption).toContainText('3 cases match');
  await search.getByRole('button', { name: 'Clear' }).click();

  // A bad facility code is explained at the field.
  const facility = search.getByLabel('Facility code');
  await facility.fill('Cell <b>4</b>');
  await facility.press('Enter');
  await expect(facility).toHaveAttribute('aria-invalid', 'true');
  const facilityError = (await facility.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${facilityError}"]`)).toHaveText(/capital letters, digits/);
  await facility.fill('');

  // Exact name search; hostile text stays text.
  const term = search.getByLabel('Name or ID number');
  await term.fill('<img src=x onerror="window.__pwned=1">');
  await term.press('Enter');
  await expect(page.getByText(/^No case matches\./)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__pwned)).toBeUndefined();
  await expect(page.locator('main img')).toHaveCount(0);
  // Emptying the field shows the whole list again, without pressing Enter.
  await term.fill('');
  await expect(caption).toContainText('3 cases');
  expect(problems).toEqual([]);
});

test('columns sort by their header buttons, and say so with aria-sort', async ({ page }) => {
  await setUpVault(page);
  await page.goto('/');
  await createCase(page, 'Admission', 'PRISON-02');
  await createCase(page, 'Transfer in', 'PRISON-01');
  await createCase(page, 'Release', 'PRISON-03');

  const header = (name: string) => page.locator('table.case-table thead th').filter({ has: page.getByRole('button', { name }) });
  // Newest first by default.
  await expect(header('Opened')).toHaveAttribute('aria-sort', 'descending');
  expect(await column(page, 0)).toEqual([caseNumber(3), caseNumber(2), caseNumber(1)]);

  await page.getByRole('button', { name: 'Facility' }).click();
  await expect(header('Facility')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('Opened')).not.toHaveAttribute('aria-sort', /.+/);
  await expect.poll(() => column(page, 2)).toEqual(['PRISON-01', 'PRISON-02', 'PRISON-03']);
  await page.getByRole('button', { name: 'Facility' }).click();
  await expect(header('Facility')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => column(page, 2)).toEqual(['PRISON-03', 'PRISON-02', 'PRISON-01']);

  await page.getByRole('button', { name: 'Case number' }).click();
  await expect(header('Case number')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => column(page, 0)).toEqual([caseNumber(1), caseNumber(2), caseNumber(3)]);

  // Encounter types sort in the order of the work (admission … release), not alphabetically.
  await page.getByRole('button', { name: 'Encounter' }).click();
  await expect.poll(() => column(page, 1)).toEqual(['Admission', 'Transfer in', 'Release']);
});

test('arrow keys move between cases, Enter opens one, and coming back returns to it', async ({ page }, testInfo) => {
  await setUpVault(page);
  await page.goto('/');
  for (const facility of ['UNIT-1', 'UNIT-2', 'UNIT-3', 'UNIT-4']) await createCase(page, 'Admission', facility);
  const link = (n: number) => page.getByRole('link', { name: caseNumber(n), exact: true });

  // One tab stop for the whole table: Tab from the last column header lands on the first case.
  await page.getByRole('button', { name: 'Status' }).focus();
  await page.keyboard.press('Tab');
  await expect(link(4)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(link(3)).toBeFocused();
  await page.keyboard.press('End');
  await expect(link(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(link(1)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(link(4)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(link(3)).toBeFocused();
  // The focused row is visibly marked, not only the link.
  const outline = await link(3).evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.screenshot({ path: testInfo.outputPath('case-list-keyboard.png') });
  await expectNoAxeViolations(page, 'case-list-keyboard');

  const id = await page.locator('tr', { has: link(3) }).getAttribute('data-case-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/cases/${id ?? 'missing'}$`));
  await page.goBack();
  await expect(link(3)).toBeFocused();
});

test('a person waiting past the limit is marked overdue, and the limit is a setting', async ({ page }, testInfo) => {
  await setUpVault(page);
  const problems = watchForProblems(page);
  await page.goto('/');
  await createCase(page, 'Admission', 'PRISON-01');
  await createCase(page, 'Return from police custody', 'POLICE-STATION-12');
  await seedCases(page, [
    { id: uuid(1), caseNumber: caseNumber(90001), facilityCode: 'PRISON-07', arrivalAt: hoursAgo(30), examStartAt: null, createdAt: hoursAgo(29) },
    { id: uuid(2), caseNumber: caseNumber(90002), facilityCode: 'PRISON-07', arrivalAt: hoursAgo(50), examStartAt: hoursAgo(40), createdAt: hoursAgo(49), status: 'signed' },
    { id: uuid(3), caseNumber: caseNumber(90003), facilityCode: null, arrivalAt: hoursAgo(3), examStartAt: null, createdAt: hoursAgo(2) },
  ]);
  await page.reload();

  const overdueRow = page.locator(`tr[data-case-id="${uuid(1)}"]`);
  await expect(overdueRow.locator('.overdue-badge')).toHaveText(/Overdue\s*30 h since arrival/);
  await expect(page.locator('.overdue-badge')).toHaveCount(1);
  await expect(page.locator('table.case-table caption')).toContainText('5 cases');
  await expect(page.locator('table.case-table caption')).toContainText('1 overdue (not examined 24 h after arrival)');
  // Examined late, or waiting within the limit: no badge.
  await expect(page.locator(`tr[data-case-id="${uuid(2)}"] .overdue-badge`)).toHaveCount(0);
  await expect(page.locator(`tr[data-case-id="${uuid(3)}"] .overdue-badge`)).toHaveCount(0);

  await page.screenshot({ path: testInfo.outputPath('case-list-overdue.png'), fullPage: true });
  await expectNoAxeViolations(page, 'case-list-overdue');
  await testInfo.attach('case-list-overdue', { path: testInfo.outputPath('case-list-overdue.png'), contentType: 'image/png' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const threshold = page.getByLabel('Arrival to examination limit, in hours');
  await expect(threshold).toHaveValue('24');
  const helpId = (await threshold.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`[id="${helpId}"]`)).toContainText('shown as overdue');

  // Refused values are explained at the field, and nothing is saved.
  await threshold.fill('0');
  await page.getByLabel('Languages you examine in').fill('en, fr_CA');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');
  await expect(threshold).toBeFocused();
  const [thresholdError] = ((await threshold.getAttribute('aria-describedby')) ?? '').split(' ');
  await expect(page.locator(`[id="${thresholdError ?? ''}"]`)).toHaveText('Enter a whole number of hours from 1 to 168.');
  const languages = page.getByLabel('Languages you examine in');
  const [languagesError] = ((await languages.getAttribute('aria-describedby')) ?? '').split(' ');
  await expect(page.locator(`[id="${languagesError ?? ''}"]`)).toHaveText(/"fr_CA" is not a language tag/);
  await expect(page.getByText('Settings saved.')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('settings-invalid.png'), fullPage: true });
  await expectNoAxeViolations(page, 'settings-invalid');

  await threshold.fill('48');
  await languages.fill('en, FR-ca');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(languages).toHaveValue('en, fr-CA');
  await expect(page.getByText(/Attest version \d+\.\d+\.\d+ \(browser\)/)).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.locator('main[data-state="ready"]')).toBeVisible();
  await expect(page.locator('.overdue-badge')).toHaveCount(0);
  await expect(page.locator('table.case-table caption')).toContainText('none overdue (limit 48 h)');

  // The setting is stored: it holds after a reload.
  await page.reload();
  await expect(page.locator('main[data-state="ready"]')).toBeVisible();
  await expect(page.locator('.overdue-badge')).toHaveCount(0);
  await page.goto('/#/settings');
  await expect(page.getByLabel('Arrival to examination limit, in hours')).toHaveValue('48');
  expect(problems).toEqual([]);
});

test('more than a hundred cases are paged, a hundred at a time', async ({ page }) => {
  await setUpVault(page);
  await page.goto('/');
  await expect(page.locator('main[data-state="ready"]')).toBeVisible();
  const start = Date.now() - 200 * 3_600_000;
  await seedCases(
    page,
    Array.from({ length: 130 }, (_, i) => ({
      id: uuid(1000 + i),
      caseNumber: caseNumber(i + 1),
      facilityCode: 'PRISON-01',
      arrivalAt: null,
      examStartAt: null,
      createdAt: new Date(start + i * 3_600_000).toISOString(),
    })),
  );
  await page.reload();
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText('Cases 1–100 of 130');
  await expect(page.locator('table.case-table tbody tr')).toHaveCount(100);
  await expect(pages.getByRole('button', { name: 'Previous page' })).toBeDisabled();
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(pages).toContainText('Cases 101–130 of 130');
  await expect(page.locator('table.case-table tbody tr')).toHaveCount(30);
  expect((await column(page, 0))[0]).toBe(caseNumber(30));
  await expect(pages.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await pages.getByRole('button', { name: 'Previous page' }).click();
  await expect(pages).toContainText('Cases 1–100 of 130');
});

test.describe('with the examination form', () => {
  test.use({ timezoneId: TEST_TIME_ZONE });

  test('a person recorded in the examination is found by exact name or number, and shown overdue', async ({ page }) => {
    await setUpVault(page);
    const problems = watchForProblems(page);
    await openExamination(page, 'PRISON-04');
    const type = async (path: string, text: string) => {
      await field(page, path).locator('input').first().fill(text);
    };
    await type('identity.givenName', 'María José');
    await type('identity.familyName', 'López');
    await type('identity.idNumber', 'P-7781');
    await type('encounter.timing.arrivalAt', wallClock(hoursAgo(30)));
    await waitSaved(page);
    const opened = page.url();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await expect(page.locator('.overdue-badge')).toHaveText(/Overdue\s*30 h since arrival/);
    const term = page.getByRole('search').getByLabel('Name or ID number');
    for (const found of ['maría josé lópez', 'LÓPEZ  MARÍA JOSÉ', 'p-7781']) {
      await term.fill(found);
      await term.press('Enter');
      await expect(page.locator('table.case-table caption')).toContainText('1 case matches');
    }
    // Exact: no accent-folding, no partial names.
    for (const missed of ['Maria Jose Lopez', 'Lóp', 'P-778']) {
      await term.fill(missed);
      await term.press('Enter');
      await expect(page.getByText(/^No case matches\./)).toBeVisible();
    }
    await term.fill('P-7781');
    await term.press('Enter');
    await page.getByRole('link', { name: /^A-\d{4}-\d{5}$/ }).press('Enter');
    await expect(page).toHaveURL(opened);
    expect(problems).toEqual([]);
  });
});
