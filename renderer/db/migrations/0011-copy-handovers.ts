import type { Migration } from './types';

/**
 * Copies of a signed report handed over after signing (issue #14 item 7). The examination is locked
 * once signed, so such a copy is its own record: `copyHandovers` holds one row per copy given, sealed
 * by the vault whole (whom it went to and a note are about the person), indexed only by case, like
 * `referrals`. Nothing stored before needs rewriting: no copy handed over was recordable before.
 */
export const migration0011: Migration = {
  version: 11,
  stores: {
    copyHandovers: 'id, caseId',
  },
};
