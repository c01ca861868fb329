/**
 * Vault figures, one line each as `name: median unit (min–max, n=5)`, measured in Node 20 and in
 * Debian's Chromium (the engine the app runs in; `shared/vault` is bundled with esbuild and served
 * from 127.0.0.1, a secure context):
 *   - unlocking with the passphrase (PBKDF2-SHA-256, 600,000 rounds, then unwrap and derive);
 *   - unlocking with the recovery key (HKDF, no stretching);
 *   - seal + open throughput of a 1 MB record (JSON) and of a 1 MB attachment (bytes);
 *   - tamper-evident storage (issue #20 item 4), at 10,000 cases, in Node over fake-indexeddb (the
 *     repositories and Dexie, not Chromium's IndexedDB: the keyed/plain DIFFERENCE is the figure to
 *     read, the absolute times are fake-indexeddb's): a case save and a case open with the keyed chain
 *     and the rolled-back check against the same without a key; the first unlock of this version
 *     (a plain chain of 10,000 events verified and anchored under the key) and every later unlock
 *     (the anchor checked); the Settings check of the whole chain, keyed against plain.
 * Run: `node --import tsx test/bench/vault.ts`. Not part of `npm test`: the figures depend on the machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { chromiumArgs } from '../../playwright.config';
import * as vaultModule from '../../shared/vault';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase } from '../../renderer/db/database';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { openRepositories } from '../../renderer/db/repos';
import { seedCases } from './seed';
import { summarise } from './stats';

type Vault = typeof vaultModule;
const RUNS = 5;
const PASSPHRASE = 'tiger lamp ocean violin';
const MB = 1_000_000;

interface Samples {
  readonly passphraseUnlockMs: number[];
  readonly recoveryUnlockMs: number[];
  readonly recordMBps: number[];
  readonly bytesMBps: number[];
}

/**
 * The measurement, written once and run in both engines: in Chromium it is serialised by Playwright,
 * so it may use nothing but its argument and the platform.
 */
async function measure(vault: Vault, runs: number, passphrase: string, size: number): Promise<Samples> {
  const { keyring, recoveryKey } = await vault.createVault(passphrase);
  const samples: Samples = { passphraseUnlockMs: [], recoveryUnlockMs: [], recordMBps: [], bytesMBps: [] };
  let keys = await vault.unlockWithPassphrase(keyring, passphrase);
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    keys = await vault.unlockWithPassphrase(keyring, passphrase);
    samples.passphraseUnlockMs.push(performance.now() - start);
    start = performance.now();
    await vault.unlockWithRecoveryKey(keyring, recoveryKey);
    samples.recoveryUnlockMs.push(performance.now() - start);
  }
  // A record of about 1 MB of JSON: an account in mixed scripts, as a long examination might hold.
  const sentence = 'He said they beat him at the station — Они били его — Le golpearon en la comisaría. ';
  const record = { account: { ownWords: sentence.repeat(Math.ceil(size / new TextEncoder().encode(sentence).length)) } };
  const recordBytes = new TextEncoder().encode(JSON.stringify(record)).length;
  const attachment = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(attachment.subarray(offset, Math.min(size, offset + 65_536)));
  const where = { table: 'caseBodies', id: '00000000-0000-4000-8000-000000000001', schemaVersion: 1 };
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    await vault.openRecord(keys.dataKey, where, await vault.sealRecord(keys.dataKey, where, record));
    samples.recordMBps.push(recordBytes / 1_000_000 / ((performance.now() - start) / 1000));
    start = performance.now();
    await vault.openBytes(keys.dataKey, where, await vault.sealBytes(keys.dataKey, where, attachment));
    samples.bytesMBps.push(size / 1_000_000 / ((performance.now() - start) / 1000));
  }
  return samples;
}

function report(engine: string, samples: Samples): void {
  const iterations = vaultModule.DEFAULT_PBKDF2_ITERATIONS.toLocaleString('en');
  console.log(summarise(`vault: PBKDF2 ${iterations} iterations unlock (${engine})`, samples.passphraseUnlockMs, 'ms'));
  console.log(summarise(`vault: recovery-key unlock (${engine})`, samples.recoveryUnlockMs, 'ms', 1));
  console.log(summarise(`vault: seal+open 1 MB record, JSON (${engine})`, samples.recordMBps, 'MB/s'));
  console.log(summarise(`vault: seal+open 1 MB attachment, bytes (${engine})`, samples.bytesMBps, 'MB/s'));
}

async function inChromium(): Promise<{ version: string; samples: Samples }> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../shared/vault/index.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'AttestVault',
    platform: 'browser',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((request, response) => {
    const isScript = request.url === '/vault.js';
    response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
    response.end(isScript ? script : '<!doctype html><script src="/vault.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const samples = await page.evaluate(
      async ({ source, runs, passphrase, size }) => {
        const vault = (globalThis as unknown as { AttestVault: Vault }).AttestVault;
        // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the measurement, serialised above, rebuilt in the page.
        const factory = new Function(`return (${source})`) as () => typeof measure;
        return factory()(vault, runs, passphrase, size);
      },
      { source: measure.toString(), runs: RUNS, passphrase: PASSPHRASE, size: MB },
    );
    return { version: browser.version(), samples };
  } finally {
    await browser.close();
    server.close();
  }
}

/** Issue #20 item 4: what the keyed chain and the rolled-back check cost, at 10,000 cases (see the header). */
async function tamperEvidence(): Promise<void> {
  const CASES = 10_000;
  const SAVES = 50;
  const created = await vaultModule.createVault(PASSPHRASE, { iterations: 1_000, allowInsecureIterationsForTests: true });
  const { keys } = created;
  const codec = createVaultCodec(keys.dataKey);
  const searchKeyer = createVaultSearchKeyer(keys.indexKey);
  const db = createDatabase({ name: 'bench-tamper', indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.vault.put({ key: 'keyring', value: created.keyring });
  // 10,000 cases as an earlier version stored them (bodies without revision), and their 'create'
  // events as a plain SHA-256 chain: what the first unlock of this version finds.
  const seed = await seedCases(CASES, new Date(), { codec, searchKeyer });
  let head: vaultModule.ChainHead = vaultModule.EMPTY_CHAIN_HEAD;
  const entries: vaultModule.StoredAuditEntry[] = [];
  for (const { row } of seed.cases) {
    const entry = await vaultModule.appendEvent(head, { at: row.createdAt, actor: 'local-clinician', action: 'create', recordType: 'case', recordId: row.id });
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  for (let at = 0; at < CASES; at += 1_000) {
    const page = seed.cases.slice(at, at + 1_000);
    await db.transaction('rw', db.cases, db.caseBodies, db.audit, async () => {
      await db.cases.bulkAdd(page.map((c) => c.row));
      await db.caseBodies.bulkAdd(page.map((c) => c.body));
      await db.audit.bulkAdd(entries.slice(at, at + 1_000));
    });
  }
  const plain = await openRepositories({ db, codec, searchKeyer });
  const keyed = await openRepositories({ db, codec, searchKeyer, auditKey: keys.auditKey });

  const upgradeMs: number[] = [];
  const anchoredMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    await db.vault.delete(vaultModule.AUDIT_ANCHOR_ROW);
    let start = performance.now();
    const outcome = await keyed.audit.secure();
    upgradeMs.push(performance.now() - start);
    if (outcome.kind !== 'upgraded') throw new Error(`bench: expected the upgrade, got ${outcome.kind}`);
    start = performance.now();
    if ((await keyed.audit.secure()).kind !== 'anchored') throw new Error('bench: expected an anchored chain');
    anchoredMs.push(performance.now() - start);
  }

  // Saves and opens: keyed on one set of cases, plain (no key, no check) on another, interleaved.
  const drafts = seed.cases.filter((c) => c.row.status === 'draft');
  const keyedIds = drafts.slice(0, RUNS).map((c) => c.row.id);
  const plainIds = drafts.slice(RUNS, 2 * RUNS).map((c) => c.row.id);
  const samples = { keyedSave: [] as number[], plainSave: [] as number[], keyedOpen: [] as number[], plainOpen: [] as number[] };
  for (let i = 0; i < RUNS; i += 1) {
    for (const [repos, id, save, open] of [
      [plain, plainIds[i], samples.plainSave, samples.plainOpen],
      [keyed, keyedIds[i], samples.keyedSave, samples.keyedOpen],
    ] as const) {
      if (id === undefined) throw new Error('bench: no case');
      const first = await repos.cases.get(id);
      if (first === null) throw new Error('bench: case missing');
      const draft = first.body.examination;
      let revision = first.summary.revision;
      let start = performance.now();
      for (let n = 0; n < SAVES; n += 1) revision = (await repos.cases.saveExamination(id, draft, revision)).revision;
      save.push((performance.now() - start) / SAVES);
      start = performance.now();
      for (let n = 0; n < SAVES; n += 1) await repos.cases.get(id);
      open.push((performance.now() - start) / SAVES);
    }
  }
  // The plain saves appended entries without MACs: re-anchor over them so that the keyed check can run.
  await db.vault.delete(vaultModule.AUDIT_ANCHOR_ROW);
  await db.audit.toCollection().modify((row) => { delete row.mac; });
  await keyed.audit.secure();
  const verifyKeyedMs: number[] = [];
  const verifyPlainMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    let start = performance.now();
    if (!(await keyed.audit.verify()).ok) throw new Error('bench: keyed chain does not verify');
    verifyKeyedMs.push(performance.now() - start);
    start = performance.now();
    if (!(await plain.audit.verify()).ok) throw new Error('bench: plain chain does not verify');
    verifyPlainMs.push(performance.now() - start);
  }
  const engine = `Node ${process.versions.node}, fake-indexeddb, ${CASES.toLocaleString('en')} cases`;
  console.log(summarise(`tamper: case save, keyed chain + revision + rolled-back check (${engine})`, samples.keyedSave, 'ms', 2));
  console.log(summarise(`tamper: case save, plain chain, no check (${engine})`, samples.plainSave, 'ms', 2));
  console.log(summarise(`tamper: case open, rolled-back check (${engine})`, samples.keyedOpen, 'ms', 2));
  console.log(summarise(`tamper: case open, no check (${engine})`, samples.plainOpen, 'ms', 2));
  console.log(summarise(`tamper: first unlock of this version, plain chain of ${CASES.toLocaleString('en')} events verified and anchored (${engine})`, upgradeMs, 'ms'));
  console.log(summarise(`tamper: every later unlock, key anchor checked (${engine})`, anchoredMs, 'ms', 2));
  console.log(summarise(`tamper: Settings check of ${String(await keyed.audit.count())} events, keyed (${engine})`, verifyKeyedMs, 'ms'));
  console.log(summarise(`tamper: Settings check, plain (${engine})`, verifyPlainMs, 'ms'));
  keyed.close();
}

if (process.env.ATTEST_BENCH_ONLY !== 'tamper') {
  report(`Node ${process.versions.node}`, await measure(vaultModule, RUNS, PASSPHRASE, MB));
  const chromiumRun = await inChromium();
  report(`Chromium ${chromiumRun.version}`, chromiumRun.samples);
}
await tamperEvidence();
