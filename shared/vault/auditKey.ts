/**
 * The keyed audit chain (issue #20): the hash chain of ./auditChain.ts stays as it is (plain SHA-256,
 * which `attest verify-audit` checks without any key, and whose heads reports and backups print), and
 * the vault's audit key (HMAC-SHA-256, HKDF from the root: keys.ts) seals it, so that whoever can
 * write the profile but has no key cannot rewrite it consistently:
 *
 * - every entry appended by an unlocked vault carries `mac` = HMAC(auditKey, "attest-audit-entry-1|" ‖ hash);
 *   the hash commits to the entry and every entry before it, so the MAC does too;
 * - one **key anchor** (a row of the `vault` table) = { seq, hash, mac = HMAC(auditKey,
 *   "attest-audit-anchor-1|" ‖ seq ‖ "|" ‖ hash) } vouches for the entries up to `seq`: those written
 *   before the chain was keyed (plain SHA-256, verified once, at the first unlock of this version,
 *   before the anchor was set), or under a previous root key (re-anchored by `reanchor…` at key
 *   rotation, after they were verified under the old key).
 *
 * A chain verifies under the key when it verifies as a plain chain, its entry at the anchor's seq has
 * the anchored hash, and every entry after the anchor has a valid MAC. So an edited chain whose plain
 * SHA-256 was recomputed fails: before the anchor, at the anchor (`anchor-mismatch`); after it, at the
 * first entry whose MAC no longer matches (`mac-mismatch`).
 *
 * What it still does not prove (as before): a cut tail. Removing the latest entries leaves a shorter
 * chain whose MACs are all valid; only a head recorded elsewhere (a printed report, a backup's
 * manifest) shows it.
 *
 * Pure: WebCrypto only.
 */
import { z } from 'zod';
import { fromHex, toHex, utf8 } from '../bytes';
import { GENESIS_HASH, Sha256Hex, StoredAuditEntry, chainBreak, chainHash, verifyChain, type ChainHead, type VerifyChainOptions, type VerifyChainResult } from './auditChain';

/** The key of the anchor's row in the `vault` table. */
export const AUDIT_ANCHOR_ROW = 'auditAnchor';

const ENTRY_LABEL = 'attest-audit-entry-1|';
const ANCHOR_LABEL = 'attest-audit-anchor-1|';

/** The stored key anchor. */
export const AuditKeyAnchor = z.strictObject({
  version: z.literal(1),
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  hash: Sha256Hex,
  mac: Sha256Hex,
});
export type AuditKeyAnchor = z.infer<typeof AuditKeyAnchor>;

const subtle = () => globalThis.crypto.subtle;

async function hmacHex(key: CryptoKey, text: string): Promise<string> {
  return toHex(new Uint8Array(await subtle().sign('HMAC', key, utf8(text))));
}

async function hmacValid(key: CryptoKey, text: string, macHex: string): Promise<boolean> {
  const mac = fromHex(macHex);
  if (mac?.length !== 32) return false;
  // verify(), not a string compare: constant time.
  return subtle().verify('HMAC', key, mac, utf8(text));
}

/** The MAC of an entry's hash. */
export function entryMac(key: CryptoKey, hash: string): Promise<string> {
  return hmacHex(key, ENTRY_LABEL + hash);
}

/** Whether `mac` is the MAC of `hash` under `key`. */
export function entryMacValid(key: CryptoKey, hash: string, mac: string): Promise<boolean> {
  return hmacValid(key, ENTRY_LABEL + hash, mac);
}

function anchorText(head: ChainHead): string {
  return `${ANCHOR_LABEL}${String(head.seq)}|${head.hash}`;
}

/** A key anchor on `head` under `key`. */
export async function keyAnchor(key: CryptoKey, head: ChainHead): Promise<AuditKeyAnchor> {
  if (!Number.isSafeInteger(head.seq) || head.seq < 0 || !Sha256Hex.safeParse(head.hash).success) throw new TypeError('keyAnchor: not a chain head.');
  return { version: 1, seq: head.seq, hash: head.hash, mac: await hmacHex(key, anchorText(head)) };
}

/** The head a stored anchor vouches for, or null when it is missing, malformed or not sealed under `key`. */
export async function openKeyAnchor(key: CryptoKey, stored: unknown): Promise<ChainHead | null> {
  const parsed = AuditKeyAnchor.safeParse(stored);
  if (!parsed.success) return null;
  const { seq, hash, mac } = parsed.data;
  if (seq === 0 && hash !== GENESIS_HASH) return null;
  return (await hmacValid(key, anchorText({ seq, hash }), mac)) ? { seq, hash } : null;
}

/**
 * Whether one stored entry is authentic under `key`: its hash matches its content and link, and its
 * MAC matches its hash. (Whether it still belongs to the chain is `verifyKeyedChain`'s question.)
 */
export async function entryAuthentic(key: CryptoKey, raw: unknown): Promise<boolean> {
  const parsed = StoredAuditEntry.safeParse(raw);
  if (!parsed.success || parsed.data.mac === undefined || parsed.data.seq !== parsed.data.event.seq) return false;
  const { prevHash, hash, event, mac } = parsed.data;
  if ((await chainHash(prevHash, event)) !== hash) return false;
  return entryMacValid(key, hash, mac);
}

/**
 * Checks a chain under the key: `verifyChain` (with the key anchor added to `options.anchors`), and the
 * MAC of every entry after the anchor. The stored anchor must open under `key`, or the result is
 * `key-anchor-invalid` at 1. Memory stays flat: entries are checked as they stream past.
 */
export async function verifyKeyedChain(
  entries: AsyncIterable<unknown> | Iterable<unknown>,
  key: CryptoKey,
  storedAnchor: unknown,
  options: VerifyChainOptions = {},
): Promise<VerifyChainResult> {
  const anchor = await openKeyAnchor(key, storedAnchor);
  if (anchor === null) return chainBreak(1, 'key-anchor-invalid');
  const anchorSeq = anchor.seq;
  // An object, not a `let`: set inside the generator, read after it (narrowing would not see it).
  const failure: { seq: number | null } = { seq: null };
  async function* checked(): AsyncGenerator {
    for await (const raw of entries) {
      const parsed = StoredAuditEntry.safeParse(raw);
      // A malformed entry is passed on: verifyChain names it.
      if (parsed.success && parsed.data.seq > anchorSeq) {
        const { mac, hash } = parsed.data;
        if (mac === undefined || !(await entryMacValid(key, hash, mac))) {
          failure.seq = parsed.data.seq;
          return;
        }
      }
      yield raw;
    }
  }
  const plain = await verifyChain(checked(), { ...options, anchors: [...(options.anchors ?? []), anchor] });
  const failedAt = failure.seq;
  if (failedAt !== null && (plain.ok || plain.firstBrokenSeq >= failedAt)) return chainBreak(failedAt, 'mac-mismatch');
  return plain;
}
