import type { Migration } from './types';

/**
 * Statistics facts per case (issue #7): a year of monitoring statistics over 100,000 examinations
 * read and decrypted every case body (≈12 s); these small sealed rows, indexed by the date the case
 * is counted under, and one sealed page of them per month, make it a read of a dozen pages. Rows are written with each case save; cases
 * stored before this version get theirs when the statistics screen first runs (see
 * renderer/db/repos/statFactsRepository.ts). If the facts derivation ever changes, a later migration
 * clears this table and the screen recomputes it.
 */
export const migration0008: Migration = {
  version: 8,
  stores: {
    statFacts: 'id, date',
    // One sealed page of facts per month, rebuilt from the rows when its month changed.
    statFactsPages: 'month',
  },
};
