import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backup } from '../../../shared/i18n/en/backup';
import { canonicalJson } from '../../../shared/vault/auditChain';
import {
  BACKUP_CHUNK_OVERHEAD,
  BACKUP_MAGIC,
  BackupError,
  MAX_CHUNK_PLAINTEXT,
  Sha256,
  readBackup,
  readBackupFully,
  writeBackup,
  type BackupErrorCode,
  type BackupManifestBase,
  type BackupProgress,
  type BackupRecord,
  type KdfDescriptor,
  type ReadBackupOptions,
} from '../../../shared/vault/backupFormat';

// ------------------------------------------------------------------------------------------------
// Keys and fixtures

const subtle = globalThis.crypto.subtle;
const ITERATIONS = 1_000; // low on purpose: the tests derive many keys

function newKdf(): KdfDescriptor {
  return { name: 'PBKDF2', source: 'passphrase', hash: 'SHA-256', iterations: ITERATIONS, salt: nodeRandomBytes(16).toString('base64') };
}

async function deriveKey(passphrase: string, kdf: KdfDescriptor): Promise<CryptoKey> {
  if (kdf.name !== 'PBKDF2') throw new Error('test derives PBKDF2 only');
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', iterations: kdf.iterations, salt: Uint8Array.from(Buffer.from(kdf.salt, 'base64')) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const PASSPHRASE = 'correct horse battery staple';
const kdf = newKdf();
const key = await deriveKey(PASSPHRASE, kdf);
const manifestBase: BackupManifestBase = { appVersion: '0.1.0', createdAt: '2025-03-10T14:05:00+01:00', databaseVersion: 3 };

/** Deterministic pseudo-random bytes (so a failure is reproducible), distinct per seed. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** 1,000 records: sealed-row-like values of 40 B–2 KB in four tables, and 12 attachments of ~200 KB. */
function largeRecords(): BackupRecord[] {
  const tables = ['cases', 'examinations', 'referrals', 'auditLog'];
  const records: BackupRecord[] = [];
  for (let i = 0; i < 1_000; i += 1) {
    if (i % 83 === 5) {
      records.push({ table: 'attachments', key: `photo-${String(i)}-é`, value: bytesOf(200_000 + i * 37, i) });
    } else {
      records.push({ table: tables[i % tables.length] ?? 'cases', key: `${String(i).padStart(5, '0')}-c0a8012e`, value: bytesOf(40 + ((i * 977) % 2_000), i) });
    }
  }
  return records;
}

/** About 20 chunks of 4 KiB: 200 rows and 3 attachments of 10 KB, so every kind of damage has somewhere to land. */
function smallRecords(seed = 0): BackupRecord[] {
  const records: BackupRecord[] = [];
  for (let i = 0; i < 200; i += 1) {
    if (i % 70 === 10) records.push({ table: 'attachments', key: `a${String(i)}`, value: bytesOf(10_000, seed * 1000 + i) });
    else records.push({ table: i % 2 ? 'cases' : 'examinations', key: `k${String(i)}`, value: bytesOf(10 + ((i * 131) % 500), seed * 1000 + i) });
  }
  return records;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const piece of source) pieces.push(piece);
  return pieces;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(pieces));
}

async function makeBackup(records: readonly BackupRecord[], options: { chunkSize?: number; key?: CryptoKey; kdf?: KdfDescriptor } = {}): Promise<Uint8Array> {
  const written = writeBackup({ key: options.key ?? key, kdf: options.kdf ?? kdf, manifestBase, records, ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }) });
  return concat(await collect(written));
}

/** The file's bytes in pieces of `size`, as a file stream hands them out. */
async function* piecesOf(file: Uint8Array, size = 65_536): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += size) {
    await Promise.resolve();
    yield file.slice(at, at + size);
  }
}

function readOptions(file: Uint8Array, passphrase = PASSPHRASE, pieceSize = 65_536): ReadBackupOptions {
  return { bytes: piecesOf(file, pieceSize), deriveKey: (found) => deriveKey(passphrase, found) };
}

// ------------------------------------------------------------------------------------------------
// The layout, parsed here from the documented spec (not from the module), to aim damage precisely

interface ChunkInfo {
  readonly start: number;
  readonly ivStart: number;
  readonly sealedStart: number;
  readonly tagStart: number;
  readonly end: number;
  readonly final: boolean;
}

interface Layout {
  readonly kdfStart: number;
  readonly fileIdStart: number;
  readonly keyCheckTagStart: number;
  readonly headerEnd: number;
  readonly fileId: Uint8Array;
  readonly headerHash: Uint8Array;
  readonly chunks: readonly ChunkInfo[];
}

function layoutOf(file: Uint8Array): Layout {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const kdfLength = view.getUint32(10);
  const fileIdStart = 14 + kdfLength;
  const headerEnd = fileIdStart + 16 + 12 + 16 + 32;
  const chunks: ChunkInfo[] = [];
  for (let at = headerEnd; at < file.length; ) {
    const sealedLength = view.getUint32(at);
    const chunk = { start: at, ivStart: at + 5, sealedStart: at + 17, tagStart: at + 17 + sealedLength - 16, end: at + 17 + sealedLength, final: file[at + 4] === 1 };
    chunks.push(chunk);
    at = chunk.end;
  }
  return {
    kdfStart: 14,
    fileIdStart,
    keyCheckTagStart: fileIdStart + 28,
    headerEnd,
    fileId: file.slice(fileIdStart, fileIdStart + 16),
    headerHash: file.slice(headerEnd - 32, headerEnd),
    chunks,
  };
}

function chunkAt(layout: Layout, index: number): ChunkInfo {
  const chunk = layout.chunks.at(index);
  if (chunk === undefined) throw new Error(`no chunk ${String(index)}`);
  return chunk;
}

function aadOf(layout: Layout, index: number, final: boolean): Uint8Array<ArrayBuffer> {
  const aad = new Uint8Array(57);
  aad.set(layout.fileId, 0);
  new DataView(aad.buffer).setBigUint64(16, BigInt(index));
  aad[24] = final ? 1 : 0;
  aad.set(layout.headerHash, 25);
  return aad;
}

function flip(file: Uint8Array, offset: number): Uint8Array {
  const out = file.slice();
  out[offset] = (out[offset] ?? 0) ^ 0x5a;
  return out;
}

function without(file: Uint8Array, start: number, end: number): Uint8Array {
  return concat([file.subarray(0, start), file.subarray(end)]);
}

// ------------------------------------------------------------------------------------------------
// A restore that stages, as the app must

interface RestoreOutcome {
  readonly error: unknown;
  readonly staged: number;
  readonly deriveCalls: number;
  readonly database: ReadonlyMap<string, string>;
}

const existing: ReadonlyMap<string, string> = new Map([
  ['cases/existing-1', 'sealed row 1'],
  ['cases/existing-2', 'sealed row 2'],
]);

/** Stages every record and replaces the database only after the last item; on error the staging area is dropped. */
async function stagedRestore(bytes: AsyncIterable<Uint8Array>, passphrase = PASSPHRASE): Promise<RestoreOutcome> {
  const database = new Map(existing);
  const staging: BackupRecord[] = [];
  let deriveCalls = 0;
  try {
    for await (const item of readBackup({ bytes, deriveKey: (found) => { deriveCalls += 1; return deriveKey(passphrase, found); } })) {
      if (item.kind === 'record') staging.push(item.record);
    }
    database.clear();
    for (const record of staging) database.set(`${record.table}/${record.key}`, Buffer.from(record.value).toString('base64'));
    return { error: null, staged: staging.length, deriveCalls, database };
  } catch (error) {
    return { error, staged: staging.length, deriveCalls, database };
  }
}

// ------------------------------------------------------------------------------------------------

const large = largeRecords();
const largeFile = await makeBackup(large);
const small = smallRecords();
const SMALL_CHUNK = 4096;
const smallFile = await makeBackup(small, { chunkSize: SMALL_CHUNK });
const smallLayout = layoutOf(smallFile);
const otherFile = await makeBackup(smallRecords(7), { chunkSize: SMALL_CHUNK });
const otherLayout = layoutOf(otherFile);

describe('backup round trip', () => {
  it('restores 1,000 records, attachments of ~200 KB spanning chunks included, byte for byte', async () => {
    const layout = layoutOf(largeFile);
    expect(layout.chunks.length).toBeGreaterThanOrEqual(3);
    expect(layout.chunks.filter((chunk) => chunk.final).length).toBe(1);
    expect(chunkAt(layout, -1).final).toBe(true);
    expect(chunkAt(layout, -1).end).toBe(largeFile.length);

    const restored = await readBackupFully(readOptions(largeFile));
    expect(restored.records.length).toBe(1_000);
    expect(restored.records.map((r) => [r.table, r.key])).toEqual(large.map((r) => [r.table, r.key]));
    restored.records.forEach((record, i) => {
      expect(Buffer.compare(Buffer.from(record.value), Buffer.from(large[i]?.value ?? new Uint8Array()))).toBe(0);
    });
    expect(restored.manifest).toEqual({ ...manifestBase, format: 'attest-backup', formatVersion: 1 });
    expect(restored.summary.recordCount).toBe(1_000);
    expect(restored.summary.counts).toEqual({ attachments: 12, cases: 247, examinations: 247, referrals: 247, auditLog: 247 });
  });

  it('follows the documented layout byte for byte (read here without the module)', async () => {
    const L0 = layoutOf(smallFile);
    const view = new DataView(smallFile.buffer, smallFile.byteOffset, smallFile.byteLength);
    expect(Buffer.from(smallFile.subarray(0, 8)).toString('latin1')).toBe(BACKUP_MAGIC);
    expect(view.getUint16(8)).toBe(1);
    const kdfJson = Buffer.from(smallFile.subarray(L0.kdfStart, L0.fileIdStart)).toString('utf8');
    expect(kdfJson).toBe(canonicalJson(kdf));
    expect(createHash('sha256').update(smallFile.subarray(0, L0.headerEnd - 32)).digest('hex')).toBe(Buffer.from(L0.headerHash).toString('hex'));
    // The key check: a GCM tag over the header up to and including its IV, with an empty plaintext.
    await subtle.decrypt({ name: 'AES-GCM', iv: smallFile.slice(L0.keyCheckTagStart - 12, L0.keyCheckTagStart), additionalData: smallFile.slice(0, L0.keyCheckTagStart) }, key, smallFile.slice(L0.keyCheckTagStart, L0.keyCheckTagStart + 16));
    const first = chunkAt(L0, 0);
    const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: smallFile.slice(first.ivStart, first.sealedStart), additionalData: aadOf(L0, 0, false) }, key, smallFile.slice(first.sealedStart, first.end)));
    expect(plain.length).toBe(SMALL_CHUNK);
    const manifestJson = canonicalJson({ ...manifestBase, format: 'attest-backup', formatVersion: 1 });
    expect(plain[0]).toBe(1);
    expect(new DataView(plain.buffer).getUint32(1)).toBe(Buffer.byteLength(manifestJson));
    expect(Buffer.from(plain.subarray(5, 5 + Buffer.byteLength(manifestJson))).toString('utf8')).toBe(manifestJson);
    expect(plain[5 + Buffer.byteLength(manifestJson)]).toBe(2);
  });

  it('records the payload length and SHA-256 exactly as the spec defines the payload', async () => {
    const hash = createHash('sha256');
    let length = 0;
    for (const record of large) {
      const table = Buffer.from(record.table, 'utf8');
      const recordKey = Buffer.from(record.key, 'utf8');
      const head = Buffer.alloc(1 + 2 + table.length + 2 + recordKey.length + 4);
      head.writeUInt8(2, 0);
      head.writeUInt16BE(table.length, 1);
      table.copy(head, 3);
      head.writeUInt16BE(recordKey.length, 3 + table.length);
      recordKey.copy(head, 5 + table.length);
      head.writeUInt32BE(record.value.length, 5 + table.length + recordKey.length);
      hash.update(head).update(record.value);
      length += head.length + record.value.length;
    }
    const { summary } = await readBackupFully(readOptions(largeFile));
    expect(summary.payloadBytes).toBe(length);
    expect(summary.payloadSha256).toBe(hash.digest('hex'));
  });

  it('reads the same whatever the size of the pieces the file arrives in', async () => {
    for (const size of [1, 7, 4096, 1 << 20]) {
      const restored = await readBackupFully(readOptions(smallFile, PASSPHRASE, size));
      expect(restored.records.map((r) => Buffer.from(r.value).toString('hex'))).toEqual(small.map((r) => Buffer.from(r.value).toString('hex')));
    }
  });

  it('round-trips an empty database, an empty value and a non-ASCII key', async () => {
    expect((await readBackupFully(readOptions(await makeBackup([])))).records).toEqual([]);
    const odd: BackupRecord[] = [{ table: 'settings', key: 'clé/∑/😀', value: new Uint8Array(0) }];
    const restored = await readBackupFully(readOptions(await makeBackup(odd)));
    expect(restored.records).toEqual(odd);
    expect(restored.summary.counts).toEqual({ settings: 1 });
  });

  it('works under a key derived from the recovery key (the HKDF variant)', async () => {
    const recoveryBytes = nodeRandomBytes(20);
    const recoveryKdf: KdfDescriptor = { name: 'HKDF', source: 'recovery-key', hash: 'SHA-256', salt: nodeRandomBytes(16).toString('base64'), info: 'attest-backup-1|recovery' };
    const derive = async (found: KdfDescriptor): Promise<CryptoKey> => {
      if (found.name !== 'HKDF') throw new Error('expected the HKDF variant');
      const material = await subtle.importKey('raw', recoveryBytes, 'HKDF', false, ['deriveKey']);
      const params = { name: 'HKDF', hash: 'SHA-256', salt: Uint8Array.from(Buffer.from(found.salt, 'base64')), info: new TextEncoder().encode(found.info) };
      return subtle.deriveKey(params, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    };
    const file = await makeBackup(small, { key: await derive(recoveryKdf), kdf: recoveryKdf });
    const restored = await readBackupFully({ bytes: piecesOf(file), deriveKey: derive });
    expect(restored.records.length).toBe(small.length);
    await expect(readBackupFully(readOptions(file))).rejects.toThrow('test derives PBKDF2 only');
  });

  it('hands deriveKey the descriptor it was written with', async () => {
    const seen: KdfDescriptor[] = [];
    await readBackupFully({ bytes: piecesOf(smallFile), deriveKey: (found) => { seen.push(found); return Promise.resolve(key); } });
    expect(seen).toEqual([kdf]);
  });

  it('never hands out a piece larger than a chunk plus its overhead, and fills every chunk but the last', async () => {
    for (const chunkSize of [SMALL_CHUNK, MAX_CHUNK_PLAINTEXT]) {
      const pieces = await collect(writeBackup({ key, kdf, manifestBase, records: large, chunkSize }));
      const largest = Math.max(...pieces.map((piece) => piece.length));
      expect(largest).toBeLessThanOrEqual(chunkSize + BACKUP_CHUNK_OVERHEAD);
      const chunks = pieces.slice(1);
      for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBe(chunkSize + BACKUP_CHUNK_OVERHEAD);
    }
  });

  it('pulls records only as the consumer asks for bytes (no whole-database buffer)', async () => {
    let pulled = 0;
    function* records(): Generator<BackupRecord> {
      for (const record of small) {
        pulled += 1;
        yield record;
      }
    }
    const iterator = writeBackup({ key, kdf, manifestBase, records: records(), chunkSize: SMALL_CHUNK })[Symbol.asyncIterator]();
    await iterator.next(); // the header
    expect(pulled).toBe(0);
    await iterator.next(); // the first chunk: needs only the records that fill 4 KiB, and one more
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(40);
    await iterator.return();
  });

  it('reports progress with increasing byte counts, ending at the file size', async () => {
    const written: BackupProgress[] = [];
    const pieces = await collect(writeBackup({ key, kdf, manifestBase, records: small, chunkSize: SMALL_CHUNK, onProgress: (p) => written.push(p) }));
    const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const read: BackupProgress[] = [];
    await readBackupFully({ ...readOptions(smallFile, PASSPHRASE, 1000), onProgress: (p) => read.push(p) });
    for (const progress of [written, read]) {
      expect(progress.length).toBe(smallLayout.chunks.length);
      for (let i = 1; i < progress.length; i += 1) {
        expect(progress[i]?.bytes).toBeGreaterThan(progress[i - 1]?.bytes ?? Infinity);
        expect(progress[i]?.records).toBeGreaterThanOrEqual(progress[i - 1]?.records ?? Infinity);
      }
    }
    expect(written.at(-1)).toEqual({ bytes: size, records: small.length });
    expect(read.at(-1)?.bytes).toBe(smallFile.length);
  });

  it('uses a fresh IV for every chunk and a new file id for every backup', () => {
    const ivs = new Set(smallLayout.chunks.map((c) => Buffer.from(smallFile.subarray(c.ivStart, c.sealedStart)).toString('hex')));
    expect(ivs.size).toBe(smallLayout.chunks.length);
    expect(Buffer.from(smallLayout.fileId).equals(Buffer.from(otherLayout.fileId))).toBe(false);
  });

  it('refuses to write what it cannot write faithfully', async () => {
    const attempt = (options: Partial<Parameters<typeof writeBackup>[0]>) => collect(writeBackup({ key, kdf, manifestBase, records: [], ...options }));
    await expect(attempt({ records: [{ table: 'cases; DROP', key: 'k', value: new Uint8Array(1) }] })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(attempt({ records: [{ table: 'cases', key: 'k'.repeat(1025), value: new Uint8Array(1) }] })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(attempt({ manifestBase: { ...manifestBase, createdAt: 'yesterday' } })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(attempt({ kdf: { ...kdf, salt: 'AAAA' } })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(attempt({ kdf: { ...kdf, salt: 'not base64!' } })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(attempt({ chunkSize: MAX_CHUNK_PLAINTEXT + 1 })).rejects.toThrow(RangeError);
    const hmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    await expect(attempt({ key: hmac })).rejects.toThrow(TypeError);
  });
});

// ------------------------------------------------------------------------------------------------

/** Rebuilds chunk `index` of `file` with its plaintext changed, sealed correctly: what an insider with the key could do. */
async function resealed(file: Uint8Array, layout: Layout, index: number, change: (plain: Uint8Array) => void): Promise<Uint8Array> {
  const chunk = chunkAt(layout, index);
  const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: file.slice(chunk.ivStart, chunk.sealedStart), additionalData: aadOf(layout, index, chunk.final) }, key, file.slice(chunk.sealedStart, chunk.end)));
  change(plain);
  const iv = nodeRandomBytes(12);
  const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aadOf(layout, index, chunk.final) }, key, plain));
  const head = Buffer.alloc(5);
  head.writeUInt32BE(sealed.length, 0);
  head.writeUInt8(chunk.final ? 1 : 0, 4);
  return concat([file.subarray(0, chunk.start), head, iv, sealed, file.subarray(chunk.end)]);
}

interface Variant {
  readonly name: string;
  readonly bytes: () => Promise<Uint8Array> | Uint8Array;
  readonly code: BackupErrorCode;
  readonly messageKey?: string;
  readonly passphrase?: string;
  /** The variant damages the file late enough that records were read before the failure. */
  readonly stagesRecords?: boolean;
}

const L = smallLayout;
const lastChunk = chunkAt(L, -1);
const middle = Math.floor(L.chunks.length / 2);
const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n');
const json = new TextEncoder().encode('\n  {"format":"attest-case-file","version":1,"cases":[]}');
const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...bytesOf(200, 3)]);

const variants: readonly Variant[] = [
  { name: 'an empty file', bytes: () => new Uint8Array(0), code: 'empty', messageKey: 'backup.error.empty' },
  { name: 'a PDF', bytes: () => pdf, code: 'not-a-backup', messageKey: 'backup.error.notABackupPdf' },
  { name: 'a JSON file', bytes: () => json, code: 'not-a-backup', messageKey: 'backup.error.notABackupJson' },
  { name: 'a ZIP-like file', bytes: () => zip, code: 'not-a-backup', messageKey: 'backup.error.notABackupZip' },
  { name: 'random bytes', bytes: () => bytesOf(5000, 11), code: 'not-a-backup', messageKey: 'backup.error.notABackup' },
  {
    name: 'a backup of a future format version',
    bytes: () => { const future = smallFile.slice(); future.set([0x00, 0x02], BACKUP_MAGIC.length); return future; },
    code: 'unsupported-version',
    messageKey: 'backup.error.unsupportedVersion',
  },
  { name: 'truncated inside the magic', bytes: () => smallFile.slice(0, 5), code: 'truncated' },
  { name: 'truncated inside the KDF descriptor', bytes: () => smallFile.slice(0, L.kdfStart + 10), code: 'truncated' },
  { name: 'truncated inside the header hash', bytes: () => smallFile.slice(0, L.headerEnd - 1), code: 'truncated' },
  { name: 'truncated right after the header', bytes: () => smallFile.slice(0, L.headerEnd), code: 'truncated' },
  { name: 'truncated inside the first chunk', bytes: () => smallFile.slice(0, chunkAt(L, 0).sealedStart + 100), code: 'truncated' },
  { name: 'truncated inside a chunk length', bytes: () => smallFile.slice(0, chunkAt(L, middle).start + 2), code: 'truncated', stagesRecords: true },
  { name: 'truncated at a chunk boundary mid-file', bytes: () => smallFile.slice(0, chunkAt(L, middle).start), code: 'truncated', stagesRecords: true },
  { name: 'truncated exactly before the final chunk', bytes: () => smallFile.slice(0, lastChunk.start), code: 'truncated', stagesRecords: true },
  { name: 'missing its last byte', bytes: () => smallFile.slice(0, -1), code: 'truncated', stagesRecords: true },
  { name: 'a flipped byte in the version', bytes: () => flip(smallFile, 9), code: 'unsupported-version' },
  { name: 'a flipped byte in the KDF descriptor', bytes: () => flip(smallFile, L.kdfStart + 20), code: 'corrupted' },
  { name: 'a flipped byte in the file id', bytes: () => flip(smallFile, L.fileIdStart + 3), code: 'corrupted' },
  { name: 'a flipped byte in the key check', bytes: () => flip(smallFile, L.keyCheckTagStart + 5), code: 'corrupted' },
  { name: 'a flipped byte in the header hash', bytes: () => flip(smallFile, L.headerEnd - 3), code: 'corrupted' },
  { name: 'a flipped byte in a chunk IV', bytes: () => flip(smallFile, chunkAt(L, middle).ivStart + 4), code: 'corrupted', stagesRecords: true },
  { name: 'a flipped byte in the first ciphertext', bytes: () => flip(smallFile, chunkAt(L, 0).sealedStart + 50), code: 'corrupted' },
  { name: 'a flipped byte in a middle ciphertext', bytes: () => flip(smallFile, chunkAt(L, middle).sealedStart + 1000), code: 'corrupted', stagesRecords: true },
  { name: 'a flipped byte in the final tag', bytes: () => flip(smallFile, lastChunk.tagStart + 8), code: 'corrupted', stagesRecords: true },
  { name: 'a middle chunk marked final', bytes: () => { const out = smallFile.slice(); out[chunkAt(L, middle).start + 4] = 1; return out; }, code: 'corrupted', stagesRecords: true },
  { name: 'an invalid final flag', bytes: () => { const out = smallFile.slice(); out[chunkAt(L, middle).start + 4] = 7; return out; }, code: 'corrupted', stagesRecords: true },
  { name: 'an impossible chunk length', bytes: () => { const out = smallFile.slice(); out.set([0xff, 0xff, 0xff, 0xff], chunkAt(L, middle).start); return out; }, code: 'corrupted', stagesRecords: true },
  {
    name: 'a swapped pair of chunks',
    bytes: () => { const a = chunkAt(L, middle); const b = chunkAt(L, middle + 1); return concat([smallFile.subarray(0, a.start), smallFile.subarray(b.start, b.end), smallFile.subarray(a.start, a.end), smallFile.subarray(b.end)]); },
    code: 'corrupted',
    stagesRecords: true,
  },
  { name: 'a dropped middle chunk', bytes: () => without(smallFile, chunkAt(L, middle).start, chunkAt(L, middle).end), code: 'corrupted', stagesRecords: true },
  {
    name: 'a duplicated chunk',
    bytes: () => { const c = chunkAt(L, middle); return concat([smallFile.subarray(0, c.end), smallFile.subarray(c.start, c.end), smallFile.subarray(c.end)]); },
    code: 'corrupted',
    stagesRecords: true,
  },
  {
    name: 'a chunk spliced in from another backup under the same key',
    bytes: () => { const c = chunkAt(L, middle); const o = chunkAt(otherLayout, middle); return concat([smallFile.subarray(0, c.start), otherFile.subarray(o.start, o.end), smallFile.subarray(c.end)]); },
    code: 'corrupted',
    stagesRecords: true,
  },
  {
    name: "another backup's final chunk in place of its own",
    bytes: () => { const o = chunkAt(otherLayout, -1); return concat([smallFile.subarray(0, lastChunk.start), otherFile.subarray(o.start, o.end)]); },
    code: 'corrupted',
    stagesRecords: true,
  },
  { name: "another backup's header on these chunks", bytes: () => concat([otherFile.subarray(0, otherLayout.headerEnd), smallFile.subarray(L.headerEnd)]), code: 'corrupted' },
  { name: 'bytes after the final chunk', bytes: () => concat([smallFile, Uint8Array.of(0)]), code: 'corrupted', stagesRecords: true },
  {
    name: 'a record edited and resealed by someone holding the key (payload SHA-256 no longer matches)',
    bytes: () => resealed(smallFile, L, middle, (plain) => { plain[plain.length - 1] = (plain[plain.length - 1] ?? 0) ^ 1; }),
    code: 'corrupted',
    stagesRecords: true,
  },
  { name: 'the wrong passphrase', bytes: () => smallFile, passphrase: 'correct horse battery stapler', code: 'wrong-key', messageKey: 'backup.error.wrongKey' },
];

describe('damaged, foreign and locked files are refused and leave the data as it was', () => {
  it('covers at least 20 variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(20);
  });

  it.each(variants.map((variant) => [variant.name, variant] as const))('%s', async (_name, variant) => {
    const bytes = await variant.bytes();
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* piecesOf(bytes, 1500);
      } finally {
        closed = true;
      }
    }
    const outcome = await stagedRestore(source(), variant.passphrase);
    expect(outcome.error).toBeInstanceOf(BackupError);
    const error = outcome.error as BackupError;
    expect(error.code).toBe(variant.code);
    if (variant.messageKey !== undefined) expect(error.messageKey).toBe(variant.messageKey);
    expect(error.message).not.toMatch(/\{\{|undefined|Error/);
    // Nothing from the failed read reached the database, though records may have been staged.
    expect(outcome.database).toEqual(existing);
    if (variant.stagesRecords === true) expect(outcome.staged).toBeGreaterThan(0);
    // Foreign and broken headers are refused before anyone is asked for a passphrase.
    if (['empty', 'not-a-backup', 'unsupported-version'].includes(variant.code)) expect(outcome.deriveCalls).toBe(0);
    expect(closed).toBe(true);
  });

  it('the intact file restores through the same staging path (the control)', async () => {
    const outcome = await stagedRestore(piecesOf(smallFile, 1500));
    expect(outcome.error).toBeNull();
    expect(outcome.staged).toBe(small.length);
    expect(outcome.database.size).toBe(small.length);
  });

  it('yields no record from a chunk before that chunk is authenticated', async () => {
    const damagedChunk = middle;
    const damaged = flip(smallFile, chunkAt(L, damagedChunk).sealedStart + 10);
    const staged: BackupRecord[] = [];
    await expect(
      (async () => {
        for await (const item of readBackup(readOptions(damaged))) if (item.kind === 'record') staged.push(item.record);
      })(),
    ).rejects.toMatchObject({ code: 'corrupted' });
    // Records whose frames end within the chunks before the damaged one, computed from the spec.
    const manifestFrame = 1 + 4 + new TextEncoder().encode(canonicalJson({ ...manifestBase, format: 'attest-backup', formatVersion: 1 })).length;
    let end = manifestFrame;
    let complete = 0;
    for (const record of small) {
      end += 1 + 2 + record.table.length + 2 + record.key.length + 4 + record.value.length;
      if (end <= damagedChunk * SMALL_CHUNK) complete += 1;
    }
    expect(staged.length).toBe(complete);
  });

  it('has a plain-language message for every error', () => {
    const codes: BackupErrorCode[] = ['empty', 'not-a-backup', 'unsupported-version', 'newer-database', 'truncated', 'corrupted', 'wrong-key', 'invalid-input', 'record-too-large'];
    for (const code of codes) {
      const error = new BackupError(code, { version: 2, limit: 256, supported: 1 });
      expect(error.messageKey.startsWith('backup.error.')).toBe(true);
      expect(Object.values(backup.error)).toContain(backup.error[error.messageKey.slice('backup.error.'.length) as keyof typeof backup.error]);
      expect(error.message).not.toContain('{{');
    }
  });
});

describe('incremental SHA-256', () => {
  it('matches SHA-256 for every length around the block boundaries, fed in odd pieces', () => {
    const data = bytesOf(300, 99);
    for (let length = 0; length <= 300; length += 1) {
      const input = data.subarray(0, length);
      const hash = new Sha256();
      for (let at = 0; at < length; at += 1 + (at % 13)) hash.update(input.subarray(at, Math.min(length, at + 1 + (at % 13))));
      expect(hash.digestHex()).toBe(createHash('sha256').update(input).digest('hex'));
    }
  });

  it('matches WebCrypto on a megabyte fed at once and in pieces', async () => {
    const data = bytesOf(1 << 20, 5) as Uint8Array<ArrayBuffer>;
    const expected = Buffer.from(await subtle.digest('SHA-256', data)).toString('hex');
    expect(new Sha256().update(data).digestHex()).toBe(expected);
    const pieces = new Sha256();
    for (let at = 0; at < data.length; at += 65_537) pieces.update(data.subarray(at, at + 65_537));
    expect(pieces.digestHex()).toBe(expected);
  });
});
