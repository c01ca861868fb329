import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_RECORD_TYPES,
  AuditEvent,
  CHAIN_BREAK_MESSAGE_KEYS,
  EMPTY_CHAIN_HEAD,
  GENESIS_HASH,
  appendEvent,
  canonicalJson,
  chainHash,
  verifyChain,
  type AuditEventInput,
  type ChainHead,
  type StoredAuditEntry,
} from '../../../shared/vault/auditChain';
import { backup } from '../../../shared/i18n/en/backup';

const SIZE = 50;
const ACTOR = 'c0a8012e-7d3b-4f5e-9a1b-2c3d4e5f6a7b';

function inputAt(i: number): AuditEventInput {
  const recordType = AUDIT_RECORD_TYPES[i % AUDIT_RECORD_TYPES.length] ?? 'case';
  const base = {
    at: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(8 + (i % 10)).padStart(2, '0')}:15:${String(i % 60).padStart(2, '0')}+01:00`,
    actor: i % 7 === 0 ? 'profile-2' : ACTOR,
    action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length] ?? 'create',
    recordType,
    recordId: i % 5 === 0 ? null : `rec-${String(i)}`,
  };
  if (i % 3 === 0) return { ...base, detail: { reportVersion: 1 + (i % 4), sha256: createHash('sha256').update(String(i)).digest('hex') } };
  if (i % 3 === 1) return { ...base, detail: { count: i * 10, bytes: i * 1024, method: 'passphrase' } };
  return base;
}

async function buildChain(size = SIZE): Promise<StoredAuditEntry[]> {
  const entries: StoredAuditEntry[] = [];
  let head: ChainHead = EMPTY_CHAIN_HEAD;
  for (let i = 0; i < size; i += 1) {
    const entry = await appendEvent(head, inputAt(i));
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
}

/** A deep copy, so each tampering starts from the intact chain. */
function copy(entries: readonly StoredAuditEntry[]): StoredAuditEntry[] {
  return structuredClone(entries) as StoredAuditEntry[];
}

function at(entries: readonly StoredAuditEntry[], index: number): StoredAuditEntry {
  const entry = entries[index];
  if (entry === undefined) throw new Error(`no entry ${String(index)}`);
  return entry;
}

const chain = await buildChain();
const fullHead = at(chain, SIZE - 1).hash;
const anchoredEnd = { expectedHead: fullHead, expectedCount: SIZE };

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe('chain hash', () => {
  it('is SHA-256 over the previous hash in hex followed by the canonical JSON of the event', async () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const first = at(chain, 0);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(first.hash).toBe(sha256Hex(GENESIS_HASH + canonicalJson(first.event)));
    const second = at(chain, 1);
    expect(second.prevHash).toBe(first.hash);
    expect(await chainHash(first.hash, second.event)).toBe(sha256Hex(first.hash + canonicalJson(second.event)));
  });

  it('matches a pinned vector, so a change to the canonical form cannot pass unnoticed', async () => {
    const event = AuditEvent.parse({
      seq: 1,
      at: '2025-03-10T14:05:00+01:00',
      actor: 'profile-1',
      action: 'sign',
      recordType: 'report',
      recordId: 'case-42',
      detail: { sha256: 'ab'.repeat(32), reportVersion: 2 },
    });
    const json = canonicalJson(event);
    expect(json).toBe(
      `{"action":"sign","actor":"profile-1","at":"2025-03-10T14:05:00+01:00","detail":{"reportVersion":2,"sha256":"${'ab'.repeat(32)}"},"recordId":"case-42","recordType":"report","seq":1}`,
    );
    expect(await chainHash(GENESIS_HASH, event)).toBe(sha256Hex(GENESIS_HASH + json));
    expect(await chainHash(GENESIS_HASH, event)).toBe('dadf542a64db50588e95ca0b7a95e734d23b171557c13ae1404f48d2bcec9a9b');
  });

  it('refuses a previous hash that is not 64 lowercase hex characters', async () => {
    const event = at(chain, 0).event;
    await expect(chainHash('ABC', event)).rejects.toThrow(TypeError);
    await expect(chainHash(GENESIS_HASH.toUpperCase().replace(/0/g, 'A'), event)).rejects.toThrow(TypeError);
  });

  it('appendEvent numbers events from the head', async () => {
    expect(chain.map((entry) => entry.seq)).toEqual(Array.from({ length: SIZE }, (_, i) => i + 1));
    expect(chain.every((entry) => entry.seq === entry.event.seq)).toBe(true);
    const next = await appendEvent({ seq: SIZE, hash: fullHead }, inputAt(0));
    expect(next.seq).toBe(SIZE + 1);
    expect(next.prevHash).toBe(fullHead);
  });
});

describe('verifyChain on an intact chain', () => {
  it('reports the head and the count', async () => {
    expect(await verifyChain(chain)).toEqual({ ok: true, head: fullHead, count: SIZE });
    expect(await verifyChain(chain, anchoredEnd)).toEqual({ ok: true, head: fullHead, count: SIZE });
  });

  it('reads entries from an async iterable, one at a time', async () => {
    let pulled = 0;
    async function* fromStorage(): AsyncGenerator {
      for (const entry of chain) {
        pulled += 1;
        await Promise.resolve();
        yield entry;
      }
    }
    expect(await verifyChain(fromStorage())).toEqual({ ok: true, head: fullHead, count: SIZE });
    expect(pulled).toBe(SIZE);
  });

  it('accepts entries that went through JSON (as exported and read back)', async () => {
    expect(await verifyChain(JSON.parse(JSON.stringify(chain)) as unknown[])).toEqual({ ok: true, head: fullHead, count: SIZE });
  });

  it('verifies the empty chain as the genesis hash', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, head: GENESIS_HASH, count: 0 });
  });

  it('lets events follow an anchor taken earlier (a report signed at event 20)', async () => {
    expect(await verifyChain(chain, { anchors: [{ seq: 20, hash: at(chain, 19).hash }] })).toMatchObject({ ok: true, count: SIZE });
  });

  it('refuses options that are not anchors', async () => {
    await expect(verifyChain(chain, { expectedHead: 'nope' })).rejects.toThrow(TypeError);
    await expect(verifyChain(chain, { expectedCount: -1 })).rejects.toThrow(TypeError);
    await expect(verifyChain(chain, { anchors: [{ seq: 1.5, hash: fullHead }] })).rejects.toThrow(TypeError);
  });
});

/** Every way of altering one field of entry `index`, with the reasons it may be reported as. */
type Tamper = (entry: StoredAuditEntry) => void;
const fieldTampers: readonly (readonly [string, Tamper, readonly string[]])[] = [
  ['event.at', (e) => { e.event.at = '2024-01-01T00:00:00Z'; }, ['hash-mismatch']],
  ['event.actor', (e) => { e.event.actor = e.event.actor === ACTOR ? 'profile-9' : ACTOR; }, ['hash-mismatch']],
  ['event.action', (e) => { e.event.action = e.event.action === 'view' ? 'sign' : 'view'; }, ['hash-mismatch']],
  ['event.recordType', (e) => { e.event.recordType = e.event.recordType === 'case' ? 'report' : 'case'; }, ['hash-mismatch']],
  ['event.recordId', (e) => { e.event.recordId = e.event.recordId === null ? 'rec-x' : null; }, ['hash-mismatch']],
  ['event.detail (added, changed or removed)', (e) => {
    if (e.event.detail === undefined) e.event.detail = { count: 1 };
    else if (e.event.detail.count !== undefined) e.event.detail.count += 1;
    else delete e.event.detail;
  }, ['hash-mismatch']],
  ['event.seq', (e) => { e.event.seq += 1; }, ['malformed']],
  ['seq (entry and event, renumbered)', (e) => { e.seq += 1; e.event.seq += 1; }, ['sequence-gap']],
  ['prevHash', (e) => { e.prevHash = sha256Hex('forged'); }, ['prev-mismatch']],
  ['hash', (e) => { e.hash = sha256Hex('forged'); }, ['hash-mismatch']],
  ['a field added to the event', (e) => { Object.assign(e.event, { note: 'x' }); }, ['malformed']],
  ['a field added to the entry', (e) => { Object.assign(e, { extra: 1 }); }, ['malformed']],
];

describe('verifyChain finds the first broken link, at every position', () => {
  const indexes = Array.from({ length: SIZE }, (_, i) => i);

  it.each(indexes)('deleting event %i is detected (the last one against an anchored head)', async (index) => {
    const tampered = chain.filter((_, i) => i !== index);
    const seq = index + 1;
    if (index < SIZE - 1) {
      expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: seq, reason: 'sequence-gap' });
    } else {
      // Deleting the last event is a cut tail: invisible without an anchor.
      expect(await verifyChain(tampered)).toMatchObject({ ok: true, count: SIZE - 1 });
      expect(await verifyChain(tampered, anchoredEnd)).toMatchObject({ ok: false, firstBrokenSeq: SIZE, reason: 'truncated' });
    }
  });

  it.each(indexes)('altering any field of event %i is detected there', async (index) => {
    for (const [field, tamper, reasons] of fieldTampers) {
      const tampered = copy(chain);
      tamper(at(tampered, index));
      const result = await verifyChain(tampered);
      expect(result.ok, field).toBe(false);
      if (result.ok) continue;
      expect(result.firstBrokenSeq, field).toBe(index + 1);
      expect(reasons, field).toContain(result.reason);
    }
  });

  it.each(indexes)('altering event %i and recomputing its own hash is caught at the next link or the anchor', async (index) => {
    const tampered = copy(chain);
    const entry = at(tampered, index);
    entry.event.action = entry.event.action === 'export' ? 'view' : 'export';
    entry.hash = await chainHash(entry.prevHash, entry.event);
    if (index < SIZE - 1) {
      expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: index + 2, reason: 'prev-mismatch' });
    } else {
      expect(await verifyChain(tampered)).toMatchObject({ ok: true });
      expect(await verifyChain(tampered, anchoredEnd)).toMatchObject({ ok: false, firstBrokenSeq: SIZE, reason: 'anchor-mismatch' });
    }
  });

  it.each(indexes.slice(0, -1))('swapping event %i with the next one is detected there', async (index) => {
    const tampered = [...chain];
    tampered[index] = at(chain, index + 1);
    tampered[index + 1] = at(chain, index);
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: index + 1, reason: 'sequence-gap' });
  });

  it.each(indexes.slice(0, -1))('swapping event %i with the next one and renumbering both is detected there', async (index) => {
    const tampered = copy(chain);
    const a = at(tampered, index);
    const b = at(tampered, index + 1);
    [a.seq, a.event.seq, b.seq, b.event.seq] = [b.seq, b.event.seq, a.seq, a.event.seq];
    tampered[index] = b;
    tampered[index + 1] = a;
    const result = await verifyChain(tampered);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: index + 1 });
    expect(['prev-mismatch', 'hash-mismatch']).toContain(result.ok ? '' : result.reason);
  });

  it.each(indexes)('duplicating event %i is detected at the copy', async (index) => {
    const tampered = [...chain.slice(0, index + 1), at(chain, index), ...chain.slice(index + 1)];
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: index + 2, reason: 'sequence-out-of-order' });
  });

  it('reports malformed entries without throwing', async () => {
    expect(await verifyChain([null])).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'malformed' });
    expect(await verifyChain([at(chain, 0), 'text'])).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'malformed' });
    expect(await verifyChain([{ ...at(chain, 0), hash: fullHead.toUpperCase() }])).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'malformed' });
  });

  it('gives every reason a message in the catalog', () => {
    for (const key of Object.values(CHAIN_BREAK_MESSAGE_KEYS)) {
      const [namespace, group, sub, name] = key.split('.');
      expect(namespace).toBe('backup');
      expect(group).toBe('audit');
      expect(sub).toBe('reason');
      expect(typeof (backup.audit.reason as Readonly<Record<string, string>>)[name ?? '']).toBe('string');
    }
  });
});

describe('anchors catch a cut tail and a rewritten chain', () => {
  it.each([1, 10, 25, 49])('a chain cut to %i events verifies alone but not against the anchored head', async (kept) => {
    const cut = chain.slice(0, kept);
    expect(await verifyChain(cut)).toEqual({ ok: true, head: at(chain, kept - 1).hash, count: kept });
    expect(await verifyChain(cut, anchoredEnd)).toMatchObject({ ok: false, firstBrokenSeq: kept + 1, reason: 'truncated' });
    expect(await verifyChain(cut, { expectedCount: SIZE })).toMatchObject({ ok: false, firstBrokenSeq: kept + 1, reason: 'truncated' });
    expect(await verifyChain(cut, { anchors: [{ seq: SIZE, hash: fullHead }] })).toMatchObject({ ok: false, firstBrokenSeq: kept + 1, reason: 'truncated' });
    // The head alone cannot tell a cut from a rewrite.
    expect(await verifyChain(cut, { expectedHead: fullHead })).toMatchObject({ ok: false, firstBrokenSeq: kept, reason: 'head-mismatch' });
  });

  it('an emptied chain is a cut against any real head', async () => {
    expect(await verifyChain([], anchoredEnd)).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'truncated' });
    expect(await verifyChain([], { expectedHead: fullHead })).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'truncated' });
  });

  it('a chain rewritten from event 10 with every hash recomputed is caught only by an anchor', async () => {
    const rewritten: StoredAuditEntry[] = chain.slice(0, 9);
    let head: ChainHead = { seq: 9, hash: at(chain, 8).hash };
    for (let i = 9; i < SIZE; i += 1) {
      // appendEvent renumbers from the head, so the stored seq is simply overridden.
      const event = at(chain, i).event;
      const entry = await appendEvent(head, i === 9 ? { ...event, action: event.action === 'view' ? 'sign' : 'view' } : event);
      rewritten.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    expect(await verifyChain(rewritten)).toMatchObject({ ok: true, count: SIZE });
    expect(await verifyChain(rewritten, anchoredEnd)).toMatchObject({ ok: false, firstBrokenSeq: SIZE, reason: 'anchor-mismatch' });
    expect(await verifyChain(rewritten, { anchors: [{ seq: 20, hash: at(chain, 19).hash }] })).toMatchObject({ ok: false, firstBrokenSeq: 20, reason: 'anchor-mismatch' });
    // An anchor taken before the rewritten event still holds: the rewrite began after it.
    expect(await verifyChain(rewritten, { anchors: [{ seq: 9, hash: at(chain, 8).hash }] })).toMatchObject({ ok: true });
  });

  it('more events than the anchored count are reported', async () => {
    expect(await verifyChain(chain, { expectedCount: 30 })).toMatchObject({ ok: false, firstBrokenSeq: 31, reason: 'extra-entries' });
  });
});

describe('canonicalJson', () => {
  it('is the same whatever the key order, at every depth', () => {
    const a = { b: 1, a: { d: [1, { y: true, x: null }], c: 'é' } };
    const b = { a: { c: 'é', d: [1, { x: null, y: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"é","d":[1,{"x":null,"y":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does (its own example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the order off the text: parsing it back would put the integer-like key "1" first anyway.
    const serialisedOrder = [...canonicalJson(value).matchAll(/:"([^"]+)"/g)].map((m) => m[1]);
    expect(serialisedOrder).toEqual(['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']);
  });

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([1.0, -0, 1e21, 0.1 + 0.2, 5e-7, 'a"b\\c\n\u0001', '\ud800'])).toBe('[1,0,1e+21,0.30000000000000004,5e-7,"a\\"b\\\\c\\n\\u0001","\\ud800"]');
  });

  it('refuses what JSON cannot represent exactly', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const holey: unknown[] = [1];
    holey[2] = 2;
    const refused: readonly unknown[] = [NaN, Infinity, -Infinity, undefined, { a: undefined }, [undefined], holey, () => 1, Symbol('s'), 10n, new Date(0), new Map(), cyclic];
    for (const value of refused) expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('accepts a shared (non-cyclic) object twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('the event schema keeps case content out', () => {
  const valid = inputAt(3);

  it.each([
    ['a note in detail', { ...valid, detail: { note: 'The detainee said he was beaten' } }],
    ['text in a closed detail field', { ...valid, detail: { method: 'told by the guard' } }],
    ['a digest that is not hex', { ...valid, detail: { sha256: 'not a digest' } }],
    ['a number as text', { ...valid, detail: { count: '12 cases' } }],
    ['a name as actor', { ...valid, actor: 'Dr Jane Doe' }],
    ['a sentence as record id', { ...valid, recordId: 'case of John Smith' }],
    ['an over-long id', { ...valid, recordId: 'x'.repeat(65) }],
    ['an unknown action', { ...valid, action: 'erase' }],
    ['an unknown record type', { ...valid, recordType: 'person' }],
    ['a field of its own', { ...valid, comment: 'free text' }],
    ['a time without offset', { ...valid, at: '2025-03-10T14:05:00' }],
  ])('refuses %s', async (_name, input) => {
    await expect(appendEvent(EMPTY_CHAIN_HEAD, input as AuditEventInput)).rejects.toThrow();
  });

  it('a stored event carrying free text is reported as malformed', async () => {
    const tampered = copy(chain.slice(0, 3));
    Object.assign(at(tampered, 1).event, { detail: { note: 'free text' } });
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'malformed' });
  });
});
