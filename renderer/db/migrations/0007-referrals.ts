import type { Migration } from './types';

/**
 * Referrals to competent authorities arrive (issue #7). `referrals` holds one row per referral of a
 * signed report version: the referral record sealed by the vault, indexed only by case. Its documents
 * (the signed anonymised report variant, the signed cover letter) go to `referralDocuments`, sealed
 * bytes like a signed report, with their SHA-256 in clear; indexed by referral and case, never by the
 * sealed bytes.
 */
export const migration0007: Migration = {
  version: 7,
  stores: {
    referrals: 'id, caseId',
    referralDocuments: 'id, referralId, caseId',
  },
};
