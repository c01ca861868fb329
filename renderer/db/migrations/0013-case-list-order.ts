/**
 * Version 13: indexes that give the case list every order and the common filters without reading
 * the whole table (issue #16 item 4). `arrivalOrder` is the arrival instant in UTC
 * (`toISOString`), derived from `arrivalAt`, which the row already holds in clear (the offset it was
 * typed with aside): no new identifying field. Compound indexes, each ending in `createdAt`, give
 * an order and its ties (by opening time, in the same direction) in one index walk: arrival, facility
 * (a filter too), encounter type; status already has `[status+createdAt]`. Rows without an arrival or
 * a facility are not in those indexes (IndexedDB skips absent and null keys): the repository lists
 * them last, as before. `delayReasonUnchecked` (sparse, rows stored before the overdue index whose
 * delay reason is still to be read) is indexed so that the overdue dashboard knows at once whether it
 * may list the longest waits from the index alone.
 *
 * The upgrade reads every case row (metadata only, never a body) once to set `arrivalOrder`.
 */
import { arrivalOrderOf } from '../../../shared/domain/listing';
import type { Migration } from './types';

export const migration0013: Migration = {
  version: 13,
  stores: {
    cases:
      'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys, awaitingExamSince, waitNoReasonMs, reexaminationDue, copyOwed, copyUnchecked, ' +
      '[arrivalOrder+createdAt], [facilityCode+createdAt], [encounterType+createdAt], delayReasonUnchecked',
  },
  async upgrade(tx) {
    await tx
      .table('cases')
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        const order = arrivalOrderOf(typeof row.arrivalAt === 'string' ? row.arrivalAt : null);
        if (order === undefined) delete row.arrivalOrder;
        else row.arrivalOrder = order;
      });
  },
};
