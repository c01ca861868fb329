/**
 * Bulk export figures (issue #18, "Done when": 10,000 cases, JSON and FHIR, streamed with flat
 * memory, ≤ 60 s). The app's own code (`bulkExportLines`: ids a page at a time, each case opened from
 * the vault, its case file built, one NDJSON line yielded) over fake-indexeddb with the vault's real
 * codec, written to a file under /tmp piece by piece as the platform's streamed writing does. Prints
 * `name: median unit (min–max, n=N)` and the peak heap growth over the heap before the run (after a
 * gc), sampled at every line. N is BENCH_BULK_RUNS (default 3: a 10,000-case run takes tens of seconds).
 * Run: `node --expose-gc --import tsx test/bench/caseFiles.ts` (chained in `npm run bench`).
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { EXAMPLE_CLINICIAN } from '../../cli/example';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { bulkExportLines, type BulkFormat } from '../../renderer/interop/caseFiles';
import { createVault } from '../../shared/vault';
import { seedCases } from './seed';
import { summarise } from './stats';

const COUNT = Number(process.env.BENCH_BULK_CASES ?? '10000');
const RUNS = Number(process.env.BENCH_BULK_RUNS ?? '3');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const now = new Date();
const created = await createVault('bench passphrase for bulk export', { iterations: 1_000, allowInsecureIterationsForTests: true });
const codec = createVaultCodec(created.keys.dataKey);
const db = createDatabase({ name: 'bench-bulk', indexedDB: new IDBFactory(), IDBKeyRange });
await db.open();
await db.vault.put({ key: 'keyring', value: created.keyring });
// The statistics seed, its bodies sealed by the vault codec here: its `noInjuriesSeen` is written as
// 'yes'/'no' (read leniently by the statistics), which the examination schema refuses, so each is
// turned into the boolean the form stores before sealing (or every case would be left out).
const seeded = await seedCases(COUNT, now, { searchKeyer: createVaultSearchKeyer(created.keys.indexKey), statistics: true });
await db.cases.bulkPut(seeded.cases.map((c) => c.row));
const bodies = [];
for (const c of seeded.cases) {
  const body = JSON.parse((c.body.body as { payload: string }).payload) as { examination: { findings?: { noInjuriesSeen?: unknown; lastLesionNo?: number } } };
  const findings = body.examination.findings;
  if (findings) {
    findings.noInjuriesSeen = findings.noInjuriesSeen === 'yes';
    // No lesion: no last lesion number (the schema's minimum is 1).
    if (findings.lastLesionNo === 0) delete findings.lastLesionNo;
  }
  bodies.push({ id: c.body.id, schemaVersion: c.body.schemaVersion, body: await codec.seal({ table: 'caseBodies', id: c.body.id, schemaVersion: c.body.schemaVersion }, body) });
}
await db.caseBodies.bulkPut(bodies);
const repos = await openRepositories({ db, codec, searchKeyer: createVaultSearchKeyer(created.keys.indexKey) });
await repos.identity.saveProfile(EXAMPLE_CLINICIAN);
const period = { from: '1970-01-01', to: '9999-12-31' };
const out = '/tmp/attest-bench-bulk.ndjson';
let retained: number[] = [];

async function run(format: BulkFormat): Promise<{ ms: number; heapGrowth: number; bytes: number; done: number; skipped: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let bytes = 0;
  let done = 0;
  let skipped = 0;
  const file = createWriteStream(out);
  const start = performance.now();
  for await (const line of bulkExportLines(repos, { period, format, language: 'en', now, onProgress: (p) => { done = p.done; skipped = p.skipped; } })) {
    bytes += line.byteLength;
    if (!file.write(line)) await new Promise<void>((resolve) => { file.once('drain', () => { resolve(); }); });
    const heap = process.memoryUsage().heapUsed;
    if (heap > peak) peak = heap;
  }
  await new Promise<void>((resolve, reject) => { file.end((error?: Error | null) => { if (error) reject(error); else resolve(); }); });
  const ms = performance.now() - start;
  await rm(out, { force: true });
  gc();
  retained.push((process.memoryUsage().heapUsed - base) / (1024 * 1024));
  return { ms, heapGrowth: peak - base, bytes, done, skipped };
}

for (const format of ['case-files', 'fhir'] as BulkFormat[]) {
  const times: number[] = [];
  const growth: number[] = [];
  retained = [];
  let last = { bytes: 0, done: 0, skipped: 0 };
  for (let i = 0; i < RUNS; i += 1) {
    const result = await run(format);
    times.push(result.ms / 1000);
    growth.push(result.heapGrowth / (1024 * 1024));
    last = result;
  }
  const label = format === 'fhir' ? 'FHIR R4 bundles' : 'attest-case JSON';
  console.log(summarise(`bulk export of ${String(COUNT)} cases as NDJSON, ${label} (${String(last.done)} written, ${String(last.skipped)} left out; ${String(Math.round(last.bytes / (1024 * 1024)))} MB)`, times, 's', 1, 60));
  console.log(summarise(`  peak heap growth during that export (heapUsed sampled at every line, no forced gc)`, growth, 'MB', 1));
  console.log(summarise(`  heap retained after that export (after a gc)`, retained, 'MB', 1));
}
db.close();
