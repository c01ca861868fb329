/**
 * Backup throughput and memory, not part of `npm test` or `npm run bench` (the figures depend on the
 * machine). Run:  node --expose-gc --import tsx test/bench/backup.ts [megabytes=200]
 *
 * Writes a synthetic backup of about 200 MB (half attachments of ~1 MB, half sealed-row-sized
 * values of ~2 KB) through `writeBackup` into a file under the OS temp folder with node:fs streams,
 * reads it back through `readBackup`, checks the summary, and prints, one line each as
 * `name: median unit (min–max, n=5)`:
 *   - backup write / backup read throughput in MB/s (MB = 2^20 bytes of file);
 *   - peak RSS, heap and ArrayBuffer growth over the run's starting point (ArrayBuffers hold the
 *     chunks: that is the figure that shows whether memory stays flat).
 * The record values are views into one shared 1 MiB random pool, so the source itself costs no memory.
 *
 * Then restores through the backup repository (fake-indexeddb, so the absolute times are Node's, not
 * Chromium's; the ratio is the figure): the same records, sealed examinations of `cases` cases
 * (BACKUP_BENCH_CASES, default 1,000), backed up once from a database at the oldest version a backup
 * was made at (FIRST_BACKUP_VERSION, case rows cut to that version's fields, as
 * test/fixtures/backups/make.ts does) and once from today's; each restored n=5 times into a fresh
 * database, alternating, in the same run:
 *   - restore oldest / restore current in ms, and their ratio per pair (issue #20: goal ≤ 1.5);
 *   - the current database's backup (export, one read snapshot) in ms.
 * `BACKUP_BENCH_FORMAT=0` skips the container figures above.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type AttestDatabase } from '../../renderer/db/database';
import { migrations } from '../../renderer/db/migrations';
import { openRepositories } from '../../renderer/db/repos';
import { BACKUP_TABLES, FIRST_BACKUP_VERSION, bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault } from '../../shared/vault';
import { readBackup, writeBackup, type BackupRecord, type BackupSummary, type KdfDescriptor } from '../../shared/vault/backupFormat';
import { caseRowAt } from '../fixtures/backups/make';
import { summarise } from './stats';

const RUNS = 5;
const MIB = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? '200');
const pool = randomBytes(MIB);

function* syntheticRecords(): Generator<BackupRecord> {
  const target = totalMiB * MIB;
  let produced = 0;
  for (let i = 0; produced < target; i += 1) {
    // Every 512th record is an attachment of ~1 MB, so attachments and rows weigh about the same.
    const attachment = i % 512 === 0;
    const size = attachment ? MIB - (i % 4096) : 1536 + (i % 1024);
    const offset = attachment ? 0 : (i * 7919) % (MIB - size);
    produced += size;
    yield { table: attachment ? 'attachments' : 'examinations', key: `r${String(i).padStart(8, '0')}`, value: pool.subarray(offset, offset + size) };
  }
}

interface Peak {
  rss: number;
  heap: number;
  arrayBuffers: number;
}

function tracker(): { sample: () => void; peak: () => Peak } {
  global.gc?.();
  const start = process.memoryUsage();
  const peak: Peak = { rss: 0, heap: 0, arrayBuffers: 0 };
  return {
    sample: () => {
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss - start.rss);
      peak.heap = Math.max(peak.heap, now.heapUsed - start.heapUsed);
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers - start.arrayBuffers);
    },
    peak: () => peak,
  };
}

async function main(): Promise<void> {
  const subtle = globalThis.crypto.subtle;
  const kdf: KdfDescriptor = { name: 'PBKDF2', source: 'passphrase', hash: 'SHA-256', iterations: 600_000, salt: randomBytes(16).toString('base64') };
  const started = performance.now();
  const material = await subtle.importKey('raw', new TextEncoder().encode('bench passphrase, not a secret'), 'PBKDF2', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: Uint8Array.from(Buffer.from(kdf.salt, 'base64')) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  const deriveMs = performance.now() - started;

  const dir = mkdtempSync(join(tmpdir(), 'attest-backup-bench-'));
  const path = join(dir, 'bench.attest-backup');
  const manifestBase = { appVersion: '0.1.0', createdAt: new Date().toISOString(), databaseVersion: 1 };
  const write = { speed: [] as number[], rss: [] as number[], heap: [] as number[], buffers: [] as number[] };
  const read = { speed: [] as number[], rss: [] as number[], heap: [] as number[], buffers: [] as number[] };
  let fileBytes = 0;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const writing = tracker();
      let t0 = performance.now();
      await pipeline(Readable.from(writeBackup({ key, kdf, manifestBase, records: syntheticRecords(), onProgress: writing.sample })), createWriteStream(path));
      const writeSeconds = (performance.now() - t0) / 1000;
      fileBytes = statSync(path).size;
      write.speed.push(fileBytes / MIB / writeSeconds);
      write.rss.push(writing.peak().rss / MIB);
      write.heap.push(writing.peak().heap / MIB);
      write.buffers.push(writing.peak().arrayBuffers / MIB);

      const reading = tracker();
      let records = 0;
      let summary: BackupSummary | undefined;
      t0 = performance.now();
      for await (const item of readBackup({ bytes: createReadStream(path, { highWaterMark: MIB }), deriveKey: () => Promise.resolve(key), onProgress: reading.sample })) {
        if (item.kind === 'record') records += 1;
        else if (item.kind === 'end') summary = item.summary;
      }
      const readSeconds = (performance.now() - t0) / 1000;
      if (summary?.recordCount !== records) throw new Error('bench: the backup did not read back whole');
      read.speed.push(fileBytes / MIB / readSeconds);
      read.rss.push(reading.peak().rss / MIB);
      read.heap.push(reading.peak().heap / MIB);
      read.buffers.push(reading.peak().arrayBuffers / MIB);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`backup file: ${(fileBytes / MIB).toFixed(1)} MB, chunks of 1 MiB; key derivation PBKDF2-SHA-256 600,000 rounds: ${deriveMs.toFixed(0)} ms (once, not in the figures)`);
  console.log(summarise('backup write', write.speed, 'MB/s'));
  console.log(summarise('backup read', read.speed, 'MB/s'));
  console.log(summarise('backup write peak RSS delta', write.rss, 'MB', 1));
  console.log(summarise('backup write peak heap delta', write.heap, 'MB', 1));
  console.log(summarise('backup write peak ArrayBuffer delta', write.buffers, 'MB', 1));
  console.log(summarise('backup read peak RSS delta', read.rss, 'MB', 1));
  console.log(summarise('backup read peak heap delta', read.heap, 'MB', 1));
  console.log(summarise('backup read peak ArrayBuffer delta', read.buffers, 'MB', 1));
  if (global.gc === undefined) console.log('(run with node --expose-gc for steadier memory baselines)');
}

const PASSPHRASE = 'bench passphrase, not a secret';
const BENCH_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

async function backupOf(db: AttestDatabase, factory: IDBFactory): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of createBackupRepository({ db, indexedDB: factory, IDBKeyRange }).exportBackup({ secret: { passphrase: PASSPHRASE }, ...BENCH_KDF })) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Milliseconds to restore `file` into a fresh database (its own IndexedDB, staging included). */
async function timeRestore(file: Uint8Array, expectedRecords: number): Promise<number> {
  const factory = new IDBFactory();
  const db = createDatabase({ name: 'bench-restore', indexedDB: factory, IDBKeyRange });
  await db.open();
  const t0 = performance.now();
  const result = await createBackupRepository({ db, indexedDB: factory, IDBKeyRange }).restoreBackup({ bytes: bytePieces(file), secret: { passphrase: PASSPHRASE } });
  const ms = performance.now() - t0;
  if (result.records !== expectedRecords || (await db.caseBodies.count()) === 0) throw new Error('bench: the restore did not give back every record');
  db.close();
  return ms;
}

async function restoreBench(): Promise<void> {
  const cases = Number(process.env.BACKUP_BENCH_CASES ?? '1000');
  const factory = new IDBFactory();
  const current = createDatabase({ name: 'bench-current', indexedDB: factory, IDBKeyRange });
  const vault = await createVault(PASSPHRASE, BENCH_KDF);
  await current.open();
  await current.vault.put({ key: 'keyring', value: vault.keyring });
  const codec = createVaultCodec(vault.keys.dataKey);
  const repos = await openRepositories({ db: current, codec, bytesCodec: codec, searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
  for (let n = 0; n < cases; n += 1) {
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: `PRISON-${String(n % 7)}` });
    await repos.cases.saveExamination(
      created.id,
      {
        schemaVersion: 1,
        formId: 'admission-examination',
        formVersion: 1,
        encounter: { type: 'admission', timing: { arrivalAt: `2026-0${String(1 + (n % 9))}-1${String(n % 10)}T08:00:00+02:00`, examStartAt: n % 3 === 0 ? null : '2026-10-01T09:00:00Z' } },
        identity: { givenName: `Given${String(n)}`, familyName: `Family${String(n)}`, idNumber: `ID-${String(n)}`, aliases: [] },
        account: { ownWords: `Bench account ${String(n)}: ${'they kept me standing all night; '.repeat(20)}` },
      },
      created.revision,
    );
  }
  // The same rows at the oldest version, in the shape it wrote them (only the tables it had).
  const oldest = createDatabase({ name: 'bench-oldest', indexedDB: factory, IDBKeyRange, version: FIRST_BACKUP_VERSION });
  await oldest.open();
  let oldestRecords = 0;
  for (const table of oldest.tables) {
    if (!(BACKUP_TABLES as readonly string[]).includes(table.name)) continue;
    const rows = (await current.table(table.name).toArray()) as Record<string, unknown>[];
    await table.bulkAdd(table.name === 'cases' ? rows.map((row) => caseRowAt(row, FIRST_BACKUP_VERSION)) : rows);
    oldestRecords += rows.length;
  }
  // Backing up appends an audit event to the database backed up: the first file of each holds the same rows.
  const currentRecords = oldestRecords;
  const oldestFile = await backupOf(oldest, factory);
  const exportMs: number[] = [];
  let currentFile: Uint8Array = new Uint8Array(0);
  for (let run = 0; run < RUNS; run += 1) {
    // Each export appends one audit event; the file of the first run is the one restored (same rows as the oldest).
    const t0 = performance.now();
    const file = await backupOf(current, factory);
    exportMs.push(performance.now() - t0);
    if (run === 0) currentFile = file;
  }
  repos.close();
  oldest.close();

  const oldestMs: number[] = [];
  const currentMs: number[] = [];
  const ratio: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // Alternating which goes first, so that neither always meets a warmer process.
    const first = run % 2 === 0;
    const a = first ? await timeRestore(oldestFile, oldestRecords) : 0;
    const b = await timeRestore(currentFile, currentRecords);
    const c = first ? a : await timeRestore(oldestFile, oldestRecords);
    oldestMs.push(c);
    currentMs.push(b);
    ratio.push(c / b);
  }
  console.log(
    `restore: ${String(cases)} sealed examinations (${String(oldestRecords)} records), backup of version ${String(FIRST_BACKUP_VERSION)} (${(oldestFile.length / MIB).toFixed(1)} MB) vs version ${String(migrations.length)} (${(currentFile.length / MIB).toFixed(1)} MB), fake-indexeddb`,
  );
  console.log(summarise(`restore, backup of version ${String(FIRST_BACKUP_VERSION)} (migrated)`, oldestMs, 'ms'));
  console.log(summarise(`restore, backup of version ${String(migrations.length)}`, currentMs, 'ms'));
  console.log(summarise('restore oldest / current', ratio, '×', 2, 1.5));
  console.log(summarise(`backup of version ${String(migrations.length)} (one read snapshot)`, exportMs, 'ms'));
}

if (process.env.BACKUP_BENCH_FORMAT !== '0') await main();
await restoreBench();
