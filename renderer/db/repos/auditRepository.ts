/**
 * The audit chain's storage: the only code that reads or writes the `audit` table (migration 0004).
 * Rows are the stored entries of shared/vault/auditChain.ts, keyed by `seq`: ids, actions and hashes,
 * never case content.
 *
 * How an event is appended (the choice made here, and why):
 * - The entry is hashed with WebCrypto (`appendEvent`) against the head read just before, OUTSIDE any
 *   Dexie transaction: awaiting anything but Dexie inside one would commit it early.
 * - Then one short `rw` transaction re-reads the head and, only if it is unchanged, runs the caller's
 *   data write and adds the audit row. A record change and its audit event therefore commit together
 *   or not at all (`recordWith`, used by the case and settings repositories).
 * - If the head moved in between (another write in this window, or another window on the same
 *   database), the transaction is aborted, nothing is written, and the whole attempt is retried a
 *   bounded number of times with a hash computed against the new head. IndexedDB serialises `rw`
 *   transactions over the same store, and `seq` is the primary key, so a racing second `add` of the
 *   same seq fails rather than forking the chain; that failure is retried the same way.
 */
import type { Table } from 'dexie';
import {
  EMPTY_CHAIN_HEAD,
  Sha256Hex,
  appendEvent,
  verifyChain,
  type AuditEventInput,
  type ChainHead,
  type StoredAuditEntry,
  type VerifyChainOptions,
  type VerifyChainResult,
} from '../../../shared/vault/auditChain';
import type { AttestDatabase, AuditRow } from '../database';

/**
 * Who the events are attributed to before the clinician's identity exists. Callers pass it; once the
 * identity is saved, the audit repository records the clinician's id in its place (`actor` below):
 * an id, never a name.
 */
export const LOCAL_ACTOR_ID = 'local-clinician';

/**
 * How many times an append is tried when other writes keep moving the head. An attempt fails only
 * when another writer's event landed in between, so with fewer concurrent writers than this (a few
 * windows, not a crowd) every append lands.
 */
export const MAX_APPEND_ATTEMPTS = 8;

/** Rows read per page when verifying or exporting: memory stays flat however long the chain. */
const PAGE_SIZE = 500;

/** The audit chain could not be extended: its last entry is damaged, or other writes kept winning. */
export class AuditWriteError extends Error {
  override readonly name = 'AuditWriteError';
}

/** Raised inside a transaction when the head moved since the entry was hashed: abort and retry. */
class HeadMovedError extends Error {
  override readonly name = 'HeadMovedError';
}

export interface AuditRepository {
  /**
   * The end of the chain: the last event's seq and hash (`{ seq: 0, hash: GENESIS_HASH }` when empty).
   * This pair is the anchor that signed reports and backups will print, so that a cut or rewritten
   * chain can later be caught (`verify({ anchors: [head] })`, `attest verify-audit --head … --count …`).
   */
  head(): Promise<ChainHead>;
  /** How many events are stored. */
  count(): Promise<number>;
  /** Appends one event on its own (vault lock and unlock, exports): no other data is written with it. */
  append(input: AuditEventInput): Promise<StoredAuditEntry>;
  /**
   * Runs `write` and appends the event in one transaction over `tables` and the audit table, so that
   * both commit or neither does. `write` must use Dexie only (no WebCrypto: do that before) and may be
   * run more than once when another write moves the head; a rolled-back attempt leaves no trace.
   */
  recordWith<T>(tables: readonly Table[], input: AuditEventInput, write: () => Promise<T>): Promise<T>;
  /**
   * As `recordWith`, with several events appended in order in the same transaction (an import that
   * creates a case and its photographs: each gets the event its own write would have had).
   */
  recordAllWith<T>(tables: readonly Table[], inputs: readonly AuditEventInput[], write: () => Promise<T>): Promise<T>;
  /** Checks the stored chain in seq order, page by page (see `verifyChain`). */
  verify(options?: VerifyChainOptions): Promise<VerifyChainResult>;
  /** The stored entries in seq order, page by page, as written: the JSON array `attest verify-audit` reads. */
  exportEntries(): AsyncIterable<AuditRow>;
}

function sameHead(a: ChainHead, b: ChainHead): boolean {
  return a.seq === b.seq && a.hash === b.hash;
}

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ConstraintError' || ('inner' in error && error.inner instanceof Error && error.inner.name === 'ConstraintError'));
}

export interface AuditRepositoryDeps {
  readonly db: AttestDatabase;
  /**
   * The clinician's id (identity repository), or null before an identity is saved: events given as
   * `LOCAL_ACTOR_ID` are recorded under it.
   */
  readonly actor?: () => string | null;
}

export function createAuditRepository({ db, actor = () => null }: AuditRepositoryDeps): AuditRepository {
  /** The event as recorded: the local actor replaced by the clinician's id once there is one. */
  function attributed(input: AuditEventInput): AuditEventInput {
    const id = input.actor === LOCAL_ACTOR_ID ? actor() : null;
    return id === null ? input : { ...input, actor: id };
  }

  /** The head from the last stored row; Dexie calls only, so it may run inside a transaction. */
  async function readHead(): Promise<ChainHead> {
    const last = await db.audit.orderBy(':id').last();
    if (!last) return EMPTY_CHAIN_HEAD;
    // A damaged last row cannot be linked to; say so rather than throw a TypeError from the hasher.
    if (!Number.isSafeInteger(last.seq) || last.seq < 1 || !Sha256Hex.safeParse(last.hash).success) {
      throw new AuditWriteError('The audit log is damaged: its last event cannot be read. Verify the audit chain in Settings.');
    }
    return { seq: last.seq, hash: last.hash };
  }

  async function commit<T>(tables: readonly Table[], inputs: readonly AuditEventInput[], write: () => Promise<T>): Promise<{ result: T; entries: StoredAuditEntry[] }> {
    if (inputs.length === 0) throw new TypeError('At least one audit event is needed.');
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const head = await readHead();
      // Hash first, outside the transaction (WebCrypto would commit it early); each event links to the one before.
      const entries: StoredAuditEntry[] = [];
      let link: ChainHead = head;
      for (const input of inputs) {
        const entry = await appendEvent(link, attributed(input));
        entries.push(entry);
        link = { seq: entry.seq, hash: entry.hash };
      }
      try {
        return await db.transaction('rw', [...tables, db.audit], async () => {
          if (!sameHead(await readHead(), head)) throw new HeadMovedError();
          const result = await write();
          for (const entry of entries) {
            await db.audit.add(entry).catch((error: unknown) => {
              // Another writer took this seq first: a unique key, so the chain did not fork. Retry.
              throw isConstraintError(error) ? new HeadMovedError() : error;
            });
          }
          return { result, entries };
        });
      } catch (error) {
        if (error instanceof HeadMovedError) continue;
        throw error;
      }
    }
    throw new AuditWriteError('The change was not saved: other changes kept arriving at the same moment. Try again.');
  }

  async function* exportEntries(): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const page = await db.audit.where(':id').above(after).limit(PAGE_SIZE).toArray();
      for (const row of page) yield row;
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return;
      after = last.seq;
    }
  }

  return {
    head: () => db.transaction('r', db.audit, readHead),
    count: () => db.audit.count(),
    async append(input) {
      const { entries } = await commit([], [input], () => Promise.resolve());
      const [entry] = entries;
      if (entry === undefined) throw new AuditWriteError('The event was not recorded.');
      return entry;
    },
    async recordWith(tables, input, write) {
      return (await commit(tables, [input], write)).result;
    },
    async recordAllWith(tables, inputs, write) {
      return (await commit(tables, inputs, write)).result;
    },
    verify: (options) => verifyChain(exportEntries(), options),
    exportEntries,
  };
}

/** The export file: the stored entries as one JSON array, in seq order, as `attest verify-audit` reads it. */
export async function auditExportBytes(entries: AsyncIterable<AuditRow>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: string[] = [];
  for await (const entry of entries) parts.push(JSON.stringify(entry));
  return new TextEncoder().encode(`[\n${parts.join(',\n')}\n]\n`);
}
