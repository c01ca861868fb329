/**
 * Nothing lost (issue #16): the clinician types in the examination form, then reloads the page or
 * closes the tab 0, 50 or 100 ms after the last key; opening the case again shows every character.
 * The browser's own "leave the page?" prompt, if it shows (a change not yet kept), is answered
 * "Leave", the worst case: what that loses is printed (the last keys of a reload at 0 ms, now and
 * then, issue #16); losing anything without the prompt fails the test. One vault and one case serve
 * all thirty tries.
 *
 * And a crash: Chromium SIGKILLed at a random moment while the clinician types loses at most the last
 * second of typing, and leaves every record readable (the second test).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import { TEST_TIME_ZONE, createCase, field, setUpVault, unlockScreen, unlockVault } from './support/examForm';
import { browserProcesses, killAll } from './support/killBrowser';

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

/**
 * SIGKILL tries: 2 in `npm test` (each relaunches Chromium and unlocks again, about 8 s), 20 as the
 * issue asks with ATTEST_SIGKILL_TRIES=20.
 */
const KILL_TRIES = Number(process.env.ATTEST_SIGKILL_TRIES ?? '2');
/** What a crash may lose: the keys typed within this long before it. */
const MAY_LOSE_MS = 1000;
/** One key every 60 ms (a quick typist), for up to 2.4 s; the kill comes 0.3 to 2.1 s after the first key. */
const KEY_INTERVAL_MS = 60;

async function readEveryRow(page: Page): Promise<{ stores: number; rows: number }> {
  // IndexedDB as stored on disk, every object store read in full: a torn write shows as an error here.
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('attest');
      request.onsuccess = () => { resolve(request.result); };
      request.onerror = () => { reject(request.error ?? new Error('open failed')); };
    });
    let rows = 0;
    const names = [...db.objectStoreNames];
    for (const name of names) {
      rows += await new Promise<number>((resolve, reject) => {
        const request = db.transaction(name, 'readonly').objectStore(name).getAll();
        request.onsuccess = () => { resolve(request.result.length); };
        request.onerror = () => { reject(request.error ?? new Error(`read of ${name} failed`)); };
      });
    }
    db.close();
    return { stores: names.length, rows };
  });
}

test('SIGKILL of the browser mid-typing loses at most the last second, and every record still opens', async ({ browserName }, testInfo) => {
  test.setTimeout(60_000 + KILL_TRIES * 25_000);
  expect(browserName).toBe('chromium');
  expect(process.platform).toBe('linux');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'attest-sigkill-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
      baseURL: testInfo.project.use.baseURL ?? '',
      timezoneId: TEST_TIME_ZONE,
      viewport: { width: 1280, height: 900 },
    });
  const firstPage = async (context: BrowserContext) => context.pages()[0] ?? (await context.newPage());
  const results: string[] = [];
  const tooMuchLost: string[] = [];
  try {
    let context = await launch();
    let page = await firstPage(context);
    await setUpVault(page, { autoUnlock: false });
    await createCase(page);
    const url = page.url();
    let expected = '';
    for (let i = 0; i < KILL_TRIES; i += 1) {
      const input = givenName(page);
      await input.focus();
      await page.keyboard.press('End');
      const { all } = await browserProcesses(profile);
      const word = `k${String(i)}abcdefghijklmnopqrstuvwxyz0123456789`.slice(0, 40);
      const killAfterMs = 300 + Math.floor(Math.random() * 1800);
      // Each key's time once the page has handled it; the kill does not wait for the typing.
      const handled: number[] = [];
      const typing = (async () => {
        for (const char of word) {
          await page.keyboard.type(char);
          handled.push(Date.now());
          await new Promise((resolve) => setTimeout(resolve, KEY_INTERVAL_MS));
        }
      })().catch(() => undefined);
      const startedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      const killedAt = Date.now();
      killAll(all);
      await typing;
      await context.close().catch(() => undefined);

      context = await launch();
      page = await firstPage(context);
      await page.goto(url);
      await expect(unlockScreen(page)).toBeVisible();
      await unlockVault(page);
      // The case list shows the case (its row parsed), then the case opens.
      await page.goto('/#/cases');
      await expect(page.getByRole('link', { name: /A-\d{4}-\d{5}/u }).first()).toBeVisible();
      await page.goto(url);
      await expect(givenName(page)).toBeVisible();
      const value = await givenName(page).inputValue();
      // The key in flight at the kill may have reached the page without its answer reaching the test.
      const typed = expected + word.slice(0, handled.length + 1);
      // Never a character that was not typed, nor out of order: what is there is what was typed, cut short.
      expect(typed.startsWith(value), `try ${String(i + 1)}: "${value}" is not a prefix of what was typed`).toBe(true);
      expect(value.length).toBeGreaterThanOrEqual(expected.length);
      const keptOfTry = value.length - expected.length;
      const lostKeys = Math.max(0, handled.length - keptOfTry);
      const firstLostAt = handled[keptOfTry];
      const lostSpanMs = firstLostAt === undefined ? 0 : killedAt - firstLostAt;
      const line = `try ${String(i + 1)}: killed ${String(killedAt - startedAt)} ms into typing, ${String(handled.length)} keys handled, ${String(lostKeys)} lost (the last ${String(lostSpanMs)} ms)`;
      results.push(line);
      if (lostSpanMs > MAY_LOSE_MS) tooMuchLost.push(line);
      const stored = await readEveryRow(page);
      expect(stored.rows).toBeGreaterThan(0);
      expected = value;
    }
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  console.log(`sigkill: ${String(KILL_TRIES)} tries, ${String(tooMuchLost.length)} lost more than ${String(MAY_LOSE_MS)} ms of typing`);
  for (const line of results) console.log(`  ${line}`);
  expect(tooMuchLost).toEqual([]);
});
