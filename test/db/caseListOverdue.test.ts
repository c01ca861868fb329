/** The case list's repository side: the overdue count, the orders and the index-narrowed filters. */
import { describe, expect, it } from 'vitest';
import { isOverdue } from '../../shared/domain/listing';
import { plainJsonCodec } from '../../renderer/db/codec';
import { openRepositories } from '../../renderer/db/repos';
import { freshDatabase } from './helpers';

let idCounter = 0;
const newId = () => `20000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(type: string, arrivalAt: string | null, examStartAt: string | null) {
  return { schemaVersion: 1, formId: 'admission-examination', formVersion: 1, encounter: { type, timing: { arrivalAt, examStartAt } } };
}

const NOW = new Date('2026-05-10T12:00:00Z');

async function setup() {
  const { db } = freshDatabase();
  let t = Date.parse('2026-05-01T00:00:00Z');
  const repos = await openRepositories({ codec: plainJsonCodec, db, newId, now: () => new Date((t += 60_000)) });
  const add = async (facility: string | null, type: string, arrivalAt: string | null, examStartAt: string | null) => {
    const c = await repos.cases.create({ encounterType: 'admission', facilityCode: facility });
    return repos.cases.saveExamination(c.id, draft(type, arrivalAt, examStartAt), c.revision);
  };
  return { db, repos, add };
}

describe('case list: overdue', () => {
  it('counts the cases arrived, not examined and past the limit, as isOverdue does, on every path', async () => {
    const { repos, add } = await setup();
    // 30 h and 25 h waiting, in two offsets; 23 h waiting; examined late; no arrival yet.
    const late = await add('PRISON-01', 'admission', '2026-05-09T08:00:00+02:00', null);
    const alsoLate = await add('PRISON-02', 'transfer_in', '2026-05-09T06:00:00-05:00', null);
    const recent = await add('PRISON-01', 'admission', '2026-05-09T13:00:00Z', null);
    const examined = await add('PRISON-01', 'admission', '2026-05-01T08:00:00Z', '2026-05-03T08:00:00Z');
    const noArrival = await add(null, 'on_request', null, null);
    const all = [late, alsoLate, recent, examined, noArrival];
    expect(all.filter((c) => isOverdue(c, NOW, 24)).map((c) => c.id)).toEqual([late.id, alsoLate.id]);

    const overdue = { now: NOW, thresholdHours: 24 };
    expect((await repos.cases.list({ overdue })).overdue).toBe(2);
    expect((await repos.cases.list({ overdue, status: 'draft' })).overdue).toBe(2);
    expect((await repos.cases.list({ overdue, status: 'signed' })).overdue).toBe(0);
    expect((await repos.cases.list({ overdue, facilityCode: 'PRISON-01' })).overdue).toBe(1);
    expect((await repos.cases.list({ overdue, sort: 'arrivalAt' })).overdue).toBe(2);
    expect((await repos.cases.list({ overdue: { now: NOW, thresholdHours: 26 } })).overdue).toBe(1);
    expect((await repos.cases.list({ overdue: { now: NOW, thresholdHours: 48 } })).overdue).toBe(0);
    expect((await repos.cases.list({ overdue: { now: NOW, thresholdHours: 22 } })).overdue).toBe(3);
    // Not asked, not counted.
    expect(await repos.cases.list()).not.toHaveProperty('overdue');
  });

  it('keeps the waiting index in step with the examination: examined, the case leaves it', async () => {
    const { db, repos, add } = await setup();
    const c = await add('PRISON-01', 'admission', '2026-05-09T08:00:00+02:00', null);
    expect((await db.cases.get(c.id))?.awaitingExamSince).toBe('2026-05-09T06:00:00.000Z');
    await repos.cases.saveExamination(c.id, draft('admission', '2026-05-09T08:00:00+02:00', '2026-05-10T09:00:00+02:00'), c.revision);
    expect(await db.cases.get(c.id)).not.toHaveProperty('awaitingExamSince');
    expect((await repos.cases.list({ overdue: { now: NOW, thresholdHours: 24 } })).overdue).toBe(0);
  });
});

describe('case list: order and filters', () => {
  it('sorts encounter and status in vocabulary order, arrival by instant with unknown arrivals last', async () => {
    const { repos, add } = await setup();
    const a = await add('PRISON-01', 'release', '2026-05-02T10:00:00+02:00', null); // 08:00Z
    const b = await add('PRISON-01', 'admission', '2026-05-02T09:00:00Z', null); // 09:00Z
    const c = await add('PRISON-01', 'transfer_in', null, null);
    const d = await add('PRISON-01', 'return_from_police_custody', '2026-05-02T07:00:00-01:00', null); // 08:00Z, later opened
    const ids = async (query: Parameters<typeof repos.cases.list>[0]) => (await repos.cases.list(query)).items.map((i) => i.id);
    expect(await ids({ sort: 'encounterType', direction: 'asc' })).toEqual([b.id, d.id, c.id, a.id]);
    expect(await ids({ sort: 'encounterType', direction: 'desc' })).toEqual([a.id, c.id, d.id, b.id]);
    expect(await ids({ sort: 'arrivalAt', direction: 'asc' })).toEqual([a.id, d.id, b.id, c.id]);
    expect(await ids({ sort: 'arrivalAt', direction: 'desc' })).toEqual([b.id, d.id, a.id, c.id]);
    expect(await ids({ sort: 'caseNumber', direction: 'desc' })).toEqual([d.id, c.id, b.id, a.id]);
    expect(await ids({ sort: 'caseNumber', direction: 'asc', offset: 1, limit: 2 })).toEqual([b.id, c.id]);
  });

  it('filters by the arrival date as typed, or the opening date before an arrival is known', async () => {
    const { repos, add } = await setup();
    const lateEvening = await add('PRISON-01', 'admission', '2026-05-03T23:30:00-05:00', null); // 4 May in UTC
    const morning = await add('PRISON-01', 'admission', '2026-05-04T08:00:00+02:00', null);
    const opened = await add('PRISON-02', 'admission', null, null); // opened 1 May
    const ids = async (from?: string, to?: string) =>
      (await repos.cases.list({ ...(from ? { from } : {}), ...(to ? { to } : {}), sort: 'caseNumber', direction: 'asc' })).items.map((i) => i.id);
    expect(await ids('2026-05-03', '2026-05-03')).toEqual([lateEvening.id]);
    expect(await ids('2026-05-04')).toEqual([morning.id]);
    expect(await ids(undefined, '2026-05-01')).toEqual([opened.id]);
    expect(await ids('2026-05-01', '2026-05-31')).toEqual([lateEvening.id, morning.id, opened.id]);
    expect(await ids('2026-06-01')).toEqual([]);
  });
});
