/**
 * The overdue dashboard's data (issue #7 part 4). The clear case metadata is read here, read-only,
 * through its indexes; a sealed body is opened only for a case whose arrival → examination start is
 * past the limit (the one question that needs the delay reason), and only through the case
 * repository, which opens and parses it. The selection itself is shared/domain/overdue.ts.
 */
import {
  isLateExamination,
  isReexaminationDue,
  overdueCountsOf,
  selectOverdueCases,
  selectOverdueReferrals,
  type OverdueCandidate,
  type OverdueClock,
  type OverdueCounts,
  type OverdueDashboard,
  type ReferralOfCase,
} from '../../../shared/domain/overdue';
import type { AttestDatabase, CaseRow } from '../database';
import type { CaseRepository } from './caseRepository';
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
      const [waiting, others] = await db.transaction('r', db.cases, () =>
        Promise.all([
          // Arrived, not examined, past the limit: the waiting index holds exactly those rows.
          db.cases.where('awaitingExamSince').below(cutoffOf(clock)).toArray(),
          // No index answers "examined late" or "re-examination encounter": one pass over the metadata.
          db.cases.filter((row) => isLateExamination(row, thresholdHours) || isReexaminationDue(row)).toArray(),
        ]),
      );
      const rows = new Map<string, CaseRow>();
      for (const row of [...waiting, ...others]) rows.set(row.id, row);

      let unreadable = 0;
      const candidates: OverdueCandidate[] = [];
      for (const row of rows.values()) {
        if (!isLateExamination(row, thresholdHours)) {
          candidates.push({ meta: row });
          continue;
        }
        // Only these bodies are opened: the delay reason is sealed.
        try {
          const record = await cases.get(row.id);
          if (record === null) continue;
          candidates.push({ meta: row, exam: record.body.examination });
        } catch {
          unreadable += 1;
          candidates.push({ meta: row });
        }
      }

      const read = referrals === null ? null : await referrals();
      unreadable += read?.unreadable ?? 0;
      const dashboard: OverdueDashboard = {
        ...selectOverdueCases(candidates, clock),
        referrals: read === null ? null : selectOverdueReferrals(read.referrals, clock.now),
      };
      return { dashboard, counts: overdueCountsOf(dashboard), unreadable };
    },
  };
}
