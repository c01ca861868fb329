/**
 * Indexes for the overdue dashboard (issue #7): "examined late without a delay reason" and
 * "re-examination due" were found by reading every case row and opening the body of every late
 * examination (16–27 s over 100,000 cases, also each time the case list showed its summary). Case
 * rows now carry sparse fields for both (shared/domain/overdue.ts `overdueIndexOf`), set with each
 * save. This migration only adds the indexes and leaves a `vault` row saying the rows stored
 * earlier still need their fields: rewriting every row here took 60–90 s over 100,000 cases, before
 * the unlock screen could even show. The overdue repository does that pass before its first read
 * (`indexCaseRows`), in short transactions, after unlock, and removes the row. A database created
 * at this version or later never has the row (Dexie runs upgrades only on existing databases).
 */
import type { Migration } from './types';

/** Key of the `vault` row left by this migration: the case rows still need the overdue index fields. */
export const OVERDUE_INDEX_PENDING = 'overdueIndexPending';

export const migration0009: Migration = {
  version: 9,
  stores: {
    cases: 'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys, awaitingExamSince, waitNoReasonMs, reexaminationDue',
  },
  upgrade: async (tx) => {
    await tx.table('vault').put({ key: OVERDUE_INDEX_PENDING, value: { since: 9 } });
  },
};
