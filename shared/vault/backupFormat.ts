/**
 * The `.attest-backup` container: one file holding a manifest and every record and attachment,
 * encrypted in authenticated chunks, written and read as streams so that memory stays flat however
 * large the database (bounded by one chunk plus the largest single record).
 *
 * Pure: async iterables of `Uint8Array` in and out (no Node or DOM streams), WebCrypto only. Key
 * derivation is the caller's: the writer takes a ready AES-GCM key, the reader a `deriveKey`
 * callback given the KDF descriptor found in the file.
 *
 * ## Layout, format version 1 (all integers big-endian)
 *
 * Header:
 * ```
 * offset      size  field
 * 0           8     magic, ASCII "ATTESTBK"
 * 8           2     format version, u16 (= 1)
 * 10          4     L = byte length of the KDF descriptor, u32 (1 … 4096)
 * 14          L     KDF descriptor: canonical JSON, UTF-8 (`KdfDescriptor`)
 * 14+L        16    file id: random
 * 30+L        12    key-check IV: random
 * 42+L        16    key-check tag: AES-256-GCM(key, key-check IV, empty plaintext,
 *                   additional data = header bytes 0 … 42+L−1), i.e. the tag alone
 * 58+L        32    header hash: SHA-256 of header bytes 0 … 58+L−1
 * ```
 * The header hash is a keyless checksum (a flipped header byte reads as damage, not as a wrong
 * passphrase) and, through the chunks' additional data, binds every chunk to this very header.
 * The key check tells a wrong key apart from a damaged first chunk.
 *
 * Then chunks, from index 0, each:
 * ```
 * 4     n = byte length of ciphertext‖tag, u32 (17 … 1 MiB + 16)
 * 1     final flag: 1 for the last chunk, 0 otherwise (any other value is damage)
 * 12    IV: fresh random bytes for this chunk
 * n     AES-256-GCM ciphertext ‖ 16-byte tag of the chunk plaintext (1 … 1 MiB), with
 *       additional data (57 bytes) = file id (16) ‖ chunk index u64 (8) ‖ final flag (1) ‖ header hash (32)
 * ```
 * Exactly one chunk, the last, has the final flag, and nothing follows it. Because index, flag,
 * file id and header are authenticated, a missing final chunk reads as 'truncated' and a dropped,
 * repeated, reordered or foreign chunk (from another backup, even under the same key) fails
 * authentication as 'corrupted'.
 *
 * ## Plaintext
 * The chunk plaintexts, concatenated, are a sequence of frames (a frame may span chunks):
 * ```
 * 0x01 ‖ u32 m ‖ manifest, canonical JSON (m ≤ 64 KiB)          first frame, exactly once
 * 0x02 ‖ u16 t ‖ table, UTF-8 (t) ‖ u16 k ‖ key, UTF-8 (k) ‖ u32 v ‖ value (v bytes)     0 or more records
 * 0x03 ‖ u32 s ‖ summary, canonical JSON (s ≤ 64 KiB)           last frame, exactly once
 * ```
 * The *payload* is the exact bytes of the record frames (0x02 …) in order. The summary, written
 * once the records are known, gives the record count, the count per table, the payload length
 * and the SHA-256 of the payload; the reader recomputes all four. (A streaming writer cannot know
 * them when it writes the manifest, hence manifest first and summary last.)
 */
import { z } from 'zod';
import { concat, equalBytes, randomBytes, sha256 } from '../bytes';
import { catalogs, defaultLanguage, type Catalog } from '../i18n';

/** The English strings, read when an error is made (the renderer loads catalogs on demand). */
const backup = (): Catalog['backup'] => catalogs[defaultLanguage].backup;
import { canonicalJson } from './auditChain';

/** The file name extension of a backup. */
export const BACKUP_FILE_EXTENSION = '.attest-backup';
/** The format version this module writes, and the only one it reads. */
export const BACKUP_FORMAT_VERSION = 1;
/** The first 8 bytes of every backup, in ASCII. */
export const BACKUP_MAGIC = 'ATTESTBK';
// Kept private: an exported Uint8Array could be changed by any importer.
const MAGIC_BYTES = new TextEncoder().encode(BACKUP_MAGIC);
/** Largest (and default) plaintext per chunk: 1 MiB. */
export const MAX_CHUNK_PLAINTEXT = 1024 * 1024;
/** Smallest chunk plaintext the writer accepts as an option (small chunks are for tests). */
export const MIN_CHUNK_PLAINTEXT = 256;
/** Bytes a chunk adds around its plaintext: length (4), flag (1), IV (12), tag (16). */
export const BACKUP_CHUNK_OVERHEAD = 4 + 1 + 12 + 16;
/** Largest value of one record (an attachment): the reader holds one whole value in memory. */
export const MAX_RECORD_VALUE_BYTES = 256 * 1024 * 1024;

const VERSION_BYTES = 2;
const LENGTH_BYTES = 4;
const MAX_KDF_BYTES = 4096;
const FILE_ID_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HASH_BYTES = 32;
const MAX_JSON_FRAME_BYTES = 64 * 1024;
const MAX_KEY_BYTES = 1024;

const FRAME_MANIFEST = 0x01;
const FRAME_RECORD = 0x02;
const FRAME_SUMMARY = 0x03;

// ---------------------------------------------------------------------------------------------
// Schemas

/** Standard Base64 of 16 to 64 random bytes, as the keyring writes its salts (shared/vault/keys.ts). */
const Salt = z
  .base64()
  .refine((text) => {
    const length = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
    return length >= 16 && length <= 64;
  });

/**
 * How the backup key was derived, stored in clear in the header so that a fresh install can derive
 * it again from the passphrase or the recovery key. The numbers here are limits of the format;
 * the policy (at least 600,000 PBKDF2 rounds for a passphrase) is enforced where keys are made.
 */
export const KdfDescriptor = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('PBKDF2'),
    source: z.enum(['passphrase', 'recovery-key']),
    hash: z.literal('SHA-256'),
    iterations: z.int().min(1).max(10_000_000),
    salt: Salt,
  }),
  z.strictObject({
    name: z.literal('HKDF'),
    source: z.literal('recovery-key'),
    hash: z.literal('SHA-256'),
    salt: Salt,
    info: z.string().regex(/^[A-Za-z0-9._:|-]{1,64}$/),
  }),
]);
export type KdfDescriptor = z.infer<typeof KdfDescriptor>;

/** What the app tells the writer about itself. */
export const BackupManifestBase = z.strictObject({
  /** The Attest version that made the backup. */
  appVersion: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/),
  /** When the backup was started. */
  createdAt: z.iso.datetime({ offset: true }),
  /** The database schema version of the records (restore migrates from it). */
  databaseVersion: z.int().min(1).max(1_000_000),
  /**
   * The audit chain's head when the backup was made (issue #20): the restore checks the backup's
   * chain against it, and a later check of the live chain can use it as an anchor. Absent in backups
   * made before it was recorded.
   */
  auditHead: z
    .strictObject({
      seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});
export type BackupManifestBase = z.infer<typeof BackupManifestBase>;

/** The first frame of a backup. */
export const BackupManifest = BackupManifestBase.extend({
  format: z.literal('attest-backup'),
  formatVersion: z.int().min(1).max(65_535),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

const TableName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);

/** The last frame of a backup: what the reader must find, recomputed. */
export const BackupSummary = z.strictObject({
  recordCount: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Records per table. */
  counts: z.record(TableName, z.int().min(1).max(Number.MAX_SAFE_INTEGER)),
  /** Length of the payload (the record frames). */
  payloadBytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** SHA-256 of the payload, lowercase hex: also a fingerprint of the backup's content for the audit chain. */
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupSummary = z.infer<typeof BackupSummary>;

/**
 * One stored row or attachment. The value is opaque here: the app passes sealed rows and
 * attachment bytes. `table` is a short identifier; `key` is the row's key as text (the app encodes
 * compound keys), at most 1024 bytes of UTF-8.
 */
export interface BackupRecord {
  readonly table: string;
  readonly key: string;
  readonly value: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Why a backup could not be read or written. */
export type BackupErrorCode =
  /** The file has no bytes. */
  | 'empty'
  /** The file is something else (a PDF, a ZIP, JSON…). */
  | 'not-a-backup'
  /** A backup, of a format version (or key derivation) this version cannot read. */
  | 'unsupported-version'
  /** A backup whose data is at a newer database version than this one knows (`version`, `supported`). */
  | 'newer-database'
  /** The file ends before the backup does (no final chunk). */
  | 'truncated'
  /** A byte was changed, or chunks were dropped, repeated, reordered or spliced in. */
  | 'corrupted'
  /** The key derived from the passphrase or recovery key is not the backup's. */
  | 'wrong-key'
  /** Writer only: a manifest, KDF descriptor, table or key is not in the expected form. */
  | 'invalid-input'
  /** Writer only: a record value is above `MAX_RECORD_VALUE_BYTES`. */
  | 'record-too-large';

type BackupErrorKey = keyof Catalog['backup']['error'];

/** What a foreign file looks like, for a more helpful 'not-a-backup' message. */
export type ForeignFileKind = 'pdf' | 'zip' | 'json' | 'unknown';

const ERROR_KEYS: Readonly<Record<Exclude<BackupErrorCode, 'not-a-backup'>, BackupErrorKey>> = {
  empty: 'empty',
  'unsupported-version': 'unsupportedVersion',
  'newer-database': 'newerDatabase',
  truncated: 'truncated',
  corrupted: 'corrupted',
  'wrong-key': 'wrongKey',
  'invalid-input': 'invalidInput',
  'record-too-large': 'recordTooLarge',
};
const FOREIGN_KEYS: Readonly<Record<ForeignFileKind, BackupErrorKey>> = {
  pdf: 'notABackupPdf',
  zip: 'notABackupZip',
  json: 'notABackupJson',
  unknown: 'notABackup',
};

/** Parameters of a backup message: numbers and codes only, never case data or a path. */
export type BackupMessageParams = Readonly<Record<string, string | number>>;

/**
 * A backup that could not be read or written. `code` is what callers branch on; `messageKey`
 * (namespace `backup`) is what the screen shows; `message` is its text in the default language.
 */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  /** The i18next key of the message, e.g. `backup.error.truncated`. */
  readonly messageKey: `backup.error.${BackupErrorKey}`;

  constructor(
    readonly code: BackupErrorCode,
    readonly params: BackupMessageParams = {},
    options?: { readonly cause?: unknown; readonly detected?: ForeignFileKind },
  ) {
    const key = code === 'not-a-backup' ? FOREIGN_KEYS[options?.detected ?? 'unknown'] : ERROR_KEYS[code];
    super(
      backup().error[key].replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
        const value = params[name];
        return value === undefined ? whole : String(value);
      }),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.messageKey = `backup.error.${key}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Incremental SHA-256: WebCrypto's digest takes the whole input at once, which would mean holding
// the whole payload; this keeps 64 bytes of state instead. Checked against WebCrypto in the tests.

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19] as const;

/** An incremental SHA-256 (FIPS 180-4): `update` any number of times, then `digestHex` once. */
export class Sha256 {
  private readonly state = Int32Array.from(H0);
  private readonly schedule = new Int32Array(64);
  private readonly pending = new Uint8Array(64);
  private pendingLength = 0;
  private totalLength = 0;
  private finished = false;

  /** Adds `data` to the hashed stream. */
  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Sha256: update after digest.');
    this.totalLength += data.length;
    let at = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(64 - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      at = take;
      if (this.pendingLength < 64) return this;
      this.compress(this.pending, 0);
      this.pendingLength = 0;
    }
    for (; data.length - at >= 64; at += 64) this.compress(data, at);
    this.pending.set(data.subarray(at), 0);
    this.pendingLength = data.length - at;
    return this;
  }

  /** The digest of everything added, as 64 lowercase hex characters. */
  digestHex(): string {
    if (this.finished) throw new Error('Sha256: digest taken twice.');
    this.finished = true;
    const bits = this.totalLength * 8;
    const tail = new Uint8Array(this.pendingLength < 56 ? 64 : 128);
    tail.set(this.pending.subarray(0, this.pendingLength));
    tail[this.pendingLength] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 0x1_0000_0000));
    view.setUint32(tail.length - 4, bits >>> 0);
    for (let at = 0; at < tail.length; at += 64) this.compress(tail, at);
    let hex = '';
    for (const word of this.state) hex += (word >>> 0).toString(16).padStart(8, '0');
    return hex;
  }

  private compress(bytes: Uint8Array, offset: number): void {
    const w = this.schedule;
    for (let i = 0; i < 16; i += 1) {
      const p = offset + i * 4;
      w[i] = ((bytes[p] ?? 0) << 24) | ((bytes[p + 1] ?? 0) << 16) | ((bytes[p + 2] ?? 0) << 8) | (bytes[p + 3] ?? 0);
    }
    for (let i = 16; i < 64; i += 1) {
      const x = w[i - 15] ?? 0;
      const y = w[i - 2] ?? 0;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) | 0;
    }
    const h = this.state;
    let a = h[0] ?? 0;
    let b = h[1] ?? 0;
    let c = h[2] ?? 0;
    let d = h[3] ?? 0;
    let e = h[4] ?? 0;
    let f = h[5] ?? 0;
    let g = h[6] ?? 0;
    let hh = h[7] ?? 0;
    for (let i = 0; i < 64; i += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + (K[i] ?? 0) + (w[i] ?? 0)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = ((h[0] ?? 0) + a) | 0;
    h[1] = ((h[1] ?? 0) + b) | 0;
    h[2] = ((h[2] ?? 0) + c) | 0;
    h[3] = ((h[3] ?? 0) + d) | 0;
    h[4] = ((h[4] ?? 0) + e) | 0;
    h[5] = ((h[5] ?? 0) + f) | 0;
    h[6] = ((h[6] ?? 0) + g) | 0;
    h[7] = ((h[7] ?? 0) + hh) | 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Bytes

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function u8(value: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(value);
}

function u16(value: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, value);
  return out;
}

function u32(value: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function readU16(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(0);
}

function readU32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
}

/** Additional data of chunk `index`: file id ‖ u64 index ‖ final flag ‖ header hash. */
function chunkAad(fileId: Uint8Array, index: number, final: boolean, headerHash: Uint8Array): Uint8Array<ArrayBuffer> {
  const aad = new Uint8Array(FILE_ID_BYTES + 8 + 1 + HASH_BYTES);
  aad.set(fileId, 0);
  const view = new DataView(aad.buffer);
  view.setUint32(FILE_ID_BYTES, Math.floor(index / 0x1_0000_0000));
  view.setUint32(FILE_ID_BYTES + 4, index >>> 0);
  aad[FILE_ID_BYTES + 8] = final ? 1 : 0;
  aad.set(headerHash, FILE_ID_BYTES + 9);
  return aad;
}

function assertAesGcmKey(key: CryptoKey, usage: KeyUsage): void {
  const algorithm = key.algorithm as Partial<AesKeyAlgorithm>;
  if (algorithm.name !== 'AES-GCM' || algorithm.length !== 256 || !key.usages.includes(usage)) {
    throw new TypeError(`The backup key must be an AES-GCM 256-bit CryptoKey usable to ${usage}.`);
  }
}

function jsonFrame(kind: number, value: unknown): Uint8Array<ArrayBuffer> {
  const json = utf8Encoder.encode(canonicalJson(value));
  return concat([u8(kind), u32(json.length), json]);
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Progress of a backup being written or read. */
export interface BackupProgress {
  /** Bytes of the file written or read so far (increasing). */
  readonly bytes: number;
  /** Records written or read so far. */
  readonly records: number;
}

/** What `writeBackup` needs. */
export interface WriteBackupOptions {
  /** AES-GCM 256-bit key with `encrypt`, derived by the caller as `kdf` describes. */
  readonly key: CryptoKey;
  /** How `key` was derived (stored in clear in the header). */
  readonly kdf: KdfDescriptor;
  readonly manifestBase: BackupManifestBase;
  /** Every record, in the order restore should see them. Read once, one at a time. */
  readonly records: AsyncIterable<BackupRecord> | Iterable<BackupRecord>;
  /** Called after each chunk is handed out. */
  readonly onProgress?: (progress: BackupProgress) => void;
  /** Plaintext bytes per chunk, `MIN_CHUNK_PLAINTEXT` … `MAX_CHUNK_PLAINTEXT` (the default). */
  readonly chunkSize?: number;
}

function invalidInput(cause?: unknown): BackupError {
  return new BackupError('invalid-input', {}, { cause });
}

/**
 * The bytes of a backup file, in order: the header, then one frame per chunk, each at most
 * `chunkSize + BACKUP_CHUNK_OVERHEAD` bytes. Write them as they come (to a file, a download). If
 * the iteration throws (a `BackupError` 'invalid-input' or 'record-too-large', or an error of
 * `records`), what was written is not a backup: delete it. Nothing is read from `records` before
 * the consumer asks for the next bytes, so memory holds one chunk and the current record.
 */
export async function* writeBackup(options: WriteBackupOptions): AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined> {
  const { key, onProgress } = options;
  assertAesGcmKey(key, 'encrypt');
  const chunkSize = options.chunkSize ?? MAX_CHUNK_PLAINTEXT;
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_PLAINTEXT || chunkSize > MAX_CHUNK_PLAINTEXT) {
    throw new RangeError(`chunkSize must be a whole number from ${MIN_CHUNK_PLAINTEXT} to ${MAX_CHUNK_PLAINTEXT}.`);
  }
  const kdf = KdfDescriptor.safeParse(options.kdf);
  const base = BackupManifestBase.safeParse(options.manifestBase);
  if (!kdf.success) throw invalidInput(kdf.error);
  if (!base.success) throw invalidInput(base.error);

  const kdfJson = utf8Encoder.encode(canonicalJson(kdf.data));
  const fileId = randomBytes(FILE_ID_BYTES);
  const keyCheckIv = randomBytes(IV_BYTES);
  const checked = concat([MAGIC_BYTES, u16(BACKUP_FORMAT_VERSION), u32(kdfJson.length), kdfJson, fileId, keyCheckIv]);
  const keyCheckTag = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: keyCheckIv, additionalData: checked }, key, new Uint8Array(0)));
  const hashed = concat([checked, keyCheckTag]);
  const headerHash = await sha256(hashed);
  const header = concat([hashed, headerHash]);

  let bytesOut = 0;
  let records = 0;
  yield header;
  bytesOut += header.length;

  const buffer = new Uint8Array(chunkSize);
  let filled = 0;
  let index = 0;

  const seal = async (final: boolean): Promise<Uint8Array<ArrayBuffer>> => {
    const iv = randomBytes(IV_BYTES);
    const additionalData = chunkAad(fileId, index, final, headerHash);
    const sealed = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, buffer.subarray(0, filled)));
    const frame = concat([u32(sealed.length), u8(final ? 1 : 0), iv, sealed]);
    filled = 0;
    index += 1;
    bytesOut += frame.length;
    return frame;
  };

  // A full buffer is sealed only once more bytes arrive, so the last chunk is never empty and is
  // always the one sealed as final.
  async function* append(data: Uint8Array): AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined> {
    let at = 0;
    while (at < data.length) {
      if (filled === chunkSize) {
        yield await seal(false);
        onProgress?.({ bytes: bytesOut, records });
      }
      const take = Math.min(chunkSize - filled, data.length - at);
      buffer.set(data.subarray(at, at + take), filled);
      filled += take;
      at += take;
    }
  }

  const manifest: BackupManifest = { ...base.data, format: 'attest-backup', formatVersion: BACKUP_FORMAT_VERSION };
  yield* append(jsonFrame(FRAME_MANIFEST, manifest));

  const payloadHash = new Sha256();
  const counts = new Map<string, number>();
  let payloadBytes = 0;
  for await (const record of options.records) {
    const table = TableName.safeParse(record.table);
    if (!table.success) throw invalidInput(table.error);
    const keyBytes = utf8Encoder.encode(record.key);
    if (keyBytes.length > MAX_KEY_BYTES) throw invalidInput();
    if (record.value.length > MAX_RECORD_VALUE_BYTES) throw new BackupError('record-too-large', { limit: MAX_RECORD_VALUE_BYTES / (1024 * 1024) });
    const tableBytes = utf8Encoder.encode(table.data);
    const head = concat([u8(FRAME_RECORD), u16(tableBytes.length), tableBytes, u16(keyBytes.length), keyBytes, u32(record.value.length)]);
    payloadHash.update(head).update(record.value);
    payloadBytes += head.length + record.value.length;
    yield* append(head);
    yield* append(record.value);
    counts.set(table.data, (counts.get(table.data) ?? 0) + 1);
    records += 1;
  }

  const summary: BackupSummary = {
    recordCount: records,
    counts: Object.fromEntries(counts),
    payloadBytes,
    payloadSha256: payloadHash.digestHex(),
  };
  yield* append(jsonFrame(FRAME_SUMMARY, summary));
  yield await seal(true);
  onProgress?.({ bytes: bytesOut, records });
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads exact byte counts from an async iterable of pieces of any size; holds one piece at a time. */
class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private piece: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private ended = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** True when at least one more byte is available. */
  private async fill(): Promise<boolean> {
    while (this.offset >= this.piece.length) {
      if (this.ended) return false;
      const next = await this.iterator.next();
      if (next.done === true) {
        this.ended = true;
        return false;
      }
      if (!(next.value instanceof Uint8Array)) throw new TypeError('A backup byte source must yield Uint8Array pieces.');
      this.piece = next.value;
      this.offset = 0;
    }
    return true;
  }

  /** Exactly `length` bytes (a fresh copy), or fewer only where the source ends. */
  async read(length: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length && (await this.fill())) {
      const take = Math.min(length - filled, this.piece.length - this.offset);
      out.set(this.piece.subarray(this.offset, this.offset + take), filled);
      this.offset += take;
      filled += take;
    }
    this.consumed += filled;
    return filled === length ? out : out.subarray(0, filled);
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  /** Lets the source release what it holds (an open file) when reading stops early. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.iterator.return?.();
  }
}

/** Exactly `length` bytes of the file, or 'truncated'. */
async function readFileExact(file: ByteReader, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await file.read(length);
  if (bytes.length < length) throw new BackupError('truncated');
  return bytes;
}

function detectForeign(start: Uint8Array): ForeignFileKind {
  const ascii = String.fromCharCode(...start);
  if (ascii.startsWith('%PDF')) return 'pdf';
  if (ascii.startsWith('PK\x03\x04') || ascii.startsWith('PK\x05\x06') || ascii.startsWith('PK\x07\x08')) return 'zip';
  // The bytes were read as Latin-1 characters, so a UTF-8 byte-order mark is these three.
  if (/^(?:\xEF\xBB\xBF)?\s*[{[]/.test(ascii)) return 'json';
  return 'unknown';
}

interface Header {
  readonly kdf: KdfDescriptor;
  readonly fileId: Uint8Array<ArrayBuffer>;
  readonly keyCheckIv: Uint8Array<ArrayBuffer>;
  readonly keyCheckTag: Uint8Array<ArrayBuffer>;
  /** Header bytes the key-check tag authenticates. */
  readonly checked: Uint8Array<ArrayBuffer>;
  readonly headerHash: Uint8Array<ArrayBuffer>;
}

async function readHeader(file: ByteReader): Promise<Header> {
  const magic = await file.read(MAGIC_BYTES.length);
  if (magic.length === 0) throw new BackupError('empty');
  if (!equalBytes(magic, MAGIC_BYTES.subarray(0, magic.length))) throw new BackupError('not-a-backup', {}, { detected: detectForeign(magic) });
  if (magic.length < MAGIC_BYTES.length) throw new BackupError('truncated');
  const versionBytes = await readFileExact(file, VERSION_BYTES);
  const version = readU16(versionBytes);
  if (version !== BACKUP_FORMAT_VERSION) throw new BackupError('unsupported-version', { version });
  const kdfLengthBytes = await readFileExact(file, LENGTH_BYTES);
  const kdfLength = readU32(kdfLengthBytes);
  if (kdfLength < 1 || kdfLength > MAX_KDF_BYTES) throw new BackupError('corrupted');
  const kdfJson = await readFileExact(file, kdfLength);
  const fileId = await readFileExact(file, FILE_ID_BYTES);
  const keyCheckIv = await readFileExact(file, IV_BYTES);
  const keyCheckTag = await readFileExact(file, TAG_BYTES);
  const storedHash = await readFileExact(file, HASH_BYTES);
  const checked = concat([magic, versionBytes, kdfLengthBytes, kdfJson, fileId, keyCheckIv]);
  const headerHash = await sha256(concat([checked, keyCheckTag]));
  if (!equalBytes(headerHash, storedHash)) throw new BackupError('corrupted');
  let json: unknown;
  try {
    json = JSON.parse(utf8Decoder.decode(kdfJson));
  } catch (error) {
    throw new BackupError('corrupted', {}, { cause: error });
  }
  // The header is intact (its hash matched), so an unknown descriptor is a newer format, not damage.
  const kdf = KdfDescriptor.safeParse(json);
  if (!kdf.success) throw new BackupError('unsupported-version', { version }, { cause: kdf.error });
  return { kdf: kdf.data, fileId, keyCheckIv, keyCheckTag, checked, headerHash };
}

/** The chunk plaintexts, each authenticated before it is yielded; ends after the final chunk and the end of the file. */
async function* decryptChunks(file: ByteReader, key: CryptoKey, header: Header, onChunk: () => void): AsyncGenerator<Uint8Array<ArrayBuffer>, void, undefined> {
  for (let index = 0; ; index += 1) {
    if (await file.atEnd()) throw new BackupError('truncated');
    const length = readU32(await readFileExact(file, LENGTH_BYTES));
    if (length <= TAG_BYTES || length > MAX_CHUNK_PLAINTEXT + TAG_BYTES) throw new BackupError('corrupted');
    const flag = (await readFileExact(file, 1))[0];
    if (flag !== 0 && flag !== 1) throw new BackupError('corrupted');
    const final = flag === 1;
    const iv = await readFileExact(file, IV_BYTES);
    const sealed = await readFileExact(file, length);
    let plain: Uint8Array<ArrayBuffer>;
    try {
      plain = new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: chunkAad(header.fileId, index, final, header.headerHash) }, key, sealed));
    } catch (error) {
      throw new BackupError('corrupted', {}, { cause: error });
    }
    onChunk();
    yield plain;
    if (final) {
      if (!(await file.atEnd())) throw new BackupError('corrupted');
      return;
    }
  }
}

/** What `readBackup` needs. */
export interface ReadBackupOptions {
  /** The file's bytes, in pieces of any size (a file stream, a Blob's stream). */
  readonly bytes: AsyncIterable<Uint8Array>;
  /**
   * Derives the AES-GCM 256-bit key (with `decrypt`) from the descriptor found in the file, by
   * asking for the passphrase or recovery key. Its errors (a cancelled prompt) pass through as they are.
   */
  readonly deriveKey: (kdf: KdfDescriptor) => Promise<CryptoKey>;
  /** Called after each chunk is authenticated. */
  readonly onProgress?: (progress: BackupProgress) => void;
}

/** One item read from a backup, in file order: one 'manifest', the 'record's, one 'end'. */
export type BackupItem =
  | { readonly kind: 'manifest'; readonly manifest: BackupManifest }
  | { readonly kind: 'record'; readonly record: BackupRecord }
  /** Yielded only once the whole file is verified: the final chunk, the counts and the payload SHA-256. */
  | { readonly kind: 'end'; readonly manifest: BackupManifest; readonly summary: BackupSummary };

/** Exactly `length` plaintext bytes; the plaintext is authenticated, so a short read is a malformed backup. */
async function readPlainExact(plain: ByteReader, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await plain.read(length);
  if (bytes.length < length) throw new BackupError('corrupted');
  return bytes;
}

async function readJsonFrame<T>(plain: ByteReader, schema: z.ZodType<T>): Promise<T> {
  const length = readU32(await readPlainExact(plain, LENGTH_BYTES));
  if (length > MAX_JSON_FRAME_BYTES) throw new BackupError('corrupted');
  const bytes = await readPlainExact(plain, length);
  try {
    return schema.parse(JSON.parse(utf8Decoder.decode(bytes)));
  } catch (error) {
    throw new BackupError('corrupted', {}, { cause: error });
  }
}

function sameCounts(a: Readonly<Record<string, number>>, b: ReadonlyMap<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === b.size && keys.every((table) => a[table] === b.get(table));
}

/**
 * Reads a backup as a stream of items: first `{ kind: 'manifest' }`, then one `{ kind: 'record' }`
 * per record, then `{ kind: 'end' }`. Each chunk is authenticated before any record in it is
 * yielded, but a record is yielded before the rest of the file is checked: **a restore must stage
 * every record and commit only after the 'end' item (equivalently, after the iteration completes
 * without error)**, and discard the staging area on any error. That is what makes restore
 * all-or-nothing. Failures throw a `BackupError` ('empty', 'not-a-backup', 'unsupported-version',
 * 'truncated', 'corrupted', 'wrong-key'); the source is closed when reading stops, early or not.
 * Memory: one piece of the source, one chunk, and the record being read.
 */
export async function* readBackup(options: ReadBackupOptions): AsyncGenerator<BackupItem, void, undefined> {
  const file = new ByteReader(options.bytes);
  try {
    const header = await readHeader(file);
    const key = await options.deriveKey(header.kdf);
    assertAesGcmKey(key, 'decrypt');
    try {
      await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: header.keyCheckIv, additionalData: header.checked }, key, header.keyCheckTag);
    } catch (error) {
      throw new BackupError('wrong-key', {}, { cause: error });
    }

    let records = 0;
    const plain = new ByteReader(
      decryptChunks(file, key, header, () => {
        options.onProgress?.({ bytes: file.consumed, records });
      }),
    );
    try {
      if ((await readPlainExact(plain, 1))[0] !== FRAME_MANIFEST) throw new BackupError('corrupted');
      const manifest = await readJsonFrame(plain, BackupManifest);
      if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) throw new BackupError('corrupted');
      yield { kind: 'manifest', manifest };

      const payloadHash = new Sha256();
      const counts = new Map<string, number>();
      let payloadBytes = 0;
      for (;;) {
        const kind = (await readPlainExact(plain, 1))[0];
        if (kind === FRAME_SUMMARY) break;
        if (kind !== FRAME_RECORD) throw new BackupError('corrupted');
        const tableLength = await readPlainExact(plain, 2);
        const tableBytes = await readPlainExact(plain, readU16(tableLength));
        const keyLength = await readPlainExact(plain, 2);
        if (readU16(keyLength) > MAX_KEY_BYTES) throw new BackupError('corrupted');
        const keyBytes = await readPlainExact(plain, readU16(keyLength));
        const valueLength = await readPlainExact(plain, LENGTH_BYTES);
        if (readU32(valueLength) > MAX_RECORD_VALUE_BYTES) throw new BackupError('corrupted');
        const value = await readPlainExact(plain, readU32(valueLength));
        let table: string;
        let key: string;
        try {
          table = TableName.parse(utf8Decoder.decode(tableBytes));
          key = utf8Decoder.decode(keyBytes);
        } catch (error) {
          throw new BackupError('corrupted', {}, { cause: error });
        }
        payloadHash.update(u8(FRAME_RECORD)).update(tableLength).update(tableBytes).update(keyLength).update(keyBytes).update(valueLength).update(value);
        payloadBytes += 1 + 2 + tableBytes.length + 2 + keyBytes.length + 4 + value.length;
        counts.set(table, (counts.get(table) ?? 0) + 1);
        records += 1;
        yield { kind: 'record', record: { table, key, value } };
      }
      const summary = await readJsonFrame(plain, BackupSummary);
      if (!(await plain.atEnd())) throw new BackupError('corrupted');
      if (
        summary.recordCount !== records ||
        summary.payloadBytes !== payloadBytes ||
        !sameCounts(summary.counts, counts) ||
        summary.payloadSha256 !== payloadHash.digestHex()
      ) {
        throw new BackupError('corrupted');
      }
      yield { kind: 'end', manifest, summary };
    } finally {
      await plain.close();
    }
  } finally {
    await file.close();
  }
}

/** A whole backup in memory: for tests and small files only (a restore streams into staging). */
export interface FullBackup {
  readonly manifest: BackupManifest;
  readonly summary: BackupSummary;
  readonly records: BackupRecord[];
}

/** Reads a whole backup into memory, or throws as `readBackup` does. For tests and small files. */
export async function readBackupFully(options: ReadBackupOptions): Promise<FullBackup> {
  const records: BackupRecord[] = [];
  for await (const item of readBackup(options)) {
    if (item.kind === 'record') records.push(item.record);
    if (item.kind === 'end') return { manifest: item.manifest, summary: item.summary, records };
  }
  // readBackup always ends with 'end' or throws; this guards a future change to it.
  throw new BackupError('truncated');
}
