/**
 * Indexes for the overdue dashboard's copies of the report owed (issue #14 item 7): a signed report
 * whose examination records that the person consented to receive a copy, or wants one, and no copy
 * given. Whether a copy is owed is sealed in the body, so case rows carry sparse fields set with each
 * save (shared/domain/overdue.ts `overdueIndexOf`: `copyOwed`, and `copyUnchecked` for a row whose
 * body was not read). As migration 0009 did, and for the same reason (rewriting every row here would
 * hold the unlock screen for a minute over 100,000 cases), this only adds the indexes and leaves the
 * `vault` row saying that the rows stored earlier still need their fields; the overdue repository's
 * pass marks them `copyUnchecked`, and the dashboard opens the signed ones among them once.
 */
import { OVERDUE_INDEX_PENDING } from './0009-overdue-index';
import type { Migration } from './types';

export const migration0010: Migration = {
  version: 10,
  stores: {
    cases:
      'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys, awaitingExamSince, waitNoReasonMs, reexaminationDue, copyOwed, copyUnchecked',
  },
  upgrade: async (tx) => {
    await tx.table('vault').put({ key: OVERDUE_INDEX_PENDING, value: { since: 10 } });
  },
};
