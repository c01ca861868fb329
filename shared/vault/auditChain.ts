/**
 * The audit chain: an append-only, hash-linked log of what was done to which record, by whom and
 * when, with no case content. Each stored entry links to the one before it:
 *
 *   hash(n) = hex SHA-256( UTF-8(hash(n-1) as 64 lowercase hex) ‖ UTF-8(canonicalJson(event n)) )
 *   hash(0) = GENESIS_HASH (64 zeros)
 *
 * so deleting, reordering, inserting or altering any entry breaks the link at that entry, and
 * `verifyChain` names the first broken one.
 *
 * What the chain does NOT prove on its own: it is keyless, so whoever can write the database can
 * cut the tail off, or rewrite every entry from some point on and recompute all later hashes. Both
 * are caught only against an **anchor**: a (seq, hash) pair recorded somewhere the attacker cannot
 * rewrite, such as the head hash printed in a signed report or recorded in a backup. Pass anchors
 * (or `expectedHead` / `expectedCount`) to `verifyChain` to check the chain against them.
 *
 * Pure: WebCrypto (`globalThis.crypto.subtle`) only; runs in the renderer, in Node tests and in the CLI.
 */
import { z } from 'zod';
import { sha256Hex, utf8 } from '../bytes';

/** What happened. Append-only: removing a value would make old chains unreadable. */
export const AUDIT_ACTIONS = ['create', 'update', 'finalise', 'sign', 'export', 'backup', 'restore', 'referral', 'view', 'lock', 'unlock', 'delete', 'send', 'send-failed'] as const;
/** The kind of record it happened to. Append-only, as `AUDIT_ACTIONS`. */
export const AUDIT_RECORD_TYPES = ['case', 'report', 'referral', 'settings', 'backup', 'vault', 'lesion', 'photograph', 'statistics', 'received', 'fhir-outbox'] as const;

/** The hash before the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

const HEX_SHA256 = /^[0-9a-f]{64}$/;
/** A lowercase hex SHA-256 digest. */
export const Sha256Hex = z.string().regex(HEX_SHA256);

/**
 * An identifier: a UUID or a short code (letters, digits, `_`, `-`; at most 64). Spaces and
 * punctuation are refused so that a name or a sentence cannot be passed off as an id.
 */
const Identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * Details of an event: non-identifying codes and numbers only, each field closed (numbers, a hex
 * digest or a fixed vocabulary), and unknown fields refused, so that no free text can ride along.
 * New fields may be added later (old chains still parse); none may ever be removed or widened to text.
 */
export const AuditDetail = z.strictObject({
  /** Version of a report (a signed report, an addendum's new version). */
  reportVersion: z.int().min(1).max(1_000_000).optional(),
  /** SHA-256 of a file: a signed PDF, an export, a backup's payload. */
  sha256: Sha256Hex.optional(),
  /** How many records (a backup, a restore, an export). */
  count: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Size in bytes (a backup, an export). */
  bytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Version of a file format (a backup, a case-file export). */
  formatVersion: z.int().min(1).max(65_535).optional(),
  /** How the vault was opened, or which key a backup is under. */
  method: z.enum(['passphrase', 'recovery-key', 'keychain']).optional(),
  /** Which of the vault's keys were replaced: a key rotation's start and end, or the recovery key alone. */
  keys: z.enum(['rotation-started', 'rotation-finished', 'recovery-key-replaced']).optional(),
  /** Why the vault was locked. */
  trigger: z.enum(['manual', 'idle', 'quit']).optional(),
  /** Why sending to a FHIR server failed (a code; the server's texts are never recorded). */
  failure: z.enum(['timeout', 'unreachable', 'html', 'not-fhir', 'too-large', 'auth', 'refused', 'no-server']).optional(),
  /** The HTTP status a server answered with. */
  httpStatus: z.int().min(100).max(599).optional(),
  /**
   * The revision a sealed record was written at (its additional data carries the same number):
   * the read of that record refuses an older one as rolled back (shared/vault/auditKey.ts).
   */
  revision: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type AuditDetail = z.infer<typeof AuditDetail>;

/** One audit event, as hashed. No names, no case content: ids and codes only. */
export const AuditEvent = z.strictObject({
  /** Position in the chain, from 1, without gaps. */
  seq: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** When, as an ISO 8601 datetime with seconds and offset (the clock may go back: not checked for order). */
  at: z.iso.datetime({ offset: true }),
  /** Who: the clinician profile id (never a name). */
  actor: Identifier,
  action: z.enum(AUDIT_ACTIONS),
  recordType: z.enum(AUDIT_RECORD_TYPES),
  /** Which record (its id), or null for events about the whole vault (lock, unlock, backup). */
  recordId: Identifier.nullable(),
  detail: AuditDetail.optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
/** An event before it is appended: `appendEvent` gives it its `seq`. */
export type AuditEventInput = Omit<AuditEvent, 'seq'>;

/**
 * One stored entry. `seq` repeats `event.seq` so that storage can key and order by it. `mac`, from
 * the version that keyed the chain, is HMAC-SHA-256 of `hash` under the vault's audit key
 * (shared/vault/auditKey.ts); the hash chain itself stays plain SHA-256, which `attest verify-audit`
 * checks without the key.
 */
export const StoredAuditEntry = z.strictObject({
  seq: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
  event: AuditEvent,
  mac: Sha256Hex.optional(),
});
export type StoredAuditEntry = z.infer<typeof StoredAuditEntry>;

/** The end of a chain: the last entry's seq and hash (`{ seq: 0, hash: GENESIS_HASH }` when empty). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty chain. */
export const EMPTY_CHAIN_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * A head recorded outside the chain (printed in a signed report, stored in a backup): "entry `seq`
 * had hash `hash`". Later entries may follow it; none before it may change, and the chain may not
 * end before it.
 */
export type ChainAnchor = ChainHead;

/**
 * Canonical JSON of `value`, so that the same data always hashes the same (RFC 8785, JCS, for the
 * values we use):
 * - object members sorted by key, compared as UTF-16 code units (JavaScript's default sort, as JCS);
 * - no whitespace;
 * - strings and numbers exactly as `JSON.stringify` writes them (the shortest round-trip form of
 *   ECMAScript, which JCS adopts; `-0` is written `0`);
 * - only null, booleans, finite numbers, strings, arrays and plain objects. NaN, ±Infinity,
 *   `undefined` (also as a member or array slot), functions, symbols, bigints, class instances
 *   (Date, Map…) and cycles throw a `TypeError` rather than being dropped or coerced silently.
 * One difference from JCS: a lone UTF-16 surrogate is kept as its `\udxxx` escape, as
 * `JSON.stringify` does, rather than refused (the output is still deterministic).
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, []);
}

function serialise(value: unknown, ancestors: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite.');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form.`);
  }
  if (ancestors.includes(value)) throw new TypeError('canonicalJson: the value contains a cycle.');
  ancestors.push(value);
  let text: string;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const parts: string[] = [];
    // An index loop, not map(): map() skips holes, which would hide an `undefined` slot.
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      if (item === undefined) throw new TypeError('canonicalJson: undefined has no JSON form.');
      parts.push(serialise(item, ancestors));
    }
    text = `[${parts.join(',')}]`;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError('canonicalJson: only plain objects have a canonical form.');
    const record = value as Readonly<Record<string, unknown>>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) throw new TypeError(`canonicalJson: member "${key}" is undefined.`);
      parts.push(`${JSON.stringify(key)}:${serialise(member, ancestors)}`);
    }
    text = `{${parts.join(',')}}`;
  }
  ancestors.pop();
  return text;
}

/**
 * The hash of `event` linked to `prevHash`: lowercase hex SHA-256 over the bytes
 *   UTF-8(prevHash)  — the 64 ASCII characters of the previous hash in lowercase hex, no separator,
 *   UTF-8(canonicalJson(event))  — the whole event, `seq` included.
 * Both parts are ASCII-safe to concatenate: the first has a fixed length of 64 bytes, so the
 * boundary is unambiguous.
 */
export async function chainHash(prevHash: string, event: AuditEvent): Promise<string> {
  if (!HEX_SHA256.test(prevHash)) throw new TypeError('chainHash: prevHash must be 64 lowercase hex characters.');
  return sha256Hex(utf8(prevHash + canonicalJson(event)));
}

/**
 * The entry that appends `input` after `head`: the event gets `seq = head.seq + 1` and is parsed
 * by `AuditEvent` first, so an event carrying free text or an unknown field throws a `ZodError`
 * and is never hashed. The caller stores the entry and keeps `{ seq, hash }` as the new head;
 * appends must be serialised (one writer, in one transaction with the head it read).
 */
export async function appendEvent(head: ChainHead, input: AuditEventInput): Promise<StoredAuditEntry> {
  if (!Number.isSafeInteger(head.seq) || head.seq < 0) throw new TypeError('appendEvent: head.seq must be a whole number ≥ 0.');
  const event = AuditEvent.parse({ ...input, seq: head.seq + 1 });
  const hash = await chainHash(head.hash, event);
  return { seq: event.seq, prevHash: head.hash, hash, event };
}

/** Why verification stopped. */
export type ChainBreakReason =
  /** The entry is not a well-formed stored entry (unknown field, free text, wrong type…). */
  | 'malformed'
  /** The entry's seq is beyond the next expected one: an entry before it is missing. */
  | 'sequence-gap'
  /** The entry's seq was already passed: a repeated or moved entry. */
  | 'sequence-out-of-order'
  /** The entry does not link to the hash of the entry before it. */
  | 'prev-mismatch'
  /** The entry's content does not match its hash: it was altered after it was recorded. */
  | 'hash-mismatch'
  /** The chain ends before an anchor or before `expectedCount`: its tail was cut. */
  | 'truncated'
  /** The chain has more entries than `expectedCount`. */
  | 'extra-entries'
  /** The entry at an anchor's seq does not have the anchored hash: the chain was rewritten up to there. */
  | 'anchor-mismatch'
  /** The last entry's hash is not `expectedHead`: the chain was rewritten or cut (without a count, the two look the same). */
  | 'head-mismatch'
  /** Keyed chain: the entry's seal (HMAC under the vault's key) is missing or wrong: it was rewritten without the key. */
  | 'mac-mismatch'
  /** Keyed chain: the anchor sealed under the vault's key is missing or does not verify. */
  | 'key-anchor-invalid';

/** Message keys (namespace `backup`, shared/i18n/en/backup.ts) of each reason. */
export const CHAIN_BREAK_MESSAGE_KEYS: Readonly<Record<ChainBreakReason, string>> = {
  malformed: 'backup.audit.reason.malformed',
  'sequence-gap': 'backup.audit.reason.sequenceGap',
  'sequence-out-of-order': 'backup.audit.reason.sequenceOutOfOrder',
  'prev-mismatch': 'backup.audit.reason.prevMismatch',
  'hash-mismatch': 'backup.audit.reason.hashMismatch',
  truncated: 'backup.audit.reason.truncated',
  'extra-entries': 'backup.audit.reason.extraEntries',
  'anchor-mismatch': 'backup.audit.reason.anchorMismatch',
  'head-mismatch': 'backup.audit.reason.headMismatch',
  'mac-mismatch': 'backup.audit.reason.macMismatch',
  'key-anchor-invalid': 'backup.audit.reason.keyAnchorInvalid',
};

/** Anchors to check the chain against (see the module comment). */
export interface VerifyChainOptions {
  /** The hash the chain must end with. */
  readonly expectedHead?: string;
  /** How many entries the chain must have. With `expectedHead`, the pair is an anchor on the last entry. */
  readonly expectedCount?: number;
  /** Heads recorded elsewhere; each entry `seq` must exist and have `hash`. */
  readonly anchors?: readonly ChainAnchor[];
}

/** The outcome of `verifyChain`. */
export type VerifyChainResult =
  | { readonly ok: true; readonly head: string; readonly count: number }
  | {
      readonly ok: false;
      /**
       * The 1-based position of the first entry that fails verification (for 'truncated', the first
       * missing one). The entries before it link correctly, but note: whoever alters an entry can
       * recompute that entry's own hash, not the next entry's link, so with 'prev-mismatch' the
       * altered entry may be the one just before. For 'anchor-mismatch' and 'head-mismatch' it is
       * the position checked: some entry at or before it was rewritten.
       */
      readonly firstBrokenSeq: number;
      readonly reason: ChainBreakReason;
      /** Plain-language text of the reason (namespace `backup`). */
      readonly messageKey: string;
    };

function broken(firstBrokenSeq: number, reason: ChainBreakReason): VerifyChainResult {
  return { ok: false, firstBrokenSeq, reason, messageKey: CHAIN_BREAK_MESSAGE_KEYS[reason] };
}

/** A failed verification at `firstBrokenSeq` for `reason` (the keyed checks of auditKey.ts report through it). */
export const chainBreak = broken;

function checkAnchor(anchor: ChainAnchor, label: string): void {
  if (!Number.isSafeInteger(anchor.seq) || anchor.seq < 0) throw new TypeError(`verifyChain: ${label}.seq must be a whole number ≥ 0.`);
  if (!HEX_SHA256.test(anchor.hash)) throw new TypeError(`verifyChain: ${label}.hash must be 64 lowercase hex characters.`);
}

/**
 * Checks stored entries in the order given (storage order by seq), one at a time: memory stays
 * flat however long the chain. Each entry must parse, carry the next seq, link to the previous
 * hash and match its own hash. Then the anchors are checked: without one, a chain whose tail was
 * cut still verifies (as a shorter chain), which is why reports print the head.
 * Bad options (an anchor that is not a hash) throw a `TypeError`; bad entries never throw.
 */
export async function verifyChain(entries: AsyncIterable<unknown> | Iterable<unknown>, options: VerifyChainOptions = {}): Promise<VerifyChainResult> {
  const anchors = new Map<number, string>();
  for (const anchor of options.anchors ?? []) {
    checkAnchor(anchor, 'anchor');
    if (anchors.has(anchor.seq) && anchors.get(anchor.seq) !== anchor.hash) throw new TypeError(`verifyChain: two different anchors for seq ${anchor.seq}.`);
    anchors.set(anchor.seq, anchor.hash);
  }
  const { expectedHead, expectedCount } = options;
  if (expectedHead !== undefined && !HEX_SHA256.test(expectedHead)) throw new TypeError('verifyChain: expectedHead must be 64 lowercase hex characters.');
  if (expectedCount !== undefined && (!Number.isSafeInteger(expectedCount) || expectedCount < 0)) throw new TypeError('verifyChain: expectedCount must be a whole number ≥ 0.');
  if (expectedHead !== undefined && expectedCount !== undefined) {
    checkAnchor({ seq: expectedCount, hash: expectedHead }, 'expected head');
    if (anchors.has(expectedCount) && anchors.get(expectedCount) !== expectedHead) throw new TypeError('verifyChain: expectedHead contradicts an anchor.');
    anchors.set(expectedCount, expectedHead);
  }
  const genesisAnchor = anchors.get(0);
  if (genesisAnchor !== undefined && genesisAnchor !== GENESIS_HASH) return broken(1, 'anchor-mismatch');

  let head = GENESIS_HASH;
  let count = 0;
  for await (const raw of entries) {
    const expectedSeq = count + 1;
    if (expectedCount !== undefined && count === expectedCount) return broken(expectedSeq, 'extra-entries');
    const parsed = StoredAuditEntry.safeParse(raw);
    if (!parsed.success) return broken(expectedSeq, 'malformed');
    const entry = parsed.data;
    if (entry.seq !== entry.event.seq) return broken(expectedSeq, 'malformed');
    if (entry.seq > expectedSeq) return broken(expectedSeq, 'sequence-gap');
    if (entry.seq < expectedSeq) return broken(expectedSeq, 'sequence-out-of-order');
    if (entry.prevHash !== head) return broken(expectedSeq, 'prev-mismatch');
    if ((await chainHash(entry.prevHash, entry.event)) !== entry.hash) return broken(expectedSeq, 'hash-mismatch');
    const anchored = anchors.get(entry.seq);
    if (anchored !== undefined && anchored !== entry.hash) return broken(entry.seq, 'anchor-mismatch');
    head = entry.hash;
    count = expectedSeq;
  }

  // The first anchor the chain does not reach marks where the cut tail began.
  let furthestAnchor = 0;
  for (const seq of anchors.keys()) furthestAnchor = Math.max(furthestAnchor, seq);
  if (furthestAnchor > count || (expectedCount !== undefined && expectedCount > count)) return broken(count + 1, 'truncated');
  if (expectedHead !== undefined && head !== expectedHead) {
    // An empty chain anchored to a real head lost everything: a cut, not a rewrite.
    return count === 0 ? broken(1, 'truncated') : broken(count, 'head-mismatch');
  }
  return { ok: true, head, count };
}
