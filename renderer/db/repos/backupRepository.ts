/**
 * Backups and restores of the whole database as one `.attest-backup` file (shared/vault/backupFormat.ts).
 *
 * Backup: every table in `BACKUP_TABLES` is read in pages by primary key (never all at once), all in
 * one read transaction (`Snapshot`), so the file is the database of one moment even while the
 * clinician types; each stored row goes
 * into the container as it is: case bodies and attachments are already sealed by the vault codec,
 * and the backup's own encryption is a second layer. Rows are JSON; binary fields (ArrayBuffer,
 * Uint8Array) are tagged Base64 so that they come back byte for byte. A Blob field (an attachment's
 * ciphertext, megabytes) is not put in the JSON: it is tagged `{ $attestBinary: 'Blob', type, size }`
 * and its bytes follow the row as `blobPart` records of at most 1 MiB each, read from the Blob slice
 * by slice, so neither side ever holds a whole photograph as one string or buffer. (This is a use of
 * container format 1, not a new format: the container carries any table and key. A version that
 * knows no `attachments` table refuses these backups through the manifest's database version.)
 * The backup key is derived from the passphrase (PBKDF2-SHA-256, 600,000 rounds, fresh salt) or
 * from the recovery key (HKDF-SHA-256 over its bytes, fresh salt), and the header says which, so
 * that a fresh install can derive it again.
 *
 * Restore: the file is read as a stream into a SEPARATE staging database, opened at the schema
 * version the manifest names (a backup of a newer version is refused, 'newer-database'); once the
 * reader has verified the whole file (its 'end' item), a backup of an earlier version is upgraded
 * there by every migration since (Dexie reopens the staging database at today's version), every row
 * is checked against what the repositories read, and only then are the live tables replaced, in one
 * `rw` transaction (clear, then add from staging page by page). Any failure deletes the staging database
 * and leaves the live data as it was; the error is a `BackupError` with a plain message. A row with
 * Blob fields is staged only once all its `blobPart` records have arrived, exactly in order (row,
 * field, part) and summing to each field's size; anything else is 'corrupted'. Each part becomes a
 * small Blob at once and the parts are joined with `new Blob(parts)`, so a browser keeps the bytes
 * in its Blob storage, not in the page's heap.
 */
import { Dexie, type Table } from 'dexie';
import {
  BACKUP_FORMAT_VERSION,
  BackupError,
  Sha256,
  readBackup,
  writeBackup,
  type BackupProgress,
  type BackupRecord,
  type KdfDescriptor,
} from '../../../shared/vault/backupFormat';
import { z } from 'zod';
import { CaseSummary } from '../../../shared/domain/case';
import { EMPTY_CHAIN_HEAD, Sha256Hex, StoredAuditEntry, appendEvent } from '../../../shared/vault/auditChain';
import { AUDIT_ANCHOR_ROW, entryMac, verifyKeyedChain } from '../../../shared/vault/auditKey';
import { fromBase64, randomBytes, toBase64, utf8, wipe } from '../../../shared/vault/encoding';
import { parseKeyring, unlockWithPassphrase, unlockWithRecoveryKey, type KdfOptions, type VaultSecret } from '../../../shared/vault/keys';
import { DEFAULT_PBKDF2_ITERATIONS, MIN_PBKDF2_ITERATIONS } from '../../../shared/vault/keys';
import { parseRecoveryKey } from '../../../shared/vault/recoveryKey';
import { VaultError } from '../../../shared/vault/errors';
import { createDatabase, type AttestDatabase, type CaseRow } from '../database';
import { withOverdueIndexUnread } from './caseRepository';
import { StoredAttachmentRow } from './attachmentRepository';
import { StoredReferralDocumentRow, StoredReferralRow } from './referralRepository';
import { StoredReportRow } from './reportRepository';
import { StoredReceivedCaseRow } from './receivedRepository';
import { StoredCopyHandoverRow } from './copyHandoverRepository';
import { StoredCountersignatureRow } from './countersignatureRepository';
import { StoredTimestampRow } from './timestampRepository';
import { createAuditRepository, LOCAL_ACTOR_ID } from './auditRepository';

/** The staging database a restore fills before it touches the live one. */
export const RESTORE_STAGING_DATABASE = 'attest-restore-staging';

/** The tables a backup holds, in the order they are written and restored. */
export const BACKUP_TABLES = ['cases', 'caseBodies', 'counters', 'settings', 'vault', 'audit', 'attachments', 'reports', 'referrals', 'referralDocuments', 'copyHandovers', 'timestamps', 'countersignatures', 'receivedCases'] as const;
type BackupTable = (typeof BACKUP_TABLES)[number];

/**
 * The tables a backup leaves out, each with why. Every table of the schema is in `BACKUP_TABLES` or
 * here (test/db/backupTables.test.ts fails otherwise): a new table is never left out by oversight.
 * A restore clears these too.
 */
export const NOT_BACKED_UP: Readonly<Record<string, string>> = {
  statFacts: 'derived from the case bodies; the statistics screen computes it again after a restore',
  statFactsPages: 'derived from statFacts; rebuilt with it',
  pendingEdits: 'typed on top of the cases a restore replaces; applying them to the restored cases would mix two states',
  fhirOutbox: 'this computer\'s queue of sends to its FHIR server, bound to the cases it was made from: a restore clears it (a restored case is sent again from its report panel), so that no other computer or restored state sends what was queued here',
};

/**
 * The first schema version a backup was ever made at: backups came with the vault (migration 0004,
 * commit 065a221), and a restore needs the keyring that only exists from then on.
 */
export const FIRST_BACKUP_VERSION = 4;

/**
 * Longest the snapshot's read transaction waits for the file's writer to ask for more. A writer pulls
 * a chunk every few milliseconds (the save dialog comes before the first pull); one that stops (a
 * window locked or closed mid-backup without ending the stream) must not hold saves back for long.
 */
const SNAPSHOT_IDLE_MS = 60 * 1000;

/** Vault rows that belong to this computer, not to the data: never backed up, cleared by a restore. */
const LOCAL_VAULT_ROWS: ReadonlySet<string> = new Set(['failedAttempts']);

/** Rows read (or added) per page: memory stays flat however large the database. */
const PAGE_SIZE = 200;
/** Staged rows are also written once the Blobs they carry reach this many bytes. */
const STAGE_BLOB_BYTES = 16 * 1024 * 1024;

/** The pseudo-table of the records that carry a Blob field's bytes, after the row they belong to. */
export const BLOB_PART_TABLE = 'blobPart';
/** Bytes of a Blob per `blobPart` record. */
export const BLOB_PART_BYTES = 1024 * 1024;
/** Largest Blob a restore accepts (the container's limit for one record). */
const MAX_BLOB_BYTES = 256 * 1024 * 1024;

const RECOVERY_INFO = 'attest-backup-1|recovery-key';
const SALT_BYTES = 16;

export interface BackupDeps {
  readonly db: AttestDatabase;
  /** Where the staging database is made: the live database's IndexedDB (tests pass fake-indexeddb). */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
  readonly now?: () => Date;
  /** The app version written in the manifest. */
  readonly appVersion?: string;
  /** The clinician's id for the audit events (see createAuditRepository). */
  readonly actor?: () => string | null;
  /** The unlocked vault's audit key: the 'backup' event is sealed under it (see createAuditRepository). */
  readonly auditKey?: CryptoKey | (() => CryptoKey | undefined);
}

export interface ExportBackupOptions extends KdfOptions {
  /** The vault's passphrase or recovery key: checked against the stored keyring, then the backup key. */
  readonly secret: VaultSecret;
  readonly onProgress?: (progress: BackupProgress) => void;
  /** Plaintext bytes per chunk (tests use small chunks). */
  readonly chunkSize?: number;
}

export interface RestoreBackupOptions {
  readonly bytes: AsyncIterable<Uint8Array>;
  readonly secret: VaultSecret;
  readonly onProgress?: (progress: BackupProgress) => void;
}

export interface RestoreResult {
  readonly records: number;
}

export interface BackupRepository {
  /** The bytes of a backup file, in order. The 'backup' audit event is appended once the last bytes are out. */
  exportBackup(options: ExportBackupOptions): AsyncIterable<Uint8Array<ArrayBuffer>>;
  /** Replaces every table with the backup's, all or nothing; appends a 'restore' audit event after. */
  restoreBackup(options: RestoreBackupOptions): Promise<RestoreResult>;
}

// ---------------------------------------------------------------------------------------------
// Row encoding

const BINARY_TAG = '$attestBinary';

/** A row's JSON and the Blobs it names, in the order their tags appear (index = position here). */
function encodeRow(row: unknown): { value: Uint8Array; blobs: Blob[] } {
  const blobs: Blob[] = [];
  const json = JSON.stringify(row, function replacer(this: unknown, _key: string, value: unknown) {
    if (value instanceof ArrayBuffer) return { [BINARY_TAG]: 'ArrayBuffer', base64: toBase64(new Uint8Array(value)) };
    if (value instanceof Uint8Array) return { [BINARY_TAG]: 'Uint8Array', base64: toBase64(value) };
    if (value instanceof Blob) {
      blobs.push(value);
      return { [BINARY_TAG]: 'Blob', type: value.type, size: value.size };
    }
    return value;
  });
  return { value: utf8(json), blobs };
}

/** Where a Blob goes in a decoded row, until its `blobPart` records have arrived. */
class BlobSlot {
  blob: Blob | null = null;
  constructor(
    readonly type: string,
    readonly size: number,
  ) {}
}

const BlobType = z.string().max(100).regex(/^(?:[\w.+-]+\/[\w.+-]+)?$/);

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A row from its JSON, with a `BlobSlot` for each Blob field, in order. */
function decodeRow(bytes: Uint8Array): { row: unknown; slots: BlobSlot[] } {
  const slots: BlobSlot[] = [];
  const row = JSON.parse(decoder.decode(bytes), (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && BINARY_TAG in value) {
      const tagged = value as { [BINARY_TAG]: unknown; base64?: unknown; type?: unknown; size?: unknown };
      if (tagged[BINARY_TAG] === 'Blob') {
        const size = tagged.size;
        if (!BlobType.safeParse(tagged.type).success || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > MAX_BLOB_BYTES) {
          throw new Error('malformed Blob field');
        }
        const slot = new BlobSlot(tagged.type as string, size);
        slots.push(slot);
        return slot;
      }
      if (typeof tagged.base64 !== 'string') throw new Error('binary field without base64');
      const bytesOut = fromBase64(tagged.base64);
      if (tagged[BINARY_TAG] === 'ArrayBuffer') return bytesOut.buffer;
      if (tagged[BINARY_TAG] === 'Uint8Array') return bytesOut;
      throw new Error('unknown binary tag');
    }
    return value;
  }) as unknown;
  return { row, slots };
}

/** The row with each `BlobSlot` replaced by its assembled Blob (JSON gives plain objects and arrays only). */
function withBlobs(value: unknown): unknown {
  if (value instanceof BlobSlot) {
    if (value.blob === null) throw new BackupError('corrupted');
    return value.blob;
  }
  if (Array.isArray(value)) return value.map(withBlobs);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withBlobs(field)]));
  }
  return value;
}

/** The key of a `blobPart` record: which row, which of its Blobs, which part. */
function blobPartKey(table: string, rowKey: string, blob: number, part: number): string {
  return JSON.stringify([table, rowKey, blob, part]);
}

const Buffer = z.instanceof(ArrayBuffer);
const KeyValueRow = z.looseObject({ key: z.string().min(1).max(100), value: z.unknown() });

/**
 * The shape every restored row must have before it may replace live data. A backup is authenticated,
 * but it may come from a faulty or older version: a row the repositories could not read is refused
 * here, while nothing has changed yet, rather than failing later on a clinician's screen. Rows are
 * checked, not rewritten: what is restored is byte for byte what was backed up.
 */
const rowSchemas: Readonly<Record<BackupTable, z.ZodType>> = {
  cases: CaseSummary.extend({ searchKeys: z.array(z.string().max(128)).max(1000) }),
  caseBodies: z.looseObject({
    id: z.string().min(1).max(200),
    schemaVersion: z.number().int().nonnegative(),
    body: z.looseObject({ codec: z.string().max(50), payload: z.union([z.string(), Buffer]), iv: Buffer.optional() }),
  }),
  counters: z.looseObject({ name: z.string().min(1).max(100), value: z.number().int().nonnegative() }),
  settings: KeyValueRow,
  vault: KeyValueRow,
  audit: StoredAuditEntry,
  attachments: StoredAttachmentRow,
  reports: StoredReportRow,
  referrals: StoredReferralRow,
  referralDocuments: StoredReferralDocumentRow,
  copyHandovers: StoredCopyHandoverRow,
  timestamps: StoredTimestampRow,
  countersignatures: StoredCountersignatureRow,
  receivedCases: StoredReceivedCaseRow,
};

function isBackupTable(name: string): name is BackupTable {
  return (BACKUP_TABLES as readonly string[]).includes(name);
}

/** The backed-up tables this database has: all of them today; fewer in a database at an older version. */
function backupTablesOf(db: AttestDatabase): BackupTable[] {
  const present = new Set(db.tables.map((table) => table.name));
  return BACKUP_TABLES.filter((name) => present.has(name));
}

function tableOf(db: AttestDatabase, name: BackupTable): Table<object, unknown> {
  return db.table(name);
}

/** A page of a table in primary-key order: the first, or the one after `after`. */
function pageOf(table: Table<object, unknown>, after: { readonly key: unknown } | null): Promise<object[]> {
  return (after === null ? table.orderBy(':id') : table.where(':id').above(after.key)).limit(PAGE_SIZE).toArray();
}

/**
 * Reads pages of the backed-up tables, all inside ONE read transaction, so that a backup is the state
 * of one moment however long it takes to write: saves that start meanwhile wait for it to end (an
 * IndexedDB read-write transaction does not start while an earlier read over the same tables runs),
 * and none is half in the backup. The typing itself is not held up: pending edits
 * (pendingEditRepository) are outside the snapshot's tables and are kept as they are typed.
 *
 * The transaction is kept open between pages (while the chunks are sealed and written to the file)
 * by `Dexie.waitFor`, which keeps requests going on it; `close` ends it. If the file's reader stops
 * asking for `SNAPSHOT_IDLE_MS`, the transaction ends and the next page fails: a backup is then
 * refused, never made of two moments.
 */
class Snapshot {
  private readonly requests: { table: BackupTable; after: { readonly key: unknown } | null; resolve: (rows: object[]) => void; reject: (error: unknown) => void }[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  constructor(db: AttestDatabase, tables: readonly BackupTable[]) {
    this.done = db
      .transaction('r', tables.map((name) => tableOf(db, name)), async () => {
        for (;;) {
          if (this.requests.length === 0 && !this.closed) {
            await Dexie.waitFor(new Promise<void>((resolve) => { this.wake = resolve; }), SNAPSHOT_IDLE_MS);
            this.wake = null;
          }
          const request = this.requests.shift();
          if (request === undefined) {
            if (this.closed) return;
            continue;
          }
          try {
            request.resolve(await pageOf(tableOf(db, request.table), request.after));
          } catch (error) {
            request.reject(error);
            throw error;
          }
        }
      })
      .catch((error: unknown) => {
        this.failure = error instanceof Error ? error : new Error('The backup snapshot ended.', { cause: error });
        for (const request of this.requests.splice(0)) request.reject(error);
      });
  }

  /** The page of `table` after `after` (null: the first), as it was when the snapshot began. */
  page(table: BackupTable, after: { readonly key: unknown } | null): Promise<object[]> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('The backup snapshot is closed.'));
    return new Promise((resolve, reject) => {
      this.requests.push({ table, after, resolve, reject });
      this.wake?.();
    });
  }

  /** Ends the read transaction (the backup is written, or was abandoned). */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.done;
  }
}

function primaryKeyOf(table: Table<object, unknown>, row: object): unknown {
  const keyPath = table.schema.primKey.keyPath;
  if (typeof keyPath !== 'string') throw new BackupError('invalid-input');
  return (row as Record<string, unknown>)[keyPath];
}

// ---------------------------------------------------------------------------------------------
// Keys

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number, usages: KeyUsage[]): Promise<CryptoKey> {
  const password = utf8(passphrase.normalize('NFKC'));
  try {
    const material = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveKey']);
    return await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, usages);
  } finally {
    wipe(password);
  }
}

async function recoveryKey(recoveryKeyText: string, salt: Uint8Array<ArrayBuffer>, info: string, usages: KeyUsage[]): Promise<CryptoKey> {
  const bytes = parseRecoveryKey(recoveryKeyText);
  try {
    const material = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveKey']);
    return await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, material, { name: 'AES-GCM', length: 256 }, false, usages);
  } finally {
    wipe(bytes);
  }
}

/** A fresh backup key for `secret`, and the descriptor to store in the header. */
async function newBackupKey(secret: VaultSecret, options: KdfOptions): Promise<{ key: CryptoKey; kdf: KdfDescriptor }> {
  const salt = randomBytes(SALT_BYTES);
  if ('passphrase' in secret) {
    const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
    if (iterations < MIN_PBKDF2_ITERATIONS && options.allowInsecureIterationsForTests !== true) {
      throw new VaultError('weak-kdf', { minimum: MIN_PBKDF2_ITERATIONS });
    }
    const key = await passphraseKey(secret.passphrase, salt, iterations, ['encrypt']);
    return { key, kdf: { name: 'PBKDF2', source: 'passphrase', hash: 'SHA-256', iterations, salt: toBase64(salt) } };
  }
  const key = await recoveryKey(secret.recoveryKey, salt, RECOVERY_INFO, ['encrypt']);
  return { key, kdf: { name: 'HKDF', source: 'recovery-key', hash: 'SHA-256', salt: toBase64(salt), info: RECOVERY_INFO } };
}

/** The key a backup's header describes, from the secret the person typed; a secret of the other kind is the wrong key. */
export async function backupKeyFor(kdf: KdfDescriptor, secret: VaultSecret): Promise<CryptoKey> {
  if (kdf.name === 'PBKDF2') {
    if (kdf.source !== 'passphrase' || !('passphrase' in secret)) throw new BackupError('wrong-key');
    return passphraseKey(secret.passphrase, fromBase64(kdf.salt), kdf.iterations, ['decrypt']);
  }
  if (!('recoveryKey' in secret)) throw new BackupError('wrong-key');
  try {
    return await recoveryKey(secret.recoveryKey, fromBase64(kdf.salt), kdf.info, ['decrypt']);
  } catch (error) {
    // A mistyped recovery key cannot open the backup; the message says so plainly.
    if (error instanceof VaultError) throw new BackupError('wrong-key', {}, { cause: error });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

/** Reads the whole of `bytes` (an opened file) as pieces of at most 1 MiB. */
export async function* bytePieces(bytes: Uint8Array, pieceSize = 1024 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += pieceSize) {
    yield bytes.subarray(at, at + pieceSize);
    await Promise.resolve();
  }
}

/** The staging database at schema `version` (by default today's). */
function stagingDatabase(deps: BackupDeps, version?: number): AttestDatabase {
  return createDatabase({
    name: RESTORE_STAGING_DATABASE,
    ...(deps.indexedDB ? { indexedDB: deps.indexedDB } : {}),
    ...(deps.IDBKeyRange ? { IDBKeyRange: deps.IDBKeyRange } : {}),
    ...(version === undefined ? {} : { version }),
  });
}

async function deleteStaging(staging: AttestDatabase): Promise<void> {
  staging.close();
  await staging.delete();
}

function plainError(error: unknown): BackupError {
  if (error instanceof BackupError) return error;
  if (error instanceof VaultError) return new BackupError('wrong-key', {}, { cause: error });
  return new BackupError('corrupted', {}, { cause: error });
}

export function createBackupRepository(deps: BackupDeps): BackupRepository {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const audit = createAuditRepository({ db, ...(deps.actor === undefined ? {} : { actor: deps.actor }), ...(deps.auditKey === undefined ? {} : { auditKey: deps.auditKey }) });

  async function checkSecret(secret: VaultSecret): Promise<void> {
    const row = await db.vault.get('keyring');
    if (row === undefined) throw new VaultError('malformed-keyring');
    const keyring = parseKeyring(row.value);
    if ('passphrase' in secret) await unlockWithPassphrase(keyring, secret.passphrase);
    else await unlockWithRecoveryKey(keyring, secret.recoveryKey);
  }

  async function* records(): AsyncGenerator<BackupRecord> {
    const tables = backupTablesOf(db);
    const snapshot = new Snapshot(db, tables);
    try {
      for (const name of tables) {
        const table = tableOf(db, name);
        for (let page = await snapshot.page(name, null); page.length > 0; ) {
          for (const row of page) {
            const key = primaryKeyOf(table, row);
            if (name === 'vault' && typeof key === 'string' && LOCAL_VAULT_ROWS.has(key)) continue;
            const rowKey = JSON.stringify(key);
            const { value, blobs } = encodeRow(row);
            yield { table: name, key: rowKey, value };
            // The Blob's bytes, slice by slice: one part in memory at a time, however large the Blob.
            // A stored Blob never changes (a row is replaced with a new one), so reading it after the
            // page is still reading the snapshot.
            for (const [index, blob] of blobs.entries()) {
              for (let at = 0, part = 0; at < blob.size; at += BLOB_PART_BYTES, part += 1) {
                const bytes = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + BLOB_PART_BYTES)).arrayBuffer());
                yield { table: BLOB_PART_TABLE, key: blobPartKey(name, rowKey, index, part), value: bytes };
              }
            }
          }
          if (page.length < PAGE_SIZE) break;
          page = await snapshot.page(name, { key: primaryKeyOf(table, page.at(-1) as object) });
        }
      }
    } finally {
      await snapshot.close();
    }
  }

  async function* exportBackup(options: ExportBackupOptions): AsyncGenerator<Uint8Array<ArrayBuffer>> {
    // A mistyped passphrase would make a backup nobody can open: check it against the keyring first.
    await checkSecret(options.secret);
    const { key, kdf } = await newBackupKey(options.secret, options);
    const hash = new Sha256();
    let bytes = 0;
    let count = 0;
    for await (const chunk of writeBackup({
      key,
      kdf,
      // The chain's head as the backup starts: the restore checks the backup's chain against it.
      manifestBase: { appVersion: deps.appVersion ?? '0.1.0', createdAt: now().toISOString(), databaseVersion: db.verno, auditHead: { ...(await audit.head()) } },
      records: records(),
      onProgress: (progress) => {
        count = progress.records;
        options.onProgress?.(progress);
      },
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    })) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
    await audit.append({
      at: now().toISOString(),
      actor: LOCAL_ACTOR_ID,
      action: 'backup',
      recordType: 'backup',
      recordId: null,
      detail: { sha256: hash.digestHex(), count, bytes, formatVersion: BACKUP_FORMAT_VERSION, method: 'passphrase' in options.secret ? 'passphrase' : 'recovery-key' },
    });
  }

  async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreResult> {
    // Opened at the backup's schema version once its manifest is read; until then, only to delete.
    let staging = stagingDatabase(deps);
    try {
      // A staging database left by a restore that was cut off (the app closed) is discarded first.
      await staging.delete();
      let stagedTables: ReadonlySet<string> = new Set();
      let end: { payloadSha256: string; recordCount: number } | null = null;
      let backupVersion = 0;
      let batch: { table: BackupTable; rows: object[] }[] = [];
      let pending = 0;
      let pendingBlobBytes = 0;
      let keyrings = 0;
      let blobParts = 0;
      let manifestHead: { seq: number; hash: string } | undefined;
      const flush = async () => {
        if (pending === 0) return;
        const groups = batch;
        batch = [];
        pending = 0;
        pendingBlobBytes = 0;
        await staging.transaction('rw', [...stagedTables].map((name) => staging.table(name)), async () => {
          for (const group of groups) await tableOf(staging, group.table).bulkAdd(group.rows);
        });
      };
      /**
       * Queues a whole row (its Blobs assembled) for the staging database. Its shape is checked once
       * the migrations have run, at today's version (rows of an older backup have that version's shape).
       */
      const stage = async (table: BackupTable, row: unknown, blobBytes: number) => {
        if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new BackupError('corrupted');
        if (table === 'vault') {
          const vaultRow = row as { key?: unknown; value?: unknown };
          if (typeof vaultRow.key === 'string' && LOCAL_VAULT_ROWS.has(vaultRow.key)) return;
          if (vaultRow.key === 'keyring') {
            parseKeyring(vaultRow.value);
            keyrings += 1;
          }
        }
        const last = batch.at(-1);
        if (last?.table === table) last.rows.push(row);
        else batch.push({ table, rows: [row] });
        pending += 1;
        pendingBlobBytes += blobBytes;
        if (pending >= PAGE_SIZE || pendingBlobBytes >= STAGE_BLOB_BYTES) await flush();
      };
      /**
       * The row whose Blobs are arriving. Each part becomes a small Blob at once (in a browser, Blob
       * data leaves the page's memory), and the parts are joined into the field's Blob when complete.
       */
      let assembling: { table: BackupTable; key: string; row: unknown; slots: BlobSlot[]; slot: number; part: number; received: number; parts: Blob[]; bytes: number } | null = null;
      /** Moves past the Blobs that are complete (or empty); stages the row once all are. */
      const advance = async () => {
        const current = assembling;
        if (current === null) return;
        for (let slot = current.slots[current.slot]; slot !== undefined && current.received === slot.size; slot = current.slots[current.slot]) {
          slot.blob = new Blob(current.parts, { type: slot.type });
          current.bytes += slot.size;
          current.slot += 1;
          current.part = 0;
          current.received = 0;
          current.parts = [];
        }
        if (current.slot === current.slots.length) {
          assembling = null;
          await stage(current.table, current.slots.length === 0 ? current.row : withBlobs(current.row), current.bytes);
        }
      };
      for await (const item of readBackup({ bytes: options.bytes, deriveKey: (kdf) => backupKeyFor(kdf, options.secret), ...(options.onProgress ? { onProgress: options.onProgress } : {}) })) {
        if (item.kind === 'manifest') {
          const version = item.manifest.databaseVersion;
          if (version > db.verno) throw new BackupError('newer-database', { version, supported: db.verno });
          // No backup was made before the vault existed: such a manifest is not one Attest wrote.
          if (version < FIRST_BACKUP_VERSION) throw new BackupError('corrupted');
          backupVersion = version;
          staging = stagingDatabase(deps, version);
          await staging.open();
          stagedTables = new Set(backupTablesOf(staging));
          manifestHead = item.manifest.auditHead;
          continue;
        }
        if (item.kind === 'end') {
          end = { payloadSha256: item.summary.payloadSha256, recordCount: item.summary.recordCount };
          break;
        }
        const { table, key, value } = item.record;
        if (table === BLOB_PART_TABLE) {
          // The next part of the Blob being assembled, exactly: its row, its field, its place.
          const current = assembling;
          const slot = current?.slots[current.slot];
          if (current === null || slot === undefined || key !== blobPartKey(current.table, current.key, current.slot, current.part)) throw new BackupError('corrupted');
          if (value.length === 0 || current.received + value.length > slot.size) throw new BackupError('corrupted');
          current.parts.push(new Blob([value as Uint8Array<ArrayBuffer>]));
          current.received += value.length;
          current.part += 1;
          blobParts += 1;
          await advance();
          continue;
        }
        // A row before the previous row's Blobs are complete: parts are missing. A table its version did not have: not Attest's.
        if (assembling !== null || !isBackupTable(table) || !stagedTables.has(table)) throw new BackupError('corrupted');
        let decoded: { row: unknown; slots: BlobSlot[] };
        try {
          decoded = decodeRow(value);
        } catch (error) {
          throw new BackupError('corrupted', {}, { cause: error });
        }
        assembling = { table, key, row: decoded.row, slots: decoded.slots, slot: 0, part: 0, received: 0, parts: [], bytes: 0 };
        await advance();
      }
      if (assembling !== null) throw new BackupError('corrupted');
      if (end === null) throw new BackupError('truncated');
      await flush();
      // Without its keyring, nothing in the backup could be opened again.
      if (keyrings !== 1) throw new BackupError('corrupted');

      // A backup of an earlier version: every migration since runs on the staged rows, exactly as
      // when the app is upgraded over its own database, still before anything live is touched.
      if (backupVersion < db.verno) {
        staging.close();
        staging = stagingDatabase(deps);
        try {
          await staging.open();
        } catch (error) {
          throw new BackupError('corrupted', {}, { cause: error });
        }
      }

      // A restored audit chain that does not verify would hide tampering behind the restore: refuse it.
      // It is checked against the head the manifest recorded, and a keyed chain under the backup's own
      // audit key (its keyring, opened with the secret typed). A chain from before keying is checked as
      // plain SHA-256 and stays plain, with a plain 'restore' event: the next unlock anchors it under
      // the key, as it does any chain never keyed (auditRepository `secure`).
      const stagedAnchor = (await staging.vault.get(AUDIT_ANCHOR_ROW))?.value;
      const anchors = manifestHead === undefined ? {} : { anchors: [manifestHead] };
      const keyed = stagedAnchor !== undefined || (await staging.audit.filter((row) => typeof row.mac === 'string').first()) !== undefined;
      const auditKey = keyed ? await backupAuditKey(staging, options.secret) : null;
      const stagedAudit = createAuditRepository({ db: staging });
      const chain = auditKey === null ? await stagedAudit.verify(anchors) : await verifyKeyedChain(stagedAudit.exportEntries(), auditKey, stagedAnchor, anchors);
      if (!chain.ok) throw new BackupError('corrupted');

      // The 'restore' event continues the restored chain; hashed here, outside the transaction.
      const lastAudit = await staging.audit.orderBy(':id').last();
      const restoredHead = lastAudit ? { seq: lastAudit.seq, hash: lastAudit.hash } : EMPTY_CHAIN_HEAD;
      if (!Number.isSafeInteger(restoredHead.seq) || !Sha256Hex.safeParse(restoredHead.hash).success) throw new BackupError('corrupted');
      const restorePlain = await appendEvent(restoredHead, {
        at: now().toISOString(),
        actor: deps.actor?.() ?? LOCAL_ACTOR_ID,
        action: 'restore',
        recordType: 'backup',
        recordId: null,
        detail: { sha256: end.payloadSha256, count: end.recordCount, formatVersion: BACKUP_FORMAT_VERSION, method: 'passphrase' in options.secret ? 'passphrase' : 'recovery-key' },
      });
      const restoreEvent = auditKey === null ? restorePlain : { ...restorePlain, mac: await entryMac(auditKey, restorePlain.hash) };

      const liveTables = BACKUP_TABLES.map((name) => tableOf(db, name));
      await db.transaction('rw', [...liveTables, db.statFacts, db.statFactsPages, db.pendingEdits, db.fhirOutbox], async () => {
        for (const name of BACKUP_TABLES) await tableOf(db, name).clear();
        // The FHIR outbox was made from the replaced cases: a restored case is sent again from its report.
        await db.fhirOutbox.clear();
        // Pending edits were typed on top of the replaced cases: they must not land on the restored ones.
        await db.pendingEdits.clear();
        // Derived rows (statistics facts and their month pages) are not in backups: cleared with the
        // rest, the statistics screen computes them again from the restored bodies.
        await db.statFacts.clear();
        await db.statFactsPages.clear();
        for (const name of BACKUP_TABLES) {
          const from = tableOf(staging, name);
          const to = tableOf(db, name);
          // Reading the other database is not a request on this transaction: waitFor keeps it alive meanwhile.
          let page = await Dexie.waitFor(Dexie.ignoreTransaction(() => from.orderBy(':id').limit(PAGE_SIZE).toArray()));
          while (page.length > 0) {
            // Every row in the shape the repositories read, or nothing changes (this transaction aborts).
            // Rows are checked, not rewritten: what is restored is what was backed up, migrated.
            if (!page.every((row) => rowSchemas[name].safeParse(row).success)) throw new BackupError('corrupted');
            // Case rows keep a known wait and a known copy owed; any other overdue field is marked to be
            // read again from the body (the overdue repository does it), as for rows stored before 0009.
            await to.bulkAdd(name === 'cases' ? page.map((row) => withOverdueIndexUnread(row as CaseRow)) : page);
            if (page.length < PAGE_SIZE) break;
            const lastKey = primaryKeyOf(from, page.at(-1) as object);
            page = await Dexie.waitFor(Dexie.ignoreTransaction(() => from.where(':id').above(lastKey).limit(PAGE_SIZE).toArray()));
          }
        }
        // In the same transaction as the swap: the restored chain and its 'restore' event land together.
        await db.audit.add(restoreEvent);
      });
      // Rows restored: the Blob parts are pieces of rows, not records of their own.
      return { records: end.recordCount - blobParts };
    } catch (error) {
      throw plainError(error);
    } finally {
      await deleteStaging(staging).catch(() => undefined);
    }
  }

  return {
    exportBackup,
    restoreBackup,
  };
}

/** The audit key of the vault a staged backup holds: its keyring opened with the secret the backup was made under. */
async function backupAuditKey(staging: AttestDatabase, secret: VaultSecret): Promise<CryptoKey> {
  const row = await staging.vault.get('keyring');
  if (row === undefined) throw new BackupError('corrupted');
  const keyring = parseKeyring(row.value);
  const keys = 'passphrase' in secret ? await unlockWithPassphrase(keyring, secret.passphrase) : await unlockWithRecoveryKey(keyring, secret.recoveryKey);
  return keys.auditKey;
}

/** A backup repository over its own connection, for the first-run screen (no vault unlocked yet). */
export async function openBackupRepository(options: { readonly now?: () => Date; readonly appVersion?: string } = {}): Promise<BackupRepository & { close(): void }> {
  const db = createDatabase();
  await db.open();
  return { ...createBackupRepository({ db, ...options }), close: () => { db.close(); } };
}
