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
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readBackup, writeBackup, type BackupRecord, type BackupSummary, type KdfDescriptor } from '../../shared/vault/backupFormat';
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

await main();
