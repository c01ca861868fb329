/**
 * The vault as the clinician meets it: the first run refuses a weak passphrase at the field and
 * shows the recovery key once; locking leaves nothing of a case in the page; wrong passphrases are
 * told and paced; the passphrase and the recovery key both unlock; and nothing typed about the
 * person reaches the browser profile on disk in clear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { admissionExaminationV1 } from '../../forms';
import { allFields } from '../../forms/model';
import { chromiumArgs } from '../../playwright.config';
import { TEST_PASSPHRASE, TEST_TIME_ZONE, createCase, enter, field, setUpVault, unlockScreen, unlockVault, waitSaved } from './support/examForm';
import { makePng } from './support/images';
import { expectNoAxeViolations } from './support/axe';

test.use({ timezoneId: TEST_TIME_ZONE, viewport: { width: 1280, height: 900 } });

function def(fieldPath: string) {
  const found = allFields(admissionExaminationV1).find((f) => f.pattern === fieldPath);
  if (!found) throw new Error(`no field ${fieldPath}`);
  return found.field;
}

async function lock(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Lock' }).click();
  await expect(unlockScreen(page)).toBeVisible();
}

test('the first run refuses a weak passphrase at the field, then shows the recovery key once and checks the copy', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Protect your records' })).toBeVisible();
  expect(await page.title()).toBe('Attest');
  const passphrase = page.getByLabel('New passphrase');
  await passphrase.fill('password123');
  // zxcvbn's advice (its English text), loaded on demand with its dictionaries, and ours on length.
  // (The first estimate waits for the dictionaries: seconds on a busy machine.)
  await expect(page.getByText('This is a commonly used password.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await page.getByLabel('Type the passphrase again').fill('password123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('This passphrase is too easy to guess. Use at least 12 characters')).toBeVisible();
  await expect(passphrase).toHaveAttribute('aria-invalid', 'true');
  await expect(passphrase).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('vault-first-run.png'), fullPage: true });
  await expectNoAxeViolations(page, 'first run: weak passphrase refused');

  await passphrase.fill(TEST_PASSPHRASE);
  await expect(page.getByText('Very strong')).toBeVisible();
  await page.getByLabel('Type the passphrase again').fill(`${TEST_PASSPHRASE}x`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('The two passphrases are not the same.')).toBeVisible();
  await page.getByLabel('Type the passphrase again').fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();

  const groups = page.locator('.recovery-group');
  await expect(groups).toHaveCount(8);
  const key = (await groups.allTextContents()).join('-');
  expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$/);
  await page.screenshot({ path: testInfo.outputPath('vault-recovery-key.png'), fullPage: true });
  await expectNoAxeViolations(page, 'first run: recovery key shown');
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await expect(groups).toHaveCount(0);

  // A typo in group 2 is named; the right key, typed in lower case with spaces, opens the app.
  const typo = `${key.slice(0, 6)}${key[6] === '0' ? '1' : '0'}${key.slice(7)}`;
  const check = page.getByLabel('Recovery key from your paper copy');
  await check.fill(typo);
  await page.getByRole('button', { name: 'Open Attest' }).click();
  await expect(page.getByText('Group 2 of the recovery key has a typing mistake')).toBeVisible();
  await expectNoAxeViolations(page, 'first run: recovery key check with a typo');
  await check.fill(key.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Open Attest' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();

  // The key is not shown again, and the next start asks for the passphrase.
  await page.reload();
  await expect(unlockScreen(page)).toBeVisible();
  await expect(page.locator('.recovery-group')).toHaveCount(0);
  await expectNoAxeViolations(page, 'unlock screen');
});

test('locking leaves only the unlock screen; wrong passphrases are told and paced; the right one unlocks', async ({ page }, testInfo) => {
  await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  const caseNumber = /A-\d{4}-\d{5}/.exec(heading)?.[0] ?? 'missing';
  await enter(page, def('identity.givenName'), 'identity.givenName', 'Zyxwanda');
  await enter(page, def('identity.familyName'), 'identity.familyName', 'Qorvath');
  await waitSaved(page);
  await page.evaluate(() => { window.scrollTo(0, 0); });
  await page.screenshot({ path: testInfo.outputPath('vault-app-with-lock.png') });

  await lock(page);
  const html = await page.content();
  expect(html).not.toContain(caseNumber);
  expect(html).not.toContain('Zyxwanda');
  expect(html).not.toContain('Qorvath');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  expect(await page.title()).toBe('Attest');
  await page.screenshot({ path: testInfo.outputPath('vault-unlock.png'), fullPage: true });

  const unlock = page.getByRole('button', { name: 'Unlock' });
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await page.getByLabel('Passphrase', { exact: true }).fill(`wrong guess number ${attempt}`);
    await unlock.click();
    await expect(page.getByText('This passphrase does not unlock the vault.')).toBeVisible();
  }
  // After the third wrong attempt: a countdown, and the button waits with it.
  await expect(page.getByRole('status')).toHaveText('Too many wrong attempts. Try again in 1 second.');
  await expect(unlock).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('vault-unlock-wait.png'), fullPage: true });
  await expect(unlock).toBeEnabled({ timeout: 5000 });
  await expect(page.getByRole('status')).toHaveText('');

  await unlockVault(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await page.getByRole('search').getByLabel('Name or ID number').fill('zyxwanda qorvath');
  await expect(page.getByRole('table').getByRole('row', { name: new RegExp(caseNumber) })).toBeVisible();

  // The count was reset by the successful unlock: the next wrong attempt is told without a wait.
  await lock(page);
  await page.getByLabel('Passphrase', { exact: true }).fill('wrong again');
  await unlock.click();
  await expect(page.getByText('This passphrase does not unlock the vault.')).toBeVisible();
  await expect(unlock).toBeEnabled();
});

test('the recovery key unlocks when the passphrase is forgotten', async ({ page }) => {
  const recoveryKey = await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  await lock(page);

  await page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery key' }).click();
  const input = page.getByLabel('Recovery key', { exact: true });
  await input.fill('ABCDE');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('A recovery key has 8 groups of 5 characters.')).toBeVisible();
  await input.fill(recoveryKey.toLowerCase());
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('table')).toContainText(/A-\d{4}-\d{5}/);
  expect(heading).toMatch(/A-\d{4}-\d{5}/);
});

test('after ten minutes without a key press, click or scroll the vault locks itself', async ({ page }) => {
  await page.clock.install();
  await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  await page.clock.fastForward('09:00');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Activity restarts the ten minutes.
  await page.keyboard.press('Shift');
  await page.clock.fastForward('09:00');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.clock.fastForward('01:30');
  await expect(unlockScreen(page)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /^Case A-/ })).toHaveCount(0);
});

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

test('CANARY: nothing typed about the person or the clinician, nor a photograph\'s bytes, reaches any file of the browser profile on disk in clear (autofill\'s Web Data included)', async ({ browserName }, testInfo) => {
  test.setTimeout(120_000);
  expect(browserName).toBe('chromium');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'attest-canary-'));
  const nameCanary = `CANARY-${randomBytes(8).toString('hex')}`;
  const wordsCanary = `CANARY-${randomBytes(8).toString('hex')}`;
  // The clinician's details, which Chromium's autofill kept in its `Web Data` SQLite file in clear
  // while the fields allowed autocomplete (issue #16).
  const clinicianCanary = `CANARY-${randomBytes(8).toString('hex')}`;
  const institutionCanary = `CANARY-${randomBytes(8).toString('hex')}`;
  // A photograph whose original bytes carry a third canary (a PNG text chunk): the original is kept
  // byte for byte, so only encryption can keep it off the disk.
  const photoCanary = `CANARY-${randomBytes(8).toString('hex')}`;
  const photoDir = await mkdtemp(path.join(os.tmpdir(), 'attest-canary-photo-'));
  const photoFile = path.join(photoDir, 'injury.png');
  await writeFile(photoFile, makePng({ width: 320, height: 240, seed: 9, comment: `${photoCanary} ${photoCanary}` }));
  // The search below would find it in the file as imported (a control for the search itself).
  expect((await readFile(photoFile)).includes(Buffer.from(photoCanary, 'utf8'))).toBe(true);
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
      baseURL: testInfo.project.use.baseURL ?? '',
      timezoneId: TEST_TIME_ZONE,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await setUpVault(page, { autoUnlock: false });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const identity = page.getByTestId('identity-section');
    await identity.getByLabel('Full name', { exact: true }).fill(`Dr ${clinicianCanary}`);
    await identity.getByLabel('Profession', { exact: true }).selectOption({ label: 'Physician' });
    await identity.getByLabel('Qualifications', { exact: true }).fill('MD, forensic medicine');
    await identity.getByLabel('Registration body', { exact: true }).fill('General Medical Council');
    await identity.getByLabel('Registration number', { exact: true }).fill('GMC-7654321');
    await identity.getByLabel('Institution', { exact: true }).fill(institutionCanary);
    await identity.getByRole('button', { name: 'Save details' }).click();
    await expect(identity.getByTestId('identity-profile-status')).toHaveText('Details saved.');
    // Every field of the screens this test passes allows no autofill.
    await expect(page.locator('input:not([type=password]):not([autocomplete="off"]), textarea:not([autocomplete="off"]), select:not([autocomplete="off"])')).toHaveCount(0);
    await createCase(page);
    await expect(page.locator('input:not([type=password]):not([autocomplete="off"]), textarea:not([autocomplete="off"]), select:not([autocomplete="off"])')).toHaveCount(0);
    await enter(page, def('consent.interview.decision'), 'consent.interview.decision', 'given');
    await enter(page, def('account.allegationPresent'), 'account.allegationPresent', 'yes');
    await enter(page, def('identity.givenName'), 'identity.givenName', nameCanary);
    await field(page, 'account.ownWords').locator('textarea').fill(`They said: ${wordsCanary}, then nothing.`);
    await enter(page, def('consent.physicalExam.decision'), 'consent.physicalExam.decision', 'given');
    await enter(page, def('consent.photography.decision'), 'consent.photography.decision', 'given');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add photographs…' }).click();
    await (await chooser).setFiles(photoFile);
    await expect(page.getByTestId('photo-import-status')).toHaveText('1 photograph added.');
    // The thumbnail is shown: the photograph was decrypted for display, then the vault locks.
    await expect(page.getByTestId('photo-thumb-img')).toBeVisible();
    await expect(page.locator('[data-save-state]')).toHaveText(/All changes saved/, { timeout: 5000 });
    await waitSaved(page);
    await lock(page);
    await context.close();

    const files = await filesUnder(profile);
    expect(files.length).toBeGreaterThan(10);
    // The SQLite databases are searched like any file: autofill's among them.
    expect(files.map((file) => path.basename(file))).toContain('Web Data');
    const hits: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      for (const [what, canary] of [['name', nameCanary], ['account', wordsCanary], ['photograph', photoCanary], ['clinician', clinicianCanary], ['institution', institutionCanary]] as const) {
        for (const encoding of ['utf8', 'utf16le'] as const) {
          if (bytes.includes(Buffer.from(canary, encoding))) hits.push(`${path.relative(profile, file)} (${encoding}, ${what})`);
        }
      }
    }
    await testInfo.attach('profile-files', { body: `${files.length} files searched\n${hits.join('\n')}`, contentType: 'text/plain' });
    expect(hits).toEqual([]);
  } finally {
    await rm(profile, { recursive: true, force: true });
    await rm(photoDir, { recursive: true, force: true });
  }
});

test('locking forgets the last search of the case list, which may be a name', async ({ page }) => {
  await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  const search = page.getByLabel('Name or ID number');
  await search.fill('Karim Benali');
  await search.press('Enter');
  await expect(page.getByText(/No case matches/)).toBeVisible();
  await lock(page);
  await expect(page.getByText('Karim Benali')).toHaveCount(0);
  await unlockVault(page, TEST_PASSPHRASE);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByLabel('Name or ID number')).toHaveValue('');
});

test('the clinician sets the idle time, and changes the passphrase without re-encrypting anything', async ({ page }, testInfo) => {
  await page.clock.install();
  await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();

  const security = page.locator('section', { has: page.getByRole('heading', { name: 'Security' }) });
  const minutes = security.getByLabel('Lock after this many minutes without activity');
  await expect(minutes).toHaveValue('10');
  await minutes.fill('0');
  await security.getByRole('button', { name: 'Save' }).click();
  await expect(security.getByText('Enter a whole number of minutes from 1 to 120.')).toBeVisible();
  await minutes.fill('2');
  await security.getByRole('button', { name: 'Save' }).click();
  await expect(security.getByText('Attest now locks after 2 minutes without activity.')).toBeVisible();

  // Wrong current passphrase: told, nothing changed.
  const change = security.getByRole('form', { name: 'Change the passphrase' });
  await change.getByLabel('Current passphrase').fill('not the passphrase at all');
  await change.getByLabel('New passphrase', { exact: true }).fill('cedar lantern orbit meadow 42');
  // The same meter as the first run (loaded on demand here too).
  await expect(change.getByText('Passphrase strength: Very strong')).toBeVisible({ timeout: 30_000 });
  await security.screenshot({ path: testInfo.outputPath('settings-security-meter.png') });
  await change.getByLabel('Type the new passphrase again').fill('cedar lantern orbit meadow 42');
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(change.getByText(/does not unlock the vault/)).toBeVisible();

  await change.getByLabel('Current passphrase').fill(TEST_PASSPHRASE);
  await change.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(change.getByText('Passphrase changed. Use the new one from now on.')).toBeVisible();
  await security.screenshot({ path: testInfo.outputPath('settings-security.png') });

  // Two idle minutes lock the vault (the setting, not the ten-minute default).
  await page.clock.fastForward('02:05');
  await expect(unlockScreen(page)).toBeVisible();

  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByText(/does not unlock the vault/)).toBeVisible();
  await unlockVault(page, 'cedar lantern orbit meadow 42');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('table')).toContainText(/A-\d{4}-00001/);
});

test('Replace all keys re-encrypts under a new key with progress and a new recovery key shown once; the old passphrase stops working; the recovery key can be replaced alone', async ({ page }, testInfo) => {
  await setUpVault(page, { autoUnlock: false });
  await createCase(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const security = page.locator('section', { has: page.getByRole('heading', { name: 'Security' }) });
  const next = 'cedar lantern orbit meadow 42';

  const rotate = security.getByRole('form', { name: 'Replace all keys' });
  await rotate.getByLabel('Current passphrase').fill(TEST_PASSPHRASE);
  await rotate.getByLabel('Passphrase from now on (the current one again, or a new one)').fill(next);
  await rotate.getByLabel('Type that passphrase again').fill(next);
  await rotate.getByRole('button', { name: 'Replace all keys' }).click();
  await expect(rotate.getByText('All keys replaced.', { exact: false })).toBeVisible();
  const groups = await rotate.getByTestId('new-recovery-key').locator('.recovery-group').allTextContents();
  expect(groups).toHaveLength(8);
  await rotate.screenshot({ path: testInfo.outputPath('settings-replace-all-keys.png') });
  await rotate.getByRole('button', { name: 'I have written it down' }).click();
  await expect(rotate.getByTestId('new-recovery-key')).toHaveCount(0);

  // The recovery key alone: a new one, shown once; the one just shown stops working.
  const recovery = security.getByRole('form', { name: 'Replace the recovery key' });
  await recovery.getByLabel('Current passphrase').fill(next);
  await recovery.getByRole('button', { name: 'Replace the recovery key' }).click();
  await expect(recovery.getByText('Recovery key replaced. The old one no longer opens the vault.')).toBeVisible();
  const replaced = (await recovery.getByTestId('new-recovery-key').locator('.recovery-group').allTextContents()).join('-');
  await recovery.screenshot({ path: testInfo.outputPath('settings-replace-recovery-key.png') });

  await lock(page);
  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByText(/does not unlock the vault/)).toBeVisible();
  await page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery key' }).click();
  await page.getByLabel('Recovery key', { exact: true }).fill(groups.join('-'));
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByText(/does not unlock this vault/)).toBeVisible();
  await page.getByLabel('Recovery key', { exact: true }).fill(replaced);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByRole('table')).toContainText(/A-\d{4}-00001/);
});
