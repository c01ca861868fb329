import { expect, test, type Page } from '@playwright/test';
import { setUpVault } from './support/examForm';
import { expectNoAxeViolations } from './support/axe';

/** Collects what a security reviewer would look for: CSP violations and page errors. */
function watchForViolations(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

test('a clinician creates a case, reloads, and finds it still there', async ({ page }, testInfo) => {
  await setUpVault(page);
  const problems = watchForViolations(page);
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await expect(page.getByText('No cases yet.')).toBeVisible();

  await page.getByRole('link', { name: 'New case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New case' })).toBeVisible();
  await page.getByLabel('Encounter type').selectOption({ label: 'Return from police custody' });
  await page.getByLabel('Facility code').fill('prison-07');
  await page.getByRole('button', { name: 'Create case' }).click();

  const year = new Date().getUTCFullYear();
  // The new case opens for examination at once; the list has it too.
  await expect(page.getByRole('heading', { level: 1, name: `Case A-${year}-00001` })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(`A-${year}-00001`) });
  await expect(row).toContainText('Return from police custody');
  await expect(row).toContainText('PRISON-07');
  await expect(row).toContainText('Draft');

  await page.reload();
  await expect(page.getByRole('table').getByRole('row', { name: new RegExp(`A-${year}-00001`) })).toContainText('PRISON-07');
  await expect(page.getByText('1 case', { exact: true })).toBeVisible();

  // The record is in the browser's real IndexedDB, read here without the app's code.
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('attest');
        open.onerror = () => { reject(new Error('open failed')); };
        open.onsuccess = () => {
          const count = open.result.transaction('cases').objectStore('cases').count();
          count.onsuccess = () => { resolve(count.result); };
        };
      }),
  );
  expect(stored).toBe(1);

  await page.screenshot({ path: testInfo.outputPath('case-list.png'), fullPage: true });
  await expectNoAxeViolations(page, 'case-list');
  await testInfo.attach('case-list', { path: testInfo.outputPath('case-list.png'), contentType: 'image/png' });
  expect(problems).toEqual([]);
});

test('the new-case form works by keyboard alone and explains a bad facility code at the field', async ({ page }) => {
  await setUpVault(page);
  const problems = watchForViolations(page);
  await page.goto('/#/cases/new');
  const facility = page.getByLabel('Facility code');
  await facility.focus();
  await page.keyboard.type('Cell <b>4</b>');
  await page.keyboard.press('Enter');
  await expect(facility).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await facility.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ')[0] ?? '';
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText(/capital letters, digits/);

  await facility.fill('');
  await page.keyboard.type('UNIT_2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Case A-\d{4}-\d{5}$/ })).toBeVisible();
  await page.goto('/#/cases');
  await expect(page.getByRole('table')).toContainText('UNIT_2');
  await expect(page.locator('b')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the page is served with a Content-Security-Policy that blocks inline script', async ({ page }) => {
  await setUpVault(page);
  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  const ranInline = await page.evaluate(() => {
    const marker = '__inlineRan';
    const script = document.createElement('script');
    script.textContent = `window.${marker} = true;`;
    document.body.append(script);
    return (window as unknown as Record<string, unknown>)[marker] === true;
  });
  expect(ranInline).toBe(false);
});

test('navigation and the browser platform work: settings shows the version', async ({ page }) => {
  await setUpVault(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByText(/Attest version \d+\.\d+\.\d+ \(browser\)/)).toBeVisible();
  await expect(page).toHaveTitle('Attest');
});
