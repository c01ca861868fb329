/**
 * Referrals to competent authorities: the only code that reads or writes the `referrals` and
 * `referralDocuments` tables (issue #7). A referral record names the case, the signed report version
 * (by its SHA-256), the authority, and everything the referral rules ask; it is sealed by the vault
 * whole, since it holds free text about the person's risk. Its documents (the signed anonymised
 * report variant, the signed cover letter) are kept byte for byte, sealed, with their SHA-256 in
 * clear like a signed report. Every save and every document stored is one audit event
 * (referral/referral, with a document's SHA-256), in the same transaction as the row.
 */
import { z } from 'zod';
import { referralDraftSchema, type Referral } from '../../../shared/domain/referral';
import { Sha256Hex } from '../../../shared/vault/auditChain';
import { sha256Hex } from '../../../shared/vault/encoding';
import type { BytesCodec, RecordCodec } from '../codec';
import type { AttestDatabase, ReferralDocumentRow, ReferralRow } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { CaseNotFoundError, StoredRecordError } from './caseRepository';

export const REFERRAL_TABLE = 'referrals';
export const REFERRAL_DOCUMENT_TABLE = 'referralDocuments';
export const REFERRAL_SCHEMA_VERSION = 1;
/** A referral document larger than this is refused (the anonymised report carries no photographs). */
export const MAX_REFERRAL_DOCUMENT_BYTES = 50 * 1024 * 1024;

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const REFERRAL_DOCUMENT_KINDS = ['anonymised_report', 'summary_report', 'cover_letter'] as const;
export const ReferralDocumentKind = z.enum(REFERRAL_DOCUMENT_KINDS);
export type ReferralDocumentKind = z.infer<typeof ReferralDocumentKind>;

/** What is sealed in a referral row: the case it belongs to (checked on opening) and the record. */
const SealedReferral = z.strictObject({ caseId: Identifier, referral: z.unknown() });

/** A stored referral row, as restore checks it. */
export const StoredReferralRow = z.strictObject({
  id: Identifier,
  caseId: Identifier,
  updatedAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  body: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
});

/** A stored referral document row, as restore checks it. */
export const StoredReferralDocumentRow = z.strictObject({
  id: Identifier,
  referralId: Identifier,
  caseId: Identifier,
  kind: ReferralDocumentKind,
  sha256: Sha256Hex,
  createdAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  iv: z.instanceof(ArrayBuffer).refine((iv) => iv.byteLength === 12),
  data: z.instanceof(Blob).refine((blob) => blob.size >= 16),
});

/** A referral document as listed (its bytes come from `document`). */
export interface ReferralDocument {
  readonly documentId: string;
  readonly referralId: string;
  readonly kind: ReferralDocumentKind;
  readonly sha256: string;
  readonly createdAt: string;
}

export interface StoredReferral {
  readonly caseId: string;
  readonly referral: Referral;
  readonly updatedAt: string;
  /** Its documents, oldest first; the latest of each kind is the one to send. */
  readonly documents: readonly ReferralDocument[];
}

export interface StoreReferralDocumentInput {
  readonly caseId: string;
  readonly referralId: string;
  readonly documentId: string;
  readonly kind: ReferralDocumentKind;
  readonly bytes: Uint8Array;
}

/** A referral document stored here, found by the SHA-256 of its signed bytes. */
export interface StoredReferralDocumentMatch {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly referralId: string;
  readonly documentId: string;
  readonly kind: ReferralDocumentKind;
  /** The report version the referral refers (null if the referral no longer opens). */
  readonly reportVersion: number | null;
  readonly createdAt: string;
}

export interface ReferralRepository {
  /** The referrals of a case, in the order they were first saved (by id order is meaningless: by `updatedAt`). */
  list(caseId: string): Promise<StoredReferral[]>;
  /** One referral of a case, or null. */
  get(caseId: string, referralId: string): Promise<StoredReferral | null>;
  /**
   * Stores a referral (new or changed), parsed as a draft first: an invalid value is refused
   * (`InvalidReferralError`), never half-written. Needs the case to exist and the referral, once
   * stored, to stay with its case.
   */
  save(caseId: string, referral: unknown): Promise<StoredReferral>;
  /** Stores a signed document of a referral, sealed; one audit event with its SHA-256. */
  storeDocument(input: StoreReferralDocumentInput): Promise<ReferralDocument>;
  /** A referral document's bytes exactly as stored; throws `StoredRecordError` if they do not open or their hash differs. */
  document(caseId: string, documentId: string): Promise<Uint8Array>;
  /** The stored referral document (anonymised report, summary, cover letter) whose signed bytes have this SHA-256, if any. */
  findBySha256(sha256: string): Promise<StoredReferralDocumentMatch | null>;
}

export class InvalidReferralError extends Error {
  override readonly name = 'InvalidReferralError';
  constructor(readonly issues: readonly string[]) {
    super('This referral was not saved: a value is not valid.');
  }
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

export interface ReferralRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly bytesCodec: BytesCodec;
  readonly audit: AuditRepository;
  readonly now: () => Date;
}

export function createReferralRepository({ db, codec, bytesCodec, audit, now }: ReferralRepositoryDeps): ReferralRepository {
  const bodyContext = (id: string, schemaVersion = REFERRAL_SCHEMA_VERSION) => ({ table: REFERRAL_TABLE, id, schemaVersion });
  const documentContext = (id: string, schemaVersion = REFERRAL_SCHEMA_VERSION) => ({ table: REFERRAL_DOCUMENT_TABLE, id, schemaVersion });
  const unreadable = (cause?: unknown) => new StoredRecordError('A stored referral could not be read.', cause === undefined ? undefined : { cause });

  function toDocument(row: ReferralDocumentRow): ReferralDocument {
    return { documentId: row.id, referralId: row.referralId, kind: row.kind, sha256: row.sha256, createdAt: row.createdAt };
  }

  async function openRow(row: ReferralRow, documents: readonly ReferralDocumentRow[]): Promise<StoredReferral> {
    let opened: unknown;
    try {
      opened = await codec.open(bodyContext(row.id, row.schemaVersion), row.body);
    } catch (cause) {
      throw unreadable(cause);
    }
    const sealed = SealedReferral.safeParse(opened);
    // The case sealed inside must be the row's: a row moved to another case does not open as its.
    if (!sealed.success || sealed.data.caseId !== row.caseId) throw unreadable();
    const referral = referralDraftSchema.safeParse(sealed.data.referral);
    if (!referral.success || referral.data.id !== row.id) throw unreadable();
    const mine = documents.filter((d) => d.referralId === row.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { caseId: row.caseId, referral: referral.data, updatedAt: row.updatedAt, documents: mine.map(toDocument) };
  }

  async function get(caseId: string, referralId: string): Promise<StoredReferral | null> {
    const row = await db.referrals.get(referralId);
    if (!row || row.caseId !== caseId) return null;
    const documents = await db.referralDocuments.where('referralId').equals(referralId).toArray();
    return openRow(row, documents);
  }

  return {
    async list(caseId) {
      const [rows, documents] = await Promise.all([db.referrals.where('caseId').equals(caseId).toArray(), db.referralDocuments.where('caseId').equals(caseId).toArray()]);
      const opened = await Promise.all(rows.map((row) => openRow(row, documents)));
      return opened.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    },

    get,

    async save(rawCaseId, input) {
      const caseId = Identifier.parse(rawCaseId);
      const parsed = referralDraftSchema.safeParse(input);
      if (!parsed.success) throw new InvalidReferralError(parsed.error.issues.map((issue) => issue.path.join('.')));
      const referral = parsed.data;
      const at = now().toISOString();
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const body = await codec.seal(bodyContext(referral.id), { caseId, referral });
      const row: ReferralRow = { id: referral.id, caseId, updatedAt: at, schemaVersion: REFERRAL_SCHEMA_VERSION, body };
      const event = { at, actor: LOCAL_ACTOR_ID, action: 'referral', recordType: 'referral', recordId: referral.id, detail: { reportVersion: referral.reportVersion } } as const;
      await audit.recordWith([db.referrals, db.cases], event, async () => {
        if (!(await db.cases.get(caseId))) throw new CaseNotFoundError('This case no longer exists.');
        const existing = await db.referrals.get(referral.id);
        if (existing && existing.caseId !== caseId) throw new CaseNotFoundError('This referral belongs to another case.');
        await db.referrals.put(row);
      });
      const stored = await get(caseId, referral.id);
      if (!stored) throw unreadable();
      return stored;
    },

    async storeDocument(input) {
      const caseId = Identifier.parse(input.caseId);
      const referralId = Identifier.parse(input.referralId);
      const documentId = Identifier.parse(input.documentId);
      const kind = ReferralDocumentKind.parse(input.kind);
      if (input.bytes.length === 0 || input.bytes.length > MAX_REFERRAL_DOCUMENT_BYTES) throw new InvalidReferralError(['bytes']);
      const bytes = new Uint8Array(input.bytes);
      const sha256 = await sha256Hex(bytes);
      const sealed = await bytesCodec.sealBytes(documentContext(documentId), bytes);
      const createdAt = now().toISOString();
      const row: ReferralDocumentRow = {
        id: documentId,
        referralId,
        caseId,
        kind,
        sha256,
        createdAt,
        schemaVersion: REFERRAL_SCHEMA_VERSION,
        iv: exactBuffer(sealed.iv),
        data: new Blob([sealed.ciphertext], { type: 'application/octet-stream' }),
      };
      const event = { at: createdAt, actor: LOCAL_ACTOR_ID, action: 'referral', recordType: 'referral', recordId: referralId, detail: { sha256, bytes: bytes.length } } as const;
      await audit.recordWith([db.referralDocuments, db.referrals], event, async () => {
        const referral = await db.referrals.get(referralId);
        if (!referral || referral.caseId !== caseId) throw new CaseNotFoundError('This referral does not exist.');
        await db.referralDocuments.add(row);
      });
      return toDocument(row);
    },

    async findBySha256(sha256) {
      if (!Sha256Hex.safeParse(sha256).success) return null;
      // Not indexed: referral documents are few (a handful per referral), and this runs on one click.
      const row = await db.referralDocuments.filter((r) => r.sha256 === sha256).first();
      if (!row) return null;
      const [caseRow, referral] = await Promise.all([db.cases.get(row.caseId), get(row.caseId, row.referralId).catch(() => null)]);
      return { caseId: row.caseId, caseNumber: caseRow?.caseNumber ?? '', referralId: row.referralId, documentId: row.id, kind: row.kind, reportVersion: referral?.referral.reportVersion ?? null, createdAt: row.createdAt };
    },

    async document(caseId, documentId) {
      const row = await db.referralDocuments.get(documentId);
      if (!row || row.caseId !== caseId) throw new CaseNotFoundError('This referral document does not exist.');
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        const ciphertext = new Uint8Array(await row.data.arrayBuffer());
        bytes = await bytesCodec.openBytes(documentContext(row.id, row.schemaVersion), { iv: new Uint8Array(row.iv), ciphertext });
      } catch (cause) {
        throw unreadable(cause);
      }
      if ((await sha256Hex(bytes)) !== row.sha256) throw unreadable();
      return bytes;
    },
  };
}
