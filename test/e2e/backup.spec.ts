import { expect, test } from '@playwright/test';
import { TEST_PASSPHRASE, createCase, field, setUpVault, unlockVault, unlockScreen, waitSaved } from './support/examForm';

test('a backup made in Settings restores on a fresh install from the first-run screen, and the same passphrase opens it', async ({ page, browser }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await setUpVault(page);
  await createCase(page);
  await field(page, 'identity.givenName').locator('input').first().fill('Zyxwanda');
  await field(page, 'identity.familyName').locator('input').first().fill('Qorvath');
  await waitSaved(page);
  const caseUrl = new URL(page.url());

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Back up', exact: true }).click();
  // A passphrase that is not the vault's is refused: it would make a backup nobody can open.
  await page.getByLabel('Your passphrase').fill('not the passphrase at all');
  await page.getByRole('button', { name: 'Make the backup' }).click();
  await expect(page.getByTestId('backup-status')).toHaveText('This is not your passphrase. Type the passphrase you use to open Attest.');
  await page.getByLabel('Your passphrase').fill(TEST_PASSPHRASE);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make the backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^attest-\d{4}-\d{2}-\d{2}\.attest-backup$/);
  const path = testInfo.outputPath('case.attest-backup');
  await download.saveAs(path);
  await expect(page.getByTestId('backup-status')).toContainText('Backup saved');

  // A fresh install: a new browser profile, nothing stored.
  const fresh = await browser.newContext({ baseURL: caseUrl.origin });
  const other = await fresh.newPage();
  other.on('pageerror', (error) => problems.push(`pageerror (fresh): ${error.message}`));
  await other.goto('/');
  await other.getByRole('button', { name: 'Restore from a backup' }).click();
  const choosing = other.waitForEvent('filechooser');
  await other.getByRole('button', { name: 'Choose a backup file' }).click();
  await (await choosing).setFiles(path);

  // A wrong passphrase: a plain message, and nothing changed.
  await other.getByLabel('Passphrase of the backup').fill('copper kettle under moonlight');
  await other.getByRole('button', { name: 'Replace my records with this backup' }).click();
  await expect(other.getByTestId('restore-status')).toHaveText(
    'The passphrase or recovery key does not open this backup. Check it (it is the one in use when the backup was made) and try again. Nothing was changed.',
  );

  await other.getByLabel('Passphrase of the backup').fill(TEST_PASSPHRASE);
  await other.getByRole('button', { name: 'Replace my records with this backup' }).click();
  await expect(unlockScreen(other)).toBeVisible({ timeout: 15_000 });
  await unlockVault(other);
  await other.goto(`/${caseUrl.hash}`);
  await expect(field(other, 'identity.givenName').locator('input').first()).toHaveValue('Zyxwanda');
  await expect(field(other, 'identity.familyName').locator('input').first()).toHaveValue('Qorvath');
  await fresh.close();
  expect(problems).toEqual([]);
});

test('restoring from Settings replaces the records, locks, and unlocks with the backup\'s keyring', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await setUpVault(page, { autoUnlock: false });
  await createCase(page, 'PRISON-11');
  const settings = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });
  await settings.click();
  await page.getByRole('button', { name: 'Back up', exact: true }).click();
  await page.getByLabel('Your passphrase').fill(TEST_PASSPHRASE);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Make the backup' }).click();
  const path = testInfo.outputPath('one-case.attest-backup');
  await (await downloading).saveAs(path);

  // A second case, made after the backup: the restore takes the records back to one case.
  await createCase(page, 'PRISON-22');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(3);

  await settings.click();
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose a backup file' }).click();
  await (await choosing).setFiles(path);
  await page.getByLabel('Passphrase of the backup').fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Replace my records with this backup' }).click();
  await expect(unlockScreen(page)).toBeVisible({ timeout: 15_000 });
  await unlockVault(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('PRISON-11');
  expect(problems).toEqual([]);
});
