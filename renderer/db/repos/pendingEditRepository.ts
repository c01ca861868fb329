/**
 * Pending edits: the examination draft of a case as last typed, sealed and written at once, so that a
 * reload, tab close or crash right after a key press loses nothing. The full save (caseRepository
 * `saveExamination`) is debounced and spans several asynchronous steps, which an unloading page never
 * finishes; this is one seal (WebCrypto, a millisecond) and one put.
 *
 * A row says on top of which stored revisions of the case its draft sits (`bases`): the revision the
 * window last read or wrote, and the one a save in flight will make if that save holds no change newer
 * than the row. Opening the case applies the row only when the stored revision is one of them; any
 * other row is older than what is stored (or was typed on top of a case since replaced) and is removed.
 */
import { z } from 'zod';
import type { RecordCodec, SealedBody } from '../codec';
import type { AttestDatabase } from '../database';

const TABLE = 'pendingEdits';
const SCHEMA_VERSION = 1;

/** Where a row stands, computed by the caller just before the row is written. */
export interface PendingStamp {
  readonly session: string;
  readonly seq: number;
  readonly bases: readonly number[];
}

export interface PendingEditRepository {
  /**
   * Seals `draft` and writes it for the case, stamped by `stamp()` called once the seal is done (so the
   * bases are those of that moment); `stamp` returning null writes nothing. Resolves when written.
   */
  keep(caseId: string, draft: unknown, stamp: () => PendingStamp | null): Promise<boolean>;
  /** The pending draft to apply on top of the case at `storedRevision`, or null (a stale row is removed). */
  take(caseId: string, storedRevision: number): Promise<unknown>;
  /** Removes the row once a save holds it: unless it was written by `session` after change `uptoSeq`. */
  drop(caseId: string, session: string, uptoSeq: number): Promise<void>;
  /**
   * Removes the row only if `session` wrote it: this window's save was refused because another window
   * saved (a conflict), so what it kept must never be applied over that other window's save.
   */
  discard(caseId: string, session: string): Promise<void>;
}

const StoredRow = z.object({
  id: z.string(),
  session: z.string(),
  seq: z.number(),
  bases: z.array(z.number()),
  schemaVersion: z.literal(SCHEMA_VERSION),
  body: z.custom<SealedBody>((value) => typeof value === 'object' && value !== null),
});

export function createPendingEditRepository(deps: { readonly db: AttestDatabase; readonly codec: RecordCodec }): PendingEditRepository {
  const { db, codec } = deps;
  return {
    async keep(caseId, draft, stamp) {
      const body = await codec.seal({ table: TABLE, id: caseId, schemaVersion: SCHEMA_VERSION }, draft);
      const at = stamp();
      if (at === null) return false;
      await db.pendingEdits.put({ id: caseId, session: at.session, seq: at.seq, bases: [...at.bases], schemaVersion: SCHEMA_VERSION, body });
      return true;
    },

    async take(caseId, storedRevision) {
      const raw = await db.pendingEdits.get(caseId);
      if (raw === undefined) return null;
      const row = StoredRow.safeParse(raw);
      if (row.success && row.data.bases.includes(storedRevision)) {
        try {
          return await codec.open({ table: TABLE, id: caseId, schemaVersion: SCHEMA_VERSION }, row.data.body);
        } catch {
          // Sealed under another key (a replaced vault) or damaged: nothing to apply.
        }
      }
      await db.pendingEdits.delete(caseId);
      return null;
    },

    async drop(caseId, session, uptoSeq) {
      await db.transaction('rw', db.pendingEdits, async () => {
        const row = await db.pendingEdits.get(caseId);
        if (row !== undefined && (row.session !== session || row.seq <= uptoSeq)) await db.pendingEdits.delete(caseId);
      });
    },

    async discard(caseId, session) {
      await db.transaction('rw', db.pendingEdits, async () => {
        const row = await db.pendingEdits.get(caseId);
        if (row?.session === session) await db.pendingEdits.delete(caseId);
      });
    },
  };
}
