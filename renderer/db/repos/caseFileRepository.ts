/**
 * Case files (issue #18 item 3): storing an imported case with its photographs, all or nothing, and
 * reading the cases of a period page by page for the bulk export.
 *
 * An import writes the case row, its sealed body, its statistics facts and every variant of every
 * photograph in ONE transaction with its audit events (create/case, then create/photograph per
 * photograph with the original's SHA-256, as a photograph taken in the app gets): a failure at any
 * point leaves nothing behind. Everything is sealed before the transaction opens.
 *
 * The imported case is a draft of this installation: it gets this installation's next case number
 * (case numbers are unique per installation), and keeps the exporting installation's case id unless
 * the caller asks for a new one (`keepBoth`). A photograph whose attachment id is already stored
 * (the same case imported twice) gets a new one, and the examination's metadata is changed to match.
 */
import { CASE_SCHEMA_VERSION, CaseSummary, ExaminationDraft, formatCaseNumber, type CaseBody } from '../../../shared/domain/case';
import { caseListingOf } from '../../../shared/domain/listing';
import type { BytesCodec, RecordCodec } from '../codec';
import type { AttachmentRow, AttestDatabase, CaseRow } from '../database';
import type { SearchKeyer } from '../searchKeys';
import type { AuditEventInput } from '../../../shared/vault/auditChain';
import { sealAttachmentRows, type StoredBytes } from './attachmentRepository';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { StoredRecordError, awaitingExamSinceOf, withOverdueIndex } from './caseRepository';
import { statFactsRowOf, touchMonths } from './statFactsRepository';

export interface ImportPhotoInput {
  readonly attachmentId: string;
  readonly sha256: string;
  readonly original: StoredBytes;
  readonly display: StoredBytes;
  readonly thumb: StoredBytes;
}

export interface ImportCaseInput {
  /** The case id to keep (the exporting installation's), or null for a new one. */
  readonly caseId: string | null;
  /** The examination, already checked by the case file's schema. */
  readonly examination: unknown;
  readonly photos: readonly ImportPhotoInput[];
  /** Recorded in the audit event: the imported file's SHA-256, size and format version. */
  readonly file: { readonly sha256: string; readonly bytes: number; readonly formatVersion: number };
}

/** The case id asked for is already stored: the caller asks the user first ("keep both" or cancel). */
export class CaseExistsError extends Error {
  override readonly name = 'CaseExistsError';
}

/** The date range of a bulk export: `YYYY-MM-DD`, both ends included. */
export interface CasePeriod {
  readonly from: string;
  readonly to: string;
}

export interface CaseFileRepository {
  /** Whether a case with this id is stored. */
  exists(caseId: string): Promise<boolean>;
  /** Stores an imported case and its photographs, all or nothing, audited; returns its summary. */
  importCase(input: ImportCaseInput): Promise<CaseSummary>;
  /** How many cases fall in the period (arrival date, or opening date before an arrival is recorded: as the case list filters). */
  countInPeriod(period: CasePeriod): Promise<number>;
  /** The ids of the cases in the period, a page at a time in id order: memory stays flat however many. */
  idsInPeriod(period: CasePeriod, pageSize?: number): AsyncIterable<readonly string[]>;
}

export interface CaseFileRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly bytesCodec: BytesCodec;
  readonly searchKeyer: SearchKeyer;
  readonly audit: AuditRepository;
  readonly now: () => Date;
  readonly newId: () => string;
}

const BODY_TABLE = 'caseBodies';

/** The date the case list files a case under (see caseRepository `listDate`). */
function listDate(row: CaseRow): string {
  return (row.arrivalAt ?? row.createdAt).slice(0, 10);
}

interface PhotoMeta {
  readonly attachmentId?: unknown;
}

/** The examination with the photographs' attachment ids replaced as `renamed` says. */
function withAttachmentIds(examination: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (renamed.size === 0) return examination;
  const exam = examination as { findings?: { photographs?: PhotoMeta[] | null } | null };
  const photographs = exam.findings?.photographs;
  if (!photographs) return examination;
  return {
    ...exam,
    findings: {
      ...exam.findings,
      photographs: photographs.map((p) => (typeof p.attachmentId === 'string' && renamed.has(p.attachmentId) ? { ...p, attachmentId: renamed.get(p.attachmentId) } : p)),
    },
  };
}

export function createCaseFileRepository({ db, codec, bytesCodec, searchKeyer, audit, now, newId }: CaseFileRepositoryDeps): CaseFileRepository {
  const inPeriod = (period: CasePeriod) => (row: CaseRow) => {
    const date = listDate(row);
    return date >= period.from && date <= period.to;
  };

  return {
    async exists(caseId) {
      return (await db.cases.get(caseId)) !== undefined;
    },

    async importCase(input) {
      const id = input.caseId ?? newId();
      if (input.caseId !== null && (await db.cases.get(id))) throw new CaseExistsError('A case with this id is already stored.');
      // Photographs already stored under the same attachment id (this case imported before): new ids.
      const renamed = new Map<string, string>();
      for (const photo of input.photos) {
        if ((await db.attachments.where('attachmentId').equals(photo.attachmentId).count()) > 0) renamed.set(photo.attachmentId, newId());
      }
      const draft = ExaminationDraft.parse(withAttachmentIds(input.examination, renamed));
      const listing = caseListingOf(draft);
      const [names, idNumbers] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', listing.idNumbers)]);
      const searchKeys = [...new Set([...names, ...idNumbers])];
      const at = now();
      const createdAt = at.toISOString();
      const body: CaseBody = { schemaVersion: CASE_SCHEMA_VERSION, openedAt: createdAt, examination: draft };
      // Seal everything first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const revision = 1;
      // Sealed with its revision, recorded in the create event, as a case made here (issue #20).
      const sealed = await codec.seal({ table: BODY_TABLE, id, schemaVersion: CASE_SCHEMA_VERSION, revision }, body);
      const facts = (await statFactsRowOf(codec, id, revision, draft)) ?? { id, revision };
      const rows: AttachmentRow[] = [];
      const events: AuditEventInput[] = [
        { at: createdAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'case', recordId: id, detail: { sha256: input.file.sha256, bytes: input.file.bytes, formatVersion: input.file.formatVersion, count: input.photos.length, revision } },
      ];
      for (const photo of input.photos) {
        const attachmentId = renamed.get(photo.attachmentId) ?? photo.attachmentId;
        rows.push(...(await sealAttachmentRows(bytesCodec, { caseId: id, attachmentId, variants: { original: photo.original, display: photo.display, thumb: photo.thumb } }, createdAt)));
        events.push({ at: createdAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'photograph', recordId: attachmentId, detail: { sha256: photo.sha256, bytes: photo.original.bytes.length } });
      }
      const encounterType = listing.encounterType;
      if (encounterType === null) throw new StoredRecordError('The imported examination has no encounter type.');
      const facility = (draft as { encounter?: { facilityCode?: unknown } }).encounter?.facilityCode;
      const row = await audit.recordAllWith([db.cases, db.caseBodies, db.counters, db.statFacts, db.statFactsPages, db.attachments], events, async () => {
        if (await db.cases.get(id)) throw new CaseExistsError('A case with this id is already stored.');
        const year = at.getUTCFullYear();
        const counterName = `caseNumber:${String(year)}`;
        const counter = await db.counters.get(counterName);
        const sequence = (counter?.value ?? 0) + 1;
        await db.counters.put({ name: counterName, value: sequence });
        const next: CaseRow = {
          id,
          caseNumber: formatCaseNumber(year, sequence),
          encounterType,
          facilityCode: typeof facility === 'string' && /^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(facility) ? facility : null,
          status: 'draft',
          createdAt,
          updatedAt: createdAt,
          arrivalAt: listing.arrivalAt,
          examStartAt: listing.examStartAt,
          revision,
          searchKeys,
        };
        const awaitingExamSince = awaitingExamSinceOf(listing);
        if (awaitingExamSince !== undefined) next.awaitingExamSince = awaitingExamSince;
        await db.cases.add(withOverdueIndex(next, draft));
        await db.caseBodies.add({ id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed, revision });
        await touchMonths(db, [facts.date]);
        await db.statFacts.put(facts);
        if (rows.length > 0) await db.attachments.bulkAdd(rows);
        return next;
      });
      const summary = CaseSummary.safeParse(row);
      if (!summary.success) throw new StoredRecordError('The imported case could not be read back.');
      return summary.data;
    },

    async countInPeriod(period) {
      return db.cases.filter(inPeriod(period)).count();
    },

    async *idsInPeriod(period, pageSize = 200) {
      const matches = inPeriod(period);
      let after: string | null = null;
      for (;;) {
        const start: string | null = after;
        const page: CaseRow[] = await db.transaction('r', db.cases, () => (start === null ? db.cases.orderBy('id') : db.cases.where('id').above(start)).limit(pageSize).toArray());
        if (page.length === 0) return;
        const ids = page.filter(matches).map((row) => row.id);
        if (ids.length > 0) yield ids;
        after = page[page.length - 1]?.id ?? null;
        if (page.length < pageSize) return;
      }
    },
  };
}
