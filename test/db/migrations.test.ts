import { describe, expect, it } from 'vitest';
import { migrations } from '../../renderer/db/migrations';
import { freshDatabase } from './helpers';

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps (append-only)', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('0001 creates the cases table with metadata indexes only (never the sealed body)', async () => {
    const { db } = freshDatabase();
    await db.open();
    expect(db.verno).toBe(migrations.length);
    const cases = db.table('cases').schema;
    const indexed = [cases.primKey.name, ...cases.indexes.map((i) => i.name)];
    expect(indexed).toEqual(expect.arrayContaining(['id', 'caseNumber', 'createdAt', 'status', 'facilityCode', '[status+createdAt]']));
    expect(indexed.some((name) => name.includes('body'))).toBe(false);
    expect(cases.indexes.find((i) => i.name === 'caseNumber')?.unique).toBe(true);
    db.close();
  });
});
