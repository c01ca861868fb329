/**
 * `npm run bench`: figures measured in Debian's Chromium against the built renderer, one line each as
 * `name: median unit (min–max, n=5)`:
 *   - renderer bundle size, gzipped;
 *   - time from navigation start to the case list shown and usable (performance mark
 *     `attest:case-list-ready`), with an empty database and with 10,000 stored examinations, and the
 *     same from DOMContentLoaded (the app's own work, without fetching and parsing the bundle);
 *   - time from submitting the search form to its results on screen (mark `attest:case-search-done`),
 *     searching 10,000 examinations by exact name, by identity number and by facility;
 *   - time from a click on a column's sort button to the list shown in that order (mark
 *     `attest:case-list-updated`), for an order no index gives (arrival).
 * The 10,000 examinations are computed in Node as the app stores them (test/bench/seed.ts) and written
 * into the page's IndexedDB in batches. Not part of `npm test`: the figures depend on the machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { startWebServer } from '../../cli/webServer';
import { chromiumArgs } from '../../playwright.config';
import { seedCases, type Seed } from './seed';
import { summarise } from './stats';

const RUNS = 5;
const EXAMINATIONS = 10_000;
const BATCH = 1_000;
const root = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

function bundleSize(): string {
  const assets = join(root, 'assets');
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = readFileSync(join(assets, name));
    raw += bytes.byteLength;
    gzip += gzipSync(bytes, { level: 9 }).byteLength;
  }
  return `renderer bundle (js+css): ${(gzip / 1024).toFixed(1)} kB gzipped (${(raw / 1024).toFixed(1)} kB raw)`;
}

async function withBrowser<T>(run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'attest-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    return await run(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Writes the seeded cases into the app's IndexedDB (opened and upgraded by the app first). */
async function store(page: Page, seed: Seed): Promise<void> {
  for (let start = 0; start < seed.cases.length; start += BATCH) {
    const batch = seed.cases.slice(start, start + BATCH);
    await page.evaluate(
      async ({ cases, counters }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('attest');
          open.onsuccess = () => { resolve(open.result); };
          open.onerror = () => { reject(new Error('open failed')); };
        });
        const tx = db.transaction(['cases', 'caseBodies', 'counters'], 'readwrite');
        for (const c of cases) {
          tx.objectStore('cases').put(c.row);
          tx.objectStore('caseBodies').put(c.body);
        }
        for (const counter of counters) tx.objectStore('counters').put(counter);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => { resolve(); };
          tx.onerror = () => { reject(new Error('seed failed')); };
        });
        db.close();
      },
      { cases: batch.map(({ row, body }) => ({ row, body })), counters: seed.counters },
    );
  }
}

/**
 * Opens the app in a new page and reads the first-render mark: from navigation start (`ms`), and from
 * DOMContentLoaded (`appMs`), which fires once the bundle has been fetched, parsed and run, so
 * `appMs` is the app's own work: strings, database, settings, the first page of cases, render.
 */
async function firstRender(context: BrowserContext, baseUrl: string, expectRows: boolean): Promise<{ page: Page; ms: number; appMs: number }> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.locator('main[data-state="ready"]').waitFor();
  const { ms, appMs } = await page.evaluate(() => {
    const ready = performance.getEntriesByName('attest:case-list-ready')[0]?.startTime ?? NaN;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { ms: ready, appMs: ready - (navigation?.domContentLoadedEventStart ?? NaN) };
  });
  if (expectRows && (await page.locator('table.case-table tbody tr').count()) !== 100) throw new Error('the first page of seeded cases is not shown');
  return { page, ms, appMs };
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

/** Submits the search form with one field filled, and measures until the results are on screen. */
async function timeSearch(page: Page, field: string, value: string, expected: number): Promise<number> {
  const input = page.getByLabel(field, { exact: true });
  await input.fill(value);
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
  await input.fill('');
  if (field !== 'Name or ID number') await input.press('Enter');
  await page.locator('table.case-table caption').filter({ hasText: `${EXAMINATIONS.toLocaleString('en')} cases` }).waitFor();
  return ms;
}

async function main(): Promise<void> {
  console.log(bundleSize());
  const seedStarted = performance.now();
  const seed = await seedCases(EXAMINATIONS, new Date());
  const seedMs = performance.now() - seedStarted;
  const port = 5180 + Math.floor(Math.random() * 500);
  const server = await startWebServer({ root, port });
  try {
    const baseUrl = `http://127.0.0.1:${port}/`;

    const empty = await withBrowser(async (context) => {
      const samples: number[] = [];
      const appSamples: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const { page, ms, appMs } = await firstRender(context, baseUrl, false);
        samples.push(ms);
        appSamples.push(appMs);
        await page.close();
      }
      return { samples, appSamples };
    });
    console.log(summarise('case list first render after page load (empty database)', empty.samples, 'ms'));
    console.log(summarise('case list first render after the bundle has run (empty database)', empty.appSamples, 'ms'));

    await withBrowser(async (context) => {
      const setup = await context.newPage();
      await setup.goto(baseUrl);
      await setup.locator('main[data-state="ready"]').waitFor();
      const storeStarted = performance.now();
      await store(setup, seed);
      await setup.close();
      console.error(`(seeded ${EXAMINATIONS} examinations: computed in ${(seedMs / 1000).toFixed(1)} s, stored in ${((performance.now() - storeStarted) / 1000).toFixed(1)} s)`);

      const renders: number[] = [];
      const appRenders: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const { page, ms, appMs } = await firstRender(context, baseUrl, true);
        renders.push(ms);
        appRenders.push(appMs);
        await page.close();
      }
      console.log(summarise(`case list first render after page load (${EXAMINATIONS.toLocaleString('en')} examinations)`, renders, 'ms'));
      console.log(summarise(`case list first render after the bundle has run (${EXAMINATIONS.toLocaleString('en')} examinations)`, appRenders, 'ms'));

      const { page } = await firstRender(context, baseUrl, true);
      // Five different people, spread over the year.
      const targets = [0.05, 0.3, 0.5, 0.75, 0.95].map((f) => seed.cases[Math.floor(f * seed.cases.length)]).filter((c) => c !== undefined);
      const byName: number[] = [];
      const byId: number[] = [];
      const byFacility: number[] = [];
      for (const target of targets) {
        byName.push(await timeSearch(page, 'Name or ID number', target.fullName, seed.matches('name', target.fullName)));
        byId.push(await timeSearch(page, 'Name or ID number', target.idNumber.toLowerCase(), seed.matches('id', target.idNumber)));
        const facility = target.row.facilityCode ?? '';
        byFacility.push(await timeSearch(page, 'Facility code', facility, seed.cases.filter((c) => c.row.facilityCode === facility).length));
      }
      // Orders that no index gives: every row's metadata is read and sorted (bodies never are).
      const byArrival: number[] = [];
      for (let run = 0; run < RUNS; run += 1) byArrival.push(await timeSort(page, 'Arrival'));
      await page.close();
      console.log(summarise(`exact-match search by name (${EXAMINATIONS.toLocaleString('en')} examinations)`, byName, 'ms'));
      console.log(summarise(`exact-match search by ID number (${EXAMINATIONS.toLocaleString('en')} examinations)`, byId, 'ms'));
      console.log(summarise(`filter by facility (${EXAMINATIONS.toLocaleString('en')} examinations)`, byFacility, 'ms'));
      console.log(summarise(`sort by arrival, either direction (${EXAMINATIONS.toLocaleString('en')} examinations)`, byArrival, 'ms'));
    });
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
