/**
 * Case files in the app (issue #18 item 3), cheaply: one seeded examination (no typing), a profile
 * saved (no signing key: the case file names the clinician, it is not signed). The case is exported
 * as a case file and re-imported into the same vault: its id is already there, so the app asks and
 * "Keep both" adds a copy under a new case number whose record is the same; a file of another
 * version is refused with its field path; a period is exported as NDJSON, one line per case.
 * The photographs' byte-for-byte round trip is in test/db/caseFiles.test.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { field, setUpVault } from './support/examForm';
import { seedDraft } from './support/seed';

test('a case exported as a case file imports again beside itself ("keep both"); a file of another version is refused by field path; a period exports as NDJSON', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await setUpVault(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const identity = page.getByTestId('identity-section');
  await identity.getByLabel('Full name', { exact: true }).fill('Dr Amira Haddad');
  await identity.getByLabel('Profession', { exact: true }).selectOption({ label: 'Physician' });
  await identity.getByLabel('Institution', { exact: true }).fill('Centre for Forensic Medicine');
  await identity.getByRole('button', { name: 'Save details' }).click();

  const year = new Date().getUTCFullYear();
  const seeded = { id: '40000000-0000-4000-8000-000000001801', caseNumber: `A-${String(year)}-91801` };
  const exam = buildAdmissionExam({ findings: { photographs: [] } });
  await seedDraft(page, seeded, exam);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 60_000 });

  await page.goto(`/#/cases/${seeded.id}`);
  const panel = page.getByTestId('case-file-panel');
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export case file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^attest-case-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = testInfo.outputPath('case.json');
  await download.saveAs(exported);
  const file = JSON.parse(await readFile(exported, 'utf8')) as { format: string; formatVersion: number; caseId: string; examination: unknown };
  expect([file.format, file.formatVersion, file.caseId]).toEqual(['attest-case', 1, seeded.id]);
  await expect(panel.getByTestId('case-file-status')).toHaveText('File saved.');
  await panel.screenshot({ path: testInfo.outputPath('case-file-panel.png') });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  // Another version: refused, by field path, nothing added.
  const otherVersion = testInfo.outputPath('other-version.json');
  await writeFile(otherVersion, JSON.stringify({ ...file, formatVersion: 2 }));
  let choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import case file' }).click();
  await (await choosing).setFiles(otherVersion);
  await expect(page.getByTestId('import-refused')).toContainText('This file was not imported, and nothing was changed:');
  await expect(page.getByTestId('import-issues')).toHaveText('formatVersion: This case file has format version 2; this version of Attest reads version 1 only. Use the Attest that wrote it, or a newer one.');

  // The same case again: never overwritten; "Keep both" adds a copy.
  choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import case file' }).click();
  await (await choosing).setFiles(exported);
  const conflict = page.getByRole('alertdialog');
  await expect(conflict).toContainText('This case is already in your records (same case id). Nothing has been changed.');
  await page.locator('.case-file-tools').screenshot({ path: testInfo.outputPath('import-conflict.png') });
  await conflict.getByRole('button', { name: 'Keep both (new case id)' }).click();
  await expect(page.getByTestId('import-status')).toContainText('Case imported as a draft under number');
  await expect(page.locator('tbody tr')).toHaveCount(2);

  // A period: both cases (arrival in the fixture's period), one line each.
  const period = page.locator('.case-file-bulk');
  await period.getByText('Export a period').click();
  const arrival = (exam.encounter?.timing?.arrivalAt ?? '').slice(0, 10);
  await period.getByLabel('From', { exact: true }).fill(arrival);
  await period.getByLabel('To', { exact: true }).fill(arrival);
  const bulkDownloading = page.waitForEvent('download');
  await period.getByRole('button', { name: 'Export the period' }).click();
  const bulk = await bulkDownloading;
  expect(bulk.suggestedFilename()).toMatch(/^attest-cases-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const lines = (await readFile(await bulk.path(), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { caseId: string; examination: unknown });
  expect(lines).toHaveLength(2);
  expect(lines[0]?.examination).toEqual(lines[1]?.examination);
  await expect(page.getByTestId('bulk-status')).toHaveText('File saved. Cases written: 2.');
  await page.locator('.case-file-tools').screenshot({ path: testInfo.outputPath('bulk-export.png') });

  // The copy holds the same record.
  const copyId = lines.map((l) => l.caseId).find((id) => id !== seeded.id) ?? '';
  await page.goto(`/#/cases/${copyId}`);
  await expect(field(page, 'identity.givenName').locator('input').first()).toHaveValue(exam.identity?.givenName ?? '');
  expect(problems).toEqual([]);
});
