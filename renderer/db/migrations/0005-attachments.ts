import type { Migration } from './types';

/**
 * Photographs arrive (issue #5). `attachments` holds sealed bytes only, one row per variant of a
 * photograph (`original`, `display`, `thumb`), keyed `${attachmentId}:${variant}`. Indexed: the case
 * (to list and sweep a case's photographs), the attachment id (to delete every variant) and
 * case + creation time (to find orphans older than a cut-off). The ciphertext is a Blob and the IV
 * an ArrayBuffer: neither is indexed (an index over a Blob is refused by IndexedDB, and would leak).
 * Photo metadata (caption, SHA-256, lesion links) lives in the sealed examination draft, not here.
 */
export const migration0005: Migration = {
  version: 5,
  stores: {
    attachments: 'id, caseId, attachmentId, [caseId+createdAt]',
  },
};
