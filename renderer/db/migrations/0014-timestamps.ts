import type { Migration } from './types';

/**
 * Version 14 (issue #17, trusted time): one row per signed document whose time a timestamp authority
 * attests or is to attest. A version signed while no TSA could be reached (PAdES B-B) waits here
 * (`state` `waiting`) until a document timestamp is added by incremental update; then the row says
 * `attested`, with the TSA's name and time, as does a signature that carried its own token (B-T).
 * In clear: ids, states, times, a TSA's name, the signed file's SHA-256 before the timestamp (so that
 * a copy handed out before is still matched to its version), and a failure code; never case content.
 * No upgrade: the table is new.
 */
export const migration0014: Migration = {
  version: 14,
  stores: {
    timestamps: 'id, caseId, state, unstampedSha256',
  },
};
