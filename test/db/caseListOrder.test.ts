/**
 * The case list's index paths (migration 0013, issue #16 item 4): every order, both directions, with
 * and without a status or a facility filter, page by page, against a reference order computed here
 * from the rows alone; and the upgrade of a version-12 database, which keeps every row and gives the
 * arrival order key.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { CaseStatus, EncounterType } from '../../shared/domain/case';
import { plainJsonCodec } from '../../renderer/db/codec';
import { createDatabase, type CaseRow } from '../../renderer/db/database';
import { migrations } from '../../renderer/db/migrations';
import { openRepositories, type CaseListQuery } from '../../renderer/db/repos';
import { awaitingExamSinceOf, withOverdueIndex, type CaseSortKey } from '../../renderer/db/repos/caseRepository';
import { freshDatabase } from './helpers';

const NOW = new Date('2026-05-10T12:00:00Z');

/** A small deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OFFSETS = ['Z', '+02:00', '-05:00', '+05:30'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `count` rows as the app stores them: every status and encounter type, facilities with some
 * absent, arrivals typed in different offsets (so the typed string and the instant disagree on the
 * order), some not arrived yet, and opening times all distinct.
 */
function rows(count: number, seed = 7): CaseRow[] {
  const next = random(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000 + Math.floor(next() * 3_000_000));
    const arrivalMs = Date.parse('2026-03-01T00:00:00Z') + Math.floor(next() * 40) * 3_600_000;
    const offset = pick(OFFSETS);
    const shift = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    const local = new Date(arrivalMs + shift * 60_000).toISOString().slice(0, 19);
    const arrivalAt = next() < 0.2 ? null : `${local}${offset}`;
    const row: CaseRow = {
      id: `30000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      caseNumber: `A-2026-${String(i + 1).padStart(5, '0')}`,
      encounterType: pick(EncounterType.options),
      facilityCode: next() < 0.15 ? null : `PRISON-${pad(1 + Math.floor(next() * 3))}`,
      status: pick(CaseStatus.options),
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      arrivalAt,
      examStartAt: arrivalAt !== null && next() < 0.5 ? '2026-03-05T00:00:00Z' : null,
      revision: 2,
      searchKeys: [],
    };
    const waiting = awaitingExamSinceOf(row);
    if (waiting !== undefined) row.awaitingExamSince = waiting;
    return withOverdueIndex(row, null);
  });
}

/** The reference order, from the rows alone: the value, then opening time, both in the direction; no value last. */
function expectedOrder(all: readonly CaseRow[], query: CaseListQuery, sort: CaseSortKey, descending: boolean): string[] {
  const value = (row: CaseRow): string | number | null => {
    switch (sort) {
      case 'arrivalAt':
        return row.arrivalAt === null ? null : Date.parse(row.arrivalAt);
      case 'status':
        return CaseStatus.options.indexOf(row.status);
      case 'encounterType':
        return EncounterType.options.indexOf(row.encounterType);
      default:
        return row[sort];
    }
  };
  const direction = descending ? -1 : 1;
  return all
    .filter((row) => (query.status === undefined || row.status === query.status) && (query.facilityCode === undefined || row.facilityCode === query.facilityCode))
    .map((row) => ({ row, v: value(row) }))
    .sort((a, b) => {
      if (a.v !== b.v) {
        if (a.v === null) return 1;
        if (b.v === null) return -1;
        return (a.v < b.v ? -1 : 1) * direction;
      }
      return (a.row.createdAt < b.row.createdAt ? -1 : 1) * direction;
    })
    .map(({ row }) => row.id);
}

const SORTS: readonly CaseSortKey[] = ['createdAt', 'caseNumber', 'arrivalAt', 'status', 'facilityCode', 'encounterType'];

describe('case list: orders and filters through the indexes', () => {
  it('gives every order, either way, filtered by status or facility or not, page by page, as the reference order', async () => {
    const { db } = freshDatabase();
    const all = rows(90);
    await db.open();
    await db.cases.bulkAdd(all);
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    const filters: CaseListQuery[] = [{}, { status: 'signed' }, { status: 'draft' }, { facilityCode: 'PRISON-02' }, { facilityCode: 'PRISON-09' }, { status: 'signed', facilityCode: 'PRISON-01' }];
    let checked = 0;
    for (const filter of filters) {
      for (const sort of SORTS) {
        for (const direction of ['asc', 'desc'] as const) {
          const expected = expectedOrder(all, filter, sort, direction === 'desc');
          // The whole list, then pages that start and end inside the rows without a value.
          const whole = await repos.cases.list({ ...filter, sort, direction, limit: 500 });
          expect(whole.total, `${JSON.stringify(filter)} ${sort} ${direction}`).toBe(expected.length);
          expect(whole.items.map((i) => i.id), `${JSON.stringify(filter)} ${sort} ${direction}`).toEqual(expected);
          for (const [offset, limit] of [[0, 10], [7, 13], [60, 25], [85, 10]] as const) {
            const page = await repos.cases.list({ ...filter, sort, direction, offset, limit });
            expect(page.items.map((i) => i.id), `${JSON.stringify(filter)} ${sort} ${direction} ${String(offset)}+${String(limit)}`).toEqual(expected.slice(offset, offset + limit));
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBe(filters.length * SORTS.length * 2);
    repos.close();
  });

  it('counts the overdue cases of a filtered page as the rows say', async () => {
    const { db } = freshDatabase();
    const all = rows(60, 11);
    await db.open();
    await db.cases.bulkAdd(all);
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    const overdueOf = (keep: (row: CaseRow) => boolean) =>
      all.filter((row) => keep(row) && row.arrivalAt !== null && row.examStartAt === null && NOW.getTime() - Date.parse(row.arrivalAt) > 24 * 3_600_000).length;
    const check = { now: NOW, thresholdHours: 24 };
    expect((await repos.cases.list({ overdue: check })).overdue).toBe(overdueOf(() => true));
    expect((await repos.cases.list({ overdue: check, sort: 'arrivalAt' })).overdue).toBe(overdueOf(() => true));
    expect((await repos.cases.list({ overdue: check, facilityCode: 'PRISON-01' })).overdue).toBe(overdueOf((row) => row.facilityCode === 'PRISON-01'));
    expect((await repos.cases.list({ overdue: check, status: 'draft' })).overdue).toBe(overdueOf((row) => row.status === 'draft'));
    expect(overdueOf(() => true)).toBeGreaterThan(0);
    repos.close();
  });

  it('a saved case takes its arrival order key, and loses it when the arrival is cleared', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    const c = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const draft = (arrivalAt: string | null) => ({ schemaVersion: 1, formId: 'admission-examination', formVersion: 1, encounter: { type: 'admission', timing: { arrivalAt, examStartAt: null } } });
    const saved = await repos.cases.saveExamination(c.id, draft('2026-05-09T08:00:00+02:00'), c.revision);
    expect((await db.cases.get(c.id))?.arrivalOrder).toBe('2026-05-09T06:00:00.000Z');
    await repos.cases.saveExamination(c.id, draft(null), saved.revision);
    expect(await db.cases.get(c.id)).not.toHaveProperty('arrivalOrder');
    repos.close();
  });
});

describe('migration 0013', () => {
  it('keeps every case row of a version-12 database as it was, adds the arrival order key, and the list sorts by arrival either way', async () => {
    const { factory, name } = freshDatabase();
    const v12 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 12)) v12.version(migration.version).stores({ ...migration.stores });
    await v12.open();
    // Rows as version 12 wrote them: no arrival order key.
    const before = rows(40, 3).map((row) => {
      const copy = { ...row };
      delete copy.arrivalOrder;
      return copy;
    });
    await v12.table('cases').bulkAdd(before);
    await v12.table('caseBodies').bulkAdd(before.map((row) => ({ id: row.id, schemaVersion: 2, body: { codec: 'plain-json-1', payload: '{}' } })));
    v12.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(migrations.at(-1)?.version);
    const after = await db.cases.toArray();
    expect(after).toHaveLength(before.length);
    expect(await db.caseBodies.count()).toBe(before.length);
    for (const row of before) {
      const upgraded = after.find((r) => r.id === row.id);
      const { arrivalOrder, ...rest } = upgraded ?? ({} as CaseRow);
      expect(rest).toEqual(row);
      expect(arrivalOrder).toBe(row.arrivalAt === null ? undefined : new Date(Date.parse(row.arrivalAt)).toISOString());
    }
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    for (const direction of ['asc', 'desc'] as const) {
      expect((await repos.cases.list({ sort: 'arrivalAt', direction })).items.map((i) => i.id)).toEqual(expectedOrder(before, {}, 'arrivalAt', direction === 'desc'));
    }
    repos.close();
  });
});
