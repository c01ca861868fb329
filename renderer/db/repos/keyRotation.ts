/**
 * "Replace all keys" (issue #20 item 3): every sealed row re-sealed under a new root key, and the
 * blind index rebuilt, in a way that survives the app being killed at any point.
 *
 * How it stays safe:
 * - `beginKeyRotation` stores the rotation record (shared/vault/keys.ts `PendingRotation`: the new
 *   root's keyring, and each root wrapped under the other) in the `vault` table, with its audit
 *   event, BEFORE any row changes. From then on either generation's passphrase or recovery key opens
 *   both roots (`unlockVault`), and an unlock with a rotation pending resumes it.
 * - Each row is re-sealed through the codecs (`createVaultCodec`: the same seal/open as every
 *   repository) outside any transaction, then written in a short transaction only if its sealed part
 *   is still the one read (an edit meanwhile wins: the app seals with the new key during a
 *   rotation). A row is therefore always wholly under one root or wholly under the other, never lost.
 * - Which root seals a row is told by the row itself: AES-GCM opens only under the key that sealed it
 *   (its tag is the generation mark), so rows carry no extra field and no table changes shape. The
 *   pass tries the old key first (rows ahead of it are mostly old), then the new one.
 * - Progress (a cursor per table, the count done) is written in the same transaction as each batch,
 *   so a resumed pass starts where the last committed batch ended.
 * - Only when every table is done does one transaction make the new keyring THE keyring, delete the
 *   rotation record (the only place the old root was still wrapped) and append the closing audit
 *   event. Before that commit the old secrets still open everything; after it, they open nothing.
 *
 * A row that opens under neither key (damaged or changed on disk before the rotation) is left as it
 * is and counted; it was unreadable before and stays so.
 */
import { z } from 'zod';
import { caseListingOf } from '../../../shared/domain/listing';
import { parseKeyring, parseRotation, type Keyring, type PendingRotation, type UnlockedKeys } from '../../../shared/vault/keys';
import { VaultError } from '../../../shared/vault/errors';
import { rewrapPrivateKey } from '../../../shared/vault/wrap';
import type { AuditEventInput } from '../../../shared/vault/auditChain';
import { CodecError, type SealContext, type SealedBody } from '../codec';
import type { AttestDatabase, AttachmentRow, CaseBodyRow, CopyHandoverRow, CountersignatureRow, FhirOutboxRow, PendingEditRow, ReceivedCaseRow, ReferralDocumentRow, ReferralRow, ReportRow, StatFactsPageRow, StatFactsRow, VaultRow } from '../database';
import { createVaultCodec, VAULT_CODEC_ID, type VaultCodec } from '../vaultCodec';
import { createVaultSearchKeyer } from '../vaultSearchKeyer';
import type { SearchKeyer } from '../searchKeys';
import { LOCAL_ACTOR_ID, ensureAnchoredUnder, reanchorAuditChain, type AuditRepository } from './auditRepository';
import { IDENTITY_ROW, resealIdentityValue } from './identityRepository';
import { STAT_FACTS_SCHEMA_VERSION } from './statFactsRepository';
import { TRUST_ROW } from './trustRepository';
import { TSA_ROW } from './timestampAuthorityRepository';
import { FHIR_SERVER_ROW } from './fhirServerRepository';

/** Key of the `vault` row holding the rotation under way (`PendingRotation`). */
export const ROTATION_ROW = 'rotation';
/** Key of the `vault` row holding how far the rotation has come. */
export const ROTATION_PROGRESS_ROW = 'rotationProgress';
const KEYRING_ROW = 'keyring';

/** The tables with sealed rows, in the order the pass re-seals them (the case list's bodies first). */
export const ROTATED_TABLES = ['caseBodies', 'attachments', 'reports', 'referrals', 'referralDocuments', 'copyHandovers', 'pendingEdits', 'statFacts', 'statFactsPages', 'countersignatures', 'receivedCases', 'fhirOutbox', 'vault'] as const;

/**
 * The tables that hold nothing sealed, each with why: every table of the schema is in
 * `ROTATED_TABLES` or here (test/db/keyRotation.test.ts fails otherwise), so that a new table's
 * sealed rows are never left under the old key by oversight.
 */
export const NOT_ROTATED: Readonly<Record<string, string>> = {
  cases: 'the list row: its blind-index keys are rebuilt with the case body; the rest is in clear by design',
  counters: 'case-number counters, in clear',
  settings: 'non-sensitive settings, in clear',
  audit: 'the audit chain: hashes and codes, nothing sealed',
  timestamps: 'which document waits for a timestamp and when it was attested: ids, hashes and times, in clear',
};
type RotatedTable = (typeof ROTATED_TABLES)[number];

const Progress = z.object({
  startedAt: z.string(),
  done: z.int().min(0),
  /** Rows that opened under neither key so far. */
  unreadable: z.int().min(0),
  /** The last primary key re-sealed in each table (absent: from the start; `true`: the table is done). */
  cursors: z.record(z.string(), z.union([z.string(), z.literal(true)])),
});
type Progress = z.infer<typeof Progress>;

export interface RotationProgress {
  /** Rows looked at (re-sealed, or found already under the new key). */
  readonly done: number;
  readonly total: number;
}

export interface RotationResult {
  /** Rows re-sealed by this run. */
  readonly resealed: number;
  /** Rows that opened under neither key, left as they were (over every run of this rotation). */
  readonly unreadable: number;
}

/** The rotation record changed under the pass (a restore, another window finished it): stop. */
export class RotationChangedError extends Error {
  override readonly name = 'RotationChangedError';
}

export interface RotationPassOptions {
  readonly db: AttestDatabase;
  readonly audit: AuditRepository;
  /** The old root's keys and the new root's (`unlockVault`'s `previous` and `keys`). */
  readonly previous: UnlockedKeys;
  readonly next: UnlockedKeys;
  readonly onProgress?: (progress: RotationProgress) => void;
  /** Asked between batches: true stops the pass (the vault locks); the next unlock resumes it. */
  readonly shouldStop?: () => boolean;
  /** Rows per transaction (photographs count as rows too). */
  readonly batchSize?: number;
  /**
   * Tests: called inside each write transaction before each row is written (`row`) and before the
   * final switch (`finish`). Throwing aborts that transaction, exactly as a crash before its commit.
   */
  readonly checkpoint?: (point: 'row' | 'finish') => void;
  readonly now?: () => Date;
}

/** The rotation under way, or null. Throws `VaultError` `malformed-keyring` for a damaged record. */
export async function readRotation(db: AttestDatabase): Promise<PendingRotation | null> {
  const row = await db.vault.get(ROTATION_ROW);
  return row === undefined ? null : parseRotation(row.value);
}

function event(at: string, keys: 'rotation-started' | 'rotation-finished', count?: number): AuditEventInput {
  return { at, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'vault', recordId: null, detail: { keys, ...(count === undefined ? {} : { count }) } };
}

/**
 * Stores the rotation record with its audit event, before anything is re-sealed. Refuses (with a
 * `RotationChangedError`) while another rotation is under way.
 */
export async function beginKeyRotation(db: AttestDatabase, audit: AuditRepository, rotation: PendingRotation, now: () => Date = () => new Date()): Promise<void> {
  const value = parseRotation(rotation);
  await audit.recordWith([db.vault], event(now().toISOString(), 'rotation-started'), async () => {
    if ((await db.vault.get(ROTATION_ROW)) !== undefined) throw new VaultError('rotation-pending');
    await db.vault.put({ key: ROTATION_ROW, value });
    await db.vault.delete(ROTATION_PROGRESS_ROW);
  });
}

/**
 * Where the audit chain is re-keyed when the root changes. Today the chain is keyless SHA-256, so no
 * entry depends on the root and there is nothing to do; the keyed chain (issue #20 item 4: HMAC under
 * a key derived from the root) re-keys here, with both generations' keys at hand, before `finish`
 * makes the new keyring the only one. It must write through `db` only in its own transactions and be
 * safe to run again (a killed rotation resumes and calls it again).
 */
export type AuditChainRekey = (context: { readonly db: AttestDatabase; readonly previous: UnlockedKeys; readonly next: UnlockedKeys }) => Promise<void>;
// Nothing left to do at the end: the session re-anchors the keyed chain under the new root when the
// rotation starts (`reanchorAudit`, and `ensureAuditAnchored` at an unlock after a crash), and MACs
// every later event under the new audit key.
export const rekeyAuditChain: AuditChainRekey = () => Promise.resolve();

/** What re-sealing a row gives: the row to write, `current` (already under the new key), or `unreadable`. */
type Resealed<Row> = { readonly row: Row; readonly cases?: { readonly id: string; readonly searchKeys: string[] } } | 'current' | 'unreadable';

interface Keys {
  readonly from: VaultCodec;
  readonly to: VaultCodec;
  readonly keyer: SearchKeyer;
  readonly previous: UnlockedKeys;
  readonly next: UnlockedKeys;
}

/** Opens with the old key; a body that opens only with the new one is `current`; with neither, `unreadable`. */
async function openEither<T>(open: (codec: VaultCodec) => Promise<T>, keys: Keys): Promise<T | 'current' | 'unreadable'> {
  try {
    return await open(keys.from);
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
  }
  try {
    await open(keys.to);
    return 'current';
  } catch (error) {
    if (!(error instanceof CodecError)) throw error;
    return 'unreadable';
  }
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

function ivText(iv: ArrayBuffer | undefined): string {
  return iv === undefined ? '-' : Array.from(new Uint8Array(iv), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A sealed record body re-sealed, or why not. A body of another codec (plain, from an earlier version) is not this pass's. */
async function resealBody(context: SealContext, body: SealedBody, keys: Keys): Promise<{ body: SealedBody; opened: unknown } | 'current' | 'unreadable'> {
  if (body.codec !== VAULT_CODEC_ID) return 'current';
  const opened = await openEither((codec) => codec.open(context, body), keys);
  if (opened === 'current' || opened === 'unreadable') return opened;
  return { body: await keys.to.seal(context, opened), opened };
}

/** Sealed bytes in a Blob re-sealed, or why not. */
async function resealBlob(context: SealContext, iv: ArrayBuffer, data: Blob, keys: Keys): Promise<{ iv: ArrayBuffer; data: Blob } | 'current' | 'unreadable'> {
  const ciphertext = new Uint8Array(await data.arrayBuffer());
  const opened = await openEither((codec) => codec.openBytes(context, { iv: new Uint8Array(iv), ciphertext }), keys);
  if (opened === 'current' || opened === 'unreadable') return opened;
  const sealed = await keys.to.sealBytes(context, opened);
  return { iv: exactBuffer(sealed.iv), data: new Blob([sealed.ciphertext], { type: data.type === '' ? 'application/octet-stream' : data.type }) };
}

function examinationOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'examination' in body ? body.examination : null;
}

/** One table's part of the pass: how to re-seal a row, and the stamp that says its sealed part has not changed since. */
interface Step<Row> {
  readonly table: RotatedTable;
  /** Rows per page (photographs and PDFs are larger). */
  readonly page: number;
  keyOf(row: Row): string;
  stamp(row: Row): string;
  reseal(row: Row, keys: Keys): Promise<Resealed<Row>>;
}

const caseBodies: Step<CaseBodyRow> = {
  table: 'caseBodies',
  page: 200,
  keyOf: (row) => row.id,
  stamp: (row) => `${row.body.codec}|${ivText(row.body.iv)}`,
  async reseal(row, keys) {
    // A body sealed with its revision (issue #20) is opened and sealed again with the same one.
    const context = row.revision === undefined ? { table: 'caseBodies', id: row.id, schemaVersion: row.schemaVersion } : { table: 'caseBodies', id: row.id, schemaVersion: row.schemaVersion, revision: row.revision };
    const result = await resealBody(context, row.body, keys);
    if (result === 'current' || result === 'unreadable') return result;
    // The blind index is rebuilt from the body with the new index key, written with it.
    const listing = caseListingOf(examinationOf(result.opened));
    const [names, ids] = await Promise.all([keys.keyer.keys('name', listing.names), keys.keyer.keys('id', listing.idNumbers)]);
    return { row: { ...row, body: result.body }, cases: { id: row.id, searchKeys: [...new Set([...names, ...ids])] } };
  },
};

const attachments: Step<AttachmentRow> = {
  table: 'attachments',
  page: 50,
  keyOf: (row) => row.id,
  stamp: (row) => ivText(row.iv),
  async reseal(row, keys) {
    const result = await resealBlob({ table: 'attachments', id: row.id, schemaVersion: row.schemaVersion }, row.iv, row.data, keys);
    return typeof result === 'string' ? result : { row: { ...row, ...result } };
  },
};

const reports: Step<ReportRow> = {
  table: 'reports',
  page: 20,
  keyOf: (row) => row.id,
  stamp: (row) => `${ivText(row.iv)}|${ivText(row.meta.iv)}`,
  async reseal(row, keys) {
    const meta = await resealBody({ table: 'reports', id: `${row.id}.meta`, schemaVersion: row.schemaVersion }, row.meta, keys);
    const pdf = await resealBlob({ table: 'reports', id: row.id, schemaVersion: row.schemaVersion }, row.iv, row.data, keys);
    if (typeof meta === 'string' && typeof pdf === 'string') return meta === 'unreadable' || pdf === 'unreadable' ? 'unreadable' : 'current';
    return { row: { ...row, ...(typeof meta === 'string' ? {} : { meta: meta.body }), ...(typeof pdf === 'string' ? {} : pdf) } };
  },
};

function bodyStep<Row extends { id: string; schemaVersion: number; body: SealedBody }>(table: 'referrals' | 'copyHandovers' | 'pendingEdits' | 'fhirOutbox'): Step<Row> {
  return {
    table,
    page: 200,
    keyOf: (row) => row.id,
    stamp: (row) => ivText(row.body.iv),
    async reseal(row, keys) {
      const result = await resealBody({ table, id: row.id, schemaVersion: row.schemaVersion }, row.body, keys);
      return typeof result === 'string' ? result : { row: { ...row, body: result.body } };
    },
  };
}

const referralDocuments: Step<ReferralDocumentRow> = {
  table: 'referralDocuments',
  page: 20,
  keyOf: (row) => row.id,
  stamp: (row) => ivText(row.iv),
  async reseal(row, keys) {
    const result = await resealBlob({ table: 'referralDocuments', id: row.id, schemaVersion: row.schemaVersion }, row.iv, row.data, keys);
    return typeof result === 'string' ? result : { row: { ...row, ...result } };
  },
};

const statFacts: Step<StatFactsRow> = {
  table: 'statFacts',
  page: 500,
  keyOf: (row) => row.id,
  stamp: (row) => `${String(row.revision)}|${ivText(row.facts?.iv)}`,
  async reseal(row, keys) {
    if (row.facts === undefined) return 'current';
    const result = await resealBody({ table: 'statFacts', id: row.id, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, row.facts, keys);
    return typeof result === 'string' ? result : { row: { ...row, facts: result.body } };
  },
};

const statFactsPages: Step<StatFactsPageRow> = {
  table: 'statFactsPages',
  page: 50,
  keyOf: (row) => row.month,
  stamp: (row) => `${String(row.version)}|${ivText(row.page?.iv)}`,
  async reseal(row, keys) {
    if (row.page === undefined) return 'current';
    const result = await resealBody({ table: 'statFactsPages', id: row.month, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, row.page, keys);
    return typeof result === 'string' ? result : { row: { ...row, page: result.body } };
  },
};

/** A kept countersignature (migration 0015): its sealed metadata and the countersigned PDF. */
const countersignatures: Step<CountersignatureRow> = {
  table: 'countersignatures',
  page: 20,
  keyOf: (row) => row.id,
  stamp: (row) => `${ivText(row.iv)}|${ivText(row.meta.iv)}`,
  async reseal(row, keys) {
    const meta = await resealBody({ table: 'countersignatures', id: `${row.id}.meta`, schemaVersion: row.schemaVersion }, row.meta, keys);
    const pdf = await resealBlob({ table: 'countersignatures', id: row.id, schemaVersion: row.schemaVersion }, row.iv, row.data, keys);
    if (typeof meta === 'string' && typeof pdf === 'string') return meta === 'unreadable' || pdf === 'unreadable' ? 'unreadable' : 'current';
    return { row: { ...row, ...(typeof meta === 'string' ? {} : { meta: meta.body }), ...(typeof pdf === 'string' ? {} : pdf) } };
  },
};

function caseFileOf(body: unknown): { examination: unknown; caseNumber: string } | null {
  if (typeof body !== 'object' || body === null || !('caseFile' in body)) return null;
  const file: unknown = body.caseFile;
  if (typeof file !== 'object' || file === null || !('caseNumber' in file) || typeof file.caseNumber !== 'string') return null;
  return { examination: 'examination' in file ? file.examination : null, caseNumber: file.caseNumber };
}

/** A received case (migration 0016): its sealed list line, case file and PDF; its blind-index keys rebuilt with the new index key. */
const receivedCases: Step<ReceivedCaseRow> = {
  table: 'receivedCases',
  page: 20,
  keyOf: (row) => row.id,
  stamp: (row) => `${ivText(row.iv)}|${ivText(row.summary.iv)}|${ivText(row.body.iv)}`,
  async reseal(row, keys) {
    const context = (part: string) => ({ table: 'receivedCases', id: part === '' ? row.id : `${row.id}.${part}`, schemaVersion: row.schemaVersion });
    const summary = await resealBody(context('summary'), row.summary, keys);
    const body = await resealBody(context('body'), row.body, keys);
    const pdf = await resealBlob(context(''), row.iv, row.data, keys);
    if (typeof summary === 'string' && typeof body === 'string' && typeof pdf === 'string') {
      return summary === 'unreadable' || body === 'unreadable' || pdf === 'unreadable' ? 'unreadable' : 'current';
    }
    let searchKeys = row.searchKeys;
    const file = typeof body === 'string' ? null : caseFileOf(body.opened);
    if (file !== null) {
      // As receivedRepository indexes it: the person's names, ID numbers and the case number.
      const listing = caseListingOf(file.examination);
      const [names, ids] = await Promise.all([keys.keyer.keys('name', listing.names), keys.keyer.keys('id', [...listing.idNumbers, file.caseNumber])]);
      searchKeys = [...new Set([...names, ...ids])];
    }
    return {
      row: {
        ...row,
        searchKeys,
        ...(typeof summary === 'string' ? {} : { summary: summary.body }),
        ...(typeof body === 'string' ? {} : { body: body.body }),
        ...(typeof pdf === 'string' ? {} : pdf),
      },
    };
  },
};

/** The sealed rows of the `vault` table: the identity (and its wrapped signing key), trusted certificates, the timestamp authority, the FHIR server. */
const SEALED_VAULT_ROWS: ReadonlySet<string> = new Set([IDENTITY_ROW, TRUST_ROW, TSA_ROW, FHIR_SERVER_ROW]);
const SEALED_VAULT_SCHEMA = 1;

function vaultBodyOf(value: unknown): SealedBody | null {
  if (typeof value !== 'object' || value === null || !('body' in value)) return null;
  const body: unknown = value.body;
  return typeof body === 'object' && body !== null && 'codec' in body && typeof body.codec === 'string' ? (body as SealedBody) : null;
}

const vaultRows: Step<VaultRow> = {
  table: 'vault',
  page: 50,
  keyOf: (row) => row.key,
  stamp: (row) => ivText(vaultBodyOf(row.value)?.iv),
  async reseal(row, keys) {
    const body = vaultBodyOf(row.value);
    if (!SEALED_VAULT_ROWS.has(row.key) || body === null || body.codec !== VAULT_CODEC_ID) return 'current';
    const context = { table: 'vault', id: row.key, schemaVersion: SEALED_VAULT_SCHEMA };
    const opened = await openEither((codec) => codec.open(context, body), keys);
    if (opened === 'current' || opened === 'unreadable') return opened;
    if (row.key === IDENTITY_ROW) {
      const rewrap = (wrapped: Parameters<typeof rewrapPrivateKey>[2], label: string, algorithm: EcKeyImportParams | RsaHashedImportParams, usages: KeyUsage[]) =>
        rewrapPrivateKey(keys.previous.wrapKey, keys.next.wrapKey, wrapped, label, algorithm, usages);
      return { row: { key: row.key, value: await resealIdentityValue(row.value, keys.from, keys.to, rewrap) } };
    }
    const sealed = await keys.to.seal(context, opened);
    const next = sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv };
    return { row: { key: row.key, value: { ...(row.value as object), body: next } } };
  },
};

const STEPS: readonly Step<never>[] = [
  caseBodies,
  attachments,
  reports,
  bodyStep<ReferralRow>('referrals'),
  referralDocuments,
  bodyStep<CopyHandoverRow>('copyHandovers'),
  bodyStep<PendingEditRow>('pendingEdits'),
  statFacts,
  statFactsPages,
  countersignatures,
  receivedCases,
  bodyStep<FhirOutboxRow>('fhirOutbox'),
  vaultRows,
] as unknown as readonly Step<never>[];

/**
 * Re-seals every row not yet under the new root, from where the last run stopped, then makes the new
 * keyring the keyring. Returns null when stopped (`shouldStop`) before the end: the rotation stays
 * pending and the next unlock resumes it. Throws `RotationChangedError` when the rotation record
 * disappeared or changed (a restore); other errors leave the rotation pending as well.
 */
export async function runKeyRotation(options: RotationPassOptions): Promise<RotationResult | null> {
  const { db, previous, next } = options;
  const now = options.now ?? (() => new Date());
  const rotation = await readRotation(db);
  if (rotation === null) throw new RotationChangedError('No key rotation is under way.');
  const keys: Keys = { from: createVaultCodec(previous.dataKey), to: createVaultCodec(next.dataKey), keyer: createVaultSearchKeyer(next.indexKey), previous, next };
  const stored = Progress.safeParse((await db.vault.get(ROTATION_PROGRESS_ROW))?.value);
  const progress: Progress = stored.success && stored.data.startedAt === rotation.startedAt ? stored.data : { startedAt: rotation.startedAt, done: 0, unreadable: 0, cursors: {} };
  const counts = await Promise.all(STEPS.map((step) => db.table(step.table).count()));
  const total = Math.max(
    progress.done,
    counts.reduce((sum, count) => sum + count, 0),
  );
  let resealed = 0;
  options.onProgress?.({ done: progress.done, total });

  const assertSameRotation = async () => {
    const row = await db.vault.get(ROTATION_ROW);
    if (row === undefined || (row.value as { startedAt?: unknown }).startedAt !== rotation.startedAt) throw new RotationChangedError('The key rotation changed meanwhile.');
  };

  for (const step of STEPS as readonly Step<{ [key: string]: unknown }>[]) {
    for (;;) {
      const cursor = progress.cursors[step.table];
      if (cursor === true) break;
      if (options.shouldStop?.() === true) return null;
      const table = db.table(step.table);
      const page = (await (cursor === undefined ? table.orderBy(':id') : table.where(':id').above(cursor)).limit(Math.max(1, Math.min(options.batchSize ?? step.page, step.page))).toArray()) as { [key: string]: unknown }[];
      const prepared: { key: string; stamp: string; result: Exclude<Resealed<{ [key: string]: unknown }>, 'current' | 'unreadable'> }[] = [];
      let skippedUnreadable = 0;
      for (const row of page) {
        const result = await step.reseal(row, keys);
        if (result === 'unreadable') skippedUnreadable += 1;
        else if (result !== 'current') prepared.push({ key: step.keyOf(row), stamp: step.stamp(row), result });
      }
      const last = page.at(-1);
      const nextProgress: Progress = {
        startedAt: rotation.startedAt,
        done: progress.done + page.length,
        unreadable: progress.unreadable + skippedUnreadable,
        cursors: { ...progress.cursors, [step.table]: last === undefined || page.length < Math.max(1, Math.min(options.batchSize ?? step.page, step.page)) ? true : step.keyOf(last) },
      };
      const tables = step.table === 'caseBodies' ? [table, db.cases, db.vault] : step.table === 'vault' ? [db.vault] : [table, db.vault];
      const written = await db.transaction('rw', tables, async () => {
        await assertSameRotation();
        let count = 0;
        for (const { key, stamp, result } of prepared) {
          const current = (await table.get(key)) as { [key: string]: unknown } | undefined;
          // Changed (an edit, sealed with the new key) or deleted since it was read: left as it is.
          if (current === undefined || step.stamp(current) !== stamp) continue;
          options.checkpoint?.('row');
          await table.put(result.row);
          if (result.cases !== undefined) {
            const caseRow = await db.cases.get(result.cases.id);
            if (caseRow !== undefined) await db.cases.put({ ...caseRow, searchKeys: result.cases.searchKeys });
          }
          count += 1;
        }
        await db.vault.put({ key: ROTATION_PROGRESS_ROW, value: nextProgress });
        return count;
      });
      resealed += written;
      progress.done = nextProgress.done;
      progress.unreadable = nextProgress.unreadable;
      progress.cursors = nextProgress.cursors;
      options.onProgress?.({ done: Math.min(progress.done, total), total });
    }
  }

  if (options.shouldStop?.() === true) return null;
  await rekeyAuditChain({ db, previous, next });
  await options.audit.recordWith([db.vault], event(now().toISOString(), 'rotation-finished', progress.done), async () => {
    await assertSameRotation();
    options.checkpoint?.('finish');
    await db.vault.put({ key: KEYRING_ROW, value: rotation.next });
    await db.vault.delete(ROTATION_ROW);
    await db.vault.delete(ROTATION_PROGRESS_ROW);
  });
  options.onProgress?.({ done: total, total });
  return { resealed, unreadable: progress.unreadable };
}

/** The vault's keys as an unlocked session sees them: the keyring, a rotation under way, and changing them. */
export interface VaultKeysRepository {
  /** The stored keyring (`VaultError` when damaged), or null. */
  readKeyring(): Promise<Keyring | null>;
  readRotation(): Promise<PendingRotation | null>;
  /** Stores a rotation, audited (`beginKeyRotation`); `VaultError` `rotation-pending` while one is under way. */
  beginRotation(rotation: PendingRotation): Promise<void>;
  /** Re-seals what is left and finishes the rotation (`runKeyRotation`). */
  runRotation(options: Omit<RotationPassOptions, 'db' | 'audit'>): Promise<RotationResult | null>;
  /**
   * Replaces the keyring with `next` (a new passphrase wrap, a new recovery key) and appends `detail`'s
   * event in the same transaction, if the stored keyring is still `previous`. Refused with `VaultError`
   * `rotation-pending` during a rotation (its keyring would replace this one when it ends).
   */
  replaceKeyring(previous: Keyring, next: Keyring, detail: AuditEventInput['detail']): Promise<void>;
  /**
   * At a rotation's start: re-anchors the audit chain (checked under `from`) under `to`, calling
   * `onAnchored` inside the anchoring transaction (the session switches its keys there, so that no
   * event is MACed under the old key after the new anchor).
   */
  reanchorAudit(from: CryptoKey, to: CryptoKey, onAnchored: () => void): Promise<void>;
  /** At unlock with a rotation under way: finishes a re-anchoring a crash interrupted (`ensureAnchoredUnder`). */
  ensureAuditAnchored(previous: CryptoKey, current: CryptoKey): Promise<void>;
}

export function createVaultKeysRepository({ db, audit, now = () => new Date() }: { readonly db: AttestDatabase; readonly audit: AuditRepository; readonly now?: () => Date }): VaultKeysRepository {
  return {
    async readKeyring() {
      const row = await db.vault.get(KEYRING_ROW);
      return row === undefined ? null : parseKeyring(row.value);
    },
    readRotation: () => readRotation(db),
    beginRotation: (rotation) => beginKeyRotation(db, audit, rotation, now),
    runRotation: (options) => runKeyRotation({ ...options, db, audit, now: options.now ?? now }),
    async reanchorAudit(from, to, onAnchored) {
      await reanchorAuditChain(db, from, to, onAnchored);
    },
    ensureAuditAnchored: (previous, current) => ensureAnchoredUnder(db, previous, current),
    async replaceKeyring(previous, next, detail) {
      const value = parseKeyring(next);
      const input: AuditEventInput = { at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'vault', recordId: null, ...(detail === undefined ? {} : { detail }) };
      await audit.recordWith([db.vault], input, async () => {
        if ((await db.vault.get(ROTATION_ROW)) !== undefined) throw new VaultError('rotation-pending');
        const stored = await db.vault.get(KEYRING_ROW);
        if (JSON.stringify(stored?.value) !== JSON.stringify(previous)) throw new RotationChangedError('The keyring was changed meanwhile (another window).');
        await db.vault.put({ key: KEYRING_ROW, value });
      });
    },
  };
}
