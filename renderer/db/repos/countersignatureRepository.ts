/**
 * Countersignatures kept beside a report version (issue #17 item 4): the only code that reads or
 * writes the `countersignatures` table (migration 0015). When the author opens the file a colleague
 * countersigned, and the revision the author signed is a version stored here, the file is kept with
 * that version, not as a new version of the author's: sealed byte for byte, with who countersigned,
 * in what role and when. Keeping one is one audit event (create/report, the file's SHA-256 and the
 * version), in the same transaction as the row.
 */
import { z } from 'zod';
import { COUNTERSIGN_ROLES } from '../../../shared/signing/verdict';
import { Sha256Hex } from '../../../shared/vault/auditChain';
import { sha256Hex } from '../../../shared/vault/encoding';
import { CodecError, type BytesCodec, type RecordCodec } from '../codec';
import type { AttestDatabase, CountersignatureRow } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { CaseNotFoundError, StoredRecordError } from './caseRepository';
import { MAX_REPORT_BYTES } from './reportRepository';

export const COUNTERSIGNATURE_TABLE = 'countersignatures';
export const COUNTERSIGNATURE_SCHEMA_VERSION = 1;

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** One countersignature in a kept file, as verification read it when it was kept. */
export const KeptCountersigner = z.strictObject({
  /** The certificate's subject name, as the file says. */
  signerName: z.string().max(500).nullable(),
  /** SHA-256 of the countersigner's certificate, `AB:CD:…`. */
  fingerprint: z.string().max(200).nullable(),
  role: z.enum(COUNTERSIGN_ROLES),
  comment: z.string().max(2_000).nullable(),
  /** ISO 8601 UTC: attested by a timestamp authority trusted here, or claimed by the countersigner. */
  signingTime: z.iso.datetime({ offset: true }).nullable(),
  timeSource: z.enum(['claimed', 'timestamp']),
  tsaName: z.string().max(500).nullable(),
});
export type KeptCountersigner = z.infer<typeof KeptCountersigner>;

const SealedMeta = z.strictObject({ caseId: Identifier, versionId: Identifier, countersigners: z.array(KeptCountersigner).min(1).max(16) });

/** A stored row, as restore checks it. */
export const StoredCountersignatureRow = z.strictObject({
  id: Identifier,
  caseId: Identifier,
  versionId: Identifier,
  sha256: Sha256Hex,
  keptAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  meta: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
  iv: z.instanceof(ArrayBuffer).refine((iv) => iv.byteLength === 12),
  data: z.instanceof(Blob).refine((blob) => blob.size >= 16),
});

/** A countersigned file kept beside a version. */
export interface KeptCountersignature {
  readonly id: string;
  readonly caseId: string;
  /** The document id of the version countersigned. */
  readonly versionId: string;
  readonly sha256: string;
  readonly keptAt: string;
  readonly countersigners: readonly KeptCountersigner[];
}

export interface KeepCountersignatureInput {
  readonly caseId: string;
  readonly versionId: string;
  /** The countersigned file. */
  readonly bytes: Uint8Array;
  /** How many of its first bytes are the version as stored here (or as it was before its document timestamp). */
  readonly versionLength: number;
  readonly countersigners: readonly KeptCountersigner[];
}

export interface KeptCountersignatureMatch {
  readonly id: string;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly versionId: string;
  readonly version: number | null;
}

export interface CountersignatureRepository {
  /** The countersigned files kept with a case's versions, in the order they were kept. */
  list(caseId: string): Promise<KeptCountersignature[]>;
  /**
   * Keeps a countersigned file beside its version. Refused (`CountersignatureError`), nothing written,
   * unless its first `versionLength` bytes are that version (its SHA-256 now, or before its document
   * timestamp); the same file twice is refused too.
   */
  keep(input: KeepCountersignatureInput): Promise<KeptCountersignature>;
  /** The kept countersigned file with this SHA-256, if any. */
  findBySha256(sha256: string): Promise<KeptCountersignatureMatch | null>;
  /** The countersigned file exactly as kept; throws `StoredRecordError` if it does not open or its hash differs. */
  pdf(id: string): Promise<Uint8Array>;
}

export class CountersignatureError extends Error {
  override readonly name = 'CountersignatureError';
  constructor(readonly code: 'not-this-version' | 'already-kept' | 'invalid') {
    super(`This countersignature was not kept (${code}).`);
  }
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

export interface CountersignatureRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly bytesCodec: BytesCodec;
  readonly audit: AuditRepository;
  readonly now: () => Date;
  readonly newId?: () => string;
}

export function createCountersignatureRepository({ db, codec, bytesCodec, audit, now, newId = () => crypto.randomUUID() }: CountersignatureRepositoryDeps): CountersignatureRepository {
  const pdfContext = (id: string, schemaVersion = COUNTERSIGNATURE_SCHEMA_VERSION) => ({ table: COUNTERSIGNATURE_TABLE, id, schemaVersion });
  const metaContext = (id: string, schemaVersion = COUNTERSIGNATURE_SCHEMA_VERSION) => ({ table: COUNTERSIGNATURE_TABLE, id: `${id}.meta`, schemaVersion });
  const unreadable = (cause?: unknown) => new StoredRecordError('A kept countersignature could not be read.', cause === undefined ? undefined : { cause });

  async function toKept(row: CountersignatureRow): Promise<KeptCountersignature> {
    let opened: unknown;
    try {
      opened = await codec.open(metaContext(row.id, row.schemaVersion), row.meta);
    } catch (cause) {
      throw unreadable(cause);
    }
    const meta = SealedMeta.safeParse(opened);
    // The case and version sealed inside must be the row's: a row moved elsewhere does not open as theirs.
    if (!meta.success || meta.data.caseId !== row.caseId || meta.data.versionId !== row.versionId) throw unreadable();
    return { id: row.id, caseId: row.caseId, versionId: row.versionId, sha256: row.sha256, keptAt: row.keptAt, countersigners: meta.data.countersigners };
  }

  return {
    async list(caseId) {
      const rows = await db.countersignatures.where('caseId').equals(Identifier.parse(caseId)).toArray();
      rows.sort((a, b) => a.keptAt.localeCompare(b.keptAt));
      return Promise.all(rows.map(toKept));
    },

    async keep(input) {
      const caseId = Identifier.parse(input.caseId);
      const versionId = Identifier.parse(input.versionId);
      const countersigners = z.array(KeptCountersigner).min(1).max(16).safeParse(input.countersigners);
      if (!countersigners.success) throw new CountersignatureError('invalid');
      const bytes = new Uint8Array(input.bytes);
      if (bytes.length === 0 || bytes.length > MAX_REPORT_BYTES || !Number.isInteger(input.versionLength) || input.versionLength <= 0 || input.versionLength >= bytes.length) throw new CountersignatureError('invalid');
      const [sha256, versionSha256] = await Promise.all([sha256Hex(bytes), sha256Hex(bytes.subarray(0, input.versionLength))]);
      const id = newId();
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const sealed = await bytesCodec.sealBytes(pdfContext(id), bytes);
      const meta = await codec.seal(metaContext(id), { caseId, versionId, countersigners: countersigners.data });
      const keptAt = now().toISOString();
      const row: CountersignatureRow = {
        id,
        caseId,
        versionId,
        sha256,
        keptAt,
        schemaVersion: COUNTERSIGNATURE_SCHEMA_VERSION,
        meta,
        iv: exactBuffer(sealed.iv),
        data: new Blob([sealed.ciphertext], { type: 'application/octet-stream' }),
      };
      await audit.recordWith(
        [db.countersignatures, db.reports, db.timestamps],
        { at: keptAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'report', recordId: id, detail: { sha256 } },
        async () => {
          const version = await db.reports.get(versionId);
          if (!version) throw new CaseNotFoundError('This report version does not exist.');
          // The file must begin with the version as stored (or as it was before its document timestamp).
          const before = (await db.timestamps.get(versionId))?.unstampedSha256;
          if (version.caseId !== caseId || (version.sha256 !== versionSha256 && before !== versionSha256)) throw new CountersignatureError('not-this-version');
          if ((await db.countersignatures.where('sha256').equals(sha256).count()) > 0) throw new CountersignatureError('already-kept');
          await db.countersignatures.add(row);
        },
      );
      return { id, caseId, versionId, sha256, keptAt, countersigners: countersigners.data };
    },

    async findBySha256(sha256) {
      if (!Sha256Hex.safeParse(sha256).success) return null;
      const row = await db.countersignatures.where('sha256').equals(sha256).first();
      if (!row) return null;
      const [caseRow, version] = await Promise.all([db.cases.get(row.caseId), db.reports.get(row.versionId)]);
      return { id: row.id, caseId: row.caseId, caseNumber: caseRow?.caseNumber ?? '', versionId: row.versionId, version: version?.version ?? null };
    },

    async pdf(id) {
      const row = await db.countersignatures.get(Identifier.parse(id));
      if (!row) throw new CaseNotFoundError('This countersignature does not exist.');
      await toKept(row);
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        const ciphertext = new Uint8Array(await row.data.arrayBuffer());
        bytes = await bytesCodec.openBytes(pdfContext(row.id, row.schemaVersion), { iv: new Uint8Array(row.iv), ciphertext });
      } catch (cause) {
        throw unreadable(cause instanceof CodecError ? cause : undefined);
      }
      if ((await sha256Hex(bytes)) !== row.sha256) throw unreadable();
      return bytes;
    },
  };
}
