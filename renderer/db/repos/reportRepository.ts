/**
 * Signed reports: the only code that reads or writes the `reports` table. Each signed version is kept
 * byte for byte (sealed by the vault), with its SHA-256 in clear so that a file handed back can be
 * matched to the version stored here. Storing version 1 locks the examination (case status
 * `signed`); later versions come from dated addenda and cite the previous version's hash. Each
 * signature is one audit event (sign/report, with the SHA-256 and the version), in the same
 * transaction as the row and the status change.
 */
import { z } from 'zod';
import { Sha256Hex } from '../../../shared/vault/auditChain';
import { sha256Hex } from '../../../shared/vault/encoding';
import { CodecError, type BytesCodec, type RecordCodec } from '../codec';
import type { AttestDatabase, CaseRow, ReportRow } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { CaseNotFoundError, StoredRecordError, withOverdueIndex, withOverdueIndexUnread } from './caseRepository';
import { documentTimeOf, signedTimeRow, type DocumentTime, type SignedTime } from './timestampRepository';

export const REPORT_TABLE = 'reports';
export const REPORT_SCHEMA_VERSION = 1;
/** A signed report larger than this is refused (20 photographs at print size stay well below). */
export const MAX_REPORT_BYTES = 200 * 1024 * 1024;

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** A dated correction to a signed report, with its reason (domain rule E12: changes only as addenda). */
export const Addendum = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(2_000),
  text: z.string().trim().min(1).max(100_000),
});
export type Addendum = z.infer<typeof Addendum>;

const ReportMeta = z.strictObject({
  caseId: Identifier,
  place: z.string().max(500),
  addenda: z.array(Addendum).max(1_000),
});

/** A stored row, as restore checks it. */
export const StoredReportRow = z.strictObject({
  id: Identifier,
  caseId: Identifier,
  version: z.int().min(1).max(1_000_000),
  sha256: Sha256Hex,
  signedAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  meta: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
  iv: z.instanceof(ArrayBuffer).refine((iv) => iv.byteLength === 12),
  data: z.instanceof(Blob).refine((blob) => blob.size >= 16),
});

export interface ReportVersion {
  readonly documentId: string;
  readonly caseId: string;
  readonly version: number;
  readonly sha256: string;
  readonly signedAt: string;
  readonly place: string;
  /** Every addendum up to this version, oldest first (version 1 has none). */
  readonly addenda: readonly Addendum[];
  /** Trusted time (issue #17): attested by a TSA, waiting for a document timestamp, or null (none was asked for). */
  readonly time: DocumentTime | null;
}

export interface StoreSignedInput {
  readonly caseId: string;
  readonly documentId: string;
  readonly version: number;
  readonly signedAt: string;
  readonly place: string;
  readonly addenda: readonly Addendum[];
  readonly bytes: Uint8Array;
  /** The signature's trusted time: attested by its token (B-T), or waiting for a document timestamp (B-B). Absent: no TSA configured. */
  readonly time?: SignedTime;
}

/** A document timestamp added to a stored version by incremental update (`appendTimestamp`). */
export interface StampedVersion {
  readonly documentId: string;
  /** The stored file with the timestamp appended: it must begin with the stored bytes, unchanged. */
  readonly bytes: Uint8Array;
  readonly tsaName: string | null;
  readonly attestedAt: Date;
}

export interface StoredReportMatch {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly version: number;
  readonly documentId: string;
  readonly signedAt: string;
}

export interface ReportRepository {
  /** The signed versions of a case, oldest first. */
  versions(caseId: string): Promise<ReportVersion[]>;
  /** The signed PDF of one version, exactly as signed; throws `StoredRecordError` if it does not open or its hash differs. */
  pdf(caseId: string, version: number): Promise<Uint8Array>;
  /** The signed PDF of a version by its document id (as `pdf`). */
  pdfById(documentId: string): Promise<Uint8Array>;
  /** The stored version whose signed PDF has this SHA-256, if any. */
  findBySha256(sha256: string): Promise<StoredReportMatch | null>;
  /**
   * Stores a signed version. Version 1 needs a draft case and locks it (status `signed`); a later
   * version needs a signed case and the next number. All or nothing, with its audit event.
   */
  storeSigned(input: StoreSignedInput): Promise<ReportVersion>;
  /**
   * Replaces a stored version's file by the same file with a document timestamp appended, and marks
   * its time attested, with one audit event (update/report, the new SHA-256). Refused, nothing
   * written, unless the new file begins with the stored one byte for byte (an incremental update
   * loses nothing) and the stored file did not change in between. The SHA-256 of the file before
   * stays matched to the version (`findBySha256`): a copy handed out before is still recognised.
   */
  appendTimestamp(stamped: StampedVersion): Promise<ReportVersion>;
}

export class ReportVersionError extends Error {
  override readonly name = 'ReportVersionError';
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

/** A case's stored examination and the revision it was read at (through the case repository). */
export type ExaminationSource = (caseId: string) => Promise<{ readonly revision: number; readonly examination: unknown } | null>;

export interface ReportRepositoryDeps {
  readonly db: AttestDatabase;
  /**
   * Reads the examination that version 1 locks, so that the case row's overdue index fields (a copy
   * of the report owed, shared/domain/overdue.ts) are set from it at signing. Without it, or when the
   * body does not open or changed in between, the row is marked for the dashboard to check.
   */
  readonly examinationOf?: ExaminationSource;
  readonly codec: RecordCodec;
  readonly bytesCodec: BytesCodec;
  readonly audit: AuditRepository;
  readonly now: () => Date;
}

export function createReportRepository({ db, codec, bytesCodec, audit, now, examinationOf }: ReportRepositoryDeps): ReportRepository {
  const pdfContext = (documentId: string, schemaVersion = REPORT_SCHEMA_VERSION) => ({ table: REPORT_TABLE, id: documentId, schemaVersion });
  const metaContext = (documentId: string, schemaVersion = REPORT_SCHEMA_VERSION) => ({ table: REPORT_TABLE, id: `${documentId}.meta`, schemaVersion });
  const unreadable = (cause?: unknown) => new StoredRecordError('A stored report could not be read.', cause === undefined ? undefined : { cause });

  async function openMeta(row: ReportRow): Promise<z.infer<typeof ReportMeta>> {
    let opened: unknown;
    try {
      opened = await codec.open(metaContext(row.id, row.schemaVersion), row.meta);
    } catch (cause) {
      throw unreadable(cause);
    }
    const meta = ReportMeta.safeParse(opened);
    // The case sealed inside must be the row's: a row moved to another case does not open as its.
    if (!meta.success || meta.data.caseId !== row.caseId) throw unreadable();
    return meta.data;
  }

  async function toVersion(row: ReportRow): Promise<ReportVersion> {
    const meta = await openMeta(row);
    const time = documentTimeOf(await db.timestamps.get(row.id));
    return { documentId: row.id, caseId: row.caseId, version: row.version, sha256: row.sha256, signedAt: row.signedAt, place: meta.place, addenda: meta.addenda, time };
  }

  async function openPdf(row: ReportRow): Promise<Uint8Array<ArrayBuffer>> {
    await openMeta(row);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      const ciphertext = new Uint8Array(await row.data.arrayBuffer());
      bytes = await bytesCodec.openBytes(pdfContext(row.id, row.schemaVersion), { iv: new Uint8Array(row.iv), ciphertext });
    } catch (cause) {
      throw unreadable(cause instanceof CodecError ? cause : undefined);
    }
    if ((await sha256Hex(bytes)) !== row.sha256) throw unreadable();
    return bytes;
  }

  return {
    async versions(caseId) {
      const rows = await db.reports.where('caseId').equals(caseId).toArray();
      rows.sort((a, b) => a.version - b.version);
      return Promise.all(rows.map(toVersion));
    },

    async pdf(caseId, version) {
      const row = await db.reports.where('[caseId+version]').equals([caseId, version]).first();
      if (!row) throw new CaseNotFoundError('This report version does not exist.');
      return openPdf(row);
    },

    async pdfById(documentId) {
      const row = await db.reports.get(Identifier.parse(documentId));
      if (!row) throw new CaseNotFoundError('This report version does not exist.');
      return openPdf(row);
    },

    async findBySha256(sha256) {
      if (!Sha256Hex.safeParse(sha256).success) return null;
      // A file handed out before its document timestamp was added is still this version.
      const before = (await db.reports.where('sha256').equals(sha256).first()) ? null : await db.timestamps.where('unstampedSha256').equals(sha256).first();
      const row = before?.target === 'report' ? await db.reports.get(before.id) : await db.reports.where('sha256').equals(sha256).first();
      if (!row) return null;
      const caseRow = await db.cases.get(row.caseId);
      return { caseId: row.caseId, caseNumber: caseRow?.caseNumber ?? '', version: row.version, documentId: row.id, signedAt: row.signedAt };
    },

    async storeSigned(input) {
      const caseId = Identifier.parse(input.caseId);
      const documentId = Identifier.parse(input.documentId);
      const addenda = z.array(Addendum).parse(input.addenda);
      if (!Number.isInteger(input.version) || input.version < 1) throw new ReportVersionError('A report version is a whole number from 1.');
      if (input.bytes.length === 0 || input.bytes.length > MAX_REPORT_BYTES) throw new ReportVersionError('The signed report is empty or too large.');
      const bytes = new Uint8Array(input.bytes);
      const sha256 = await sha256Hex(bytes);
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const sealedPdf = await bytesCodec.sealBytes(pdfContext(documentId), bytes);
      const meta = await codec.seal(metaContext(documentId), { caseId, place: input.place, addenda });
      const row: ReportRow = {
        id: documentId,
        caseId,
        version: input.version,
        sha256,
        signedAt: input.signedAt,
        schemaVersion: REPORT_SCHEMA_VERSION,
        meta,
        iv: exactBuffer(sealedPdf.iv),
        data: new Blob([sealedPdf.ciphertext], { type: 'application/octet-stream' }),
      };
      // The examination version 1 locks, read before the transaction (opening it awaits WebCrypto).
      const locked = input.version === 1 && examinationOf !== undefined ? await examinationOf(caseId).catch(() => null) : null;
      const at = now().toISOString();
      const event = {
        at,
        actor: LOCAL_ACTOR_ID,
        action: 'sign',
        recordType: 'report',
        recordId: documentId,
        detail: { sha256, reportVersion: input.version },
      } as const;
      await audit.recordWith([db.reports, db.cases, db.timestamps], event, async () => {
        const stored = await db.cases.get(caseId);
        if (!stored) throw new CaseNotFoundError('This case no longer exists.');
        const existing = await db.reports.where('caseId').equals(caseId).toArray();
        const next = existing.reduce((max, r) => Math.max(max, r.version), 0) + 1;
        if (input.version !== next) throw new ReportVersionError(`The next version of this report is ${String(next)}.`);
        if (next === 1 && stored.status !== 'draft') throw new ReportVersionError('This examination is not a draft.');
        if (next > 1 && stored.status !== 'signed') throw new ReportVersionError('This examination has no signed report to amend.');
        await db.reports.add(row);
        const signed: CaseRow = { ...stored, status: 'signed', updatedAt: at, revision: stored.revision + 1 };
        // From version 1 on, a copy of the report may be owed to the person: decided from the body
        // signed when it is the one read above, otherwise left for the dashboard to open.
        const updated = next > 1 ? signed : locked !== null && locked.revision === stored.revision ? withOverdueIndex(signed, locked.examination) : withOverdueIndexUnread(signed);
        await db.cases.put(updated);
        // The version's trusted time, with the file: a version signed offline is never stored without its place in the queue.
        if (input.time !== undefined) await db.timestamps.put(signedTimeRow('report', documentId, caseId, at, input.time));
      });
      return { documentId, caseId, version: input.version, sha256, signedAt: input.signedAt, place: input.place, addenda, time: input.time === undefined ? null : documentTimeOf(signedTimeRow('report', documentId, caseId, at, input.time)) };
    },

    async appendTimestamp(stamped) {
      const row = await db.reports.get(Identifier.parse(stamped.documentId));
      if (!row) throw new CaseNotFoundError('This report version does not exist.');
      const before = await openPdf(row);
      const bytes = new Uint8Array(stamped.bytes);
      if (bytes.length <= before.length || bytes.length > MAX_REPORT_BYTES || !before.every((byte, i) => bytes[i] === byte)) {
        throw new ReportVersionError('A timestamp must be appended to the stored file, leaving it unchanged.');
      }
      if (Number.isNaN(stamped.attestedAt.getTime())) throw new ReportVersionError('The attested time is not a date.');
      const sha256 = await sha256Hex(bytes);
      const sealedPdf = await bytesCodec.sealBytes(pdfContext(row.id, row.schemaVersion), bytes);
      const at = now().toISOString();
      const event = { at, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'report', recordId: row.id, detail: { sha256, reportVersion: row.version } } as const;
      await audit.recordWith([db.reports, db.timestamps], event, async () => {
        const current = await db.reports.get(row.id);
        if (current?.sha256 !== row.sha256) throw new ReportVersionError('This report version changed meanwhile.');
        await db.reports.put({ ...current, sha256, iv: exactBuffer(sealedPdf.iv), data: new Blob([sealedPdf.ciphertext], { type: 'application/octet-stream' }) });
        const time = await db.timestamps.get(row.id);
        await db.timestamps.put({
          id: row.id,
          target: 'report',
          caseId: row.caseId,
          queuedAt: time?.queuedAt ?? at,
          state: 'attested',
          attempts: (time?.attempts ?? 0) + 1,
          lastTriedAt: at,
          unstampedSha256: row.sha256,
          tsaName: stamped.tsaName,
          attestedAt: stamped.attestedAt.toISOString(),
          via: 'document',
        });
      });
      const updated = await db.reports.get(row.id);
      if (!updated) throw new CaseNotFoundError('This report version does not exist.');
      return toVersion(updated);
    },
  };
}
