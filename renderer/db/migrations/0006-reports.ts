import type { Migration } from './types';

/**
 * Signed reports arrive (issue #6). `reports` holds one row per signed version of a case's report: the
 * signed PDF sealed by the vault (a Blob, never indexed), its SHA-256 in clear (the audit chain already
 * holds it in clear, and "does this file match a version stored here?" looks it up), and sealed
 * metadata (the addenda that produced the version). Indexed: the case, [case+version], the hash.
 */
export const migration0006: Migration = {
  version: 6,
  stores: {
    reports: 'id, caseId, &[caseId+version], sha256',
  },
};
