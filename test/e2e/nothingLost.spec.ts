/**
 * Nothing lost (issue #16): the clinician types in the examination form, then reloads the page or
 * closes the tab 0, 50 or 100 ms after the last key; opening the case again shows every character.
 * The browser's own "leave the page?" prompt, if it shows (a change not yet kept), is answered
 * "Leave", the worst case: what that loses is printed (the last keys of a reload at 0 ms, now and
 * then, issue #16); losing anything without the prompt fails the test. One vault and one case serve
 * all thirty tries.
 */
import { expect, test, type Page } from '@playwright/test';
import { TEST_TIME_ZONE, createCase, field, setUpVault, unlockScreen, unlockVault } from './support/examForm';

test.use({ timezoneId: TEST_TIME_ZONE, viewport: { width: 1280, height: 900 } });

const DELAYS_MS = [0, 50, 100] as const;
/**
 * Tries per delay: 3 in `npm test` (keeps the e2e run within its budget; each try unlocks the vault
 * again), 10 as the issue asks with ATTEST_NOTHING_LOST_TRIES=10.
 */
const TRIES = Number(process.env.ATTEST_NOTHING_LOST_TRIES ?? '3');

function givenName(page: Page) {
  return field(page, 'identity.givenName').locator('input');
}

async function reopen(page: Page, url: string): Promise<void> {
  if (page.url() !== url) await page.goto(url);
  await expect(unlockScreen(page)).toBeVisible();
  await unlockVault(page);
  if (page.url() !== url) await page.goto(url);
  await expect(givenName(page)).toBeVisible();
}

test('reload or tab close 0, 50 and 100 ms after the last key: every character typed is there when the case opens again', async ({ page: first, context }) => {
  // About 5 s a try, most of it unlocking the vault again (its key derivation is slow on purpose): 140–165 s on 2 busy cores.
  test.setTimeout(360_000);
  await setUpVault(first, { autoUnlock: false });
  await createCase(first);
  const url = first.url();
  let page = first;
  let prompts = 0;
  const answerLeave = (p: Page) => {
    p.on('dialog', (dialog) => {
      prompts += 1;
      void dialog.accept();
    });
  };
  answerLeave(page);

  let expected = '';
  const lost: string[] = [];
  const lostAfterLeave: string[] = [];
  const started = Date.now();
  for (const delay of DELAYS_MS) {
    for (let i = 0; i < TRIES; i += 1) {
      const how = i % 2 === 0 ? 'reload' : 'close';
      const input = givenName(page);
      await input.focus();
      await page.keyboard.press('End');
      const promptsBefore = prompts;
      const word = `${how[0] ?? ''}${String(delay)}x${String(i)} `;
      await page.keyboard.type(word);
      expected += word;
      if (delay > 0) await page.waitForTimeout(delay);
      if (how === 'reload') {
        await page.reload();
      } else {
        const closed = page.waitForEvent('close');
        await page.close({ runBeforeUnload: true });
        await closed;
        page = await context.newPage();
        answerLeave(page);
      }
      await reopen(page, url);
      const prompted = prompts > promptsBefore ? ' (after the leave prompt)' : '';
      const value = await givenName(page).inputValue();
      if (value !== expected) {
        (prompted === '' ? lost : lostAfterLeave).push(`${how} at ${String(delay)} ms, try ${String(i + 1)}: expected "${expected}", found "${value}"${prompted}`);
      }
      // The next try starts from what is there, so that one loss is not counted again.
      expected = value;
    }
  }
  console.log(`nothing-lost: ${String(DELAYS_MS.length * TRIES)} tries (reload and tab close, ${DELAYS_MS.join('/')} ms after the last key), ${String(lost.length)} lost silently, ${String(prompts)} leave prompts answered "Leave" (${String(lostAfterLeave.length)} of them lost the last keys), ${String(Math.round((Date.now() - started) / 1000))} s`);
  for (const line of lostAfterLeave) console.log(`  lost after "Leave": ${line.slice(0, 60)}`);
  expect(lost).toEqual([]);
});
