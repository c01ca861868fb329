import type { Migration } from './types';

/**
 * Pending edits (issue #16, "nothing lost"): the examination draft of a case as last typed, sealed
 * and written within milliseconds of each change, ahead of the full save (debounced, several
 * transactions, which a reload or tab close interrupts). Opening the case applies a pending edit that
 * sits on top of the stored revision (renderer/db/repos/pendingEditRepository.ts). Not in backups: a
 * restore clears the table.
 */
export const migration0012: Migration = {
  version: 12,
  stores: {
    pendingEdits: 'id',
  },
};
