import { IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { createDatabase } from '../../renderer/db/database';
import { migrations } from '../../renderer/db/migrations';
import { openRepositories } from '../../renderer/db/repos';
import { EMPTY_CHAIN_HEAD, appendEvent } from '../../shared/vault/auditChain';
import { freshDatabase } from './helpers';

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps (append-only)', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('index metadata only, never a sealed body', async () => {
    const { db } = freshDatabase();
    await db.open();
    expect(db.verno).toBe(migrations.length);
    const cases = db.table('cases').schema;
    const indexed = [cases.primKey.name, ...cases.indexes.map((i) => i.name)];
    expect(indexed).toEqual(expect.arrayContaining(['id', 'caseNumber', 'createdAt', 'status', 'facilityCode', 'arrivalAt', '[status+createdAt]', 'searchKeys']));
    expect(cases.indexes.find((i) => i.name === 'caseNumber')?.unique).toBe(true);
    expect(cases.indexes.find((i) => i.name === 'searchKeys')?.multi).toBe(true);
    expect(db.table('caseBodies').schema.indexes).toEqual([]);
    db.close();
  });

  it('0002 moves version-1 bodies to caseBodies and the case still opens, upgraded', async () => {
    const { factory, name } = freshDatabase();
    // The shape version 1 wrote (foundation).
    const v1 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    v1.version(1).stores(migrations[0]?.stores ?? {});
    await v1.open();
    await v1.table('cases').add({
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      caseNumber: 'A-2026-00001',
      encounterType: 'admission',
      facilityCode: 'PRISON-01',
      status: 'draft',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:00.000Z',
      revision: 1,
      schemaVersion: 1,
      body: { codec: 'plain-json-1', payload: JSON.stringify({ schemaVersion: 1, openedAt: '2026-01-01T10:00:00.000Z' }) },
    });
    await v1.table('counters').put({ name: 'caseNumber:2026', value: 1 });
    v1.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const repos = await openRepositories({ codec: plainJsonCodec, db, now: () => new Date('2026-06-01T00:00:00Z') });
    const row = await db.cases.get('3b241101-e2bb-4255-8caf-4136c566a962');
    expect(row).not.toHaveProperty('body');
    expect(row).toMatchObject({ arrivalAt: null, examStartAt: null, searchKeys: [] });
    const record = await repos.cases.get('3b241101-e2bb-4255-8caf-4136c566a962');
    expect(record?.body).toEqual({ schemaVersion: 2, openedAt: '2026-01-01T10:00:00.000Z', examination: null });
    expect(record?.summary.caseNumber).toBe('A-2026-00001');
    const next = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    expect(next.caseNumber).toBe('A-2026-00002');
    repos.close();
  });

  it('0004 adds the vault and audit tables, keyed for their use, and keeps every case', async () => {
    const { db } = freshDatabase();
    await db.open();
    expect(db.table('vault').schema.primKey.name).toBe('key');
    expect(db.table('audit').schema.primKey.name).toBe('seq');
    // 0018 (issue #20) indexes the record an event is about, for the rolled-back check; nothing else.
    expect(db.table('audit').schema.indexes.map((i) => i.name)).toEqual(['[event.recordType+event.recordId]']);
    db.close();
  });

  it('0005 to 0008 add the attachments, reports, referrals and statistics-facts tables to a version-4 database and keeps its cases, settings, keyring and audit chain', async () => {
    const { factory, name } = freshDatabase();
    // The shape version 4 wrote (vault and audit), with data in every table.
    const v4 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 4)) v4.version(migration.version).stores({ ...migration.stores });
    await v4.open();
    const id = '5c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    await v4.table('cases').add({
      id,
      caseNumber: 'A-2026-00007',
      encounterType: 'admission',
      facilityCode: 'PRISON-01',
      status: 'draft',
      createdAt: '2026-04-01T10:00:00.000Z',
      updatedAt: '2026-04-01T10:00:00.000Z',
      arrivalAt: null,
      examStartAt: null,
      revision: 1,
      searchKeys: [],
    });
    const body = { schemaVersion: 2, openedAt: '2026-04-01T10:00:00.000Z', examination: null };
    await v4.table('caseBodies').add({ id, schemaVersion: 2, body: { codec: 'plain-json-1', payload: JSON.stringify(body) } });
    await v4.table('counters').put({ name: 'caseNumber:2026', value: 7 });
    await v4.table('settings').put({ key: 'thresholdHours', value: 12 });
    const keyring = { version: 1, opaque: new Uint8Array([1, 2, 3]).buffer };
    await v4.table('vault').put({ key: 'keyring', value: keyring });
    const entry = await appendEvent(EMPTY_CHAIN_HEAD, { at: '2026-04-01T10:00:00.000Z', actor: 'local-clinician', action: 'create', recordType: 'case', recordId: id });
    await v4.table('audit').add(entry);
    v4.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect(db.verno).toBe(migrations.at(-1)?.version);
    expect(await db.attachments.count()).toBe(0);
    // 0006: signed reports, indexed by case, case + version (unique) and hash; never the sealed PDF.
    const reports = db.table('reports').schema;
    expect(reports.indexes.map((i) => i.name).sort()).toEqual(['[caseId+version]', 'caseId', 'sha256']);
    expect(reports.indexes.find((i) => i.name === '[caseId+version]')?.unique).toBe(true);
    expect(reports.indexes.some((i) => /data|iv|meta/.test(i.name))).toBe(false);
    // 0007: referrals indexed by case only (the record is sealed); their documents by referral and case, never the bytes.
    expect(db.table('referrals').schema.indexes.map((i) => i.name)).toEqual(['caseId']);
    expect(db.table('referralDocuments').schema.indexes.map((i) => i.name).sort()).toEqual(['caseId', 'referralId']);
    expect(await db.referrals.count()).toBe(0);
    // 0008: statistics facts indexed by date only (the facts are sealed); empty until the statistics
    // screen completes them from the bodies.
    expect(db.table('statFacts').schema.indexes.map((i) => i.name)).toEqual(['date']);
    expect(db.table('statFactsPages').schema.primKey.name).toBe('month');
    expect(db.table('statFactsPages').schema.indexes).toEqual([]);
    expect(await db.statFacts.count()).toBe(0);
    expect(await repos.statFacts.complete()).toEqual({ added: 1, unreadable: 0 });
    const attachments = db.table('attachments').schema;
    expect(attachments.primKey.name).toBe('id');
    expect(attachments.indexes.map((i) => i.name).sort()).toEqual(['[caseId+createdAt]', 'attachmentId', 'caseId']);
    // Never a Blob or the IV.
    expect(attachments.indexes.some((i) => /data|iv/.test(i.name))).toBe(false);

    expect((await repos.cases.get(id))?.body).toEqual(body);
    expect((await repos.settings.get()).thresholdHours).toBe(12);
    expect((await db.vault.get('keyring'))?.value).toEqual(keyring);
    expect(await db.counters.get('caseNumber:2026')).toEqual({ name: 'caseNumber:2026', value: 7 });
    expect(await repos.audit.count()).toBe(1);
    expect((await repos.audit.verify()).ok).toBe(true);
    expect(await repos.attachments.listIds(id)).toEqual([]);
    repos.close();
  });

  it('0009 adds the overdue indexes at once; the rows stored earlier get their fields from a pass before the first dashboard read', async () => {
    const { factory, name } = freshDatabase();
    const LATE = '00000000-0000-4000-8000-000000000901';
    const RETURN = '00000000-0000-4000-8000-000000000902';
    const UNTIMED = '00000000-0000-4000-8000-000000000903';
    const v8 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 8)) v8.version(migration.version).stores({ ...migration.stores });
    await v8.open();
    const row = (id: string, n: number, encounterType: string, arrivalAt: string | null, examStartAt: string | null) => ({
      id,
      caseNumber: `A-2026-0000${String(n)}`,
      encounterType,
      facilityCode: null,
      status: 'draft',
      createdAt: '2026-04-01T10:00:00.000Z',
      updatedAt: '2026-04-01T10:00:00.000Z',
      arrivalAt,
      examStartAt,
      revision: 1,
      searchKeys: [],
    });
    await v8.table('cases').bulkAdd([
      row(LATE, 1, 'admission', '2026-04-01T08:00:00Z', '2026-04-03T08:00:00Z'),
      row(RETURN, 2, 'return_from_police_custody', '2026-04-01T08:00:00Z', null),
      row(UNTIMED, 3, 'admission', null, null),
    ]);
    // The late case's body: no delay reason.
    const body = { schemaVersion: 2, openedAt: '2026-04-01T10:00:00.000Z', examination: { schemaVersion: 1, formId: 'admission-examination', formVersion: 1 } };
    await v8.table('caseBodies').add({ id: LATE, schemaVersion: 2, body: { codec: 'plain-json-1', payload: JSON.stringify(body) } });
    v8.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect(db.table('cases').schema.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['waitNoReasonMs', 'reexaminationDue']));
    // The upgrade rewrote no row: it left a note that the pass is due.
    expect(await db.cases.get(LATE)).not.toHaveProperty('waitNoReasonMs');
    expect(await db.vault.get('overdueIndexPending')).toBeDefined();

    const report = await repos.overdue.read({ now: new Date('2026-04-10T00:00:00Z'), thresholdHours: 24 });
    expect(report.dashboard.lateWithoutReason.map((c) => c.id)).toEqual([LATE]);
    expect(report.dashboard.reexaminations.map((c) => c.id)).toEqual([RETURN]);
    expect(await db.cases.get(LATE)).toMatchObject({ waitNoReasonMs: 48 * 3_600_000 });
    // Its body was opened once and had no reason: no longer to be checked.
    expect(await db.cases.get(LATE)).not.toHaveProperty('delayReasonUnchecked');
    expect(await db.cases.get(RETURN)).toMatchObject({ reexaminationDue: 1 });
    expect(await db.cases.get(UNTIMED)).not.toHaveProperty('waitNoReasonMs');
    expect(await db.vault.get('overdueIndexPending')).toBeUndefined();
    repos.close();
  });

  it('0010 adds the copy-owed indexes at once; a signed case stored earlier is opened once and listed when it owes a copy', async () => {
    const { factory, name } = freshDatabase();
    const OWES = '00000000-0000-4000-8000-000000001001';
    const GIVEN = '00000000-0000-4000-8000-000000001002';
    const DRAFT = '00000000-0000-4000-8000-000000001003';
    const v9 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 9)) v9.version(migration.version).stores({ ...migration.stores });
    await v9.open();
    const row = (id: string, n: number, status: string) => ({
      id,
      caseNumber: `A-2026-0010${String(n)}`,
      encounterType: 'admission',
      facilityCode: null,
      status,
      createdAt: '2026-04-01T10:00:00.000Z',
      updatedAt: '2026-04-01T10:00:00.000Z',
      arrivalAt: '2026-04-01T08:00:00Z',
      examStartAt: '2026-04-01T09:00:00Z',
      revision: 3,
      searchKeys: [],
    });
    await v9.table('cases').bulkAdd([row(OWES, 1, 'signed'), row(GIVEN, 2, 'signed'), row(DRAFT, 3, 'draft')]);
    const body = (copyToPerson: object) => ({
      codec: 'plain-json-1',
      payload: JSON.stringify({ schemaVersion: 2, openedAt: '2026-04-01T10:00:00.000Z', examination: { schemaVersion: 1, formId: 'admission-examination', formVersion: 1, consent: { copyToPerson } } }),
    });
    const owes = { decision: 'given', wantsCopy: true, copyGiven: false, notGivenReason: 'After signing' };
    await v9.table('caseBodies').bulkAdd([
      { id: OWES, schemaVersion: 2, body: body(owes) },
      { id: GIVEN, schemaVersion: 2, body: body({ ...owes, copyGiven: true }) },
      { id: DRAFT, schemaVersion: 2, body: body(owes) },
    ]);
    // Only the clear columns the dashboard reads: when version 1 was signed.
    await v9.table('reports').add({ id: 'doc-1', caseId: OWES, version: 1, sha256: 'a'.repeat(64), signedAt: '2026-04-02T10:00:00Z', schemaVersion: 1 });
    v9.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    const repos = await openRepositories({ codec: plainJsonCodec, db });
    expect(db.table('cases').schema.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['copyOwed', 'copyUnchecked']));
    expect(await db.cases.get(OWES)).not.toHaveProperty('copyUnchecked');
    expect(await db.vault.get('overdueIndexPending')).toBeDefined();

    const report = await repos.overdue.read({ now: new Date('2026-04-10T00:00:00Z'), thresholdHours: 24 });
    expect(report.dashboard.copiesOwed).toEqual([{ id: OWES, caseNumber: 'A-2026-00101', encounterType: 'admission', examStartAt: '2026-04-01T09:00:00Z', signedAt: '2026-04-02T10:00:00Z' }]);
    expect(report.copiesUnchecked).toBe(0);
    expect(await db.cases.get(OWES)).toMatchObject({ copyOwed: 1 });
    expect(await db.cases.get(OWES)).not.toHaveProperty('copyUnchecked');
    expect(await db.cases.get(GIVEN)).not.toHaveProperty('copyUnchecked');
    expect(await db.cases.get(GIVEN)).not.toHaveProperty('copyOwed');
    // A draft owes nothing yet: its row is set at its next save, or from its body when signed.
    expect(await db.cases.get(DRAFT)).not.toHaveProperty('copyUnchecked');
    expect(await db.cases.get(DRAFT)).not.toHaveProperty('copyOwed');
    expect(await db.vault.get('overdueIndexPending')).toBeUndefined();
    repos.close();
  });

  it('0011 adds the copies-given table to a version-10 database, indexed by case, and keeps its cases and pending pass', async () => {
    const { factory, name } = freshDatabase();
    const v10 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 10)) v10.version(migration.version).stores({ ...migration.stores });
    await v10.open();
    const id = '00000000-0000-4000-8000-000000001101';
    await v10.table('cases').add({ id, caseNumber: 'A-2026-01101', encounterType: 'admission', facilityCode: null, status: 'signed', createdAt: '2026-04-01T10:00:00.000Z', updatedAt: '2026-04-01T10:00:00.000Z', arrivalAt: null, examStartAt: null, revision: 3, searchKeys: [], copyOwed: 1 });
    v10.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(migrations.at(-1)?.version);
    expect(db.table('copyHandovers').schema.primKey.name).toBe('id');
    expect(db.table('copyHandovers').schema.indexes.map((i) => i.name)).toEqual(['caseId']);
    expect(await db.copyHandovers.count()).toBe(0);
    expect(await db.cases.get(id)).toMatchObject({ caseNumber: 'A-2026-01101', copyOwed: 1 });
    db.close();
  });

  it('0015 adds the countersignatures table to a version-14 database, indexed by case, version and hash, and keeps its reports', async () => {
    const { factory, name } = freshDatabase();
    const v14 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.slice(0, 14)) v14.version(migration.version).stores({ ...migration.stores });
    await v14.open();
    const report = { id: '00000000-0000-4000-8000-000000001501', caseId: '00000000-0000-4000-8000-000000001500', version: 1, sha256: 'a'.repeat(64), signedAt: '2026-04-01T10:00:00.000Z', schemaVersion: 1, meta: { codec: 'x', payload: 'y' } };
    await v14.table('reports').add(report);
    v14.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(migrations.at(-1)?.version);
    expect(db.table('countersignatures').schema.primKey.name).toBe('id');
    expect(db.table('countersignatures').schema.indexes.map((i) => i.name)).toEqual(['caseId', 'versionId', 'sha256']);
    expect(await db.countersignatures.count()).toBe(0);
    expect(await db.reports.get(report.id)).toMatchObject({ version: 1, sha256: report.sha256 });
    db.close();
  });

  it('0016 adds the received-cases table to a version-14 database, its file hash unique, and keeps its cases', async () => {
    const { factory, name } = freshDatabase();
    const v14 = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    for (const migration of migrations.filter((m) => m.version <= 14)) v14.version(migration.version).stores({ ...migration.stores });
    await v14.open();
    const id = '00000000-0000-4000-8000-000000001601';
    await v14.table('cases').add({ id, caseNumber: 'A-2026-01601', encounterType: 'admission', facilityCode: null, status: 'draft', createdAt: '2026-04-01T10:00:00.000Z', updatedAt: '2026-04-01T10:00:00.000Z', arrivalAt: null, examStartAt: null, revision: 1, searchKeys: [] });
    v14.close();

    const db = createDatabase({ name, indexedDB: factory, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(migrations.at(-1)?.version);
    const table = db.table('receivedCases').schema;
    expect(table.primKey.name).toBe('id');
    expect(table.indexes.map((i) => i.name)).toEqual(['fileSha256', 'receivedAt', 'searchKeys']);
    expect(table.indexes.find((i) => i.name === 'fileSha256')?.unique).toBe(true);
    expect(table.indexes.find((i) => i.name === 'searchKeys')?.multi).toBe(true);
    expect(await db.receivedCases.count()).toBe(0);
    expect(await db.cases.get(id)).toMatchObject({ caseNumber: 'A-2026-01601' });
    db.close();
  });

  it('a database created at this version has no pass due', async () => {
    const { db } = freshDatabase();
    await db.open();
    expect(await db.vault.get('overdueIndexPending')).toBeUndefined();
    db.close();
  });
});
