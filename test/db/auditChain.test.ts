/**
 * The audit chain in IndexedDB: case and settings changes append events that name records by id
 * only, commit with the change or not at all, never fork under concurrent writers, verify page by
 * page, name the first broken event when a row is tampered with, and export a file that
 * `attest verify-audit` accepts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditFile } from '../../cli/verifyAudit';
import { plainJsonCodec } from '../../renderer/db/codec';
import { createDatabase, type AuditRow } from '../../renderer/db/database';
import { AuditWriteError, ConcurrentEditError, LOCAL_ACTOR_ID, auditExportBytes, openRepositories } from '../../renderer/db/repos';
import { MAX_APPEND_ATTEMPTS } from '../../renderer/db/repos/auditRepository';
import { EMPTY_CHAIN_HEAD, GENESIS_HASH, appendEvent, type ChainHead, type StoredAuditEntry } from '../../shared/vault/auditChain';
import { freshDatabase } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'attest-audit-db-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let idCounter = 0;
const newId = () => `30000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

const NAMES = ['María José', 'López', 'P-7781', 'Majo', 'they kept me standing'];

function draft(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: 'María José', familyName: 'López', idNumber: 'P-7781', aliases: ['Majo'] },
    account: { ownWords: 'they kept me standing all night' },
    ...overrides,
  };
}

async function setup() {
  const { db, factory, name } = freshDatabase();
  let t = Date.parse('2026-05-02T07:00:00Z');
  const repos = await openRepositories({ codec: plainJsonCodec, db, newId, now: () => new Date((t += 1_000)) });
  return { db, factory, name, repos };
}

/** Appends `n` events through the case repository: one case, then saves. */
async function appendEvents(repos: Awaited<ReturnType<typeof setup>>['repos'], n: number): Promise<void> {
  let summary = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
  for (let i = 1; i < n; i += 1) summary = await repos.cases.saveExamination(summary.id, draft(), summary.revision);
}

describe('audit chain storage', () => {
  it('records create then update for a case, by id only, with none of what was typed', async () => {
    const { db, repos } = await setup();
    expect(await repos.audit.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await repos.cases.saveExamination(created.id, draft(), created.revision);
    await repos.settings.update({ thresholdHours: 2 });

    const rows = await db.audit.orderBy('seq').toArray();
    expect(rows.map((row) => row.event)).toEqual([
      // The body's revision (issue #20): a body older than the last one recorded is refused as rolled back.
      { seq: 1, at: created.createdAt, actor: LOCAL_ACTOR_ID, action: 'create', recordType: 'case', recordId: created.id, detail: { revision: 1 } },
      { seq: 2, at: expect.any(String) as string, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'case', recordId: created.id, detail: { revision: 2 } },
      { seq: 3, at: expect.any(String) as string, actor: LOCAL_ACTOR_ID, action: 'update', recordType: 'settings', recordId: null },
    ]);
    const text = JSON.stringify(rows);
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(text).not.toContain('PRISON-01');
    expect(await repos.audit.count()).toBe(3);
    expect(await repos.audit.head()).toEqual({ seq: 3, hash: rows[2]?.hash });
    repos.close();
  });

  it('verifies a chain of 100 events, and anchors it to its head', async () => {
    const { repos } = await setup();
    await appendEvents(repos, 100);
    const head = await repos.audit.head();
    expect(head.seq).toBe(100);
    expect(await repos.audit.verify()).toEqual({ ok: true, count: 100, head: head.hash });
    expect(await repos.audit.verify({ anchors: [head] })).toEqual({ ok: true, count: 100, head: head.hash });
    repos.close();
  });

  it.each([
    ['a field altered', 5, 'hash-mismatch', async (rows: AuditRow[], put: (row: AuditRow) => Promise<unknown>) => {
      const row = rows[4] as AuditRow;
      await put({ ...row, event: { ...(row.event as object), action: 'view' } });
    }],
    ['an event deleted', 5, 'sequence-gap', async (_rows: AuditRow[], _put: unknown, remove: (seq: number) => Promise<void>) => {
      await remove(5);
    }],
    ['two events swapped (and renumbered)', 3, 'prev-mismatch', async (rows: AuditRow[], put: (row: AuditRow) => Promise<unknown>) => {
      const third = rows[2] as AuditRow;
      const fourth = rows[3] as AuditRow;
      await put({ ...fourth, seq: 3, event: { ...(fourth.event as object), seq: 3 } });
      await put({ ...third, seq: 4, event: { ...(third.event as object), seq: 4 } });
    }],
  ] as const)('names the first broken event when %s', async (_name, brokenSeq, reason, tamper) => {
    const { db, repos } = await setup();
    await appendEvents(repos, 10);
    const rows = await db.audit.orderBy('seq').toArray();
    await tamper(rows, (row) => db.audit.put(row), (seq) => db.audit.delete(seq));
    expect(await repos.audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: brokenSeq, reason });
    repos.close();
  });

  it('catches a cut tail only against the head recorded before', async () => {
    const { db, repos } = await setup();
    await appendEvents(repos, 10);
    const anchor = await repos.audit.head();
    await db.audit.bulkDelete([9, 10]);
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 8 });
    expect(await repos.audit.verify({ anchors: [anchor] })).toMatchObject({ ok: false, firstBrokenSeq: 9, reason: 'truncated' });
    repos.close();
  });

  it('gives two concurrent saves consecutive events, and the chain verifies', async () => {
    const { db, repos } = await setup();
    const a = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const b = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await Promise.all([repos.cases.saveExamination(a.id, draft(), a.revision), repos.cases.saveExamination(b.id, draft(), b.revision)]);
    const rows = await db.audit.orderBy('seq').toArray();
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4]);
    expect(rows.slice(2).map((row) => (row.event as { recordId: string }).recordId).sort()).toEqual([a.id, b.id].sort());
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 4 });
    repos.close();
  });

  it('never forks the chain when two windows (two connections) append at once', async () => {
    const { name, factory, repos } = await setup();
    const other = await openRepositories({ codec: plainJsonCodec, newId, db: createDatabase({ name, indexedDB: factory, IDBKeyRange }) });
    const event = { at: '2026-05-02T07:00:00Z', actor: LOCAL_ACTOR_ID, action: 'view', recordType: 'vault', recordId: null } as const;
    const appended = await Promise.all([
      ...Array.from({ length: 4 }, () => repos.audit.append(event)),
      ...Array.from({ length: 4 }, () => other.audit.append(event)),
    ]);
    expect(appended.map((entry) => entry.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await other.audit.verify()).toMatchObject({ ok: true, count: 8 });
    expect(await repos.audit.head()).toEqual(await other.audit.head());
    other.close();
    repos.close();
  });

  it('adds no event when the change is refused, and no change when the event cannot be added', async () => {
    const { db, repos } = await setup();
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await repos.cases.saveExamination(created.id, draft(), created.revision);
    // Another window saved first: the stale save is refused, and so is its event.
    await expect(repos.cases.saveExamination(created.id, draft(), created.revision)).rejects.toBeInstanceOf(ConcurrentEditError);
    await expect(repos.cases.saveExamination(created.id, { formId: 'x' }, 2)).rejects.toThrow();
    await expect(repos.settings.update({ thresholdHours: 0 })).rejects.toThrow();
    expect(await repos.audit.count()).toBe(2);

    // The other way round: a damaged last event stops the change, which is not stored.
    const last = await db.audit.get(2);
    await db.audit.put({ ...(last as AuditRow), hash: 'not a hash' });
    await expect(repos.cases.create({ encounterType: 'admission', facilityCode: null })).rejects.toBeInstanceOf(AuditWriteError);
    await expect(repos.cases.saveExamination(created.id, draft(), 2)).rejects.toBeInstanceOf(AuditWriteError);
    expect((await repos.cases.list()).total).toBe(1);
    expect((await repos.cases.get(created.id))?.summary.revision).toBe(2);
    expect(await repos.audit.count()).toBe(2);
    repos.close();
  });

  it('retries when another writer took the same seq inside the transaction, and gives up after a bound', async () => {
    const { db, repos } = await setup();
    const event = { at: '2026-05-02T07:00:00Z', actor: LOCAL_ACTOR_ID, action: 'view', recordType: 'vault', recordId: null } as const;
    const racer = await appendEvent(EMPTY_CHAIN_HEAD, { ...event, action: 'lock' });
    // A racer slips seq 1 in once: the add fails on the unique key, the attempt rolls back, the retry lands.
    let calls = 0;
    await repos.audit.recordWith([db.settings], event, async () => {
      calls += 1;
      await db.settings.put({ key: 'thresholdHours', value: 12 });
      if (calls === 1) await db.audit.add(racer);
    });
    expect(calls).toBe(2);
    expect((await db.audit.toArray()).map((row) => (row.event as { action: string }).action)).toEqual(['view']);
    // A racer that always wins: bounded retries, then a clear error, and nothing of the attempts is kept.
    // (Hashed beforehand: WebCrypto inside the transaction would commit it early.)
    const secondRacer = await appendEvent(await repos.audit.head(), { ...event, action: 'lock' });
    let attempts = 0;
    await expect(
      repos.audit.recordWith([db.settings], event, async () => {
        attempts += 1;
        await db.settings.put({ key: 'thresholdHours', value: 48 });
        await db.audit.add(secondRacer);
      }),
    ).rejects.toBeInstanceOf(AuditWriteError);
    expect(attempts).toBe(MAX_APPEND_ATTEMPTS);
    expect(await repos.audit.count()).toBe(1);
    expect((await repos.settings.get()).thresholdHours).toBe(12);
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 1 });
    repos.close();
  });

  it('exports a file that attest verify-audit accepts, against the head shown', async () => {
    const { repos } = await setup();
    await appendEvents(repos, 7);
    await repos.settings.update({ examinerLanguages: ['fr'] });
    const head = await repos.audit.head();
    const bytes = await auditExportBytes(repos.audit.exportEntries());
    const path = join(dir, 'audit.json');
    writeFileSync(path, bytes);
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown[];
    expect(parsed).toHaveLength(8);
    expect(await verifyAuditFile(path)).toEqual({ exitCode: 0, message: `Audit chain verified: 8 events, head ${head.hash}` });
    expect((await verifyAuditFile(path, { expectedHead: head.hash, expectedCount: head.seq })).exitCode).toBe(0);
    expect((await verifyAuditFile(path, { expectedHead: head.hash, expectedCount: 9 })).exitCode).toBe(1);
    repos.close();
  });

  it('exports an empty chain as an empty array that verifies', async () => {
    const { repos } = await setup();
    const bytes = await auditExportBytes(repos.audit.exportEntries());
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual([]);
    expect(await repos.audit.verify()).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
    repos.close();
  });
});

describe('audit chain storage, long chains', () => {
  it('verifies and exports across pages, and finds a break past the first page', async () => {
    const { db, repos } = await setup();
    const entries: StoredAuditEntry[] = [];
    let head: ChainHead = EMPTY_CHAIN_HEAD;
    for (let i = 0; i < 1_203; i += 1) {
      const entry = await appendEvent(head, { at: '2026-05-02T07:00:00Z', actor: LOCAL_ACTOR_ID, action: 'view', recordType: 'case', recordId: `case-${String(i % 7)}` });
      entries.push(entry);
      head = { seq: entry.seq, hash: entry.hash };
    }
    await db.audit.bulkAdd(entries);
    expect(await repos.audit.verify({ anchors: [head] })).toEqual({ ok: true, count: 1_203, head: head.hash });
    let exported = 0;
    for await (const row of repos.audit.exportEntries()) {
      exported += 1;
      expect(row.seq).toBe(exported);
    }
    expect(exported).toBe(1_203);
    const row = entries[1_000] as StoredAuditEntry;
    await db.audit.put({ ...row, event: { ...row.event, recordId: 'case-x' } });
    expect(await repos.audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 1_001, reason: 'hash-mismatch' });
    repos.close();
  });
});
