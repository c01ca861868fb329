import type { Migration } from './types';

/**
 * The first schema. `cases` holds listing metadata in clear (id, case number, encounter type, facility
 * code, status, dates, revision) and the sealed body; only metadata is indexed. `counters` holds the
 * per-year case-number sequences.
 */
export const migration0001: Migration = {
  version: 1,
  stores: {
    cases: 'id, &caseNumber, createdAt, updatedAt, status, facilityCode, [status+createdAt]',
    counters: 'name',
  },
};
