/**
 * Camera capture in Chromium with its fake camera: the frame becomes a JPEG original, checked, hashed
 * and stored like an imported file, and the preview closes with the dialog (its tracks are stopped on unmount).
 */
import { expect, test } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import { TEST_TIME_ZONE, createCase, setUpVault } from './support/examForm';
import { consentToExaminationAndPhotographs } from './support/findings';

test.use({
  timezoneId: TEST_TIME_ZONE,
  viewport: { width: 1400, height: 1000 },
  permissions: ['camera'],
  launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] },
});

test('a photograph taken with the camera is stored like an imported one, and the preview closes', async ({ page }) => {
  await setUpVault(page);
  await createCase(page);
  await consentToExaminationAndPhotographs(page);
  await page.getByRole('button', { name: 'Take a photograph…' }).click();
  const preview = page.getByTestId('camera-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Take the photograph' }).click();
  await expect(page.getByTestId('photo-import-status')).toHaveText('1 photograph added.');
  await expect(page.locator('.photo-card')).toHaveCount(1);
  await expect(page.getByTestId('photo-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(preview).toHaveCount(0);
});
