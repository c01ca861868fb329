import type { Migration } from './types';

/** The instant a stored date-time string names, in UTC (`toISOString`), or null when it names none. */
function utcInstant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Settings arrive: `settings` holds the clinician's preferences as key/value rows (the arrival →
 * examination limit, the examiner's languages), never case data. `cases` gains `awaitingExamSince`,
 * the arrival instant in UTC while the person has arrived and not yet been examined (absent
 * otherwise, so it is not indexed): counting overdue cases then reads only the few waiting cases,
 * never the whole list.
 */
export const migration0003: Migration = {
  version: 3,
  stores: {
    cases: 'id, &caseNumber, createdAt, updatedAt, status, facilityCode, arrivalAt, [status+createdAt], *searchKeys, awaitingExamSince',
    settings: 'key',
  },
  async upgrade(tx) {
    await tx
      .table('cases')
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        const waiting = row.examStartAt === null || row.examStartAt === undefined;
        const arrival = waiting ? utcInstant(row.arrivalAt) : null;
        if (arrival === null) delete row.awaitingExamSince;
        else row.awaitingExamSince = arrival;
      });
  },
};
