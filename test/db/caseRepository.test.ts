import { describe, expect, it } from 'vitest';
import { plainJsonCodec, type RecordCodec } from '../../renderer/db/codec';
import { openRepositories, StoredRecordError } from '../../renderer/db/repos';
import { freshDatabase } from './helpers';

function clock(start: string) {
  let t = new Date(start).getTime();
  return () => new Date((t += 60_000));
}

let idCounter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

describe('case repository', () => {
  it('stores a case, and a new connection reads it back from IndexedDB', async () => {
    const { db, factory, name } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db, now: clock('2026-03-01T08:00:00Z'), newId });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'prison-01' });
    expect(created.caseNumber).toBe('A-2026-00001');
    expect(created.facilityCode).toBe('PRISON-01');
    expect(created.status).toBe('draft');
    repos.close();

    const { createDatabase } = await import('../../renderer/db/database');
    const { IDBKeyRange } = await import('fake-indexeddb');
    const reopened = await openRepositories({ codec: plainJsonCodec, db: createDatabase({ name, indexedDB: factory, IDBKeyRange }) });
    const page = await reopened.cases.list();
    expect(page.total).toBe(1);
    expect(page.items[0]).toEqual(created);
    const record = await reopened.cases.get(created.id);
    expect(record?.body).toEqual({ schemaVersion: 2, openedAt: created.createdAt, examination: null });
  });

  it('numbers cases per year and lists newest first, with paging and status filter', async () => {
    const { db } = freshDatabase();
    let t = new Date('2026-12-31T23:58:00Z').getTime();
    const repos = await openRepositories({ codec: plainJsonCodec, db, now: () => new Date((t += 60_000)), newId });
    const a = await repos.cases.create({ encounterType: 'admission', facilityCode: '' });
    const b = await repos.cases.create({ encounterType: 'transfer_in', facilityCode: null });
    const c = await repos.cases.create({ encounterType: 'post_incident', facilityCode: 'CELL_B' });
    expect([a.caseNumber, b.caseNumber, c.caseNumber]).toEqual(['A-2026-00001', 'A-2027-00001', 'A-2027-00002']);
    expect(a.facilityCode).toBeNull();

    const all = await repos.cases.list();
    expect(all.items.map((i) => i.caseNumber)).toEqual(['A-2027-00002', 'A-2027-00001', 'A-2026-00001']);
    const second = await repos.cases.list({ offset: 1, limit: 1 });
    expect(second.total).toBe(3);
    expect(second.items.map((i) => i.caseNumber)).toEqual(['A-2027-00001']);
    const drafts = await repos.cases.list({ status: 'draft', limit: 2 });
    expect(drafts.total).toBe(3);
    expect(drafts.items.map((i) => i.caseNumber)).toEqual(['A-2027-00002', 'A-2027-00001']);
    expect((await repos.cases.list({ status: 'signed' })).total).toBe(0);
  });

  it('rejects invalid input and stores nothing', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db, newId });
    await expect(repos.cases.create({ encounterType: 'admission', facilityCode: '<script>' })).rejects.toThrow();
    // @ts-expect-error -- an encounter type outside the vocabulary, as a hostile caller would send
    await expect(repos.cases.create({ encounterType: 'interrogation', facilityCode: null })).rejects.toThrow();
    expect((await repos.cases.list()).total).toBe(0);
  });

  it('seals the body through the codec before storing, with table, id, schema version and revision', async () => {
    const seen: { table: string; id: string; schemaVersion: number; revision?: number }[] = [];
    const recording: RecordCodec = {
      id: 'recording',
      seal(context, value) {
        seen.push({ ...context });
        return Promise.resolve({ codec: 'recording', payload: `sealed:${JSON.stringify(value)}` });
      },
      open(_context, sealed) {
        if (typeof sealed.payload !== 'string') return Promise.reject(new Error('not a string'));
        return Promise.resolve(JSON.parse(sealed.payload.replace(/^sealed:/, '')) as unknown);
      },
    };
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: recording, db, newId });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    expect(seen).toEqual([{ table: 'caseBodies', id: created.id, schemaVersion: 2, revision: 1 }]);
    const raw = await db.caseBodies.get(created.id);
    expect(raw?.body.codec).toBe('recording');
    expect(raw?.body.payload).toMatch(/^sealed:/);
    expect(JSON.stringify(await db.cases.get(created.id))).not.toMatch(/sealed|openedAt/);
  });

  it('reports a damaged stored record instead of showing it half-read', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db, newId });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await db.caseBodies.update(created.id, { body: { codec: 'plain-json-1', payload: '{"schemaVersion":99}' } });
    await expect(repos.cases.get(created.id)).rejects.toBeInstanceOf(StoredRecordError);
    await db.cases.update(created.id, { status: 'archived' as 'draft' });
    await expect(repos.cases.list()).rejects.toBeInstanceOf(StoredRecordError);
  });

  it('refuses a body written by an unknown codec', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db, newId });
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await db.caseBodies.update(created.id, { body: { codec: 'aes-gcm-9', payload: 'xx' } });
    await expect(repos.cases.get(created.id)).rejects.toThrow(/format this version cannot read/);
  });
});
