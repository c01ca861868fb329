import type { Migration } from './types';

/**
 * The examination arrives. Sealed bodies move to their own table, `caseBodies`, so that listing,
 * filtering and sorting the case list read only small metadata rows. `cases` gains the arrival and
 * examination times (for the overdue badge) and `searchKeys`, a multi-entry index of blind-index keys
 * for exact search on name and identity number.
 */
export const migration0002: Migration = {
  version: 2,
  stores: {
    cases: 'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys',
    caseBodies: 'id',
  },
  async upgrade(tx) {
    const bodies = tx.table('caseBodies');
    await tx
      .table('cases')
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        void bodies.put({ id: row.id, schemaVersion: row.schemaVersion, body: row.body });
        delete row.body;
        delete row.schemaVersion;
        row.arrivalAt = null;
        row.examStartAt = null;
        row.searchKeys = [];
      });
  },
};
