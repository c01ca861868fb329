/**
 * `npm run bench`: figures measured in Debian's Chromium against the built renderer, one line each as
 * `name: median unit (min–max, n=5)`, followed by ` goal ≤ X unit` for the goals of issue #16 item 4:
 *   - the renderer bundle loaded at start (index.html's scripts, styles and modulepreloads and the chunks
 *     they import statically, test/support/startBundle.ts), gzipped;
 *   - vault unlock on the unlock screen (PBKDF2-SHA-256, 600,000 rounds): from the click on Unlock to
 *     the keys derived (mark `attest:vault-unlocked`), in a profile set up through the first-run screens;
 *   - the first unlock after an upgrade from a version without the re-encryption marker (every body
 *     checked once for plain ones), click on Unlock to the case list shown, 10,000 encrypted
 *     examinations: the seeded profile is stored once and copied for each of the five runs;
 *   - the case list's first render after unlock (from `attest:vault-unlocked` to `attest:case-list-ready`:
 *     session opened, settings, first page, render), with an empty database, with 10,000 examinations
 *     sealed as the app seals them (AES-GCM bodies, HMAC search keys), and with the same 10,000 stored
 *     unencrypted (plain-json-1 bodies, sha256-1 keys), and the ratio of the two; and the whole time from
 *     the click on Unlock to the list of 10,000 encrypted examinations;
 *   - time from submitting the search form to its results on screen (mark `attest:case-search-done`),
 *     searching the 10,000 encrypted examinations by exact name and by identity number (HMAC keys), and
 *     filtering by facility and by status;
 *   - time from a click on the Arrival sort button to the list shown in that order (mark
 *     `attest:case-list-updated`), latest first then earliest first, each checked by its first row.
 * The vault is made in Node with `createVault` (600,000 rounds, the passphrase below) and the
 * examinations sealed with its keys through the app's own codec and keyer (test/bench/seed.ts); the
 * keyring row and the cases are written into the page's IndexedDB after the app has created it, so a
 * reload shows the unlock screen. The plain profile also gets the re-encryption marker, so the app
 * leaves its bodies plain: both lists go through the same unlock and the same code, only the stored
 * codec differs. Backup figures come from test/bench/backup.ts, chained in the `bench` script.
 * Not part of `npm test`: the figures depend on the machine.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startWebServer } from '../../cli/webServer';
import { chromiumArgs } from '../../playwright.config';
import { plainJsonCodec, type SealedBody } from '../../renderer/db/codec';
import { RESEALED_MARKER } from '../../renderer/db/repos/reencrypt';
import { sha256SearchKeyer } from '../../renderer/db/searchKeys';
import { createVaultCodec, VAULT_CODEC_ID } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, DEFAULT_PBKDF2_ITERATIONS } from '../../shared/vault';
import { START_BUNDLE_GOAL_KB, startBundle } from '../support/startBundle';
import { seedCases, type Seed } from './seed';
import { summarise } from './stats';

const RUNS = 5;
const EXAMINATIONS = 10_000;
const BATCH = 1_000;
/** The bench's vault passphrase (not a secret: the profile is thrown away). */
const PASSPHRASE = 'quiet harbour lantern 42 maple';
const root = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

function bundleSize(): string {
  const assets = join(root, 'assets');
  // What every start loads: index.html's scripts, styles and modulepreloads and the chunks they import
  // statically (test/support/startBundle.ts); and all chunks, most of which load on first use.
  const start = startBundle(root);
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = readFileSync(join(assets, name));
    raw += bytes.byteLength;
    gzip += gzipSync(bytes, { level: 9 }).byteLength;
  }
  return [
    `bundle loaded at start: ${(start.gzipBytes / 1024).toFixed(1)} kB gz (goal ≤ ${START_BUNDLE_GOAL_KB}; ${start.files.map((file) => file.name).join(', ')})`,
    `renderer bundle, all chunks (js+css): ${(gzip / 1024).toFixed(1)} kB gzipped (${(raw / 1024).toFixed(1)} kB raw)`,
  ].join('\n');
}

/** Runs in Chromium over a profile directory, kept afterwards (`withBrowser` throws it away). */
async function withProfile<T>(profile: string, run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

async function withBrowser<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'attest-bench-'));
  try {
    return await withProfile(profile, run);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The stored shape of a sealed body, with its binary parts as base64 to cross into the page. */
interface WireBody {
  readonly codec: string;
  readonly payload: string;
  readonly binary: boolean;
  readonly iv?: string;
}

function toWire(body: SealedBody): WireBody {
  const b64 = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('base64');
  const wire: WireBody =
    typeof body.payload === 'string' ? { codec: body.codec, payload: body.payload, binary: false } : { codec: body.codec, payload: b64(body.payload), binary: true };
  return body.iv === undefined ? wire : { ...wire, iv: b64(body.iv) };
}

/**
 * Writes rows into the app's IndexedDB (opened and upgraded by the app first): `vault` rows, then the
 * seeded cases in batches. Sealed bodies cross as base64 and are stored as ArrayBuffers, as
 * `createVaultCodec` stores them.
 */
async function store(page: Page, seed: Seed | null, vaultRows: readonly { key: string; value: unknown }[]): Promise<void> {
  const cases = seed?.cases ?? [];
  for (let start = 0; start === 0 || start < cases.length; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    await page.evaluate(
      async ({ cases, counters, vault }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('attest');
          open.onsuccess = () => { resolve(open.result); };
          open.onerror = () => { reject(new Error('open failed')); };
        });
        const tx = db.transaction(['cases', 'caseBodies', 'counters', 'vault'], 'readwrite');
        for (const c of cases) {
          const { codec, payload, binary, iv } = c.body.body;
          // No helper function here: the page gets this code as text, without tsx's naming helper.
          const decoded: ArrayBuffer[] = [];
          for (const text of binary ? [payload, iv ?? ''] : []) {
            const raw = atob(text);
            const out = new Uint8Array(raw.length);
            for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
            decoded.push(out.buffer);
          }
          const body = binary ? { codec, payload: decoded[0], ...(iv === undefined ? {} : { iv: decoded[1] }) } : { codec, payload };
          tx.objectStore('cases').put(c.row);
          tx.objectStore('caseBodies').put({ id: c.body.id, schemaVersion: c.body.schemaVersion, body });
        }
        for (const counter of counters) tx.objectStore('counters').put(counter);
        for (const row of vault) tx.objectStore('vault').put(row);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => { resolve(); };
          tx.onerror = () => { reject(new Error('seed failed')); };
        });
        db.close();
      },
      {
        cases: batch.map(({ row, body }) => ({ row, body: { id: body.id, schemaVersion: body.schemaVersion, body: toWire(body.body) } })),
        counters: seed?.counters ?? [],
        vault: start === 0 ? vaultRows : [],
      },
    );
  }
}

/** First run through the UI, as a clinician does it (test/e2e/support/examForm.ts `setUpVault`). */
async function setUpVaultThroughUi(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('New passphrase').fill(PASSPHRASE);
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();
  const groups = page.locator('.recovery-group');
  await groups.nth(7).waitFor();
  const recoveryKey = (await groups.allTextContents()).join('-');
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await page.getByLabel('Recovery key from your paper copy').fill(recoveryKey.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Open Attest' }).click();
  await page.locator('main[data-state="ready"]').waitFor();
}

/**
 * Opens the app in a new page, unlocks it on the unlock screen, and reads the marks, from the click on
 * Unlock: the keys derived (`attest:vault-unlocked`: PBKDF2, unwrap, derive) and the case list shown
 * and usable (`attest:case-list-ready`). `listMs` is the difference: the session opened (the
 * re-encryption check, the repositories), settings, the first page of cases, render.
 */
async function unlockAndRender(context: BrowserContext, baseUrl: string, expectRows: boolean): Promise<{ page: Page; unlockMs: number; readyMs: number; listMs: number }> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.locator('main[data-vault-screen="unlock"]').waitFor();
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  const { unlocked, ready } = await page.evaluate(
    () =>
      new Promise<{ unlocked: number; ready: number }>((resolve, reject) => {
        const button = [...document.querySelectorAll<HTMLButtonElement>('main[data-vault-screen="unlock"] button[type="submit"]')][0];
        if (!button) {
          reject(new Error('no Unlock button'));
          return;
        }
        const timer = setTimeout(() => { reject(new Error('the case list did not open')); }, 60_000);
        const observer = new PerformanceObserver(() => {
          const done = performance.getEntriesByName('attest:case-list-ready')[0];
          const keys = performance.getEntriesByName('attest:vault-unlocked')[0];
          if (!done || !keys) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve({ unlocked: keys.startTime - start, ready: done.startTime - start });
        });
        observer.observe({ type: 'mark' });
        const start = performance.now();
        button.click();
      }),
  );
  await page.locator('main[data-state="ready"]').waitFor();
  if (expectRows && (await page.locator('table.case-table tbody tr').count()) !== 100) throw new Error('the first page of seeded cases is not shown');
  return { page, unlockMs: unlocked, readyMs: ready, listMs: ready - unlocked };
}

/** Clicks a column's sort button, and measures until the list is on screen in the new order. */
async function timeSort(page: Page, column: string): Promise<number> {
  const button = page.getByRole('button', { name: column, exact: true });
  const ms = await page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        performance.clearMarks('attest:case-list-updated');
        const target = [...document.querySelectorAll<HTMLButtonElement>('th button')].find((b) => b.textContent.startsWith(name));
        if (!target) {
          reject(new Error(`no sort button ${name}`));
          return;
        }
        const timer = setTimeout(() => { reject(new Error('sort did not finish')); }, 10_000);
        const observer = new PerformanceObserver((entries) => {
          const done = entries.getEntriesByName('attest:case-list-updated')[0];
          if (!done) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(done.startTime - start);
        });
        observer.observe({ type: 'mark' });
        const start = performance.now();
        target.click();
      }),
    column,
  );
  if ((await page.locator('table.case-table tbody tr').count()) !== 100) throw new Error('the sorted page is not shown');
  await button.waitFor();
  return ms;
}

/**
 * Waits for the background check after an upgrade to record its complete pass (the `resealedThrough`
 * row of the vault table), and returns the time from the keys derived to then.
 */
async function checkDone(page: Page): Promise<number> {
  for (let waited = 0; waited < 120_000; waited += 100) {
    const done = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('attest');
        open.onsuccess = () => { resolve(open.result); };
        open.onerror = () => { reject(new Error('open failed')); };
      });
      const row = await new Promise<unknown>((resolve, reject) => {
        const get = db.transaction('vault').objectStore('vault').get('resealedThrough');
        get.onsuccess = () => { resolve(get.result); };
        get.onerror = () => { reject(new Error('read failed')); };
      });
      db.close();
      const keys = performance.getEntriesByName('attest:vault-unlocked')[0];
      return row === undefined || !keys ? null : performance.now() - keys.startTime;
    });
    if (done !== null) return done;
    await page.waitForTimeout(100);
  }
  throw new Error('the background check did not finish');
}

/** The first row shown is the latest (or earliest) arrival of the seed: the order is the right one, not just some order. */
async function expectFirstArrival(page: Page, seed: Seed, which: 'latest' | 'earliest'): Promise<void> {
  const instants = seed.cases.map((c) => (c.row.arrivalAt === null ? NaN : Date.parse(c.row.arrivalAt))).filter((ms) => !Number.isNaN(ms));
  const want = which === 'latest' ? Math.max(...instants) : Math.min(...instants);
  const expected = seed.cases.find((c) => c.row.arrivalAt !== null && Date.parse(c.row.arrivalAt) === want);
  const first = (await page.locator('table.case-table tbody tr').first().textContent()) ?? '';
  if (expected === undefined || !first.includes(expected.row.caseNumber)) throw new Error(`the ${which} arrival is not first`);
}

/** Submits the search form with one field filled, and measures until the results are on screen. */
async function timeSearch(page: Page, field: string, value: string, expected: number): Promise<number> {
  const input = page.getByLabel(field, { exact: true });
  const isSelect = field === 'Status';
  if (isSelect) await input.selectOption(value);
  else await input.fill(value);
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        performance.clearMarks('attest:case-search-done');
        const form = document.querySelector<HTMLFormElement>('form[role="search"]');
        if (!form) {
          reject(new Error('no search form'));
          return;
        }
        const timer = setTimeout(() => { reject(new Error('search did not finish')); }, 10_000);
        const observer = new PerformanceObserver((entries) => {
          const done = entries.getEntriesByName('attest:case-search-done')[0];
          if (!done) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(done.startTime - start);
        });
        observer.observe({ type: 'mark' });
        const start = performance.now();
        form.requestSubmit();
      }),
  );
  // The figure counts only if the search found what the data holds.
  const shown = await page.locator('table.case-table tbody tr').count();
  if (shown !== Math.min(100, expected)) throw new Error(`search showed ${shown} cases, expected ${expected}`);
  if (isSelect) {
    await input.selectOption('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  } else {
    await input.fill('');
    if (field !== 'Name or ID number') await input.press('Enter');
  }
  await page.locator('table.case-table caption').filter({ hasText: `${EXAMINATIONS.toLocaleString('en')} cases` }).waitFor();
  return ms;
}

async function unlockRuns(context: BrowserContext, baseUrl: string, expectRows: boolean): Promise<{ unlock: number[]; ready: number[]; list: number[] }> {
  const out = { unlock: [] as number[], ready: [] as number[], list: [] as number[] };
  for (let run = 0; run < RUNS; run += 1) {
    const { page, unlockMs, readyMs, listMs } = await unlockAndRender(context, baseUrl, expectRows);
    out.unlock.push(unlockMs);
    out.ready.push(readyMs);
    out.list.push(listMs);
    await page.close();
  }
  return out;
}

/** A profile whose vault was made in Node: the app opens the database, then the rows go in, then reload. */
async function seededProfile(context: BrowserContext, baseUrl: string, seed: Seed, vaultRows: readonly { key: string; value: unknown }[]): Promise<number> {
  const setup = await context.newPage();
  await setup.goto(baseUrl);
  await setup.locator('main[data-vault-screen="setup"]').waitFor();
  const storeStarted = performance.now();
  await store(setup, seed, vaultRows);
  await setup.close();
  return performance.now() - storeStarted;
}

const median = (samples: readonly number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  console.log(bundleSize());
  const n = EXAMINATIONS.toLocaleString('en');
  const iterations = DEFAULT_PBKDF2_ITERATIONS.toLocaleString('en');
  const vaultStarted = performance.now();
  const created = await createVault(PASSPHRASE);
  const vaultMs = performance.now() - vaultStarted;
  const seedStarted = performance.now();
  const encrypted = await seedCases(EXAMINATIONS, new Date(), { codec: createVaultCodec(created.keys.dataKey), searchKeyer: createVaultSearchKeyer(created.keys.indexKey) });
  const encryptedSeedMs = performance.now() - seedStarted;
  const plain = await seedCases(EXAMINATIONS, new Date(), { codec: plainJsonCodec, searchKeyer: sha256SearchKeyer });
  const port = 5180 + Math.floor(Math.random() * 500);
  const server = await startWebServer({ root, port });
  try {
    const baseUrl = `http://127.0.0.1:${port}/`;
    let encryptedList: number[] = [];

    // A profile set up through the first-run screens, then unlocked on the unlock screen.
    const empty = await withBrowser(async (context) => {
      const first = await context.newPage();
      await setUpVaultThroughUi(first, baseUrl);
      await first.close();
      return unlockRuns(context, baseUrl, false);
    });
    console.log(summarise(`vault unlock (PBKDF2 ${iterations}) in Chromium, click on Unlock to keys derived`, empty.unlock, 'ms'));
    console.log(summarise('case list first render after unlock (empty database)', empty.list, 'ms'));

    // 10,000 examinations sealed with the vault's keys (AES-GCM bodies, HMAC search keys), stored
    // once into a profile that is then copied: each copy's first unlock is the first after an upgrade
    // from a version without the re-encryption marker (every body is checked once for plain ones).
    const seededDir = mkdtempSync(join(tmpdir(), 'attest-bench-seeded-'));
    try {
      const storeMs = await withProfile(seededDir, (context) => seededProfile(context, baseUrl, encrypted, [{ key: 'keyring', value: created.keyring }]));
      console.error(
        `(vault made in Node in ${(vaultMs / 1000).toFixed(1)} s; ${n} encrypted examinations computed in ${(encryptedSeedMs / 1000).toFixed(1)} s, stored in ${(storeMs / 1000).toFixed(1)} s)`,
      );
      const firstUnlock: number[] = [];
      const backgroundCheck: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const copy = mkdtempSync(join(tmpdir(), 'attest-bench-upgrade-'));
        try {
          cpSync(seededDir, copy, { recursive: true });
          await withProfile(copy, async (context) => {
            const { page, readyMs } = await unlockAndRender(context, baseUrl, true);
            firstUnlock.push(readyMs);
            backgroundCheck.push(await checkDone(page));
          });
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }
      console.log(summarise(`first unlock after an upgrade, click on Unlock to case list (${n} exams; every body checked in the background)`, firstUnlock, 'ms', 0, 1000));
      console.log(summarise(`  the background check of every body, keys derived to done, progress shown (${n} exams)`, backgroundCheck, 'ms'));

      await withProfile(seededDir, async (context) => {
        // The first unlock of this profile leaves the marker; not in the figures below.
        const { page: firstPage } = await unlockAndRender(context, baseUrl, true);
        await firstPage.close();
        const runs = await unlockRuns(context, baseUrl, true);

        const { page } = await unlockAndRender(context, baseUrl, true);
        // Five different people, spread over the year.
        const targets = [0.05, 0.3, 0.5, 0.75, 0.95].map((f) => encrypted.cases[Math.floor(f * encrypted.cases.length)]).filter((c) => c !== undefined);
        const byName: number[] = [];
        const byId: number[] = [];
        const byFacility: number[] = [];
        const byStatus: number[] = [];
        for (const target of targets) {
          byName.push(await timeSearch(page, 'Name or ID number', target.fullName, encrypted.matches('name', target.fullName)));
          byId.push(await timeSearch(page, 'Name or ID number', target.idNumber.toLowerCase(), encrypted.matches('id', target.idNumber)));
          const facility = target.row.facilityCode ?? '';
          byFacility.push(await timeSearch(page, 'Facility code', facility, encrypted.cases.filter((c) => c.row.facilityCode === facility).length));
          const status = target.row.status;
          byStatus.push(await timeSearch(page, 'Status', status, encrypted.cases.filter((c) => c.row.status === status).length));
        }
        // Arrival: a first click shows the latest first, a second the earliest first.
        const latestFirst: number[] = [];
        const earliestFirst: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          latestFirst.push(await timeSort(page, 'Arrival'));
          await expectFirstArrival(page, encrypted, 'latest');
          earliestFirst.push(await timeSort(page, 'Arrival'));
          await expectFirstArrival(page, encrypted, 'earliest');
          // Back to the default order, so that the next click on Arrival starts again at "latest first".
          await timeSort(page, 'Opened');
        }
        // The seeded bodies open in the app: one case's examination shows its ID number.
        const opened = targets[2];
        if (opened) {
          await page.evaluate((id) => { location.hash = `#/cases/${id}`; }, opened.row.id);
          await page.getByRole('heading', { level: 1, name: `Case ${opened.row.caseNumber}` }).waitFor();
          await page.waitForFunction((value) => [...document.querySelectorAll('input')].some((input) => input.value === value), opened.idNumber, { timeout: 10_000 });
        }
        await page.close();
        console.log(summarise(`vault unlock (PBKDF2 ${iterations}) to case list ready, ${n} encrypted examinations`, runs.ready, 'ms'));
        console.log(summarise(`case list first render after unlock (${n} exams, encrypted)`, runs.list, 'ms', 0, 50));
        console.log(summarise(`exact search by name, blind index (${n} exams, encrypted)`, byName, 'ms', 0, 30));
        console.log(summarise(`exact search by ID number, blind index (${n} exams, encrypted)`, byId, 'ms', 0, 30));
        console.log(summarise(`filter by facility (${n} exams, encrypted)`, byFacility, 'ms', 0, 50));
        console.log(summarise(`filter by status (${n} exams, encrypted)`, byStatus, 'ms', 0, 50));
        console.log(summarise(`sort by arrival, latest first (${n} exams, encrypted)`, latestFirst, 'ms', 0, 50));
        console.log(summarise(`sort by arrival, earliest first (${n} exams, encrypted)`, earliestFirst, 'ms', 0, 50));
        encryptedList = runs.list;
      });
    } finally {
      rmSync(seededDir, { recursive: true, force: true });
    }

    // The same examinations unencrypted (plain-json-1 bodies, sha256-1 keys), under the same keyring,
    // with the re-encryption marker already present so the app leaves them plain: the same app path,
    // only the stored codec differs.
    const plainRuns = await withBrowser(async (context) => {
      await seededProfile(context, baseUrl, plain, [
        { key: 'keyring', value: created.keyring },
        { key: RESEALED_MARKER, value: { codec: VAULT_CODEC_ID, at: new Date().toISOString() } },
      ]);
      const runs = await unlockRuns(context, baseUrl, true);
      console.log(summarise(`case list first render after unlock (${n} examinations, plain)`, runs.list, 'ms'));
      return runs;
    });
    const ratio = median(encryptedList) / median(plainRuns.list);
    console.log(`case list, encrypted vs plain (${n} exams): ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
