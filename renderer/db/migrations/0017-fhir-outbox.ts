import type { Migration } from './types';

/**
 * Version 17 (issue #18 item 5, push to a FHIR server): the outbox of transaction Bundles to send.
 * One row per "Send to FHIR server" of a report version: queued until the server accepts it, tried
 * again on unlock, on a timer with backoff and on "Retry now"; then `sent`. In clear: ids, the case
 * and version it is about, states, times, attempt counts, a failure code and an HTTP status; the
 * bundle itself and the server's issue texts (which may echo it) are sealed. No upgrade: the table is new.
 *
 * Numbered 0017 as assigned to this branch; the chain must be consecutive, so the lead renumbers it at merge.
 */
export const migration0017: Migration = {
  version: 17,
  stores: {
    fhirOutbox: 'id, caseId, state, nextAttemptAt',
  },
};
