/**
 * Settings › Clinician identity through the real UI in Chromium (real IndexedDB and WebCrypto): the
 * clinician fills in their details, creates a signing key, reads the fingerprint, downloads the
 * certificate — which OpenSSL, as a recipient would, reads with the same fingerprint — finds it all
 * again after a reload and unlock, and imports a PKCS#12 made by OpenSSL instead.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { setUpVault } from './support/examForm';
import { expectNoAxeViolations } from './support/axe';

function openssl(args: readonly string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `sha256 Fingerprint=AB:CD:…` → `AB:CD:…`. */
function fingerprintOf(pemFile: string): string {
  return openssl(['x509', '-in', pemFile, '-noout', '-fingerprint', '-sha256']).trim().replace(/^sha256 Fingerprint=/, '');
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('identity-section').getByRole('button', { name: 'Save details' })).toBeVisible();
}

test('a clinician saves their details, creates a key, hands out the certificate, and finds it again after unlocking', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  await setUpVault(page);
  await openSettings(page);
  const section = page.getByTestId('identity-section');
  await expect(section.getByText('Save your details first: the certificate is made from them.')).toBeVisible();
  await expect(section.getByRole('button', { name: 'Create my signing key and certificate' })).toHaveCount(0);

  // Nothing typed yet: the messages are at the fields, in plain words.
  await section.getByRole('button', { name: 'Save details' }).click();
  await expect(section.getByTestId('identity-profile-status')).toHaveText('Some details need correcting before they can be saved.');
  await expect(section.getByLabel('Full name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByLabel('Full name', { exact: true })).toBeFocused();
  await expect(section.getByText('This answer is required.')).toBeVisible();
  await expect(section.getByText('Choose one of the options offered.')).toBeVisible();

  await section.getByLabel('Full name', { exact: true }).fill('Dr Amira Haddad');
  await section.getByLabel('Profession', { exact: true }).selectOption({ label: 'Physician' });
  await section.getByLabel('Qualifications', { exact: true }).fill('MD, forensic medicine');
  await section.getByLabel('Registration body', { exact: true }).fill('General Medical Council');
  await section.getByLabel('Registration number', { exact: true }).fill('GMC-7654321');
  await section.getByLabel('Institution', { exact: true }).fill('Centre for Forensic Medicine');
  await section.getByLabel('Role in examinations', { exact: true }).selectOption({ label: 'Forensic examiner' });
  await section.getByLabel('Email (optional)', { exact: true }).fill('not an email');
  await section.getByRole('button', { name: 'Save details' }).click();
  await expect(section.getByText('Enter an email address such as name@example.org, or leave this empty.')).toBeVisible();
  await section.getByLabel('Email (optional)', { exact: true }).fill('');
  await section.getByRole('button', { name: 'Save details' }).click();
  await expect(section.getByTestId('identity-profile-status')).toHaveText('Details saved.');

  await section.getByRole('button', { name: 'Create my signing key and certificate' }).click();
  await expect(section.getByTestId('identity-create-status')).toHaveText('Your signing key and certificate were created.');
  const certificate = section.getByTestId('identity-certificate');
  await expect(certificate).toContainText('CN=Dr Amira Haddad, O=Centre for Forensic Medicine, serialNumber=GMC-7654321');
  await expect(certificate).toContainText('ECDSA P-256');
  const fingerprint = (await section.getByTestId('certificate-fingerprint').textContent()) ?? '';
  expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  await section.screenshot({ path: testInfo.outputPath('identity-section.png') });
  await expectNoAxeViolations(page, 'identity-section');

  // The PEM a recipient gets: OpenSSL reads it, names the clinician, and finds the fingerprint shown.
  const downloading = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download certificate (PEM)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('attest-clinician-certificate.pem');
  const pemFile = testInfo.outputPath('attest-clinician-certificate.pem');
  await download.saveAs(pemFile);
  expect(readFileSync(pemFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  expect(fingerprintOf(pemFile)).toBe(fingerprint);
  const text = openssl(['x509', '-in', pemFile, '-noout', '-text']);
  expect(text).toContain('CA:TRUE');
  expect(text).toContain('ecdsa-with-SHA256');
  expect(openssl(['verify', '-CAfile', pemFile, pemFile])).toContain('OK');

  const derDownload = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download certificate (DER)' }).click();
  const der = await derDownload;
  expect(der.suggestedFilename()).toBe('attest-clinician-certificate.der');
  const derFile = testInfo.outputPath('attest-clinician-certificate.der');
  await der.saveAs(derFile);
  expect(openssl(['x509', '-inform', 'DER', '-in', derFile, '-noout', '-fingerprint', '-sha256']).trim()).toBe(`sha256 Fingerprint=${fingerprint}`);

  // After a reload the vault is locked; once unlocked, the details and the certificate are there.
  await page.reload();
  await openSettings(page);
  await expect(section.getByLabel('Full name', { exact: true })).toHaveValue('Dr Amira Haddad');
  await expect(section.getByLabel('Profession', { exact: true })).toHaveValue('physician');
  await expect(section.getByLabel('Role in examinations', { exact: true })).toHaveValue('forensic');
  await expect(section.getByTestId('certificate-fingerprint')).toHaveText(fingerprint);
  await expect(section.getByRole('button', { name: 'Replace with a new key and certificate' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a PKCS#12 from the institution, made with OpenSSL, is imported; a wrong password changes nothing', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const keyFile = testInfo.outputPath('institution.key.pem');
  const certFile = testInfo.outputPath('institution.cert.pem');
  const p12File = testInfo.outputPath('institution.p12');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=Dr Amira Haddad/O=University Hospital', '-days', '365']);
  openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-out', p12File, '-passout', 'pass:institution secret']);
  const expected = fingerprintOf(certFile);

  await setUpVault(page);
  await openSettings(page);
  const section = page.getByTestId('identity-section');
  await section.getByLabel('Full name', { exact: true }).fill('Dr Amira Haddad');
  await section.getByLabel('Profession', { exact: true }).selectOption('physician');
  await section.getByLabel('Institution', { exact: true }).fill('University Hospital');
  await section.getByRole('button', { name: 'Save details' }).click();
  await expect(section.getByTestId('identity-profile-status')).toHaveText('Details saved.');

  await section.getByLabel('PKCS#12 file', { exact: true }).setInputFiles(p12File);
  await section.getByLabel('Password of the file', { exact: true }).fill('not the secret');
  await section.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(section.getByTestId('identity-import-status')).toHaveText('This password does not open the file. Check it (it was given with the file) and try again. Nothing was changed.');
  await expect(section.getByTestId('identity-certificate')).toHaveCount(0);

  await section.getByLabel('Password of the file', { exact: true }).fill('institution secret');
  await section.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(section.getByTestId('identity-import-status')).toHaveText('The key and certificate from your institution were imported.');
  await expect(section.getByTestId('certificate-fingerprint')).toHaveText(expected);
  await expect(section.getByTestId('identity-certificate')).toContainText('Imported from your institution');
  await expect(section.getByTestId('identity-certificate')).toContainText('CN=Dr Amira Haddad, O=University Hospital');
  await section.screenshot({ path: testInfo.outputPath('identity-imported.png') });
  await expectNoAxeViolations(page, 'identity-imported');

  await page.reload();
  await openSettings(page);
  await expect(section.getByTestId('certificate-fingerprint')).toHaveText(expected);
  expect(problems).toEqual([]);
});
