/**
 * The overdue dashboard's data (issue #7 part 4, #14 item 7). The clear case metadata is read here
 * through its indexes only (waiting arrivals, examinations late without a delay reason,
 * re-examinations due, copies of the report owed: sparse fields set with each save,
 * shared/domain/overdue.ts `overdueIndexOf`), never the whole table. A sealed body is opened only
 * for a row stored before those fields existed: a late examination (`delayReasonUnchecked`) or a
 * signed case (`copyUnchecked`), through the case repository, and what it says is written back so
 * that it is opened once. The selection itself is shared/domain/overdue.ts.
 */
import {
  isReportSigned,
  overdueCountsOf,
  owesCopy,
  selectCopiesOwed,
  selectOverdueCases,
  selectOverdueReferrals,
  type OverdueCandidate,
  type OverdueClock,
  type OverdueCounts,
  type OverdueDashboard,
  type CopyCandidate,
  type ReferralOfCase,
  OVERDUE_INDEX_FIELDS,
} from '../../../shared/domain/overdue';
import { withCopyHandedOver } from '../../../shared/domain/copyHandover';
import type { AttestDatabase, CaseRow } from '../database';
import { OVERDUE_INDEX_PENDING } from '../migrations/0009-overdue-index';
import { withOverdueIndex, withOverdueIndexUnread, type CaseRepository } from './caseRepository';
import type { ReferralRepository } from './referralRepository';

export interface OverdueReport {
  /**
   * The sections. Late examinations may be only the longest waits (`OVERDUE_ROWS_LISTED` and their
   * ties): `counts.lateWithoutReason` says how many there are.
   */
  readonly dashboard: OverdueDashboard;
  readonly counts: OverdueCounts;
  /** Late examinations, signed cases, or cases' referrals, that could not be opened: not listed, but said. */
  readonly unreadable: number;
  /**
   * Signed cases stored before the copy index whose record is still to be opened (each read opens at
   * most `COPY_CHECKS_PER_READ` of them, so that the first read after an upgrade does not open them all):
   * copies they owe are not listed yet, and the dashboard says so.
   */
  readonly copiesUnchecked: number;
}

export interface OverdueRepository {
  /** Every section of the dashboard at `clock.now`, against `clock.thresholdHours`. */
  read(clock: OverdueClock): Promise<OverdueReport>;
}

/** Every referral with its case; absent while referrals are not stored. */
export type ReferralSource = () => Promise<{ readonly referrals: readonly ReferralOfCase[]; readonly unreadable: number }>;

export interface OverdueRepositoryDeps {
  readonly db: AttestDatabase;
  readonly cases: CaseRepository;
  readonly referrals?: ReferralSource | null;
  /** Signed cases stored before the copy index whose bodies one read opens, at most (tests set it low). */
  readonly copyChecksPerRead?: number;
  /** Late examinations listed, at most (the longest waits; the count is whole). Tests set it low. */
  readonly rowsListed?: number;
}

/**
 * Rows the dashboard lists per case section, longest wait first: past a few hundred a table is no
 * longer read, and tens of thousands of rows would make the page slow. The counts are always whole.
 */
export const OVERDUE_ROWS_LISTED = 200;

/**
 * Every referral with its case, through the referral repository: the cases that have any are found
 * from the clear `caseId` index; each case's referrals are opened by the repository. A case whose
 * referrals do not open is counted in `unreadable`, not thrown.
 */
export function referralSourceOf(db: AttestDatabase, repository: ReferralRepository): ReferralSource {
  return async () => {
    const caseIds = (await db.referrals.orderBy('caseId').uniqueKeys()).filter((key): key is string => typeof key === 'string');
    const out: ReferralOfCase[] = [];
    let unreadable = 0;
    for (const caseId of caseIds) {
      try {
        const [row, stored] = await Promise.all([db.cases.get(caseId), repository.list(caseId)]);
        if (row === undefined) continue;
        for (const { referral } of stored) out.push({ caseId, caseNumber: row.caseNumber, referral });
      } catch {
        unreadable += 1;
      }
    }
    return { referrals: out, unreadable };
  };
}

/** The latest arrival (UTC ISO) that is overdue at `now`: overdue is strictly past the limit. */
function cutoffOf({ now, thresholdHours }: OverdueClock): string {
  return new Date(now.getTime() - thresholdHours * 3_600_000).toISOString();
}

/** Late examinations whose delay reason is checked (bodies opened) per batch. */
const CHECK_BATCH = 250;
/** Case rows per transaction of the indexing pass. */
const INDEX_PAGE = 2_000;
/** Signed cases stored before the copy index whose bodies one read opens, at most. */
export const COPY_CHECKS_PER_READ = 1_000;

/**
 * Gives every case row the overdue index fields, once, in a database that had cases before migration
 * 0009 (which leaves the `OVERDUE_INDEX_PENDING` row; rows stored before it have no fields), by
 * `withOverdueIndexUnread`: a row saved since whose reason was given is marked to be checked too
 * (harmless: one more body opened once). Short
 * transactions, so saves go on meanwhile; a complete pass removes the row and is not run again.
 */
async function indexCaseRows(db: AttestDatabase): Promise<void> {
  if ((await db.vault.get(OVERDUE_INDEX_PENDING)) === undefined) return;
  let after: string | null = null;
  for (;;) {
    const page: { count: number; last: string | null } = await db.transaction('rw', db.cases, async () => {
      const rows = await (after === null ? db.cases.orderBy(':id') : db.cases.where(':id').above(after)).limit(INDEX_PAGE).toArray();
      const changed = rows
        .map((row) => ({ row, next: withOverdueIndexUnread(row) }))
        .filter(({ row, next }) => OVERDUE_INDEX_FIELDS.some((field) => row[field] !== next[field]))
        .map(({ next }) => next);
      if (changed.length > 0) await db.cases.bulkPut(changed);
      return { count: rows.length, last: rows.at(-1)?.id ?? null };
    });
    after = page.last;
    if (page.count < INDEX_PAGE) break;
  }
  await db.vault.delete(OVERDUE_INDEX_PENDING);
}

export function createOverdueRepository({ db, cases, referrals = null, copyChecksPerRead = COPY_CHECKS_PER_READ, rowsListed = OVERDUE_ROWS_LISTED }: OverdueRepositoryDeps): OverdueRepository {
  let indexed: Promise<void> | null = null;
  /** The indexing pass, run once per repository (concurrent reads wait for the same pass). */
  const ensureIndexed = (): Promise<void> => {
    indexed ??= indexCaseRows(db).catch((error: unknown) => {
      indexed = null;
      throw error;
    });
    return indexed;
  };

  /** One read at a time: a second read (the case list's summary beside the dashboard) then finds the
   * delay reasons the first one checked written back, instead of opening the same bodies again. */
  let queue: Promise<unknown> = Promise.resolve();
  const read = (clock: OverdueClock): Promise<OverdueReport> => {
    const run = queue.then(() => readNow(clock));
    queue = run.catch(() => undefined);
    return run;
  };


  /**
   * Examinations started strictly past the limit with no delay reason (or one not checked yet), and
   * how many. When no row is left to check (`delayReasonUnchecked`, sparse and indexed), the count
   * comes from the index and only the longest waits listed are read (waitNoReasonMs descending, and
   * every row tied with the last of them, so that the order by wait then case number is exact): tens
   * of thousands of late examinations are counted, not read. Otherwise every late row is read, and
   * those to check are opened below (once: what they say is written back).
   */
  async function lateRows(limitMs: number): Promise<{ rows: CaseRow[]; total: number | null }> {
    const late = () => db.cases.where('waitNoReasonMs').above(limitMs);
    // Whether any is left to check: one index key, not a count of them all.
    const [unchecked, total, longest] = await Promise.all([
      db.cases.where('delayReasonUnchecked').equals(1).limit(1).primaryKeys(),
      late().count(),
      late().reverse().limit(rowsListed).toArray(),
    ]);
    if (unchecked.length > 0) return { rows: await late().toArray(), total: null };
    const last = longest.at(-1)?.waitNoReasonMs;
    if (total <= rowsListed || last === undefined) return { rows: longest, total };
    // The rows tied with the last one listed (the order by wait then case number must be exact): an
    // equality read of that one wait, usually the row itself.
    const listed = new Set(longest.map((row) => row.id));
    const ties = await db.cases.where('waitNoReasonMs').equals(last).toArray();
    return { rows: [...longest, ...ties.filter((row) => !listed.has(row.id))], total };
  }

  async function readNow(clock: OverdueClock): Promise<OverdueReport> {
    await ensureIndexed();
    const { thresholdHours } = clock;
    const [waiting, { rows: late, total: lateTotal }, reexaminations, owing, copyUnchecked] = await db.transaction('r', db.cases, () =>
      Promise.all([
        // Arrived, not examined, past the limit: the waiting index holds exactly those rows.
        db.cases.where('awaitingExamSince').below(cutoffOf(clock)).toArray(),
        // Examined strictly past the limit with no delay reason (or one not checked yet).
        lateRows(thresholdHours * 3_600_000),
        db.cases.where('reexaminationDue').equals(1).toArray(),
        // A copy owed by the record: listed once the report is signed (drafts wait for theirs).
        db.cases.where('copyOwed').equals(1).filter((row) => isReportSigned(row.status)).toArray(),
        // Signed, stored before the copy index: the copy is sealed in the body.
        db.cases.where('copyUnchecked').equals(1).filter((row) => isReportSigned(row.status)).toArray(),
      ]),
    );
    const candidates = new Map<string, OverdueCandidate>();
    for (const row of [...waiting, ...reexaminations]) candidates.set(row.id, { meta: row });
    // A copy handed over after signing (copyHandovers, by case: its sealed body is not opened) settles
    // what the locked examination owes; recording one clears `copyOwed`, but a restored row is marked
    // `copyUnchecked` again and its examination still says a copy is owed.
    const handedOver = new Set(
      owing.length + copyUnchecked.length === 0 ? [] : (await db.copyHandovers.where('caseId').anyOf([...owing, ...copyUnchecked].map((row) => row.id)).toArray()).map((row) => row.caseId),
    );
    const copies = new Map<string, { readonly row: CaseRow; readonly owes: boolean }>();
    for (const row of owing) copies.set(row.id, { row, owes: !handedOver.has(row.id) });

    let unreadable = 0;
    const lateUnchecked = new Set<string>();
    const toOpen = new Map<string, CaseRow>();
    for (const row of late) {
      // Known to have no delay reason (null: an examination without one).
      if (row.delayReasonUnchecked === 1) {
        lateUnchecked.add(row.id);
        toOpen.set(row.id, row);
      } else candidates.set(row.id, { meta: row, exam: null });
    }
    const copiesToCheck = copyUnchecked.slice(0, copyChecksPerRead);
    for (const row of copiesToCheck) toOpen.set(row.id, row);
    const copiesUnchecked = copyUnchecked.length - copiesToCheck.length;

    // Stored before the index fields: the delay reason and the copy are sealed, so these bodies are
    // opened, once, a batch at a time (concurrently), and what they say is written back in one
    // transaction per batch. A row late and signed is opened once for both.
    const rows = [...toOpen.values()];
    for (let start = 0; start < rows.length; start += CHECK_BATCH) {
      const batch = rows.slice(start, start + CHECK_BATCH);
      const opened = await Promise.all(
        batch.map(async (row) => {
          try {
            const record = await cases.get(row.id);
            return record === null ? null : { row, exam: record.body.examination as unknown };
          } catch {
            unreadable += 1;
            if (lateUnchecked.has(row.id)) candidates.set(row.id, { meta: row });
            return null;
          }
        }),
      );
      const read = opened.filter((entry): entry is { row: CaseRow; exam: unknown } => entry !== null);
      for (const { row, exam } of read) {
        if (lateUnchecked.has(row.id)) candidates.set(row.id, { meta: row, exam });
        if (row.copyUnchecked === 1 && isReportSigned(row.status)) copies.set(row.id, { row, owes: owesCopy(exam) && !handedOver.has(row.id) });
      }
      await db.transaction('rw', db.cases, db.copyHandovers, async () => {
        const now = await db.cases.bulkGet(read.map(({ row }) => row.id));
        // Read again here: a copy recorded as given since the read above is not undone.
        const given = new Set((await db.copyHandovers.where('caseId').anyOf(read.map(({ row }) => row.id)).toArray()).map((row) => row.caseId));
        // Saved in between: the save set the fields from the draft it wrote.
        const healed = read.flatMap(({ row, exam }, i) => {
          const current = now[i];
          if (current?.revision !== row.revision) return [];
          const next = withOverdueIndex(current, exam);
          return [given.has(row.id) ? withCopyHandedOver(next) : next];
        });
        await db.cases.bulkPut(healed);
      });
    }

    // When each case's report was first signed (clear in the reports table): the date shown.
    const copyRows = [...copies.values()].filter(({ owes }) => owes);
    const firstVersions = copyRows.length === 0 ? [] : await db.reports.where('[caseId+version]').anyOf(copyRows.map(({ row }) => [row.id, 1])).toArray();
    const signedAt = new Map(firstVersions.map((report) => [report.caseId, report.signedAt]));
    const copyCandidates: CopyCandidate[] = copyRows.map(({ row, owes }) => ({ meta: row, owes, signedAt: signedAt.get(row.id) ?? null }));

    const read = referrals === null ? null : await referrals();
    unreadable += read?.unreadable ?? 0;
    const dashboard: OverdueDashboard = {
      ...selectOverdueCases([...candidates.values()], clock),
      copiesOwed: selectCopiesOwed(copyCandidates),
      referrals: read === null ? null : selectOverdueReferrals(read.referrals, clock.now),
    };
    const counts = overdueCountsOf(dashboard);
    return { dashboard, counts: lateTotal === null ? counts : { ...counts, lateWithoutReason: lateTotal }, unreadable, copiesUnchecked };
  }

  return { read };
}
