import { expect, test } from '@playwright/test';
import { admissionExaminationV1 } from '../../forms';
import { allFields } from '../../forms/model';
import { TEST_TIME_ZONE, createCase, enter, field, waitSaved, setUpVault } from './support/examForm';

test.use({ timezoneId: TEST_TIME_ZONE, viewport: { width: 1280, height: 900 } });

function def(path: string) {
  const found = allFields(admissionExaminationV1).find((f) => f.pattern === path);
  if (!found) throw new Error(`no field ${path}`);
  return found.field;
}

const SCRIPT = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
const RTL = '\u202eevil\u202c Ali \u2067isolate';
const EMOJI = 'Sara 🙂👩🏽‍⚕️🏳️‍🌈';
const MIXED = 'Ελληνικά Русский العربية 中文 עברית';

test('hostile text is stored and shown as text, never as markup, and never breaks the layout', async ({ page }) => {
  await setUpVault(page);
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await createCase(page);
  // The account (the narrative fields) opens with consent to the interview.
  await enter(page, def('consent.interview.decision'), 'consent.interview.decision', 'given');
  await enter(page, def('account.allegationPresent'), 'account.allegationPresent', 'yes');

  const entries: [string, string][] = [
    ['identity.givenName', SCRIPT],
    ['identity.familyName', RTL],
    ['identity.birthplace', EMOJI],
    ['identity.nationality', MIXED],
  ];
  for (const [path, text] of entries) {
    const input = field(page, path).locator('input');
    await input.focus();
    await page.keyboard.insertText(text);
  }
  const long = 'Ж'.repeat(50_000) + 'x'.repeat(50_000);
  const ownWords = field(page, 'account.ownWords').locator('textarea');
  await ownWords.fill(long);
  await waitSaved(page);

  await page.reload();
  for (const [path, text] of entries) await expect(field(page, path).locator('input')).toHaveValue(text);
  await expect(ownWords).toHaveValue(long);
  await expect(field(page, 'account.ownWords').locator('.msg-error')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // One character too many: a clear message at the field, and the text is kept as typed.
  await ownWords.fill(`${long}!`);
  await ownWords.blur();
  await waitSaved(page);
  await expect(field(page, 'account.ownWords').locator('.msg-error')).toContainText(/100[,.\u202f\u00a0]?000/);
  await page.reload();
  await expect(ownWords).toHaveValue(`${long}!`);

  // A NUL character cannot be typed but can be pasted: refused with a message, never a crash.
  const birthplace = field(page, 'identity.birthplace').locator('input');
  await birthplace.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('Sfax\u0000');
  await birthplace.blur();
  await expect(field(page, 'identity.birthplace').locator('.msg-error')).toBeVisible();

  // Nothing overflows the window sideways, whatever was typed.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page).toHaveTitle('Attest');
});
