import { expect, test } from '@playwright/test';
import { verifyAuditFile } from '../../cli/verifyAudit';
import { createCase, setUpVault } from './support/examForm';

test('settings verifies the audit chain, exports it for attest verify-audit, and names a tampered event', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await setUpVault(page);
  await createCase(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Verify audit chain' }).click();
  const verifyStatus = page.getByTestId('audit-verify-status');
  await expect(verifyStatus).toHaveText(/^Audit chain verified: \d+ events?\. Head: [0-9a-f]{16}…$/);
  const head16 = /Head: ([0-9a-f]{16})/.exec((await verifyStatus.textContent()) ?? '')?.[1] ?? '';

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export audit log' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^attest-audit-\d{4}-\d{2}-\d{2}\.json$/);
  const path = testInfo.outputPath('audit.json');
  await download.saveAs(path);
  const outcome = await verifyAuditFile(path);
  expect(outcome.exitCode).toBe(0);
  // The CLI prints the full head; the screen shows its start, for comparing by eye.
  expect(outcome.message).toContain(`head ${head16}`);
  await expect(page.getByTestId('audit-export-status')).toContainText('Audit log exported');

  // Someone with access to the database rewrites the first event: the screen says which one broke.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('attest');
        request.onerror = () => { reject(new Error('open failed')); };
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const get = store.get(1);
          get.onsuccess = () => {
            const row = get.result as { event: Record<string, unknown> };
            store.put({ ...row, event: { ...row.event, action: 'sign' } });
          };
          tx.oncomplete = () => { db.close(); resolve(); };
          tx.onerror = () => { reject(new Error('write failed')); };
        };
      }),
  );
  await page.getByRole('button', { name: 'Verify audit chain' }).click();
  await expect(verifyStatus).toHaveText('Broken at event 1: this event was changed after it was recorded.');
  expect(problems).toEqual([]);
});
