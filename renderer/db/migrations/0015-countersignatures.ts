import type { Migration } from './types';

/**
 * Version 15 (issue #17 item 4, countersignature in the app): a report version's author opens the
 * file a colleague countersigned, and keeps it beside the version it countersigns (not as a new
 * version of their own). One row per countersigned file: the file sealed by the vault (a Blob, never
 * indexed), who countersigned in what role and when sealed with it, and in clear only ids, the time it
 * was kept and the file's SHA-256 (so that the same file opened again is recognised, as a version is).
 * Indexed: the case, the version's document id, the hash. No upgrade: the table is new.
 */
export const migration0015: Migration = {
  version: 15,
  stores: {
    countersignatures: 'id, caseId, versionId, sha256',
  },
};
