import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { ConcurrentEditError, openRepositories } from '../../renderer/db/repos';
import { freshDatabase } from './helpers';

let idCounter = 0;
const newId = () => `10000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'return_from_police_custody', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: 'María José', familyName: 'López', idNumber: 'P-7781', aliases: ['Majo'] },
    ...overrides,
  };
}

async function setup() {
  const { db } = freshDatabase();
  let t = Date.parse('2026-05-02T07:00:00Z');
  const repos = await openRepositories({ codec: plainJsonCodec, db, newId, now: () => new Date((t += 60_000)) });
  return { db, repos };
}

describe('examination drafts', () => {
  it('stores the draft exactly as typed, invalid values included, and updates the listing', async () => {
    const { db, repos } = await setup();
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const hostile = draft({ screening: { vitals: { pulse: 'abc', systolic: 400 } }, account: { ownWords: '<script>alert(1)</script>\u202e\u0000 😀 Ωμέγα' } });
    const saved = await repos.cases.saveExamination(created.id, hostile, created.revision);
    expect(saved.revision).toBe(2);
    expect(saved.encounterType).toBe('return_from_police_custody');
    expect(saved.arrivalAt).toBe('2026-05-02T08:00:00+02:00');
    expect(saved.examStartAt).toBeNull();
    const record = await repos.cases.get(created.id);
    expect(record?.body.examination).toEqual(hostile);
    // Names are never in the clear metadata: only their keys.
    const row = await db.cases.get(created.id);
    expect(JSON.stringify(row)).not.toMatch(/López|María|P-7781/);
    expect(row?.searchKeys.length).toBeGreaterThan(0);
  });

  it('refuses a concurrent save from a window that read an older revision, keeping the newer one', async () => {
    const { repos } = await setup();
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const first = await repos.cases.saveExamination(created.id, draft({ identity: { givenName: 'First' } }), created.revision);
    await expect(repos.cases.saveExamination(created.id, draft({ identity: { givenName: 'Second' } }), created.revision)).rejects.toBeInstanceOf(ConcurrentEditError);
    const record = await repos.cases.get(created.id);
    expect(record?.summary.revision).toBe(first.revision);
    expect(record?.body.examination).toMatchObject({ identity: { givenName: 'First' } });
  });

  it('refuses something that is not an examination draft, and stores nothing', async () => {
    const { repos } = await setup();
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await expect(repos.cases.saveExamination(created.id, { formId: 'x' }, created.revision)).rejects.toThrow();
    await expect(repos.cases.saveExamination(created.id, draft({ account: { ownWords: 'x'.repeat(4_000_001) } }), created.revision)).rejects.toThrow(/too large/);
    expect((await repos.cases.get(created.id))?.summary.revision).toBe(1);
  });

  it('finds a case by exact name, alias or identity number, whatever the case and spacing', async () => {
    const { repos } = await setup();
    const a = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await repos.cases.saveExamination(a.id, draft(), a.revision);
    const b = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-02' });
    await repos.cases.saveExamination(b.id, draft({ identity: { givenName: 'Ivan', familyName: 'Petrov', idNumber: 'X-1' } }), b.revision);

    for (const term of ['lópez', 'MARÍA JOSÉ  LÓPEZ', 'López María José', 'p-7781', 'majo']) {
      const page = await repos.cases.list({ search: term });
      expect(page.items.map((i) => i.id), term).toEqual([a.id]);
    }
    expect((await repos.cases.list({ search: 'Lopez' })).total).toBe(0);
    expect((await repos.cases.list({ search: 'Lóp' })).total).toBe(0);
    expect((await repos.cases.list({ search: 'Петров' })).total).toBe(0);
    expect((await repos.cases.list({ search: 'petrov' })).items.map((i) => i.id)).toEqual([b.id]);
  });

  it('filters by facility, status and date range, and sorts', async () => {
    const { repos } = await setup();
    const ids: string[] = [];
    for (const [facility, arrival] of [['PRISON-01', '2026-04-01T10:00:00Z'], ['PRISON-02', '2026-04-15T10:00:00Z'], ['PRISON-01', '2026-04-30T10:00:00Z']] as const) {
      const c = await repos.cases.create({ encounterType: 'admission', facilityCode: facility });
      await repos.cases.saveExamination(c.id, draft({ encounter: { type: 'admission', timing: { arrivalAt: arrival } } }), c.revision);
      ids.push(c.id);
    }
    expect((await repos.cases.list({ facilityCode: 'PRISON-01' })).items.map((i) => i.id)).toEqual([ids[2], ids[0]]);
    expect((await repos.cases.list({ from: '2026-04-10', to: '2026-04-30' })).items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect((await repos.cases.list({ from: '2026-04-10', to: '2026-04-29' })).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await repos.cases.list({ sort: 'facilityCode', direction: 'asc' })).items.map((i) => i.facilityCode)).toEqual(['PRISON-01', 'PRISON-01', 'PRISON-02']);
    expect((await repos.cases.list({ sort: 'caseNumber', direction: 'asc' })).items.map((i) => i.id)).toEqual(ids);
    expect((await repos.cases.list({ status: 'signed', facilityCode: 'PRISON-01' })).total).toBe(0);
  });
});
