import type { Migration } from './types';

/**
 * Version 16 (issue #18 item 2, received reports): one row per signed report received from another
 * clinician and imported as a read-only case. Sealed: the case file, its provenance, the PDF and the
 * list line. In clear: the received file's SHA-256 (unique: the same file imported twice is found,
 * not duplicated), when it was received, and blind-index keys for the search. No upgrade: the table
 * is new.
 */
export const migration0016: Migration = {
  version: 16,
  stores: {
    receivedCases: 'id, &fileSha256, receivedAt, *searchKeys',
  },
};
