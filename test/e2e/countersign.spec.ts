/**
 * Countersignature in the app (issue #17 item 4), in Chromium, on two profiles. The author signs a
 * report (a complete examination seeded as a draft, signed through the dialog) and sends the file; a
 * colleague, on their own install, opens it in "Verify a report", countersigns it as second reader
 * with a comment (the pages and the passphrase, as for signing), saves it, and the countersigned file
 * verifies VALID with both signers trusted (and for pdfsig); opened again, it is refused a second
 * countersignature by the same colleague. Back on the author's profile, the file is recognised as
 * stored version 1 plus the countersignature, kept beside it, and the case's version history shows
 * who countersigned, in what role, when and with what comment.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { TEST_PASSPHRASE, TEST_TIME_ZONE, setUpVault } from './support/examForm';
import { pdfsig, setUpIdentity, signDialog, signInDialog } from './support/report';
import { seedDraft } from './support/seed';
import { expectNoAxeViolations } from './support/axe';

const CONTEXT = { timezoneId: TEST_TIME_ZONE, locale: 'en-GB', viewport: { width: 1400, height: 1000 } } as const;
test.use(CONTEXT);

const CASE = { id: '40000000-0000-4000-8000-000000000017', caseNumber: `A-${String(new Date().getUTCFullYear())}-91717` };
const COMMENT = 'I agree with the findings and the opinion on L1–L3.';

/** Downloads this install's certificate (Settings must show the identity section). */
async function ownCertificate(page: Page, path: string): Promise<Buffer> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('identity-section').getByRole('button', { name: 'Download certificate (PEM)' }).click();
  await (await download).saveAs(path);
  return readFile(path);
}

async function trust(page: Page, name: string, pem: Buffer): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('trust-section');
  await section.getByTestId('trust-file').setInputFiles({ name, mimeType: 'application/x-pem-file', buffer: pem });
  await expect(section.getByTestId('trust-status')).toHaveText('One certificate added.');
}

async function verify(page: Page, name: string, bytes: Buffer): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Verify a report' }).click();
  await page.getByLabel('PDF file to verify').setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
}

test('countersign a colleague’s report as second reader: VALID with both signers trusted; the author keeps it beside version 1', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const started = Date.now();
  const lap: string[] = [];
  const mark = (what: string) => { lap.push(`${what} ${String(Math.round((Date.now() - started) / 100) / 10)} s`); };

  // The author (identity, a complete examination seeded as a draft, signed as version 1) and, meanwhile,
  // the colleague on their own install (another browser profile): the two set-ups use both cores.
  const context = await browser.newContext(CONTEXT);
  const colleague = await context.newPage();
  colleague.on('pageerror', (e) => problems.push(e.message));
  const colleagueReady = (async () => {
    await setUpVault(colleague);
    await setUpIdentity(colleague, 'Dr Ana Sousa');
    return ownCertificate(colleague, testInfo.outputPath('colleague.pem'));
  })();
  // Awaited below; a failure meanwhile must not surface as an unhandled rejection.
  colleagueReady.catch(() => undefined);
  await setUpVault(page);
  await setUpIdentity(page);
  const authorPem = await ownCertificate(page, testInfo.outputPath('author.pem'));
  await seedDraft(page, CASE, buildAdmissionExam({ findings: { photographs: [] } }));
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 60_000 });
  await page.goto(`/#/cases/${CASE.id}`);
  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('Place of signing').fill('Genève');
  await panel.getByRole('button', { name: 'Sign the report…' }).click();
  await signInDialog(page);
  const versions = page.getByTestId('report-versions').locator('li');
  await expect(versions).toHaveCount(1, { timeout: 60_000 });
  const v1Download = page.waitForEvent('download');
  await versions.nth(0).getByRole('button', { name: 'Download PDF' }).click();
  const v1File = testInfo.outputPath('report-v1.pdf');
  await (await v1Download).saveAs(v1File);
  const v1 = await readFile(v1File);
  mark('author signed');
  const colleaguePem = await colleagueReady;
  await trust(colleague, 'haddad.pem', authorPem);

  await verify(colleague, 'report-v1.pdf', v1);
  await expect(colleague.getByTestId('verify-result')).toHaveAttribute('data-verdict', 'valid');
  const countersign = colleague.getByTestId('countersign');
  await expect(countersign.getByRole('heading', { name: 'Countersign this report' })).toBeVisible();
  const open = countersign.getByRole('button', { name: 'Countersign…' });
  await expect(open).toBeDisabled();
  await countersign.getByLabel('Second reader').check();
  await countersign.getByLabel('Comment (optional)').fill(COMMENT);
  await colleague.screenshot({ path: testInfo.outputPath('countersign-form.png'), fullPage: true });
  await expectNoAxeViolations(colleague, 'countersign-form');
  await open.click();

  // The signing dialog, as for a report: the pages, what countersigning does, the passphrase; a wrong one signs nothing.
  const dialog = signDialog(colleague);
  await expect(dialog).toHaveAccessibleName('Countersign the report');
  await expect(dialog.locator('canvas[data-drawn="true"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByTestId('sign-effects')).toContainText('after the author’s signature, which stays valid');
  await expect(dialog.getByTestId('sign-effects')).toContainText('Dr Ana Sousa');
  await dialog.getByLabel('Your vault passphrase').fill('copper kettle under moonlight');
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog.getByTestId('sign-dialog-problem')).toHaveText('Wrong passphrase. Nothing was signed.');
  await colleague.screenshot({ path: testInfo.outputPath('countersign-dialog.png') });
  const saved = colleague.waitForEvent('download');
  await dialog.getByLabel('Your vault passphrase').fill(TEST_PASSPHRASE);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  const countersignedFile = testInfo.outputPath('countersigned.pdf');
  await (await saved).saveAs(countersignedFile);
  await expect(dialog).toHaveCount(0, { timeout: 60_000 });
  await expect(countersign.getByTestId('countersign-status')).toHaveText('Countersigned as second reader and saved. The countersigned file verifies: VALID.');
  const countersigned = await readFile(countersignedFile);
  mark('countersigned');
  expect(countersigned.subarray(0, v1.length).equals(v1)).toBe(true);
  expect(pdfsig(countersignedFile).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);

  // Opened again: VALID, both signers trusted here, the countersignature's role and comment; a second countersignature is refused.
  await verify(colleague, 'countersigned.pdf', countersigned);
  const result = colleague.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-verdict', 'valid');
  await expect(colleague.getByTestId('verify-signature')).toHaveCount(2);
  await expect(colleague.getByTestId('verify-trust')).toHaveText(['Trusted: in your trusted certificates', 'Trusted: your own certificate']);
  await expect(colleague.getByTestId('verify-signature').nth(1)).toContainText('Countersignature: second reader');
  await expect(colleague.getByTestId('verify-signature').nth(1)).toContainText(`Countersignature (second reader): ${COMMENT}`);
  await expect(colleague.getByTestId('countersign-refused')).toHaveText('You have already countersigned this report.');
  await colleague.screenshot({ path: testInfo.outputPath('countersigned-verified.png'), fullPage: true });
  await context.close();

  // The author: the file is version 1 plus a countersignature; kept once VALID (the colleague trusted), listed in the version history.
  await verify(page, 'countersigned.pdf', countersigned);
  const recognised = page.getByTestId('countersigned-version');
  await expect(recognised).toContainText(`The revision its author signed is version 1 of case ${CASE.caseNumber}, stored here; countersigned after it:`);
  await expect(recognised.getByTestId('countersigner')).toContainText('Second reader: Dr Ana Sousa');
  await expect(recognised).toContainText('To keep it with the version, the file must verify VALID');
  await trust(page, 'sousa.pem', colleaguePem);
  await verify(page, 'countersigned.pdf', countersigned);
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-verdict', 'valid');
  await recognised.getByRole('button', { name: 'Keep the countersignature with version 1' }).click();
  await expect(recognised.getByTestId('countersign-keep-status')).toHaveText(`Kept with version 1 of case ${CASE.caseNumber}: its version history lists the countersignature.`);
  await expect(page.getByTestId('countersign')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('countersigned-recognised.png'), fullPage: true });
  mark('kept');

  await page.goto(`/#/cases/${CASE.id}`);
  const history = page.getByTestId('report-versions').locator('li[data-version="1"]').getByTestId('version-countersignatures');
  await expect(history.getByTestId('countersigner')).toHaveCount(1, { timeout: 30_000 });
  await expect(history.getByTestId('countersigner')).toContainText(/^Second reader: Dr Ana Sousa, .+ \(time claimed by the signer\)/);
  await expect(history.getByTestId('countersigner')).toContainText(`Comment: ${COMMENT}`);
  // Kept beside the version, not as a version of its own.
  await expect(page.getByTestId('report-versions').locator('> li')).toHaveCount(1);
  const keptDownload = page.waitForEvent('download');
  await history.getByRole('button', { name: 'Download the countersigned PDF' }).click();
  const keptFile = testInfo.outputPath('kept.pdf');
  await (await keptDownload).saveAs(keptFile);
  expect((await readFile(keptFile)).equals(countersigned)).toBe(true);
  await page.getByTestId('report-panel').screenshot({ path: testInfo.outputPath('version-history-countersigned.png') });
  mark('listed');
  console.log(`countersign spec: ${lap.join(', ')}`);
  expect(problems).toEqual([]);
});
