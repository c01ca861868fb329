/**
 * Settings › FHIR server in Chromium (issue #18 item 5): the page reaches the FHIR server only through
 * `attest web` (POST /_attest/fhir; its CSP allows no other connection). A real FHIR server runs on
 * 127.0.0.1 (Medplum's FHIR router, in-memory, test/support/fhirServer.ts) behind a bearer token:
 * "Test connection" with a wrong token says the credentials were refused, with the right one names the
 * server; an HTML answer is called a web page; the settings are saved and read back after a reload.
 */
import { expect, test } from '@playwright/test';
import { startFhirServer } from '../support/fhirServer';
import { setUpVault } from './support/examForm';
import { expectNoAxeViolations } from './support/axe';

test.use({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

test('Settings › FHIR server: test connection through attest web, refusals in words, saved sealed', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const server = await startFhirServer({ token: 'clinic-7-token' });
  try {
    await setUpVault(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const section = page.getByTestId('fhir-section');
    const status = section.getByTestId('fhir-status');
    await expect(section.getByTestId('fhir-none')).toBeVisible();
    await section.getByLabel('Base address of the FHIR server').fill(server.baseUrl);
    await section.getByLabel('Authentication', { exact: true }).selectOption('bearer');
    await section.getByLabel('Token').fill('wrong-token');
    await section.getByRole('button', { name: 'Test connection' }).click();
    await expect(status).toHaveText('The test failed: the server refused the credentials (HTTP 401)', { timeout: 20_000 });
    server.mode = 'html';
    await section.getByRole('button', { name: 'Test connection' }).click();
    await expect(status).toContainText('the address answered with a web page, not FHIR', { timeout: 20_000 });
    server.mode = 'fhir';
    await section.getByLabel('Token').fill('clinic-7-token');
    await section.getByRole('button', { name: 'Test connection' }).click();
    await expect(status).toHaveText('The server answered: FHIR 4.0.1, Medplum FHIR router (in-memory) 5.2.13.', { timeout: 20_000 });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/fhir/R4/metadata', authorization: 'Bearer clinic-7-token' });
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(status).toHaveText('The FHIR server is saved.');
    await section.screenshot({ path: testInfo.outputPath('settings-fhir.png') });
    await expectNoAxeViolations(page, 'settings-fhir');

    // Read back (sealed in the vault) after a reload (the spec's set-up unlocks again).
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByTestId('fhir-section').getByLabel('Base address of the FHIR server')).toHaveValue(server.baseUrl);
    await expect(page.getByTestId('fhir-section').getByLabel('Token')).toHaveValue('clinic-7-token');
    expect(problems).toEqual([]);
  } finally {
    await server.close();
  }
});
