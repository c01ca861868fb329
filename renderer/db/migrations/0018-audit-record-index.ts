import type { Migration } from './types';

/**
 * Version 18 (issue #20, tamper-evident storage): the audit chain gets an index on the record an event
 * is about (`[event.recordType+event.recordId]`), so that reading a sealed record finds, in one indexed
 * step, the latest revision the keyed chain records for it and refuses an older ciphertext put back
 * ("rolled back"). Events about the whole vault (recordId null) are not indexed.
 *
 * No upgrade of rows, and no keying here: keying an existing plain SHA-256 chain needs the audit key,
 * which exists only once the vault is unlocked, and a migration runs before that. The first unlock of
 * this version verifies the plain chain and anchors it under the key (auditRepository `secure`).
 */
export const migration0018: Migration = {
  version: 18,
  stores: {
    audit: 'seq, [event.recordType+event.recordId]',
  },
};
