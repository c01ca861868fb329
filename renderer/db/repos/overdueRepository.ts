/**
 * The overdue dashboard's data (issue #7 part 4). The clear case metadata is read here through its
 * indexes only (waiting arrivals, examinations late without a delay reason, re-examinations due:
 * sparse fields set with each save, shared/domain/overdue.ts `overdueIndexOf`), never the whole
 * table. A sealed body is opened only for a late examination stored before those fields existed
 * (`delayReasonUnchecked`), through the case repository, and what it says is written back so that
 * it is opened once. The selection itself is shared/domain/overdue.ts.
 */
import {
  overdueCountsOf,
  selectOverdueCases,
  selectOverdueReferrals,
  type OverdueCandidate,
  type OverdueClock,
  type OverdueCounts,
  type OverdueDashboard,
  type ReferralOfCase,
} from '../../../shared/domain/overdue';
import type { AttestDatabase } from '../database';
import { withOverdueIndex, type CaseRepository } from './caseRepository';
import type { ReferralRepository } from './referralRepository';

export interface OverdueReport {
  readonly dashboard: OverdueDashboard;
  readonly counts: OverdueCounts;
  /** Late examinations, or cases' referrals, that could not be opened: not listed, but said. */
  readonly unreadable: number;
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
}

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

export function createOverdueRepository({ db, cases, referrals = null }: OverdueRepositoryDeps): OverdueRepository {
  return {
    async read(clock) {
      const { thresholdHours } = clock;
      const [waiting, late, reexaminations] = await db.transaction('r', db.cases, () =>
        Promise.all([
          // Arrived, not examined, past the limit: the waiting index holds exactly those rows.
          db.cases.where('awaitingExamSince').below(cutoffOf(clock)).toArray(),
          // Examined strictly past the limit with no delay reason (or one not checked yet).
          db.cases.where('waitNoReasonMs').above(thresholdHours * 3_600_000).toArray(),
          db.cases.where('reexaminationDue').equals(1).toArray(),
        ]),
      );
      const candidates = new Map<string, OverdueCandidate>();
      for (const row of [...waiting, ...reexaminations]) candidates.set(row.id, { meta: row });

      let unreadable = 0;
      for (const row of late) {
        if (row.delayReasonUnchecked !== 1) {
          // Known to have no delay reason (null: an examination without one).
          candidates.set(row.id, { meta: row, exam: null });
          continue;
        }
        // Stored before the index fields: the delay reason is sealed, so this body is opened, once.
        try {
          const record = await cases.get(row.id);
          if (record === null) continue;
          const exam = record.body.examination;
          candidates.set(row.id, { meta: row, exam });
          await db.transaction('rw', db.cases, async () => {
            const now = await db.cases.get(row.id);
            // Saved in between: the save set the fields from the draft it wrote.
            if (now?.revision === row.revision) await db.cases.put(withOverdueIndex(now, exam));
          });
        } catch {
          unreadable += 1;
          candidates.set(row.id, { meta: row });
        }
      }

      const read = referrals === null ? null : await referrals();
      unreadable += read?.unreadable ?? 0;
      const dashboard: OverdueDashboard = {
        ...selectOverdueCases([...candidates.values()], clock),
        referrals: read === null ? null : selectOverdueReferrals(read.referrals, clock.now),
      };
      return { dashboard, counts: overdueCountsOf(dashboard), unreadable };
    },
  };
}
