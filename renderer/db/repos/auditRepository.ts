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
  chainBreak,
  chainHash,
  StoredAuditEntry as StoredAuditEntrySchema,
  verifyChain,
  type AuditEventInput,
  type ChainHead,
  type StoredAuditEntry,
  type VerifyChainOptions,
  type VerifyChainResult,
} from '../../../shared/vault/auditChain';
import { AUDIT_ANCHOR_ROW, entryAuthentic, entryMac, keyAnchor, openKeyAnchor, verifyKeyedChain } from '../../../shared/vault/auditKey';
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
  /**
   * At unlock (keyed repositories only): makes sure the chain is anchored under the audit key. The
   * first unlock of a chain that has never been keyed verifies it as a plain SHA-256 chain and, if it
   * verifies, anchors its head under the key (see shared/vault/auditKey.ts). Resolves to what was found;
   * never throws for a damaged chain (the Settings check names it), only for a storage failure.
   */
  secure(): Promise<SecureOutcome>;
  /**
   * The latest revision of a record that the chain records (`detail.revision` of its latest event that
   * has one), or null when none does (records written before revisions). With a key, that event must be
   * authentic (its hash and MAC), or this throws `AuditWriteError`: a forged entry does not decide.
   */
  latestRevision(recordType: AuditEventInput['recordType'], recordId: string): Promise<number | null>;
}

/** What `secure` found. */
export type SecureOutcome =
  /** The anchor was there and opens under the key. */
  | { readonly kind: 'anchored' }
  /** A never-keyed chain verified as plain SHA-256 and is now anchored at `head` (the upgrade). */
  | { readonly kind: 'upgraded'; readonly head: ChainHead }
  /** The chain or its anchor does not verify: nothing was anchored; `verify()` says where. */
  | { readonly kind: 'broken'; readonly result: VerifyChainResult }
  /** No key: nothing to do. */
  | { readonly kind: 'unkeyed' };

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
  /**
   * The vault's audit key (HMAC-SHA-256, shared/vault/keys.ts): each appended entry gets its MAC, and
   * `verify` checks the chain under it. Absent only where no vault is unlocked (tests of plain storage).
   */
  readonly auditKey?: CryptoKey | (() => CryptoKey | undefined);
}

/** Passes `rows` on, setting `seen.keyed` when one carries a MAC (an entry of a keyed chain). */
async function* notingKeyed(rows: AsyncIterable<AuditRow>, seen: { keyed: boolean }): AsyncGenerator<AuditRow> {
  for await (const row of rows) {
    if (typeof row.mac === 'string') seen.keyed = true;
    yield row;
  }
}

export function createAuditRepository({ db, actor = () => null, auditKey }: AuditRepositoryDeps): AuditRepository {
  /** The key now: a session's key changes once, when a key rotation re-anchors the chain under the new root. */
  const keyOf = (): CryptoKey | undefined => (typeof auditKey === 'function' ? auditKey() : auditKey);
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
      // Hash (and MAC) first, outside the transaction (WebCrypto would commit it early); each event links to the one before.
      const key = keyOf();
      const entries: StoredAuditEntry[] = [];
      let link: ChainHead = head;
      for (const input of inputs) {
        const plain = await appendEvent(link, attributed(input));
        const entry: StoredAuditEntry = key === undefined ? plain : { ...plain, mac: await entryMac(key, plain.hash) };
        entries.push(entry);
        link = { seq: entry.seq, hash: entry.hash };
      }
      try {
        return await db.transaction('rw', [...tables, db.audit], async () => {
          // The key changed meanwhile (a key rotation re-anchored the chain): MAC again under the new one.
          if (!sameHead(await readHead(), head) || keyOf() !== key) throw new HeadMovedError();
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
    async verify(options) {
      const auditKey = keyOf();
      if (auditKey === undefined) return verifyChain(exportEntries(), options);
      const anchor = await db.vault.get(AUDIT_ANCHOR_ROW);
      return verifyKeyedChain(exportEntries(), auditKey, anchor?.value, options);
    },
    exportEntries,
    async secure() {
      const auditKey = keyOf();
      if (auditKey === undefined) return { kind: 'unkeyed' };
      for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
        const stored = await db.vault.get(AUDIT_ANCHOR_ROW);
        if (stored !== undefined) {
          if ((await openKeyAnchor(auditKey, stored.value)) !== null) return { kind: 'anchored' };
          return { kind: 'broken', result: await verifyKeyedChain(exportEntries(), auditKey, stored.value) };
        }
        // One pass: the plain chain verified, noting any entry that carries a MAC on the way.
        const seen = { keyed: false };
        const plain = await verifyChain(notingKeyed(exportEntries(), seen));
        // No anchor but keyed entries: the anchor was removed, not never set. Do not anchor over it.
        if (seen.keyed) return { kind: 'broken', result: chainBreak(1, 'key-anchor-invalid') };
        if (!plain.ok) return { kind: 'broken', result: plain };
        const head: ChainHead = { seq: plain.count, hash: plain.head };
        const anchor = await keyAnchor(auditKey, head);
        const written = await db.transaction('rw', db.audit, db.vault, async () => {
          // Only over the chain just verified, and only if no other window anchored meanwhile.
          if (!sameHead(await readHead(), head) || (await db.vault.get(AUDIT_ANCHOR_ROW)) !== undefined) return false;
          await db.vault.put({ key: AUDIT_ANCHOR_ROW, value: anchor });
          return true;
        });
        if (written) return { kind: 'upgraded', head };
      }
      throw new AuditWriteError('The audit chain could not be secured: other changes kept arriving at the same moment. Unlock again.');
    },
    async latestRevision(recordType, recordId) {
      const rows = await db.audit.where('[event.recordType+event.recordId]').equals([recordType, recordId]).reverse().toArray();
      const latest = rows.find((row) => StoredAuditEntrySchema.safeParse(row).data?.event.detail?.revision !== undefined);
      if (latest === undefined) return null;
      const entry = StoredAuditEntrySchema.parse(latest);
      const revision = entry.event.detail?.revision ?? null;
      const auditKey = keyOf();
      if (auditKey === undefined) return revision;
      const anchor = await openKeyAnchor(auditKey, (await db.vault.get(AUDIT_ANCHOR_ROW))?.value);
      // Before the anchor, the entry is vouched for by the chain (its hash); after it, by its MAC too.
      const authentic = anchor !== null && entry.seq <= anchor.seq ? (await chainHash(entry.prevHash, entry.event)) === entry.hash : await entryAuthentic(auditKey, entry);
      if (!authentic) throw new AuditWriteError('The audit log is damaged: the event that records this record’s last change does not verify. Verify the audit chain in Settings.');
      return revision;
    },
  };
}

/**
 * Re-anchors the chain under a new root's audit key, for key rotation (issue #20 item 3): the chain is
 * verified under `currentKey` (every MAC since the current anchor), then one anchor on its head is
 * written under `newKey`. Entries up to that head keep their old MACs, which no longer matter: the new
 * anchor vouches for them (through the plain hash chain); entries appended afterwards must carry MACs
 * under `newKey`, so call this in the step that switches the session to the new keys, before any event
 * is appended under them. Throws `AuditWriteError` when the chain does not verify under `currentKey`
 * (a rotation must not launder a rewritten chain) or when other writes keep moving the head.
 */
export async function reanchorAuditChain(db: AttestDatabase, currentKey: CryptoKey, newKey: CryptoKey, onAnchored?: () => void): Promise<ChainHead> {
  const current = createAuditRepository({ db, auditKey: currentKey });
  for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
    const result = await current.verify();
    if (!result.ok) throw new AuditWriteError(`The audit chain does not verify (event ${String(result.firstBrokenSeq)}, ${result.reason}): it was not re-anchored.`);
    const head: ChainHead = { seq: result.count, hash: result.head };
    const anchor = await keyAnchor(newKey, head);
    const written = await db.transaction('rw', db.audit, db.vault, async () => {
      const last = await db.audit.orderBy(':id').last();
      if ((last?.seq ?? 0) !== head.seq || (last?.hash ?? EMPTY_CHAIN_HEAD.hash) !== head.hash) return false;
      await db.vault.put({ key: AUDIT_ANCHOR_ROW, value: anchor });
      // Inside the transaction: an append that MACed under the old key and commits after this one
      // sees the key changed and MACs again (commit above).
      onAnchored?.();
      return true;
    });
    if (written) return head;
  }
  throw new AuditWriteError('The audit chain could not be re-anchored: other changes kept arriving at the same moment. Try again.');
}

/**
 * After a crash between a key rotation's start and its re-anchoring: the anchor still opens under the
 * previous key only. Re-anchors it under the current key (call before anything is appended under it).
 * Does nothing when the anchor opens under the current key, or under neither (verify reports that).
 */
export async function ensureAnchoredUnder(db: AttestDatabase, previousKey: CryptoKey, currentKey: CryptoKey): Promise<void> {
  const stored = (await db.vault.get(AUDIT_ANCHOR_ROW))?.value;
  if (stored === undefined || (await openKeyAnchor(currentKey, stored)) !== null) return;
  if ((await openKeyAnchor(previousKey, stored)) === null) return;
  await reanchorAuditChain(db, previousKey, currentKey);
}

/** The export file: the stored entries as one JSON array, in seq order, as `attest verify-audit` reads it. */
export async function auditExportBytes(entries: AsyncIterable<AuditRow>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: string[] = [];
  for await (const entry of entries) parts.push(JSON.stringify(entry));
  return new TextEncoder().encode(`[\n${parts.join(',\n')}\n]\n`);
}
