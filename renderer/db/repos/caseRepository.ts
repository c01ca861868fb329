/**
 * Cases: the only code that reads or writes the `cases` and `caseBodies` tables. Bodies are sealed by
 * the codec and search keys computed before a Dexie transaction opens; rows read back are opened and
 * parsed with zod, so a damaged row is reported, never shown half-read.
 */
import { Dexie, type Collection, type InsertType } from 'dexie';
import {
  CASE_SCHEMA_VERSION,
  CaseStatus,
  CaseSummary,
  EncounterType,
  ExaminationDraft,
  NewCaseInput,
  StoredCaseBody,
  formatCaseNumber,
  type CaseBody,
} from '../../../shared/domain/case';
import { arrivalOrderOf, caseListingOf, isOverdue } from '../../../shared/domain/listing';
import { OVERDUE_INDEX_FIELDS, isReportSigned, overdueIndexOf } from '../../../shared/domain/overdue';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, CaseBodyRow, CaseRow } from '../database';
import type { SearchKeyer } from '../searchKeys';
import { VaultError } from '../../../shared/vault/errors';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';
import { statFactsRowOf, touchMonths } from './statFactsRepository';

export type CaseSortKey = 'createdAt' | 'caseNumber' | 'arrivalAt' | 'status' | 'facilityCode' | 'encounterType';

/** When and against which limit to count overdue cases (arrived, not examined, past the limit). */
export interface OverdueCheck {
  readonly now: Date;
  readonly thresholdHours: number;
}

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
  /** When given, the page also says how many of all the matching cases are overdue. */
  readonly overdue?: OverdueCheck;
}

export interface CaseListPage {
  readonly total: number;
  readonly items: readonly CaseSummary[];
  /** How many of the `total` matching cases are overdue; present when the query asked (`overdue`). */
  readonly overdue?: number;
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
  /**
   * Every stored examination draft (as typed: the caller validates), opened page by page so memory
   * stays flat: for the monitoring statistics. A body that does not open is counted, not thrown.
   */
  examinations(onUnreadable?: () => void): AsyncIterable<unknown>;
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
  /**
   * The keyer of searches, when it differs from the one rows are written with: during a key rotation
   * it gives the keys under both index keys, so that rows not re-keyed yet are still found.
   */
  readonly querySearchKeyer?: SearchKeyer;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Each change is recorded in the audit chain, in the same transaction as the change. */
  readonly audit: AuditRepository;
}

const BODY_TABLE = 'caseBodies';

/**
 * Where a body is sealed: its revision is in the additional data (shared/vault/seal.ts) for bodies
 * written since issue #20, absent for older ones (which still open).
 */
function bodyContext(id: string, schemaVersion: number, revision: number | undefined) {
  return revision === undefined ? { table: BODY_TABLE, id, schemaVersion } : { table: BODY_TABLE, id, schemaVersion, revision };
}

function toSummary(row: CaseRow): CaseSummary {
  const parsed = CaseSummary.safeParse(row);
  if (!parsed.success) throw new StoredRecordError('A stored case could not be read.');
  return parsed.data;
}

/** The date a case is filed under for date-range search: arrival, or opening before arrival is known. */
function listDate(row: CaseRow): string {
  return (row.arrivalAt ?? row.createdAt).slice(0, 10);
}

/**
 * The value `awaitingExamSince` takes for a case: the arrival instant in UTC while the person has
 * arrived and is not yet examined, otherwise none. Exported for the bench, which writes rows itself.
 */
export function awaitingExamSinceOf(timing: { readonly arrivalAt: string | null; readonly examStartAt: string | null }): string | undefined {
  if (timing.arrivalAt === null || timing.examStartAt !== null) return undefined;
  const ms = Date.parse(timing.arrivalAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Sets the overdue dashboard's sparse index fields of a row (shared/domain/overdue.ts
 * `overdueIndexOf`) from its metadata and its examination draft (undefined: not read), and the case
 * list's arrival order key (`arrivalOrder`, from the clear `arrivalAt`). Every write of a case row
 * goes through here. Exported for the bench, which writes rows itself, and for restores.
 */
export function withOverdueIndex(row: CaseRow, exam: unknown): CaseRow {
  const next = { ...row };
  for (const field of OVERDUE_INDEX_FIELDS) Reflect.deleteProperty(next, field);
  delete next.arrivalOrder;
  const arrivalOrder = arrivalOrderOf(row.arrivalAt);
  if (arrivalOrder !== undefined) next.arrivalOrder = arrivalOrder;
  return Object.assign(next, overdueIndexOf(row, exam));
}

/**
 * A row whose examination was not read now (a restore, the pass after migrations 0009 and 0010), with
 * its overdue index fields: a known "no delay reason" is kept; otherwise a timed examination is marked
 * to be checked (its body is opened once by the dashboard, when late). A known copy owed is kept;
 * otherwise a signed case's copy is marked to be checked (opened once by the dashboard): a row
 * without `copyOwed` may be from before the field. Re-examination due is recomputed.
 */
export function withOverdueIndexUnread(row: CaseRow): CaseRow {
  const knownWithoutReason = row.waitNoReasonMs !== undefined && row.delayReasonUnchecked !== 1;
  const knownCopyOwed = row.copyOwed === 1 && row.copyUnchecked !== 1;
  const next = withOverdueIndex(row, knownWithoutReason ? null : undefined);
  delete next.copyOwed;
  delete next.copyUnchecked;
  if (knownCopyOwed) next.copyOwed = 1;
  // A draft owes nothing yet: signing it sets the field from the body it locks (reportRepository).
  else if (isReportSigned(row.status)) next.copyUnchecked = 1;
  return next;
}

/** The latest arrival (UTC ISO) that is overdue now: `isOverdue` is strictly past the limit. */
function overdueCutoff({ now, thresholdHours }: OverdueCheck): string {
  return new Date(now.getTime() - thresholdHours * 3_600_000).toISOString();
}

/** Vocabulary order, not alphabetical: encounter types and statuses sort in the order of the work. */
const rank = (options: readonly string[]) => new Map<string, number>(options.map((option, i) => [option, i]));
const STATUS_RANK = rank(CaseStatus.options);
const ENCOUNTER_RANK = rank(EncounterType.options);

/** A sort value; `null` always sorts last, whichever the direction. */
function sortValue(row: CaseRow, key: CaseSortKey): string | number | null {
  switch (key) {
    case 'arrivalAt': {
      // Compared as instants: arrival times keep the offset they were typed with.
      const ms = row.arrivalAt === null ? NaN : Date.parse(row.arrivalAt);
      return Number.isNaN(ms) ? null : ms;
    }
    case 'status':
      return STATUS_RANK.get(row.status) ?? null;
    case 'encounterType':
      return ENCOUNTER_RANK.get(row.encounterType) ?? null;
    default:
      return row[key];
  }
}

function sortRows(rows: CaseRow[], key: CaseSortKey, descending: boolean): CaseRow[] {
  const direction = descending ? -1 : 1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, key) }));
  keyed.sort((a, b) => {
    if (a.value !== b.value) {
      if (a.value === null) return 1;
      if (b.value === null) return -1;
      return (a.value < b.value ? -1 : 1) * direction;
    }
    // Ties: by opening time, in the same direction.
    return (a.row.createdAt < b.row.createdAt ? -1 : a.row.createdAt > b.row.createdAt ? 1 : 0) * direction;
  });
  return keyed.map((k) => k.row);
}

export function createCaseRepository({ db, codec, searchKeyer, querySearchKeyer, now, newId, audit }: RepositoryDeps): CaseRepository {
  const queryKeyer = querySearchKeyer ?? searchKeyer;
  async function searchKeysOf(draft: unknown): Promise<string[]> {
    const listing = caseListingOf(draft);
    const [names, ids] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', listing.idNumbers)]);
    return [...new Set([...names, ...ids])];
  }

  /**
   * The rows a filtered query must look at, read through the narrowest index it offers (search keys,
   * then facility, status, dates); the caller still applies every filter. Reading all rows is the
   * last resort: the cases table holds metadata only, but ten thousand rows still take a while.
   */
  async function candidates(query: CaseListQuery, search: string, keys: readonly string[]): Promise<CaseRow[]> {
    if (search !== '') return db.cases.where('searchKeys').anyOf(keys).distinct().toArray();
    if (query.facilityCode !== undefined) return db.cases.where('facilityCode').equals(query.facilityCode).toArray();
    if (query.status) return db.cases.where('status').equals(query.status).toArray();
    if (query.from !== undefined || query.to !== undefined) {
      // The list date is the arrival's date as typed (or the opening date): a prefix of the stored
      // string, so a string range on each index finds exactly the candidates.
      const lower = query.from ?? '';
      const upper = `${query.to ?? '9999-12-31'}\uffff`;
      const [arrived, opened] = await Promise.all([
        db.cases.where('arrivalAt').between(lower, upper, true, true).toArray(),
        db.cases.where('createdAt').between(lower, upper, true, true).filter((row) => row.arrivalAt === null).toArray(),
      ]);
      return [...arrived, ...opened];
    }
    return db.cases.toArray();
  }


  type Rows = Collection<CaseRow, string, InsertType<CaseRow, 'id'>>;

  /** A run of rows in list order: how many there are, and a slice of them. */
  interface Segment {
    readonly count: number;
    slice(offset: number, limit: number): Promise<CaseRow[]>;
  }

  /** The page `offset`…`offset + limit` of segments laid end to end (each read only if the page reaches it). */
  async function across(segments: readonly Segment[], offset: number, limit: number): Promise<CaseRow[]> {
    const rows: CaseRow[] = [];
    let skip = offset;
    for (const segment of segments) {
      if (rows.length >= limit) break;
      if (skip >= segment.count) {
        skip -= segment.count;
        continue;
      }
      rows.push(...(await segment.slice(skip, limit - rows.length)));
      skip = 0;
    }
    return rows;
  }

  /** A collection read in the list's direction, sliced. */
  const sliceOf =
    (collection: Rows, descending: boolean) =>
    (offset: number, limit: number): Promise<CaseRow[]> =>
      (descending ? collection.clone().reverse() : collection.clone()).offset(offset).limit(limit).toArray();

  /**
   * Rows absent from an order's index (no arrival, no facility), last in either direction, by opening
   * time in the list's direction. Read only when a page reaches past the indexed rows.
   */
  const tailOf = (count: number, missing: (row: CaseRow) => boolean, descending: boolean): Segment => ({
    count,
    slice: (offset, limit) => sliceOf(db.cases.orderBy('createdAt').filter(missing), descending)(offset, limit),
  });

  /**
   * One segment per value of a vocabulary (status, encounter type), in its order (reversed when
   * descending), each through `[field+createdAt]`: the values sort in the order of the work and ties
   * by opening time, in the list's direction.
   */
  async function byVocabulary(index: '[status+createdAt]' | '[encounterType+createdAt]', values: readonly string[], descending: boolean): Promise<Segment[]> {
    const ordered = descending ? [...values].reverse() : values;
    const collections = ordered.map((value) => db.cases.where(index).between([value, Dexie.minKey], [value, Dexie.maxKey]));
    const counts = await Promise.all(collections.map((collection) => collection.clone().count()));
    return collections.map((collection, i) => ({ count: counts[i] ?? 0, slice: sliceOf(collection, descending) }));
  }

  /**
   * The page of a list without search or date range, with at most one of status and facility, from
   * index walks only (migration 0013); `null` when no index gives that combination (the caller reads
   * the candidates and sorts them). Each order matches `sortRows`: ties by opening time in the same
   * direction, rows without the sort value last.
   */
  async function orderedPage(query: CaseListQuery, sort: CaseSortKey, descending: boolean, offset: number, limit: number, cutoff: string | null): Promise<CaseListPage | null> {
    const { status, facilityCode } = query;
    const waiting = () => db.cases.where('awaitingExamSince').below(cutoff ?? '');
    let total: number;
    let segments: Segment[];
    let overdue: Promise<number> | undefined;
    if (facilityCode !== undefined) {
      // One facility: its rows in `[facilityCode+createdAt]`, by opening time (the facility order, within one facility, is the same).
      if (sort !== 'createdAt' && sort !== 'facilityCode') return null;
      const collection = db.cases.where('[facilityCode+createdAt]').between([facilityCode, Dexie.minKey], [facilityCode, Dexie.maxKey]);
      total = await collection.clone().count();
      segments = [{ count: total, slice: sliceOf(collection, descending) }];
      if (cutoff !== null) overdue = waiting().filter((row) => row.facilityCode === facilityCode).count();
    } else if (status !== undefined) {
      // One status: `[status+createdAt]` gives opening time (and the status order, one status).
      if (sort !== 'createdAt' && sort !== 'status') return null;
      const collection = db.cases.where('[status+createdAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]);
      total = await collection.clone().count();
      segments = [{ count: total, slice: sliceOf(collection, descending) }];
      if (cutoff !== null) overdue = waiting().filter((row) => row.status === status).count();
    } else {
      // Chromium counts a whole object store several times faster than an index over it.
      total = await db.cases.count();
      if (cutoff !== null) overdue = waiting().count();
      switch (sort) {
        case 'createdAt':
        case 'caseNumber':
          segments = [{ count: total, slice: sliceOf(db.cases.orderBy(sort), descending) }];
          break;
        case 'arrivalAt': {
          const collection = db.cases.orderBy('[arrivalOrder+createdAt]');
          const count = await collection.clone().count();
          segments = [{ count, slice: sliceOf(collection, descending) }, tailOf(total - count, (row) => row.arrivalOrder === undefined, descending)];
          break;
        }
        case 'facilityCode': {
          const collection = db.cases.orderBy('[facilityCode+createdAt]');
          const count = await collection.clone().count();
          segments = [{ count, slice: sliceOf(collection, descending) }, tailOf(total - count, (row) => row.facilityCode === null, descending)];
          break;
        }
        case 'status':
          segments = await byVocabulary('[status+createdAt]', CaseStatus.options, descending);
          break;
        case 'encounterType':
          segments = await byVocabulary('[encounterType+createdAt]', EncounterType.options, descending);
          break;
      }
    }
    const [rows, overdueCount] = await Promise.all([across(segments, offset, limit), overdue]);
    return { total, items: rows.map(toSummary), ...(overdueCount === undefined ? {} : { overdue: overdueCount }) };
  }

  /**
   * Refuses a body older than the last one the audit chain records for this case: an earlier
   * ciphertext of the row put back ("rolled back"), which would otherwise open (it is authentic).
   */
  async function checkNotRolledBack(id: string, revision: number | undefined): Promise<void> {
    const recorded = await audit.latestRevision('case', id);
    if (recorded !== null && (revision === undefined || revision < recorded)) throw new VaultError('rolled-back-record');
  }

  return {
    async create(rawInput) {
      const input = NewCaseInput.parse(rawInput);
      const id = newId();
      const at = now();
      const createdAt = at.toISOString();
      const body: CaseBody = { schemaVersion: CASE_SCHEMA_VERSION, openedAt: createdAt, examination: null };
      // Seal first: awaiting WebCrypto inside a Dexie transaction would commit it early.
      const sealed = await codec.seal(bodyContext(id, CASE_SCHEMA_VERSION, 1), body);
      const year = at.getUTCFullYear();
      // The audit event names the case by id only, with the body's revision; it commits with the case or not at all.
      const event = { at: createdAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'case', recordId: id, detail: { revision: 1 } } as const;
      const row = await audit.recordWith([db.cases, db.caseBodies, db.counters, db.statFacts], event, async () => {
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
        await db.cases.add(withOverdueIndex(newRow, null));
        await db.caseBodies.add({ id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed, revision: 1 });
        // No examination yet: a facts row with no date (counted in no period), so every case has one.
        await db.statFacts.put({ id, revision: newRow.revision });
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
      const cutoff = query.overdue ? overdueCutoff(query.overdue) : null;

      // No search, no date range, at most one of status and facility: the page comes from index walks
      // (orderedPage), never from reading and sorting every row.
      if (!filtered || (search === '' && query.from === undefined && query.to === undefined && query.status === undefined)) {
        const indexed = await db.transaction('r', db.cases, () => orderedPage(query, sort, descending, offset, limit, cutoff));
        if (indexed !== null) return indexed;
      }

      const keys = search === '' ? [] : [...(await queryKeyer.keys('name', [search])), ...(await queryKeyer.keys('id', [search]))];
      let rows = await db.transaction('r', db.cases, () => candidates(query, search, keys));
      rows = rows.filter(
        (row) =>
          (query.status === undefined || row.status === query.status) &&
          (query.facilityCode === undefined || row.facilityCode === query.facilityCode) &&
          (query.from === undefined || listDate(row) >= query.from) &&
          (query.to === undefined || listDate(row) <= query.to),
      );
      const check = query.overdue;
      const overdue = check ? rows.filter((row) => isOverdue(row, check.now, check.thresholdHours)).length : undefined;
      rows = sortRows(rows, sort, descending);
      return { total: rows.length, items: rows.slice(offset, offset + limit).map(toSummary), ...(overdue === undefined ? {} : { overdue }) };
    },

    async get(id) {
      const [row, bodyRow] = await db.transaction('r', db.cases, db.caseBodies, () => Promise.all([db.cases.get(id), db.caseBodies.get(id)]));
      if (!row) return null;
      if (!bodyRow) throw new StoredRecordError('A stored case could not be read.');
      const summary = toSummary(row);
      const [opened] = await Promise.all([codec.open(bodyContext(id, bodyRow.schemaVersion, bodyRow.revision), bodyRow.body), checkNotRolledBack(id, bodyRow.revision)]);
      const body = StoredCaseBody.safeParse(opened);
      if (!body.success) throw new StoredRecordError('A stored case could not be read.');
      return { summary, body: body.data };
    },

    async *examinations(onUnreadable) {
      const PAGE = 500;
      let after: string | null = null;
      for (;;) {
        const start: string | null = after;
        const rows: CaseBodyRow[] = await db.transaction('r', db.caseBodies, () =>
          (start === null ? db.caseBodies.orderBy('id') : db.caseBodies.where('id').above(start)).limit(PAGE).toArray(),
        );
        if (rows.length === 0) return;
        // A page's bodies decrypt concurrently (WebCrypto runs them off the main thread), then yield in id order.
        const opened = await Promise.all(
          rows.map(async (row) => {
            try {
              const parsed = StoredCaseBody.safeParse(await codec.open(bodyContext(row.id, row.schemaVersion, row.revision), row.body));
              return parsed.success ? { ok: true as const, examination: parsed.data.examination } : { ok: false as const };
            } catch {
              return { ok: false as const };
            }
          }),
        );
        for (const body of opened) {
          if (!body.ok) onUnreadable?.();
          else if (body.examination !== null) yield body.examination;
        }
        after = rows[rows.length - 1]?.id ?? null;
        if (rows.length < PAGE) return;
      }
    },

    async saveExamination(id, rawDraft, expectedRevision) {
      const draft = ExaminationDraft.parse(rawDraft);
      const listing = caseListingOf(draft);
      const searchKeys = await searchKeysOf(draft);
      const current = await db.caseBodies.get(id);
      if (!current) throw new CaseNotFoundError('This case no longer exists.');
      const [openedBody] = await Promise.all([codec.open(bodyContext(id, current.schemaVersion, current.revision), current.body), checkNotRolledBack(id, current.revision)]);
      const opened = StoredCaseBody.safeParse(openedBody);
      if (!opened.success) throw new StoredRecordError('A stored case could not be read.');
      const body: CaseBody = { ...opened.data, examination: draft };
      const revision = expectedRevision + 1;
      const sealed = await codec.seal(bodyContext(id, CASE_SCHEMA_VERSION, revision), body);
      // The statistics facts of the revision this save makes (the transaction refuses any other). The
      // draft passed the full schema, so the statistics' subset of it parses; were it ever not to, the
      // save still goes through and the case is simply counted in no period.
      const facts = (await statFactsRowOf(codec, id, expectedRevision + 1, draft)) ?? { id, revision: expectedRevision + 1 };
      const updatedAt = now().toISOString();
      // One 'update' event per save, by id only (no content); it commits with the save or not at all.
      const event = { at: updatedAt, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'case', recordId: id, detail: { revision } } as const;

      const row = await audit.recordWith([db.cases, db.caseBodies, db.statFacts, db.statFactsPages], event, async () => {
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
        const awaitingExamSince = awaitingExamSinceOf(listing);
        if (awaitingExamSince === undefined) delete next.awaitingExamSince;
        else next.awaitingExamSince = awaitingExamSince;
        await db.cases.put(withOverdueIndex(next, draft));
        await db.caseBodies.put({ id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed, revision });
        // The month the case leaves and the month it enters: their statistics pages are out of date.
        const previous = await db.statFacts.get(id);
        await touchMonths(db, [previous?.date, facts.date]);
        await db.statFacts.put(facts);
        return next;
      });
      return toSummary(row);
    },
  };
}
