import { overdueIndexOf } from '../../../shared/domain/overdue';
import type { CaseRow } from '../database';
import type { Migration } from './types';

/**
 * Indexes for the overdue dashboard (issue #7): "examined late without a delay reason" and
 * "re-examination due" were found by reading every case row and opening the body of every late
 * examination (16–27 s over 100,000 cases, also each time the case list showed its summary). The
 * case rows now carry sparse fields for both (shared/domain/overdue.ts `overdueIndexOf`). The delay
 * reason is sealed, so rows stored before this version are marked `delayReasonUnchecked`: the
 * dashboard opens such a body once, when it is late, and records what it found.
 */
export const migration0009: Migration = {
  version: 9,
  stores: {
    cases: 'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys, awaitingExamSince, waitNoReasonMs, reexaminationDue',
  },
  upgrade: async (tx) => {
    await tx
      .table<CaseRow, string>('cases')
      .toCollection()
      .modify((row) => {
        Object.assign(row, overdueIndexOf(row));
      });
  },
};
