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
 * a backup (backups do not carry derived rows), get theirs from `complete()`, run in the background
 * after unlock (renderer/db/repos/index.ts, progress in the sidebar) and awaited by the statistics
 * screen before it computes (it shows that progress, never figures from facts still missing): it
 * compares counts (one row per case) and, only when they differ, computes the missing rows from the
 * bodies, a chunk of neighbouring keys per range read and per write transaction. A row is added only
 * if none exists yet, so a save in between (which writes its own) always wins.
 */
import { z } from 'zod';
import { monthsOf } from '../../../shared/stats/compute';
import { StoredStatFacts, statSourceSchema, storedStatFactsOf } from '../../../shared/stats/facts';
import type { RecordCodec } from '../codec';
import type { AttestDatabase, CaseBodyRow, StatFactsPageRow, StatFactsRow } from '../database';

const TABLE = 'statFacts';
const PAGE_TABLE = 'statFactsPages';
/** A month's page as sealed: the version it was built at, its facts, and the rows that did not open. */
const MonthPage = z.object({ month: z.string(), version: z.number().int().nonnegative(), unreadable: z.number().int().nonnegative(), facts: z.array(StoredStatFacts) }).strict();
type MonthPage = z.infer<typeof MonthPage>;
/** Version of the sealed layout; part of the additional data. */
export const STAT_FACTS_SCHEMA_VERSION = 1;
const BODY_TABLE = 'caseBodies';
/**
 * Cases whose facts are computed per chunk of `complete()` (bodies opened concurrently, one write
 * transaction): small enough that a save waits little behind a chunk's write and progress moves often.
 */
const COMPLETE_PAGE = 500;
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

export interface CompleteOptions {
  /** Told after each chunk: cases done so far, of how many were missing facts when the run started. */
  readonly onProgress?: (progress: StatFactsProgress) => void;
  /** Asked between chunks: true stops the run (the vault locks); what is written stays. */
  readonly shouldStop?: () => boolean;
}

export interface StatFactsRepository {
  /**
   * Adds the facts rows of cases that have none (cases stored before facts existed, restores), a chunk
   * per transaction. One run at a time: a call while one runs (the background run after unlock, when
   * the statistics screen computes) waits for that run, and is told its progress.
   */
  complete(onProgress?: (progress: StatFactsProgress) => void, options?: Pick<CompleteOptions, 'shouldStop'>): Promise<CompleteResult>;
  /** The progress of the run under way, or null when none runs. */
  progress(): StatFactsProgress | null;
  /** The facts of the cases counted under a date from `from` to `to` (`YYYY-MM-DD`, inclusive). */
  inPeriod(from: string, to: string): Promise<PeriodFacts>;
}

/** A chunk's case revisions and bodies by case id, read together (absent: not found). */
interface ChunkRows {
  readonly revisions: ReadonlyMap<string, number>;
  readonly bodies: ReadonlyMap<string, CaseBodyRow>;
}

/**
 * A row of `statFactsPages` that is no month: set while a `complete()` run writes, with a number of
 * its own. A restore clears the table with the facts: the run, finding it gone, stops, and never adds
 * rows computed from the bodies it replaced.
 */
const RUN_MARKER = 'completing';

/** Whether these sorted case keys lie close together in key order (read as one range, not key by key). */
function isDense(ids: readonly string[], position: ReadonlyMap<string, number>): boolean {
  const first = ids[0];
  const last = ids.at(-1);
  if (first === undefined || last === undefined) return false;
  return (position.get(last) ?? 0) - (position.get(first) ?? 0) + 1 <= 2 * ids.length;
}

/** Two IVs, byte for byte. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The stop of a caller that wants the run to go on (the statistics screen). */
const NEVER_STOP = () => false;

export interface StatFactsRepositoryDeps {
  readonly db: AttestDatabase;
  readonly codec: RecordCodec;
  /** Cases per chunk of `complete()` (tests set it low, to cross chunk ends). */
  readonly completePage?: number;
}

export function createStatFactsRepository({ db, codec, completePage = COMPLETE_PAGE }: StatFactsRepositoryDeps): StatFactsRepository {
  /**
   * The cases without a facts row, in key order, and every case key (sorted, as IndexedDB returns
   * them): keys only, no row is read. Equal counts (one row per case) mean none is missing.
   */
  async function missingIds(): Promise<{ missing: string[]; caseIds: string[] }> {
    const [cases, facts] = await db.transaction('r', db.cases, db.statFacts, () => Promise.all([db.cases.count(), db.statFacts.count()]));
    if (cases === facts) return { missing: [], caseIds: [] };
    const [caseIds, factIds] = await db.transaction('r', db.cases, db.statFacts, () =>
      Promise.all([db.cases.toCollection().primaryKeys(), db.statFacts.toCollection().primaryKeys()]),
    );
    const have = new Set(factIds);
    const ids = caseIds.filter((id): id is string => typeof id === 'string');
    return { missing: ids.filter((id) => !have.has(id)), caseIds: ids };
  }

  /**
   * The facts rows this session's `complete()` sealed, by case id, with the IV each was sealed under
   * and the facts in clear: building a month's page uses them instead of opening those rows again
   * (the IV, fresh for every seal, says that the stored row is still the one sealed here). Each is
   * dropped once its month's page is built.
   */
  const built = new Map<string, { readonly iv: Uint8Array; readonly facts: StoredStatFacts }>();

  let running: Promise<CompleteResult> | null = null;
  let current: StatFactsProgress | null = null;
  const listeners = new Set<(progress: StatFactsProgress) => void>();
  const stops = new Set<() => boolean>();

  async function run(): Promise<CompleteResult> {
    const { missing, caseIds } = await missingIds();
    const position = new Map<string, number>();
    if (missing.length > 0) caseIds.forEach((id, i) => position.set(id, i));
    const chunks: string[][] = [];
    for (let start = 0; start < missing.length; start += completePage) chunks.push(missing.slice(start, start + completePage));
    const tell = (progress: StatFactsProgress) => {
      current = progress;
      for (const listener of listeners) listener(progress);
    };
    tell({ done: 0, total: missing.length });
    const token = Math.floor(Math.random() * 2 ** 31);
    if (missing.length > 0) await db.statFactsPages.put({ month: RUN_MARKER, version: token });
    let added = 0;
    let unreadable = 0;
    let done = 0;
    // The next chunk's rows are read while this one's bodies are opened and its facts sealed.
    let reading = chunks.length > 0 ? readChunk(chunks[0] ?? [], position) : null;
    for (let i = 0; i < chunks.length; i += 1) {
      const read = await (reading as Promise<ChunkRows>);
      // Stopped (the vault locks) only when every caller asks for it: the screen's run goes on.
      if (stops.size > 0 && [...stops].every((stop) => stop())) break;
      reading = i + 1 < chunks.length ? readChunk(chunks[i + 1] ?? [], position) : null;
      const result = await completeChunk(chunks[i] ?? [], read, position, token);
      // Restored (or another window's run took over) meanwhile: stopped, and said, so that no figure is
      // computed from facts still missing.
      if (result === null) throw new Error('The statistics facts changed under this run.');
      added += result.added;
      unreadable += result.unreadable;
      done += chunks[i]?.length ?? 0;
      tell({ done, total: missing.length });
    }
    await reading?.catch(() => undefined);
    if (missing.length > 0) {
      await db.transaction('rw', db.statFactsPages, async () => {
        if ((await db.statFactsPages.get(RUN_MARKER))?.version === token) await db.statFactsPages.delete(RUN_MARKER);
      });
    }
    return { added, unreadable };
  }

  return {
    complete(onProgress, options) {
      if (onProgress) listeners.add(onProgress);
      const stop = options?.shouldStop;
      if (stop) stops.add(stop);
      if (running === null) {
        running = run().finally(() => {
          running = null;
          current = null;
        });
      } else if (current !== null) onProgress?.(current);
      // A caller without `shouldStop` keeps the run going to the end.
      if (!stop) stops.add(NEVER_STOP);
      return running.finally(() => {
        if (onProgress) listeners.delete(onProgress);
        if (stop) stops.delete(stop);
        else stops.delete(NEVER_STOP);
      });
    },

    progress: () => current,

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

  /**
   * Reads the revisions and bodies of these cases (sorted keys), in one read transaction, so that each
   * body is the one of its revision. When they lie close together in key order (every case of a
   * database upgraded or restored), one range read (`getAll`) per table instead of a request per key:
   * a `get` per key took most of the time at 100,000 cases.
   */
  async function readChunk(ids: readonly string[], position: ReadonlyMap<string, number>): Promise<ChunkRows> {
    const first = ids[0];
    const last = ids.at(-1);
    if (first === undefined || last === undefined) return { revisions: new Map(), bodies: new Map() };
    return db.transaction('r', db.cases, db.caseBodies, async () => {
      if (isDense(ids, position)) {
        const wanted = new Set(ids);
        const [rows, bodies] = await Promise.all([db.cases.where(':id').between(first, last, true, true).toArray(), db.caseBodies.where(':id').between(first, last, true, true).toArray()]);
        return {
          revisions: new Map(rows.filter((row) => wanted.has(row.id)).map((row) => [row.id, row.revision])),
          bodies: new Map(bodies.filter((body) => wanted.has(body.id)).map((body) => [body.id, body])),
        };
      }
      const [rows, bodies] = await Promise.all([db.cases.bulkGet([...ids]), db.caseBodies.bulkGet([...ids])]);
      return {
        revisions: new Map(rows.flatMap((row) => (row === undefined ? [] : [[row.id, row.revision] as const]))),
        bodies: new Map(bodies.flatMap((body) => (body === undefined ? [] : [[body.id, body] as const]))),
      };
    });
  }

  /**
   * Computes, seals and adds the facts rows of these cases (see `complete`), unless the run's marker is
   * gone (a restore cleared the facts: returns null, the run stops). The write transaction holds only
   * the facts tables, so that the next chunk's read of `cases` goes on meanwhile: every save writes the
   * case, its body and its facts row in one transaction, so a case still without a facts row at the
   * write has not been saved since its body was read, and a row written by a save is never replaced.
   */
  async function completeChunk(ids: readonly string[], { revisions, bodies }: ChunkRows, position: ReadonlyMap<string, number>, token: number): Promise<CompleteResult | null> {
    const opened = await Promise.all(
      ids.map(async (id) => {
        const bodyRow = bodies.get(id);
        if (bodyRow === undefined || !revisions.has(id)) return { id, source: null };
        try {
          // A body's revision, when it has one, is in its additional data (caseRepository `bodyContext`).
          const where = { table: BODY_TABLE, id, schemaVersion: bodyRow.schemaVersion };
          const body = await codec.open(bodyRow.revision === undefined ? where : { ...where, revision: bodyRow.revision }, bodyRow.body);
          // Only the fields statistics read are parsed (statSourceSchema), as strictly as the full
          // schema parses them: the body was parsed in full when it was saved.
          if (typeof body !== 'object' || body === null || !('examination' in body)) return { id, source: undefined };
          const source = statSourceSchema.safeParse(body.examination ?? {});
          return { id, source: source.success ? source.data : undefined };
        } catch {
          return { id, source: undefined };
        }
      }),
    );
    // undefined: the body did not open or parse (counted, no row: the next run tries again).
    const unreadable = opened.filter(({ source }) => source === undefined).length;
    const readable = opened.flatMap(({ id, source }) => (source === undefined || source === null ? [] : [{ id, facts: storedStatFactsOf(source) }]));
    const sealed = await Promise.all(
      readable.map(async ({ id, facts }) => ({
        id,
        facts,
        sealed: facts === null ? null : await codec.seal({ table: TABLE, id, schemaVersion: STAT_FACTS_SCHEMA_VERSION }, facts),
      })),
    );
    if (sealed.length === 0) return { added: 0, unreadable };
    const added = await db.transaction('rw', db.statFacts, db.statFactsPages, async () => {
      if ((await db.statFactsPages.get(RUN_MARKER))?.version !== token) return null;
      const readyIds = sealed.map((r) => r.id);
      const first = readyIds[0] ?? '';
      const last = readyIds.at(-1) ?? '';
      // A save since the read wrote its own row: it stays.
      const existing = isDense(readyIds, position)
        ? new Set<unknown>(await db.statFacts.where(':id').between(first, last, true, true).primaryKeys())
        : new Set<unknown>((await db.statFacts.bulkGet(readyIds)).flatMap((row) => (row === undefined ? [] : [row.id])));
      const fresh = sealed.flatMap(({ id, facts, sealed: body }) => {
        const revision = revisions.get(id);
        if (revision === undefined || existing.has(id)) return [];
        const row: StatFactsRow = facts === null || body === null ? { id, revision } : { id, revision, date: facts.date, facts: body };
        return [{ row, facts }];
      });
      await db.statFacts.bulkAdd(fresh.map(({ row }) => row));
      await touchMonths(db, fresh.map(({ row }) => row.date));
      return fresh;
    });
    if (added === null) return null;
    // Kept for building the month pages next (see `built`): these rows need not be opened again.
    for (const { row, facts } of added) if (facts !== null && row.facts?.iv !== undefined) built.set(row.id, { iv: new Uint8Array(row.facts.iv), facts });
    return { added: added.length, unreadable };
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
          const known = built.get(row.id);
          if (known !== undefined) {
            built.delete(row.id);
            if (row.facts.iv !== undefined && sameBytes(new Uint8Array(row.facts.iv), known.iv) && known.facts.date === row.date) return known.facts;
          }
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
