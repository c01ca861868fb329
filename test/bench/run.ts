/**
 * `npm run bench`: figures measured in Debian's Chromium against the built renderer.
 *   - renderer bundle size, gzipped;
 *   - time from navigation start to the case list being shown and usable (performance mark
 *     `attest:case-list-ready`), with an empty database and with 1,000 stored cases.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { startWebServer } from '../../cli/webServer';
import { chromiumArgs } from '../../playwright.config';
import { summarise } from './stats';

const RUNS = 5;
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

/** Writes `count` cases straight into the app's IndexedDB, in the stored shape of schema version 1. */
async function seed(page: Page, count: number): Promise<void> {
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('attest');
      open.onsuccess = () => { resolve(open.result); };
      open.onerror = () => { reject(new Error('open failed')); };
    });
    const tx = db.transaction(['cases', 'counters'], 'readwrite');
    const cases = tx.objectStore('cases');
    const types = ['admission', 'return_from_police_custody', 'post_incident', 'transfer_in'];
    const start = Date.UTC(2026, 0, 1);
    for (let i = 1; i <= n; i += 1) {
      const at = new Date(start + i * 3_600_000).toISOString();
      cases.put({
        id: crypto.randomUUID(),
        caseNumber: `A-2026-${String(i).padStart(5, '0')}`,
        encounterType: types[i % types.length],
        facilityCode: `PRISON-${String(i % 12).padStart(2, '0')}`,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        revision: 1,
        schemaVersion: 1,
        body: { codec: 'plain-json-1', payload: JSON.stringify({ schemaVersion: 1, openedAt: at }) },
      });
    }
    tx.objectStore('counters').put({ name: 'caseNumber:2026', value: n });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => { resolve(); };
      tx.onerror = () => { reject(new Error('seed failed')); };
    });
    db.close();
  }, count);
}

async function timeToCaseList(baseUrl: string, cases: number): Promise<number[]> {
  const profile = mkdtempSync(join(tmpdir(), 'attest-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    const setup = await context.newPage();
    await setup.goto(baseUrl);
    await setup.locator('main[data-state="ready"]').waitFor();
    if (cases > 0) await seed(setup, cases);
    await setup.close();

    const samples: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const page = await context.newPage();
      await page.goto(baseUrl);
      await page.locator('main[data-state="ready"]').waitFor();
      const ms = await page.evaluate(() => performance.getEntriesByName('attest:case-list-ready')[0]?.startTime ?? NaN);
      if (cases > 0 && (await page.locator('tbody tr').count()) === 0) throw new Error('seeded cases not shown');
      samples.push(ms);
      await page.close();
    }
    return samples;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(bundleSize());
  const port = 5180 + Math.floor(Math.random() * 500);
  const server = await startWebServer({ root, port });
  try {
    const baseUrl = `http://127.0.0.1:${port}/`;
    for (const cases of [0, 1000]) {
      console.log(summarise(`case list interactive after page load (${cases} cases)`, await timeToCaseList(baseUrl, cases), 'ms'));
    }
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
