/**
 * The monitoring-statistics facts of each case (`statFacts`, migration 0008): small sealed rows that
 * a period of statistics reads through the `date` index instead of opening every case body, and one
 * sealed page of them per month (`statFactsPages`), so that a year is a dozen decryptions, not
 * 100,000. A month's page is used only when it was built at the month's current version; every write
 * of a facts row bumps the version of the months it leaves and enters (`touchMonths`, in the same
 * transaction), and the next read rebuilds that page from the rows.
 *
 * Rows are written by the case repository in the same transaction as the case (`statFactsRowOf`), so
 * they always describe the stored revision. Cases stored before this table existed, or restored from
 * a backup (backups do not carry derived rows), get theirs from `complete()`, which the statistics
 * screen runs first: it compares counts (one row per case) and, only when they differ, computes the
 * missing rows from the bodies. A row is added only if none exists yet and the case is still at the
 * revision that was read, so a save in between always wins.
 */
import { z } from 'zod';
import { monthsOf } from '../../../shared/stats/compute';
import { StoredStatFacts, statSourceSchema, storedStatFactsOf } from '../../../shared/stats/facts';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, StatFactsPageRow, StatFactsRow } from '../database';

const TABLE = 'statFacts';
const PAGE_TABLE = 'statFactsPages';
/** A month's page as sealed: the version it was built at, its facts, and the rows that did not open. */
const MonthPage = z.object({ month: z.string(), version: z.number().int().nonnegative(), unreadable: z.number().int().nonnegative(), facts: z.array(StoredStatFacts) }).strict();
type MonthPage = z.infer<typeof MonthPage>;
/** Version of the sealed layout; part of the additional data. */
export const STAT_FACTS_SCHEMA_VERSION = 1;
const BODY_TABLE = 'caseBodies';
/** Cases whose facts are computed per chunk of `complete()` (bodies opened concurrently). */
const COMPLETE_PAGE = 1_000;
/** Facts rows opened concurrently per month page being built. */
const READ_PAGE = 2_000;
/** Month pages opened or built concurrently by `inPeriod`. */
const MONTHS_AT_ONCE = 4;

/**
 * The facts row of a case at `revision` (sealed by `codec`), from its examination draft as stored
 * (null: no examination yet), or null when a field statistics read is malformed. Sealing awaits
 * WebCrypto: call it before the transaction opens.
 */
export async function statFactsRowOf(codec: RecordCodec, id: string, revision: number, examination: unknown): Promise<StatFactsRow | null> {
  const source = statSourceSchema.safeParse(examination ?? {});
  if (!source.success) return null;
  const facts = storedStatFactsOf(source.data);
  if (facts === null) return { id, revision };
  const sealed = await codec.seal({ table: TABLE, id, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, facts);
  return { id, revision, date: facts.date, facts: sealed };
}

/**
 * Marks the pages of these months as out of date. Call it inside the transaction that writes facts
 * rows of those months (with `statFactsPages` in its scope), for the month a row leaves and the month
 * it enters.
 */
export async function touchMonths(db: AttestDatabase, dates: readonly (string | undefined)[]): Promise<void> {
  const months = [...new Set(dates.filter((date): date is string => date !== undefined).map((date) => date.slice(0, 7)))];
  if (months.length === 0) return;
  const rows = await db.statFactsPages.bulkGet(months);
  await db.statFactsPages.bulkPut(months.map((month, i) => ({ month, version: (rows[i]?.version ?? 0) + 1 })));
}

export interface StatFactsProgress {
  /** Cases whose facts were computed so far. */
  readonly done: number;
  /** Cases missing facts when the run started. */
  readonly total: number;
}

export interface CompleteResult {
  /** Rows added. */
  readonly added: number;
  /** Bodies that could not be opened or read (they get no row; the next run tries again). */
  readonly unreadable: number;
}

export interface PeriodFacts {
  /** The stored facts of every case counted under a date in the period. */
  readonly facts: readonly StoredStatFacts[];
  /** Rows in the period that did not open or parse (changed on disk, another vault). */
  readonly unreadable: number;
}

export interface StatFactsRepository {
  /** Adds the facts rows of cases that have none (cases stored before facts existed, restores). */
  complete(onProgress?: (progress: StatFactsProgress) => void): Promise<CompleteResult>;
  /** The facts of the cases counted under a date from `from` to `to` (`YYYY-MM-DD`, inclusive). */
  inPeriod(from: string, to: string): Promise<PeriodFacts>;
}

export interface StatFactsRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
}

export function createStatFactsRepository({ db, codec }: StatFactsRepositoryDeps): StatFactsRepository {
  async function missingIds(): Promise<string[]> {
    const [cases, facts] = await db.transaction('r', db.cases, db.statFacts, () => Promise.all([db.cases.count(), db.statFacts.count()]));
    if (cases === facts) return [];
    const [caseIds, factIds] = await db.transaction('r', db.cases, db.statFacts, () =>
      Promise.all([db.cases.toCollection().primaryKeys(), db.statFacts.toCollection().primaryKeys()]),
    );
    const have = new Set(factIds);
    return caseIds.filter((id) => !have.has(id));
  }

  return {
    async complete(onProgress) {
      const missing = await missingIds();
      let added = 0;
      let unreadable = 0;
      // One chunk after another: three at a time measured the same at 100,000 cases (the cost is
      // IndexedDB reads and writes, not WebCrypto).
      for (let start = 0; start < missing.length; start += COMPLETE_PAGE) {
        const ids = missing.slice(start, start + COMPLETE_PAGE);
        const result = await completeChunk(ids);
        added += result.added;
        unreadable += result.unreadable;
        onProgress?.({ done: start + ids.length, total: missing.length });
      }
      return { added, unreadable };
    },

    async inPeriod(from, to) {
      const months = monthsOf({ from, to });
      const pages = await db.statFactsPages.bulkGet(months);
      // Months are independent: a few at a time open (or are built) concurrently, so reading one
      // month's rows overlaps decrypting another's, and a ten-year period does not flood WebCrypto.
      const opened: MonthPage[] = new Array<MonthPage>(months.length);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < months.length; i = next++) {
          const month = months[i] ?? '';
          opened[i] = (await openPage(month, pages[i])) ?? (await buildPage(month));
        }
      };
      await Promise.all(Array.from({ length: Math.min(MONTHS_AT_ONCE, months.length) }, worker));
      const facts: StoredStatFacts[] = [];
      let unreadable = 0;
      for (const page of opened) {
        unreadable += page.unreadable;
        // The edge months of a period given to the day: only the days inside it.
        for (const fact of page.facts) if (fact.date >= from && fact.date <= to) facts.push(fact);
      }
      return { facts, unreadable };
    },
  };

  /** Computes, seals and adds the facts rows of these cases (see `complete`). */
  async function completeChunk(ids: string[]): Promise<CompleteResult> {
    const [rows, bodies] = await db.transaction('r', db.cases, db.caseBodies, () => Promise.all([db.cases.bulkGet(ids), db.caseBodies.bulkGet(ids)]));
    const prepared = await Promise.all(
      ids.map(async (id, i) => {
        const row = rows[i];
        const bodyRow = bodies[i];
        if (row === undefined || bodyRow === undefined) return null;
        try {
          const opened = await codec.open({ table: BODY_TABLE, id, schemaVersion: bodyRow.schemaVersion }, bodyRow.body);
          // Only the fields statistics read are parsed (statSourceSchema, in statFactsRowOf), as strictly
          // as the full schema parses them: the body was parsed in full when it was saved.
          if (typeof opened !== 'object' || opened === null || !('examination' in opened)) return null;
          return await statFactsRowOf(codec, id, row.revision, opened.examination);
        } catch {
          return null;
        }
      }),
    );
    const unreadable = prepared.filter((row, i) => row === null && rows[i] !== undefined).length;
    const ready = prepared.filter((row): row is StatFactsRow => row !== null);
    const added = await db.transaction('rw', db.cases, db.statFacts, db.statFactsPages, async () => {
      const [current, existing] = await Promise.all([db.cases.bulkGet(ready.map((r) => r.id)), db.statFacts.bulkGet(ready.map((r) => r.id))]);
      // A save in between wrote its own (newer) row, or moved the case on: leave it.
      const fresh = ready.filter((r, i) => existing[i] === undefined && current[i]?.revision === r.revision);
      await db.statFacts.bulkAdd(fresh);
      await touchMonths(db, fresh.map((r) => r.date));
      return fresh.length;
    });
    return { added, unreadable };
  }

  /** The month's page if one is stored at the current version and opens; otherwise null (build it). */
  async function openPage(month: string, row: StatFactsPageRow | undefined): Promise<MonthPage | null> {
    if (row?.page === undefined) return null;
    try {
      const parsed = MonthPage.safeParse(await codec.open({ table: PAGE_TABLE, id: month, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, row.page));
      // The version in clear must be the sealed one, and every fact of the month's.
      if (!parsed.success || parsed.data.month !== month || parsed.data.version !== row.version) return null;
      return parsed.data.facts.every((fact) => fact.date.startsWith(`${month}-`)) ? parsed.data : null;
    } catch {
      // Changed on disk or another vault's: rebuilt from the rows, which are checked one by one.
      return null;
    }
  }

  /** Reads the month's rows, opens each, and stores the page if the month did not change meanwhile. */
  async function buildPage(month: string): Promise<MonthPage> {
    const [pageRow, rows] = await db.transaction('r', db.statFacts, db.statFactsPages, () =>
      Promise.all([db.statFactsPages.get(month), db.statFacts.where('date').between(`${month}-01`, `${month}-31`, true, true).toArray()]),
    );
    const version = pageRow?.version ?? 0;
    const facts: StoredStatFacts[] = [];
    let unreadable = 0;
    for (let start = 0; start < rows.length; start += READ_PAGE) {
      // A slice opens concurrently (WebCrypto works off the main thread), then parses in order.
      const opened = await Promise.all(
        rows.slice(start, start + READ_PAGE).map(async (row) => {
          if (row.facts === undefined) return null;
          try {
            const parsed = StoredStatFacts.safeParse(await codec.open({ table: TABLE, id: row.id, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, row.facts));
            // The date in clear must be the sealed one: a row edited on disk is not counted elsewhere.
            return parsed.success && parsed.data.date === row.date ? parsed.data : null;
          } catch {
            return null;
          }
        }),
      );
      for (const fact of opened) {
        if (fact === null) unreadable += 1;
        else facts.push(fact);
      }
    }
    const page: MonthPage = { month, version, unreadable, facts };
    const sealed = await codec.seal({ table: PAGE_TABLE, id: month, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, page);
    await db.transaction('rw', db.statFactsPages, async () => {
      const now = await db.statFactsPages.get(month);
      // A save in between bumped the version: this page is already out of date, keep the marker.
      if ((now?.version ?? 0) === version) await db.statFactsPages.put({ month, version, page: sealed });
    });
    return page;
  }
}
