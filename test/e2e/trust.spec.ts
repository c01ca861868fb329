/**
 * Settings › Trusted certificates in Chromium: a colleague's self-signed Attest certificate (PEM), an
 * institution CA made with openssl (DER) and an expired colleague certificate are added and listed
 * with subject, organisation, fingerprint, validity and kind; a file that is not a certificate, a
 * duplicate and the clinician's own certificate are refused with a message and add nothing; removal
 * asks first, and "Keep it" keeps it.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { createSelfSignedIdentity, toPem, type ClinicianProfile } from '../../shared/identity';
import { certificateFingerprint } from '../../shared/signing';
import { setUpVault } from './support/examForm';
import { setUpIdentity } from './support/report';
import { expectNoAxeViolations } from './support/axe';

test.use({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });

const COLLEAGUE: ClinicianProfile = {
  name: 'Dr Jonas Lindqvist',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'National Board of Health',
  registrationNumber: 'NBH-112233',
  institution: 'Forensic Medicine Unit, Uppsala',
  role: 'forensic',
};

test('trusted certificates: add a colleague, a CA and an expired one; refusals; remove after confirming', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  const colleague = (await createSelfSignedIdentity(COLLEAGUE, { now: new Date() })).certificate;
  const expired = (await createSelfSignedIdentity({ ...COLLEAGUE, name: 'Dr Old Certificate' }, { now: new Date(Date.now() - 3 * 365 * 86_400_000), validityYears: 1 })).certificate;
  const caKey = testInfo.outputPath('ca.key');
  const caDer = testInfo.outputPath('ca.der');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '3650',
    '-subj', '/CN=Centre Root CA 2026/O=Centre for Forensic Medicine',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', caKey, '-outform', 'DER', '-out', caDer,
  ], { stdio: 'ignore' });
  const ca = await readFile(caDer);

  await setUpVault(page);
  await setUpIdentity(page);
  const section = page.getByTestId('trust-section');
  const file = section.getByTestId('trust-file');
  const status = section.getByTestId('trust-status');
  await expect(section.getByRole('heading', { name: 'Trusted certificates' })).toBeVisible();
  await expect(section.getByTestId('trust-none')).toBeVisible();

  await file.setInputFiles({ name: 'colleague.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(toPem(colleague)) });
  await expect(status).toHaveText('One certificate added.');
  await file.setInputFiles({ name: 'ca.der', mimeType: 'application/pkix-cert', buffer: ca });
  await expect(status).toHaveText('One certificate added.');
  await file.setInputFiles({ name: 'old.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(toPem(expired)) });
  await expect(status).toHaveText('One certificate added.');

  const items = section.getByTestId('trust-item');
  await expect(items).toHaveCount(3);
  const signer = items.nth(0);
  await expect(signer.getByRole('heading', { name: 'Dr Jonas Lindqvist' })).toBeVisible();
  await expect(signer).toContainText('Forensic Medicine Unit, Uppsala');
  await expect(signer).toContainText('Signer: only this certificate');
  await expect(signer.getByTestId('trust-fingerprint')).toHaveText(await certificateFingerprint(colleague));
  await expect(signer.getByTestId('trust-expired')).toHaveCount(0);
  const authority = items.nth(1);
  await expect(authority.getByRole('heading', { name: 'Centre Root CA 2026' })).toBeVisible();
  await expect(authority).toContainText('Certification authority: the signers it certifies');
  await expect(authority.getByTestId('trust-fingerprint')).toHaveText(await certificateFingerprint(ca));
  await expect(items.nth(2).getByTestId('trust-expired')).toContainText('Expired on');

  // Refused, nothing added: not a certificate, already trusted, the clinician's own.
  await file.setInputFiles({ name: 'notes.pem', mimeType: 'text/plain', buffer: Buffer.from('not a certificate at all') });
  await expect(status).toHaveText('This file is not a certificate (PEM or DER). Nothing was added.');
  await file.setInputFiles({ name: 'again.der', mimeType: 'application/pkix-cert', buffer: Buffer.from(colleague) });
  await expect(status).toHaveText('This certificate is already trusted. Nothing was added.');
  const ownDownload = page.waitForEvent('download');
  await page.getByTestId('identity-section').getByRole('button', { name: 'Download certificate (PEM)' }).click();
  const ownFile = testInfo.outputPath('own.pem');
  await (await ownDownload).saveAs(ownFile);
  await file.setInputFiles(ownFile);
  await expect(status).toHaveText('This is your own signing certificate: it is always trusted. Nothing was added.');
  await expect(items).toHaveCount(3);
  await section.screenshot({ path: testInfo.outputPath('trusted-certificates.png') });
  await expectNoAxeViolations(page, 'trusted-certificates');

  // Removal asks first; "Keep it" keeps it.
  await authority.getByRole('button', { name: 'Remove' }).click();
  await expect(authority).toContainText('Remove Centre Root CA 2026 from the trusted certificates?');
  await expect(authority.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await section.screenshot({ path: testInfo.outputPath('trusted-certificates-remove.png') });
  await expectNoAxeViolations(page, 'trusted-certificates-remove');
  await authority.getByRole('button', { name: 'Keep it' }).click();
  await expect(items).toHaveCount(3);
  await authority.getByRole('button', { name: 'Remove' }).click();
  await authority.getByRole('button', { name: 'Remove certificate' }).click();
  await expect(status).toHaveText('Certificate removed.');
  await expect(items).toHaveCount(2);
  await expect(section).not.toContainText('Centre Root CA 2026');

  // The list survives a reload (sealed in the vault table, read after unlock).
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('trust-section').getByTestId('trust-item')).toHaveCount(2);
  expect(problems).toEqual([]);
});
