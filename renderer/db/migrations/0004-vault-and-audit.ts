import type { Migration } from './types';

/**
 * The vault and the audit chain arrive (issue #4). `vault` holds key/value rows that are not case data:
 * the wrapped keyring (readable only with the passphrase or the recovery key) and the count of failed
 * unlock attempts. `audit` holds the hash-chained audit entries by sequence number; entries carry ids,
 * actions and hashes, never case content.
 */
export const migration0004: Migration = {
  version: 4,
  stores: {
    vault: 'key',
    audit: 'seq',
  },
};
