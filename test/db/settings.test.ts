import { IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { createDatabase } from '../../renderer/db/database';
import { migrations } from '../../renderer/db/migrations';
import { DEFAULT_SETTINGS, InvalidSettingsError, openRepositories } from '../../renderer/db/repos';
import { openVaultRepository } from '../../renderer/db/repos/vaultRepository';
import { freshDatabase } from './helpers';

describe('settings repository', () => {
  it('stores the auto-lock time in whole minutes from 1 to 120, and refuses anything else', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect((await repos.settings.update({ autoLockMinutes: 2 })).autoLockMinutes).toBe(2);
    for (const bad of [0, 121, 1.5, -3]) {
      await expect(repos.settings.update({ autoLockMinutes: bad })).rejects.toThrow();
    }
    expect((await repos.settings.get()).autoLockMinutes).toBe(2);
    repos.close();
  });

  it('gives the defaults when nothing is stored: 24 h and no examiner languages', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect(await repos.settings.get()).toEqual({ thresholdHours: 24, examinerLanguages: [], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    expect(DEFAULT_SETTINGS.thresholdHours).toBe(24);
    expect(await db.settings.count()).toBe(0);
    repos.close();
  });

  it('stores a change, and a new connection reads it back from IndexedDB', async () => {
    const { db, factory, name } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    const saved = await repos.settings.update({ thresholdHours: 2, examinerLanguages: ['en', 'FR', 'es-mx', 'fr'] });
    // Canonical case, each tag once.
    expect(saved).toEqual({ thresholdHours: 2, examinerLanguages: ['en', 'fr', 'es-MX'], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    // A partial change leaves the other setting as it was.
    expect(await repos.settings.update({ thresholdHours: 168 })).toEqual({ thresholdHours: 168, examinerLanguages: ['en', 'fr', 'es-MX'], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    repos.close();

    const reopened = await openRepositories({ codec: plainJsonCodec, db: createDatabase({ name, indexedDB: factory, IDBKeyRange }) });
    expect(await reopened.settings.get()).toEqual({ thresholdHours: 168, examinerLanguages: ['en', 'fr', 'es-MX'], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    expect(await reopened.settings.update({ examinerLanguages: [] })).toEqual({ thresholdHours: 168, examinerLanguages: [], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    reopened.close();
  });

  it('stores the UI language, which the vault’s rows read before anything is unlocked', async () => {
    const { db, factory, name } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect((await repos.settings.get()).uiLanguage).toBeNull();
    expect((await repos.settings.update({ uiLanguage: 'ar' })).uiLanguage).toBe('ar');
    // A language that is not one of the six, or a tag in another form, is refused; nothing changes.
    for (const bad of ['de', 'AR', 'ar-EG', 'zh-Hans', '', 7]) {
      await expect(repos.settings.update({ uiLanguage: bad } as never)).rejects.toBeInstanceOf(InvalidSettingsError);
    }
    repos.close();

    // The unlock screen's connection: no codec, no keys, the one row.
    const vault = await openVaultRepository({ db: createDatabase({ name, indexedDB: factory, IDBKeyRange }) });
    expect(await vault.readUiLanguage()).toBe('ar');
    vault.close();

    // A damaged stored value reads as "not chosen", never as a language nobody chose.
    const raw = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    await raw.open();
    await raw.settings.put({ key: 'uiLanguage', value: '<script>' });
    raw.close();
    const again = await openVaultRepository({ db: createDatabase({ name, indexedDB: factory, IDBKeyRange }) });
    expect(await again.readUiLanguage()).toBeNull();
    again.close();
  });

  it.each([
    ['no hours', { thresholdHours: 0 }],
    ['more than a week', { thresholdHours: 169 }],
    ['a fraction of an hour', { thresholdHours: 24.5 }],
    ['a number as text', { thresholdHours: '24' }],
    ['not a number', { thresholdHours: Number.NaN }],
    ['a language that is not a tag', { examinerLanguages: ['English'] }],
    ['a tag BCP 47 refuses', { examinerLanguages: ['en-a'] }],
    ['markup for a tag', { examinerLanguages: ['<b>en</b>'] }],
    ['too many languages', { examinerLanguages: Array.from({ length: 21 }, (_, i) => `x${String.fromCharCode(97 + i)}`) }],
    ['one good value beside a bad one', { thresholdHours: 48, examinerLanguages: ['en', 'not a tag'] }],
    ['a key that is not a setting', { thresholdHours: 48, givenName: 'María' }],
  ])('refuses %s and stores nothing', async (_name, patch) => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    // @ts-expect-error -- values outside the setting's type, as a hostile or broken caller would send
    await expect(repos.settings.update(patch)).rejects.toBeInstanceOf(InvalidSettingsError);
    expect(await db.settings.count()).toBe(0);
    expect(await repos.settings.get()).toEqual(DEFAULT_SETTINGS);
    repos.close();
  });

  it('names the refused settings, so a screen can show the message at the field', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    const error: unknown = await repos.settings.update({ thresholdHours: 0, examinerLanguages: ['?'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidSettingsError);
    expect((error as InvalidSettingsError).keys).toEqual(['thresholdHours', 'examinerLanguages']);
    repos.close();
  });

  it('reads a damaged stored value as its default, never as "no limit"', async () => {
    const { db } = freshDatabase();
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    await repos.settings.update({ thresholdHours: 6, examinerLanguages: ['en'] });
    await db.settings.put({ key: 'thresholdHours', value: -1 });
    await db.settings.put({ key: 'examinerLanguages', value: 'en' });
    expect(await repos.settings.get()).toEqual({ thresholdHours: 24, examinerLanguages: [], autoLockMinutes: 10, authorities: [], reportingPolicy: 'consent-based', uiLanguage: null });
    repos.close();
  });
});

describe('migration 0003', () => {
  const waiting = '3b241101-e2bb-4255-8caf-4136c566a962';
  const examined = '3b241101-e2bb-4255-8caf-4136c566a963';
  const noArrival = '3b241101-e2bb-4255-8caf-4136c566a964';

  it('adds the settings table and indexes the cases waiting for their examination', async () => {
    const { factory, name } = freshDatabase();
    // The shape version 2 wrote (examination bodies apart, search keys, arrival and examination times).
    const v2 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    v2.version(2).stores({ ...migrations[0]?.stores, ...migrations[1]?.stores });
    await v2.open();
    const row = (id: string, n: number, arrivalAt: string | null, examStartAt: string | null) => ({
      id,
      caseNumber: `A-2026-0000${n}`,
      encounterType: 'admission',
      facilityCode: 'PRISON-01',
      status: 'draft',
      createdAt: `2026-05-0${n}T06:00:00.000Z`,
      updatedAt: `2026-05-0${n}T06:00:00.000Z`,
      arrivalAt,
      examStartAt,
      revision: 2,
      searchKeys: ['0123456789abcdef0123456789abcdef'],
    });
    await v2.table('cases').bulkAdd([
      row(waiting, 1, '2026-05-01T08:00:00+02:00', null),
      row(examined, 2, '2026-05-02T08:00:00+02:00', '2026-05-02T09:00:00+02:00'),
      row(noArrival, 3, null, null),
    ]);
    const body = { codec: 'plain-json-1', payload: JSON.stringify({ schemaVersion: 2, openedAt: '2026-05-01T06:00:00.000Z', examination: null }) };
    await v2.table('caseBodies').bulkAdd([waiting, examined, noArrival].map((id) => ({ id, schemaVersion: 2, body })));
    await v2.table('counters').put({ name: 'caseNumber:2026', value: 3 });
    v2.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const repos = await openRepositories({ codec: plainJsonCodec, db, now: () => new Date('2026-05-03T12:00:00Z') });
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(db.table('settings').schema.primKey.name).toBe('key');
    expect(db.table('cases').schema.indexes.map((i) => i.name)).toContain('awaitingExamSince');
    expect(await repos.settings.get()).toEqual(DEFAULT_SETTINGS);

    // The arrival instant in UTC, for the waiting case only.
    expect((await db.cases.get(waiting))?.awaitingExamSince).toBe('2026-05-01T06:00:00.000Z');
    expect(await db.cases.get(examined)).not.toHaveProperty('awaitingExamSince');
    expect(await db.cases.get(noArrival)).not.toHaveProperty('awaitingExamSince');
    expect((await db.cases.get(examined))?.searchKeys).toEqual(['0123456789abcdef0123456789abcdef']);

    // Everything else still reads as before, and the overdue count finds the waiting case.
    const page = await repos.cases.list({ overdue: { now: new Date('2026-05-03T12:00:00Z'), thresholdHours: 24 } });
    expect(page.total).toBe(3);
    expect(page.overdue).toBe(1);
    expect((await repos.cases.get(waiting))?.body.examination).toBeNull();
    expect((await repos.cases.create({ encounterType: 'admission', facilityCode: null })).caseNumber).toBe('A-2026-00004');
    repos.close();
  });
});
