/**
 * Report bench: the reference case R1 rendered and signed in Node, as `attest render` + `attest sign`
 * (or the app) would. Not part of `npm test`; chained last in `npm run bench`. Run alone:
 *   node --expose-gc --import tsx test/bench/report.ts
 *
 * R1 (40 findings, 20 photographs of 12 MP, a long allegation) is made by test/bench/r1.ts.
 *
 * Prints, one line each, `name: median unit (min–max, n=5)` after one warm-up run:
 *   - report R1 render + sign: buildReportModel + renderPdf + signPdf, ms (target ≤ 1 s);
 *   - report R1 peak RSS delta / peak heap delta over the run's start (after a GC), MB;
 *   - report R1 signed file size, MB (target ≤ 15 MB).
 */
import { DISPLAY_LONG_EDGE, DISPLAY_QUALITY } from '../../renderer/photos/deriveCore';
import { verifyPdf } from '../../shared/signing';
import { allegation, FINDINGS, pageCount, PHOTOS, r1CaseFile, r1Report } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const { caseFile, copies } = await r1CaseFile();
  const r1 = await r1Report(caseFile);
  const input = r1.input;

  async function renderAndSign(): Promise<Uint8Array> {
    return r1.sign(await r1.render());
  }

  const warm = await renderAndSign();
  const verified = await verifyPdf(warm);
  if (verified.kind !== 'signed' || verified.signatures.length !== 1) throw new Error('the signed R1 report does not read as signed once');
  const pages = pageCount(warm);

  const times: number[] = [];
  const rss: number[] = [];
  const heap: number[] = [];
  const size: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    global.gc?.();
    const start = process.memoryUsage();
    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss - start.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed - start.heapUsed);
    };
    const sampler = setInterval(sample, 2);
    const t0 = performance.now();
    const signed = await renderAndSign();
    const elapsed = performance.now() - t0;
    sample();
    clearInterval(sampler);
    times.push(elapsed);
    rss.push(peakRss / MB);
    heap.push(peakHeap / MB);
    size.push(signed.length / MB);
  }

  const averageKb = copies.reduce((n, c) => n + c.length, 0) / copies.length / 1024;
  console.log(
    `report R1: ${String(FINDINGS)} findings on ${String(new Set(input.exam.findings?.lesions.map((l) => l.mark?.chart)).size)} charts, ${String(PHOTOS)} photographs of 4000 × 3000 as ${String(DISPLAY_LONG_EDGE)} px JPEG display copies (quality ${String(DISPLAY_QUALITY)}, ${averageKb.toFixed(0)} KB on average), allegation of ${String(allegation().length)} characters; ${String(pages)} pages`,
  );
  console.log(summarise('report R1 render + sign', times, 'ms'));
  console.log(summarise('report R1 render + sign peak RSS delta', rss, 'MB', 1));
  console.log(summarise('report R1 render + sign peak heap delta', heap, 'MB', 1));
  console.log(summarise('report R1 signed file size', size, 'MB', 2));
  console.log('targets: render + sign ≤ 1000 ms, file ≤ 15 MB');
  if (global.gc === undefined) console.log('(run with node --expose-gc for steadier memory baselines)');
}

main().catch((error: unknown) => {
  console.error('report bench failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
