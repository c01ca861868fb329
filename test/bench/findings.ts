/**
 * Findings figures, measured in Debian's Chromium against the built renderer through the real UI, one
 * line each as `name: median unit (min–max, n=5)`:
 *   - importing one 12 MP JPEG (4000 × 3000, about 5 MB, made in the page with a canvas) through the
 *     photograph file chooser: from the file chosen (mark `attest:photo-import-start`) to the photograph
 *     checked, hashed, derived (display copy and thumbnail, in a worker), sealed, stored and added to
 *     the draft (mark `attest:photo-import-done`); five different files, so none is a duplicate;
 *   - opening a case whose findings hold 40 lesions marked on the charts: from the case screen asking
 *     for the record (mark `attest:case-open`) to the first frame after the findings workspace (charts
 *     with 40 marks, lesion table, photographs) is drawn (mark `attest:findings-rendered`).
 * Run: `npm run build:renderer && node --import tsx test/bench/findings.ts` (chained in `npm run bench`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, type Page } from '@playwright/test';
import { startWebServer } from '../../cli/webServer';
import { chromiumArgs } from '../../playwright.config';
import { admissionExaminationV1 } from '../../forms';
import { allFields } from '../../forms/model';
import { createCase, enter, setUpVault, waitSaved } from '../e2e/support/examForm';
import { summarise } from './stats';

const RUNS = 5;
const LESIONS = 40;
const root = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

function def(path: string) {
  const found = allFields(admissionExaminationV1).find((f) => f.pattern === path);
  if (!found) throw new Error(`no field ${path}`);
  return found.field;
}

/** A 12 MP JPEG made in the page: a soft gradient with noise, so it compresses like a photograph. */
async function makeJpeg(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (s) => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const gradient = ctx.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#d8b49a');
    gradient.addColorStop(1, '#8a5a44');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, 4000, 3000);
    const tile = ctx.createImageData(500, 500);
    let x = s * 2654435761;
    for (let i = 0; i < tile.data.length; i += 4) {
      x = (x * 1103515245 + 12345) >>> 0;
      const n = (x >>> 24) - 128;
      tile.data[i] = 200 + (n >> 2);
      tile.data[i + 1] = 150 + (n >> 2);
      tile.data[i + 2] = 130 + (n >> 2);
      tile.data[i + 3] = 60;
    }
    for (let ty = 0; ty < 3000; ty += 500) for (let tx = 0; tx < 4000; tx += 500) ctx.putImageData(tile, tx, ty);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, seed);
  return Buffer.from(base64, 'base64');
}

async function measureBetween(page: Page, start: string, end: string): Promise<number> {
  return page.evaluate(
    ([a, b]) => {
      const starts = performance.getEntriesByName(a, 'mark');
      const ends = performance.getEntriesByName(b, 'mark');
      const s = starts[starts.length - 1];
      const e = ends[ends.length - 1];
      if (!s || !e || e.startTime < s.startTime) throw new Error(`marks ${a} → ${b} missing`);
      return e.startTime - s.startTime;
    },
    [start, end] as const,
  );
}

async function main(): Promise<void> {
  const server = await startWebServer({ root, port: 0 });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const profile = mkdtempSync(join(tmpdir(), 'attest-bench-findings-'));
  const files = mkdtempSync(join(tmpdir(), 'attest-bench-photos-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
    baseURL: `http://127.0.0.1:${String(port)}`,
    viewport: { width: 1400, height: 1000 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await setUpVault(page);
    await createCase(page);
    await enter(page, def('consent.physicalExam.decision'), 'consent.physicalExam.decision', 'given');
    await enter(page, def('consent.photography.decision'), 'consent.photography.decision', 'given');

    // Photograph import, five different 12 MP JPEGs.
    const importMs: number[] = [];
    let megabytes = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const jpeg = await makeJpeg(page, run + 1);
      megabytes = jpeg.byteLength / 1_000_000;
      const file = join(files, `photo-${String(run)}.jpg`);
      writeFileSync(file, jpeg);
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Add photographs…' }).click();
      await (await chooser).setFiles(file);
      await expect(page.getByTestId('photo-import-status')).toHaveText('1 photograph added.', { timeout: 30_000 });
      await expect(page.locator('.photo-card')).toHaveCount(run + 1);
      importMs.push(await measureBetween(page, 'attest:photo-import-start', 'attest:photo-import-done'));
    }
    console.log(summarise(`findings: import one 12 MP JPEG (${megabytes.toFixed(1)} MB: check, hash, derive, seal, store)`, importMs, 'ms'));

    // Forty lesions, placed from the region lists of several charts (the keyboard path).
    const workspace = page.getByTestId('findings-workspace');
    const chartSelect = workspace.getByLabel('Chart');
    const charts = await chartSelect.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    let placed = 0;
    for (const chart of charts) {
      if (placed >= LESIONS) break;
      await chartSelect.selectOption(chart);
      const details = workspace.locator('details.region-details');
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
      const buttons = details.locator('button[data-region-key]');
      const count = Math.min(await buttons.count(), 8, LESIONS - placed);
      for (let i = 0; i < count; i += 1) {
        await buttons.nth(i).click();
        placed += 1;
      }
    }
    await expect(page.getByTestId('lesion-table').locator('tbody tr')).toHaveCount(LESIONS);
    await waitSaved(page);

    const openMs: number[] = [];
    const url = page.url();
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto('about:blank');
      await page.goto(url);
      // setUpVault's handler unlocks; then the case screen opens the record.
      await expect(page.getByTestId('lesion-table').locator('tbody tr')).toHaveCount(LESIONS, { timeout: 30_000 });
      await expect(page.locator('svg[data-chart] [data-mark-id]')).not.toHaveCount(0);
      await page.waitForFunction(() => performance.getEntriesByName('attest:findings-rendered', 'mark').length > 0);
      openMs.push(await measureBetween(page, 'attest:case-open', 'attest:findings-rendered'));
    }
    // ATTEST_BENCH_SCREENSHOTS=DIR keeps a picture of the 40 marks, to look at.
    const shots = process.env.ATTEST_BENCH_SCREENSHOTS;
    if (shots !== undefined) {
      await page.getByTestId('findings-workspace').screenshot({ path: join(shots, 'findings-40-lesions.png') });
    }
    console.log(summarise(`findings: open a case with ${String(LESIONS)} marked lesions and 5 photographs, to the findings workspace drawn`, openMs, 'ms'));
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  }
}

await main();
