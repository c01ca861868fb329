/**
 * Cases: the only code that reads or writes the `cases` and `caseBodies` tables. Bodies are sealed by
 * the codec and search keys computed before a Dexie transaction opens; rows read back are opened and
 * parsed with zod, so a damaged row is reported, never shown half-read.
 */
import { Dexie } from 'dexie';
import {
  CASE_SCHEMA_VERSION,
  CaseSummary,
  ExaminationDraft,
  NewCaseInput,
  StoredCaseBody,
  formatCaseNumber,
  type CaseBody,
  type CaseStatus,
} from '../../../shared/domain/case';
import { caseListingOf } from '../../../shared/domain/listing';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, CaseRow } from '../database';
import type { SearchKeyer } from '../searchKeys';

export type CaseSortKey = 'createdAt' | 'caseNumber' | 'arrivalAt' | 'status' | 'facilityCode';

export interface CaseListQuery {
  /** An exact name, alias or identity/prisoner number. */
  readonly search?: string;
  readonly status?: CaseStatus;
  readonly facilityCode?: string;
  /** Cases whose arrival (or, before one is recorded, opening) falls on or after this date, `YYYY-MM-DD`. */
  readonly from?: string;
  /** … and on or before this date. */
  readonly to?: string;
  readonly sort?: CaseSortKey;
  readonly direction?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit?: number;
}

export interface CaseListPage {
  readonly total: number;
  readonly items: readonly CaseSummary[];
}

export interface CaseRecord {
  readonly summary: CaseSummary;
  readonly body: CaseBody;
}

export interface CaseRepository {
  /** Opens a new draft case and returns its summary. */
  create(input: NewCaseInput): Promise<CaseSummary>;
  list(query?: CaseListQuery): Promise<CaseListPage>;
  get(id: string): Promise<CaseRecord | null>;
  /**
   * Stores the examination draft if the case is still at `expectedRevision`; otherwise another window
   * saved in between and a `ConcurrentEditError` is thrown, so that neither overwrites the other.
   */
  saveExamination(id: string, draft: unknown, expectedRevision: number): Promise<CaseSummary>;
}

export class StoredRecordError extends Error {
  override readonly name = 'StoredRecordError';
}

export class ConcurrentEditError extends Error {
  override readonly name = 'ConcurrentEditError';
  constructor(readonly storedRevision: number) {
    super('This case was changed in another window.');
  }
}

export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
}

export interface RepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  readonly searchKeyer: SearchKeyer;
  readonly now: () => Date;
  readonly newId: () => string;
}

const BODY_TABLE = 'caseBodies';

function toSummary(row: CaseRow): CaseSummary {
  const parsed = CaseSummary.safeParse(row);
  if (!parsed.success) throw new StoredRecordError('A stored case could not be read.');
  return parsed.data;
}

/** The date a case is filed under for date-range search: arrival, or opening before arrival is known. */
function listDate(row: CaseRow): string {
  return (row.arrivalAt ?? row.createdAt).slice(0, 10);
}

function compareBy(key: CaseSortKey): (a: CaseRow, b: CaseRow) => number {
  return (a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    return x < y ? -1 : x > y ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
  };
}

export function createCaseRepository({ db, codec, searchKeyer, now, newId }: RepositoryDeps): CaseRepository {
  async function searchKeysOf(draft: unknown): Promise<string[]> {
    const listing = caseListingOf(draft);
    const [names, ids] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', listing.idNumbers)]);
    return [...new Set([...names, ...ids])];
  }

  return {
    async create(rawInput) {
      const input = NewCaseInput.parse(rawInput);
      const id = newId();
      const at = now();
      const createdAt = at.toISOString();
      const body: CaseBody = { schemaVersion: CASE_SCHEMA_VERSION, openedAt: createdAt, examination: null };
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const sealed = await codec.seal({ table: BODY_TABLE, id, schemaVersion: CASE_SCHEMA_VERSION }, body);
      const year = at.getUTCFullYear();
      const row = await db.transaction('rw', db.cases, db.caseBodies, db.counters, async () => {
        const counterName = `caseNumber:${year}`;
        const counter = await db.counters.get(counterName);
        const sequence = (counter?.value ?? 0) + 1;
        await db.counters.put({ name: counterName, value: sequence });
        const newRow: CaseRow = {
          id,
          caseNumber: formatCaseNumber(year, sequence),
          encounterType: input.encounterType,
          facilityCode: input.facilityCode,
          status: 'draft',
          createdAt,
          updatedAt: createdAt,
          arrivalAt: null,
          examStartAt: null,
          revision: 1,
          searchKeys: [],
        };
        await db.cases.add(newRow);
        await db.caseBodies.add({ id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed });
        return newRow;
      });
      return toSummary(row);
    },

    async list(query = {}) {
      const offset = Math.max(0, query.offset ?? 0);
      const limit = Math.min(500, Math.max(1, query.limit ?? 100));
      const sort = query.sort ?? 'createdAt';
      const descending = (query.direction ?? 'desc') === 'desc';
      const search = query.search?.trim() ?? '';
      const filtered = search !== '' || query.facilityCode !== undefined || query.from !== undefined || query.to !== undefined;

      // The common case, the first screen: one index walk, one page read.
      if (!filtered && sort === 'createdAt') {
        const collection = query.status
          ? db.cases.where('[status+createdAt]').between([query.status, Dexie.minKey], [query.status, Dexie.maxKey])
          : db.cases.orderBy('createdAt');
        const [total, rows] = await db.transaction('r', db.cases, () =>
          Promise.all([collection.clone().count(), (descending ? collection.clone().reverse() : collection.clone()).offset(offset).limit(limit).toArray()]),
        );
        return { total, items: rows.map(toSummary) };
      }

      const keys = search === '' ? [] : [...(await searchKeyer.keys('name', [search])), ...(await searchKeyer.keys('id', [search]))];
      let rows: CaseRow[];
      if (search !== '') rows = await db.cases.where('searchKeys').anyOf(keys).distinct().toArray();
      else if (query.status) rows = await db.cases.where('status').equals(query.status).toArray();
      else rows = await db.cases.toArray();
      rows = rows.filter(
        (row) =>
          (query.status === undefined || row.status === query.status) &&
          (query.facilityCode === undefined || row.facilityCode === query.facilityCode) &&
          (query.from === undefined || listDate(row) >= query.from) &&
          (query.to === undefined || listDate(row) <= query.to),
      );
      rows.sort(compareBy(sort));
      if (descending) rows.reverse();
      return { total: rows.length, items: rows.slice(offset, offset + limit).map(toSummary) };
    },

    async get(id) {
      const [row, bodyRow] = await db.transaction('r', db.cases, db.caseBodies, () => Promise.all([db.cases.get(id), db.caseBodies.get(id)]));
      if (!row) return null;
      if (!bodyRow) throw new StoredRecordError('A stored case could not be read.');
      const summary = toSummary(row);
      const opened = await codec.open({ table: BODY_TABLE, id, schemaVersion: bodyRow.schemaVersion }, bodyRow.body);
      const body = StoredCaseBody.safeParse(opened);
      if (!body.success) throw new StoredRecordError('A stored case could not be read.');
      return { summary, body: body.data };
    },

    async saveExamination(id, rawDraft, expectedRevision) {
      const draft = ExaminationDraft.parse(rawDraft);
      const listing = caseListingOf(draft);
      const searchKeys = await searchKeysOf(draft);
      const current = await db.caseBodies.get(id);
      if (!current) throw new CaseNotFoundError('This case no longer exists.');
      const opened = StoredCaseBody.safeParse(await codec.open({ table: BODY_TABLE, id, schemaVersion: current.schemaVersion }, current.body));
      if (!opened.success) throw new StoredRecordError('A stored case could not be read.');
      const body: CaseBody = { ...opened.data, examination: draft };
      const sealed = await codec.seal({ table: BODY_TABLE, id, schemaVersion: CASE_SCHEMA_VERSION }, body);
      const updatedAt = now().toISOString();

      const row = await db.transaction('rw', db.cases, db.caseBodies, async () => {
        const stored = await db.cases.get(id);
        if (!stored) throw new CaseNotFoundError('This case no longer exists.');
        if (stored.revision !== expectedRevision) throw new ConcurrentEditError(stored.revision);
        if (stored.status !== 'draft') throw new StoredRecordError('This case is finalised and can no longer be edited.');
        const next: CaseRow = {
          ...stored,
          encounterType: listing.encounterType ?? stored.encounterType,
          arrivalAt: listing.arrivalAt,
          examStartAt: listing.examStartAt,
          searchKeys,
          updatedAt,
          revision: stored.revision + 1,
        };
        await db.cases.put(next);
        await db.caseBodies.put({ id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed });
        return next;
      });
      return toSummary(row);
    },
  };
}
