/**
 * Received reports (issue #18 item 2): the only code that reads or writes the `receivedCases` table.
 * A signed report from another clinician, once verified and its case file read from the signed
 * revision (shared/interop/receivedReport.ts), is kept as a read-only case apart from the clinician's
 * own: the case file, the provenance (signers, verdict and whether it was accepted, the file's and
 * the case file's SHA-256, when received) and the PDF exactly as received, all sealed by the vault.
 * The same file imported again (same SHA-256) is found, never stored twice. Each import is one audit
 * event (create/received, with the file's SHA-256), in the same transaction as the row: all or nothing.
 */
import { z } from 'zod';
import { caseListingOf } from '../../../shared/domain/listing';
import type { ReceivedReport } from '../../../shared/interop/receivedReport';
import { CaseFile } from '../../../shared/report/caseFile';
import { Sha256Hex } from '../../../shared/vault/auditChain';
import { sha256Hex } from '../../../shared/vault/encoding';
import { CodecError, type BytesCodec, type RecordCodec } from '../codec';
import type { AttestDatabase, ReceivedCaseRow } from '../database';
import type { SearchKeyer } from '../searchKeys';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { StoredRecordError } from './caseRepository';
import { MAX_REPORT_BYTES } from './reportRepository';

export const RECEIVED_TABLE = 'receivedCases';
export const RECEIVED_SCHEMA_VERSION = 1;

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Verdict = z.enum(['valid', 'signer-not-trusted', 'modified', 'invalid', 'not-pdf', 'unreadable', 'unsigned']);
const Text = z.string().max(2_000);

export const ReceivedSigner = z.strictObject({
  name: Text.nullable(),
  fingerprint: z.string().max(200).nullable(),
  kind: z.enum(['certification', 'approval', 'timestamp']),
  signingTime: z.string().max(100).nullable(),
  trusted: z.boolean(),
});

/** Where a received case came from, as it was when imported. */
export const ReceivedProvenance = z.strictObject({
  receivedAt: z.iso.datetime({ offset: true }),
  verdict: Verdict,
  /** The verdict was not VALID and the clinician imported it anyway, knowingly. */
  verdictAccepted: z.boolean(),
  signers: z.array(ReceivedSigner).max(100),
  fileSha256: Sha256Hex,
  caseFile: z.strictObject({ name: z.string().max(200), sha256: Sha256Hex, bytes: z.int().min(0) }),
});
export type ReceivedProvenance = z.infer<typeof ReceivedProvenance>;

/** A line of the received list (sealed apart from the case file, so that listing never opens it). */
export const ReceivedSummaryBody = z.strictObject({
  caseNumber: z.string().max(64),
  reportVersion: z.int().min(1),
  issuedAt: z.string().max(100),
  /** The person's name as the case file gives it (given and family), or null. */
  person: Text.nullable(),
  verdict: Verdict,
  verdictAccepted: z.boolean(),
  /** The author's name (the first signer's). */
  signer: Text.nullable(),
});

export interface ReceivedCaseSummary extends z.infer<typeof ReceivedSummaryBody> {
  readonly id: string;
  readonly receivedAt: string;
  readonly fileSha256: string;
}

export interface ReceivedCase {
  readonly summary: ReceivedCaseSummary;
  readonly provenance: ReceivedProvenance;
  readonly caseFile: CaseFile;
}

const ReceivedBody = z.strictObject({ provenance: ReceivedProvenance, caseFile: z.unknown() });

/** A stored row, as restore checks it. */
export const StoredReceivedCaseRow = z.strictObject({
  id: Identifier,
  fileSha256: Sha256Hex,
  receivedAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.int().min(0).max(1_000_000),
  searchKeys: z.array(z.string().max(128)).max(1_000),
  summary: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
  body: z.object({ codec: z.string(), payload: z.unknown(), iv: z.unknown().optional() }),
  iv: z.instanceof(ArrayBuffer).refine((iv) => iv.byteLength === 12),
  data: z.instanceof(Blob).refine((blob) => blob.size >= 16),
});

export interface ImportedReceived {
  readonly id: string;
  /** The same file (same SHA-256) was imported before: nothing was written, `id` is that case. */
  readonly duplicate: boolean;
}

export interface ReceivedRepository {
  /**
   * Stores a verified received report with the PDF it was read from (`pdf`, whose SHA-256 must be the
   * report's `fileSha256`). The same file again returns the stored case (`duplicate`), unchanged.
   */
  store(report: ReceivedReport, pdf: Uint8Array, receivedAt: Date): Promise<ImportedReceived>;
  /** The received case imported from the file with this SHA-256, if any. */
  findByFileSha256(sha256: string): Promise<string | null>;
  /** The received cases, newest first; `search` is an exact name, ID number or case number (blind index). */
  list(query?: { readonly search?: string }): Promise<ReceivedCaseSummary[]>;
  get(id: string): Promise<ReceivedCase | null>;
  /** The PDF exactly as received; throws `StoredRecordError` if it does not open or its hash differs. */
  pdf(id: string): Promise<Uint8Array>;
}

export class ReceivedImportError extends Error {
  override readonly name = 'ReceivedImportError';
}

export interface ReceivedRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly bytesCodec: BytesCodec;
  readonly searchKeyer: SearchKeyer;
  readonly audit: AuditRepository;
  readonly newId: () => string;
}

function exactBuffer(bytes: Uint8Array<ArrayBuffer>): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
}

export function createReceivedRepository({ db, codec, bytesCodec, searchKeyer, audit, newId }: ReceivedRepositoryDeps): ReceivedRepository {
  const context = (id: string, part: 'pdf' | 'summary' | 'body', schemaVersion = RECEIVED_SCHEMA_VERSION) => ({ table: RECEIVED_TABLE, id: part === 'pdf' ? id : `${id}.${part}`, schemaVersion });
  const unreadable = (cause?: unknown) => new StoredRecordError('A received report could not be read.', cause === undefined ? undefined : { cause });

  async function openSealed<T>(row: ReceivedCaseRow, part: 'summary' | 'body', schema: z.ZodType<T>): Promise<T> {
    let opened: unknown;
    try {
      opened = await codec.open(context(row.id, part, row.schemaVersion), row[part]);
    } catch (cause) {
      throw unreadable(cause);
    }
    const parsed = schema.safeParse(opened);
    if (!parsed.success) throw unreadable();
    return parsed.data;
  }

  async function toSummary(row: ReceivedCaseRow): Promise<ReceivedCaseSummary> {
    const body = await openSealed(row, 'summary', ReceivedSummaryBody);
    return { ...body, id: row.id, receivedAt: row.receivedAt, fileSha256: row.fileSha256 };
  }

  async function searchKeysOf(caseFile: CaseFile): Promise<string[]> {
    const listing = caseListingOf(caseFile.examination);
    const [names, ids] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', [...listing.idNumbers, caseFile.caseNumber])]);
    return [...new Set([...names, ...ids])];
  }

  async function findRow(sha256: string): Promise<ReceivedCaseRow | undefined> {
    return Sha256Hex.safeParse(sha256).success ? db.receivedCases.where('fileSha256').equals(sha256).first() : undefined;
  }

  return {
    async store(report, pdf, receivedAt) {
      if (pdf.length === 0 || pdf.length > MAX_REPORT_BYTES) throw new ReceivedImportError('The received report is empty or too large.');
      const bytes = new Uint8Array(pdf);
      const fileSha256 = await sha256Hex(bytes);
      if (fileSha256 !== report.fileSha256) throw new ReceivedImportError('This is not the file that was verified.');
      const existing = await findRow(fileSha256);
      if (existing) return { id: existing.id, duplicate: true };

      // Parsed by the case-file schema (with its clock checks) in receiveReport; read back through it in `get`.
      const { caseFile } = report;
      const provenance = ReceivedProvenance.parse({
        receivedAt: receivedAt.toISOString(),
        verdict: report.verdict,
        verdictAccepted: report.verdictAccepted,
        signers: report.signers,
        fileSha256,
        caseFile: { name: report.attachment.name, sha256: report.attachment.sha256, bytes: report.attachment.bytes.length },
      });
      const identity = caseFile.examination.identity;
      const person = [identity?.givenName, identity?.familyName].filter((n): n is string => typeof n === 'string' && n.trim() !== '').join(' ');
      const author = report.signers.find((s) => s.kind === 'certification') ?? report.signers[0];
      const summary = ReceivedSummaryBody.parse({
        caseNumber: caseFile.caseNumber,
        reportVersion: caseFile.reportVersion,
        issuedAt: caseFile.issuedAt,
        person: person === '' ? null : person,
        verdict: report.verdict,
        verdictAccepted: report.verdictAccepted,
        signer: author?.name ?? null,
      });
      const id = Identifier.parse(newId());
      // Seal and key first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const [sealedPdf, sealedSummary, sealedBody, searchKeys] = await Promise.all([
        bytesCodec.sealBytes(context(id, 'pdf'), bytes),
        codec.seal(context(id, 'summary'), summary),
        codec.seal(context(id, 'body'), { provenance, caseFile }),
        searchKeysOf(caseFile),
      ]);
      const row: ReceivedCaseRow = {
        id,
        fileSha256,
        receivedAt: provenance.receivedAt,
        schemaVersion: RECEIVED_SCHEMA_VERSION,
        searchKeys,
        summary: sealedSummary,
        body: sealedBody,
        iv: exactBuffer(sealedPdf.iv),
        data: new Blob([sealedPdf.ciphertext], { type: 'application/octet-stream' }),
      };
      const event = { at: provenance.receivedAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'received', recordId: id, detail: { sha256: fileSha256, formatVersion: 1 } } as const;
      try {
        await audit.recordWith([db.receivedCases], event, async () => {
          // Another window may have imported the same file meanwhile: the unique index refuses the second.
          await db.receivedCases.add(row);
        });
      } catch (error) {
        const again = await findRow(fileSha256);
        if (again) return { id: again.id, duplicate: true };
        throw error;
      }
      return { id, duplicate: false };
    },

    async findByFileSha256(sha256) {
      return (await findRow(sha256))?.id ?? null;
    },

    async list(query = {}) {
      const search = query.search?.trim() ?? '';
      let rows: ReceivedCaseRow[];
      if (search === '') rows = await db.receivedCases.orderBy('receivedAt').reverse().toArray();
      else {
        const keys = [...(await searchKeyer.keys('name', [search])), ...(await searchKeyer.keys('id', [search]))];
        rows = keys.length === 0 ? [] : await db.receivedCases.where('searchKeys').anyOf(keys).distinct().toArray();
        rows.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      }
      return Promise.all(rows.map(toSummary));
    },

    async get(id) {
      const parsedId = Identifier.safeParse(id);
      if (!parsedId.success) return null;
      const row = await db.receivedCases.get(parsedId.data);
      if (!row) return null;
      const [summary, body] = await Promise.all([toSummary(row), openSealed(row, 'body', ReceivedBody)]);
      const caseFile = CaseFile.safeParse(body.caseFile);
      if (!caseFile.success || body.provenance.fileSha256 !== row.fileSha256) throw unreadable();
      return { summary, provenance: body.provenance, caseFile: caseFile.data };
    },

    async pdf(id) {
      const row = await db.receivedCases.get(Identifier.parse(id));
      if (!row) throw unreadable();
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = await bytesCodec.openBytes(context(row.id, 'pdf', row.schemaVersion), { iv: new Uint8Array(row.iv), ciphertext: new Uint8Array(await row.data.arrayBuffer()) });
      } catch (cause) {
        throw unreadable(cause instanceof CodecError ? cause : undefined);
      }
      if ((await sha256Hex(bytes)) !== row.fileSha256) throw unreadable();
      return bytes;
    },
  };
}
