/**
 * The trusted time of signed documents (issue #17, table `timestamps`, migration 0014): which versions
 * wait for a document timestamp, and which are attested, by whom and when. Rows are written with the
 * signed file they are about (reportRepository `storeSigned`, `appendTimestamp`); this repository reads
 * them and records failed attempts. Clear, non-identifying data only (ids, times, a TSA's name, codes).
 */
import { z } from 'zod';
import type { AttestDatabase, TimestampRow, TimestampTarget } from '../database';

export type { TimestampTarget };

/** The trusted time of one document, as the version history shows it. */
export type DocumentTime =
  | { readonly state: 'waiting'; readonly queuedAt: string; readonly attempts: number; readonly lastTriedAt: string | null; readonly lastFailure: string | null }
  | { readonly state: 'attested'; readonly tsaName: string | null; readonly attestedAt: string; readonly via: 'signature' | 'document' };

/** A document waiting for its timestamp. */
export interface WaitingDocument {
  readonly id: string;
  readonly target: TimestampTarget;
  readonly caseId: string;
}

/** How a signing left the document's time: attested by the signature's token, or to be stamped later. */
export type SignedTime = { readonly state: 'waiting'; readonly failure?: string } | { readonly state: 'attested'; readonly tsaName: string | null; readonly attestedAt: string };

export const FailureCode = z.string().regex(/^[a-z-]{1,40}$/);

const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Instant = z.iso.datetime({ offset: true });

/** A stored row, as a restore checks it (database.ts `TimestampRow`). */
export const StoredTimestampRow = z.strictObject({
  id: Identifier,
  target: z.enum(['report', 'referralDocument']),
  caseId: Identifier,
  state: z.enum(['waiting', 'attested']),
  queuedAt: Instant,
  attempts: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  lastTriedAt: Instant.optional(),
  lastFailure: FailureCode.optional(),
  unstampedSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  tsaName: z.string().max(1_000).nullable().optional(),
  attestedAt: Instant.optional(),
  via: z.enum(['signature', 'document']).optional(),
});

export function documentTimeOf(row: TimestampRow | undefined): DocumentTime | null {
  if (row === undefined) return null;
  if (row.state === 'attested' && row.attestedAt !== undefined) return { state: 'attested', tsaName: row.tsaName ?? null, attestedAt: row.attestedAt, via: row.via ?? 'document' };
  if (row.state === 'waiting') return { state: 'waiting', queuedAt: row.queuedAt, attempts: row.attempts, lastTriedAt: row.lastTriedAt ?? null, lastFailure: row.lastFailure ?? null };
  return null;
}

/** The row a signing writes with the signed file (in the same transaction). */
export function signedTimeRow(target: TimestampTarget, id: string, caseId: string, at: string, time: SignedTime): TimestampRow {
  return time.state === 'waiting'
    ? { id, target, caseId, state: 'waiting', queuedAt: at, attempts: 0, ...(time.failure === undefined ? {} : { lastTriedAt: at, lastFailure: FailureCode.parse(time.failure) }) }
    : { id, target, caseId, state: 'attested', queuedAt: at, attempts: 0, tsaName: time.tsaName, attestedAt: time.attestedAt, via: 'signature' };
}

export interface TimestampRepository {
  /** Every document waiting for a timestamp, oldest first. */
  waiting(): Promise<WaitingDocument[]>;
  /** The trusted time of each of these documents (absent: none asked for). */
  timesOf(ids: readonly string[]): Promise<Map<string, DocumentTime>>;
  /** Records a failed attempt (the failure's code only); the document keeps waiting. */
  recordFailure(id: string, code: string): Promise<void>;
}

export function createTimestampRepository({ db, now }: { readonly db: AttestDatabase; readonly now: () => Date }): TimestampRepository {
  return {
    async waiting() {
      const rows = await db.timestamps.where('state').equals('waiting').toArray();
      rows.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
      return rows.map((row) => ({ id: row.id, target: row.target, caseId: row.caseId }));
    },

    async timesOf(ids) {
      const rows = await db.timestamps.bulkGet([...ids]);
      const out = new Map<string, DocumentTime>();
      for (const row of rows) {
        const time = documentTimeOf(row);
        if (row !== undefined && time !== null) out.set(row.id, time);
      }
      return out;
    },

    async recordFailure(id, code) {
      const failure = FailureCode.parse(code);
      await db.transaction('rw', db.timestamps, async () => {
        const row = await db.timestamps.get(id);
        if (row?.state !== 'waiting') return;
        await db.timestamps.put({ ...row, attempts: row.attempts + 1, lastTriedAt: now().toISOString(), lastFailure: failure });
      });
    },
  };
}
