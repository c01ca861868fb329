/**
 * The overdue dashboard's reading, over the vault codec: the sections come out right from the case
 * rows' sparse index fields, and no body is opened, except once for a late examination stored before
 * those fields (the delay reason is sealed), after which its row records what it said.
 */
import { describe, expect, it } from 'vitest';
import type { RecordCodec } from '../../renderer/db/codec';
import { openRepositories } from '../../renderer/db/repos';
import { withOverdueIndexUnread } from '../../renderer/db/repos/caseRepository';
import { createOverdueRepository } from '../../renderer/db/repos/overdueRepository';
import type { CaseRow } from '../../renderer/db/database';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault } from '../../shared/vault';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const PASSPHRASE = 'tiger lamp ocean violin';
const NOW = new Date('2026-05-10T12:00:00Z');

let idCounter = 0;
const newId = () => `30000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(type: string, timing: { arrivalAt: string | null; examStartAt: string | null; delayReason?: string | null }, copyToPerson?: Record<string, unknown>) {
  return { schemaVersion: 1, formId: 'admission-examination', formVersion: 1, encounter: { type, timing }, ...(copyToPerson === undefined ? {} : { consent: { copyToPerson } }) };
}

/** A copy consented to and wanted, not given yet (E14 asks why: the report is not signed yet). */
const COPY_NOT_GIVEN = { decision: 'given', wantsCopy: true, copyGiven: false, notGivenReason: 'To be handed over once the report is signed' };
const COPY_GIVEN = { decision: 'given', wantsCopy: true, copyGiven: true, givenTo: ['person'], deliveryMethod: 'hand_delivery', deliveredAt: '2026-05-02T10:00:00Z' };

/** Bytes standing for a signed PDF (the repository stores what it is given). */
const PDF = new TextEncoder().encode('%PDF-1.7 signed report standing in for the test\n%%EOF');

async function setup() {
  const { db } = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  const inner = createVaultCodec(vault.keys.dataKey);
  // Records which sealed rows are opened.
  const opened: string[] = [];
  const codec: RecordCodec = {
    id: inner.id,
    seal: (context, value) => inner.seal(context, value),
    open: (context, sealed) => {
      opened.push(`${context.table}:${context.id}`);
      return inner.open(context, sealed);
    },
  };
  let t = Date.parse('2026-05-01T00:00:00Z');
  const repos = await openRepositories({ db, codec, bytesCodec: inner, searchKeyer: createVaultSearchKeyer(vault.keys.indexKey), newId, now: () => new Date((t += 60_000)) });
  const add = async (type: string, timing: Parameters<typeof draft>[1], copy?: Record<string, unknown>) => {
    const c = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    return repos.cases.saveExamination(c.id, draft(type, timing, copy), c.revision);
  };
  const sign = (caseId: string, signedAt: string) =>
    repos.reports.storeSigned({ caseId, documentId: crypto.randomUUID(), version: 1, signedAt, place: 'Lyon', addenda: [], bytes: PDF });
  return { db, repos, add, sign, opened };
}

describe('overdue dashboard (vault codec)', () => {
  it('lists each section from the case rows and opens no body', async () => {
    const { repos, add, opened } = await setup();
    const waiting = await add('admission', { arrivalAt: '2026-05-09T08:00:00+02:00', examStartAt: null }); // 30 h
    await add('admission', { arrivalAt: '2026-05-09T12:00:00Z', examStartAt: null }); // exactly 24 h
    const lateNoReason = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z', delayReason: '' });
    const lateWithReason = await add('transfer_in', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z', delayReason: 'In hospital' });
    await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-02T08:00:00Z' });
    await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T09:00:00Z' });
    const returned = await add('return_from_police_custody', { arrivalAt: '2026-05-10T10:00:00Z', examStartAt: null });
    await add('post_incident', { arrivalAt: '2026-05-10T10:00:00Z', examStartAt: '2026-05-10T10:30:00Z' });

    opened.length = 0;
    const { dashboard, counts, unreadable } = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(dashboard.arrivals.map((c) => c.id)).toEqual([waiting.id]);
    expect(dashboard.arrivals[0]?.hours).toBe(30);
    expect(dashboard.lateWithoutReason.map((c) => c.id)).toEqual([lateNoReason.id]);
    expect(dashboard.reexaminations.map((c) => c.id)).toEqual([returned.id]);
    expect(dashboard.referrals).toEqual([]);
    expect(counts).toEqual({ arrivals: 1, lateWithoutReason: 1, reexaminations: 1, copiesOwed: 0, referrals: 0 });
    expect(unreadable).toBe(0);
    // Each save recorded whether the delay reason is there: nothing sealed was opened.
    expect(opened).toEqual([]);
    expect(lateWithReason.id).not.toBe(lateNoReason.id);
  });

  it('opens a late examination stored before the index fields once, then reads its row', async () => {
    const { db, repos, add, opened } = await setup();
    const noReason = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z' });
    const withReason = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z', delayReason: 'In hospital' });
    const onTime = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z' });
    // As migration 0009 leaves rows of earlier versions: the wait known, the reason not checked.
    for (const c of [noReason, withReason, onTime]) {
      const row = await db.cases.get(c.id);
      if (!row?.examStartAt || !row.arrivalAt) throw new Error('no row');
      await db.cases.put({ ...row, waitNoReasonMs: Date.parse(row.examStartAt) - Date.parse(row.arrivalAt), delayReasonUnchecked: 1 });
    }
    opened.length = 0;
    const first = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(first.dashboard.lateWithoutReason.map((c) => c.id)).toEqual([noReason.id]);
    // The two late ones are opened; the one on time is not a candidate.
    expect(opened.sort()).toEqual([`caseBodies:${noReason.id}`, `caseBodies:${withReason.id}`].sort());
    expect(await db.cases.get(withReason.id)).not.toHaveProperty('waitNoReasonMs');
    expect(await db.cases.get(noReason.id)).not.toHaveProperty('delayReasonUnchecked');
    opened.length = 0;
    const second = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(second.dashboard.lateWithoutReason.map((c) => c.id)).toEqual([noReason.id]);
    expect(opened).toEqual([]);
  });

  it('drops a late examination once its delay reason is entered', async () => {
    const { repos, add } = await setup();
    const late = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z' });
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).counts.lateWithoutReason).toBe(1);
    await repos.cases.saveExamination(late.id, draft('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z', delayReason: 'Lockdown' }), late.revision);
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).counts.lateWithoutReason).toBe(0);
    // A longer limit makes it on time.
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 72 })).counts).toMatchObject({ arrivals: 0, lateWithoutReason: 0 });
  });

  it('counts a late examination whose body does not open, and does not throw', async () => {
    const { db, repos, add } = await setup();
    const late = await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z' });
    const row = await db.caseBodies.get(late.id);
    if (!row) throw new Error('no body');
    await db.caseBodies.put({ ...row, body: { ...row.body, payload: new ArrayBuffer(40) } });
    // Stored before the index fields, so its body must be opened to find the delay reason.
    await db.cases.update(late.id, { delayReasonUnchecked: 1 });
    const report = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(report.unreadable).toBe(1);
    expect(report.dashboard.lateWithoutReason).toEqual([]);
  });

  it('lists referrals sent, unacknowledged, past their follow-up date', async () => {
    const { repos } = await setup();
    const c = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const base = { reportVersion: 1, reportSha256: 'b'.repeat(64), policy: 'consent-based', sentAt: '2026-04-01T10:00:00+00:00' } as const;
    await repos.referrals.save(c.id, { ...base, id: 'ref-overdue', followUpDate: '2026-05-01' });
    await repos.referrals.save(c.id, { ...base, id: 'ref-acknowledged', followUpDate: '2026-05-01', acknowledgedAt: '2026-05-02T09:00:00+00:00' });
    await repos.referrals.save(c.id, { ...base, id: 'ref-not-yet', followUpDate: '2026-05-10' });
    const { dashboard, counts } = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(dashboard.referrals).toEqual([{ caseId: c.id, caseNumber: c.caseNumber, referralId: 'ref-overdue', followUpDate: '2026-05-01', sentAt: base.sentAt }]);
    expect(counts.referrals).toBe(1);
  });

  it('drops a referral once its acknowledgement is recorded, and opens no case body for it', async () => {
    const { repos, opened } = await setup();
    const c = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const sent = { id: 'ref-chased', reportVersion: 1, reportSha256: 'c'.repeat(64), policy: 'consent-based', sentAt: '2026-04-01T10:00:00+02:00', followUpDate: '2026-04-15' } as const;
    await repos.referrals.save(c.id, sent);
    opened.length = 0;
    const before = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(before.dashboard.referrals?.map((r) => r.referralId)).toEqual(['ref-chased']);
    expect(before.counts.referrals).toBe(1);
    // The referral is opened to read its dates; the case body (name, ID, birth date) is not.
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toEqual([]);
    await repos.referrals.save(c.id, { ...sent, acknowledgedAt: '2026-04-20T09:00:00+02:00' });
    const after = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(after.dashboard.referrals).toEqual([]);
    expect(after.counts.referrals).toBe(0);
  });

  it('gives a row whose body was not read (restore, upgrade pass) the index fields, keeping a known answer', () => {
    const base: CaseRow = {
      id: 'c', caseNumber: 'A-2026-00001', encounterType: 'admission', facilityCode: null, status: 'draft', createdAt: '2026-05-01T00:00:00Z',
      updatedAt: '2026-05-01T00:00:00Z', arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z', revision: 2, searchKeys: [],
    };
    // An older row: the wait is known from its metadata, the delay reason is not.
    expect(withOverdueIndexUnread(base)).toMatchObject({ waitNoReasonMs: 48 * 3_600_000, delayReasonUnchecked: 1 });
    // Saved by this version with no reason: kept as known.
    expect(withOverdueIndexUnread({ ...base, waitNoReasonMs: 48 * 3_600_000 })).not.toHaveProperty('delayReasonUnchecked');
    // A return from police custody not yet examined: due, whatever the row said.
    expect(withOverdueIndexUnread({ ...base, encounterType: 'return_from_police_custody', examStartAt: null })).toEqual({
      ...base, encounterType: 'return_from_police_custody', examStartAt: null, reexaminationDue: 1, arrivalOrder: '2026-05-01T08:00:00.000Z',
    });
    // A signed case's copy owed, as saved by this version: kept as known. Without the field (or
    // marked), to be checked. A draft owes none yet (signing decides from the body).
    const signed: CaseRow = { ...base, status: 'signed' };
    expect(withOverdueIndexUnread({ ...signed, copyOwed: 1 })).toMatchObject({ copyOwed: 1 });
    expect(withOverdueIndexUnread({ ...signed, copyOwed: 1 })).not.toHaveProperty('copyUnchecked');
    expect(withOverdueIndexUnread(signed)).toMatchObject({ copyUnchecked: 1 });
    expect(withOverdueIndexUnread(signed)).not.toHaveProperty('copyOwed');
    expect(withOverdueIndexUnread({ ...signed, copyOwed: 1, copyUnchecked: 1 })).not.toHaveProperty('copyOwed');
    expect(withOverdueIndexUnread({ ...signed, status: 'referred' })).toMatchObject({ copyUnchecked: 1 });
    expect(withOverdueIndexUnread(base)).not.toHaveProperty('copyUnchecked');
  });

  it('signing sets the mark from the examination it locks, also on a row that never had it (restored draft)', async () => {
    const { db, repos, add, sign, opened } = await setup();
    const timing = { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z' };
    const owed = await add('admission', timing, COPY_NOT_GIVEN);
    const given = await add('admission', timing, COPY_GIVEN);
    for (const c of [owed, given]) {
      const row = await db.cases.get(c.id);
      if (!row) throw new Error('no row');
      // As a restore leaves a draft: no copy field either way.
      await db.cases.put(withOverdueIndexUnread({ ...row, copyOwed: 1, copyUnchecked: 1 }));
      expect(await db.cases.get(c.id)).not.toHaveProperty('copyOwed');
      await sign(c.id, '2026-05-02T09:00:00Z');
    }
    expect(await db.cases.get(owed.id)).toMatchObject({ copyOwed: 1, status: 'signed' });
    expect(await db.cases.get(given.id)).not.toHaveProperty('copyOwed');
    expect(await db.cases.get(given.id)).not.toHaveProperty('copyUnchecked');
    opened.length = 0;
    const { dashboard } = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(dashboard.copiesOwed.map((c) => c.id)).toEqual([owed.id]);
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toEqual([]);
  });

  it('lists a copy of the report owed once the report is signed, from the rows alone, with the signature date', async () => {
    const { repos, add, sign, opened } = await setup();
    const timing = { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z' };
    const owed = await add('admission', timing, COPY_NOT_GIVEN);
    const given = await add('admission', timing, COPY_GIVEN);
    const notWanted = await add('admission', timing, { decision: 'refused', wantsCopy: false });
    const draftOwing = await add('admission', timing, COPY_NOT_GIVEN);
    await sign(owed.id, '2026-05-02T09:00:00Z');
    await sign(given.id, '2026-05-02T09:30:00Z');
    await sign(notWanted.id, '2026-05-02T10:00:00Z');

    opened.length = 0;
    const { dashboard, counts } = await repos.overdue.read({ now: NOW, thresholdHours: 24 });
    expect(dashboard.copiesOwed).toEqual([{ id: owed.id, caseNumber: owed.caseNumber, encounterType: 'admission', examStartAt: timing.examStartAt, signedAt: '2026-05-02T09:00:00Z' }]);
    expect(counts.copiesOwed).toBe(1);
    // The draft owes one only once its report is signed.
    expect(dashboard.copiesOwed.map((c) => c.id)).not.toContain(draftOwing.id);
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toEqual([]);
    await sign(draftOwing.id, '2026-05-01T12:00:00Z');
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).dashboard.copiesOwed.map((c) => c.id)).toEqual([draftOwing.id, owed.id]);
  });

  it('opens a signed case stored before the copy index once, a limited number per read, then reads its row', async () => {
    const { db, repos, add, sign, opened } = await setup();
    const timing = { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z' };
    const owedA = await add('admission', timing, COPY_NOT_GIVEN);
    const owedB = await add('admission', timing, COPY_NOT_GIVEN);
    const given = await add('admission', timing, COPY_GIVEN);
    const draftCase = await add('admission', timing, COPY_NOT_GIVEN);
    for (const c of [owedA, owedB, given]) await sign(c.id, '2026-05-02T09:00:00Z');
    // As a restore or the pass after migration 0010 leaves rows of earlier versions.
    for (const c of [owedA, owedB, given, draftCase]) {
      const row = await db.cases.get(c.id);
      if (!row) throw new Error('no row');
      // An earlier version set no copy field.
      const earlier = { ...row };
      delete earlier.copyOwed;
      await db.cases.put(withOverdueIndexUnread(earlier));
    }
    expect(await db.cases.get(owedA.id)).toMatchObject({ copyUnchecked: 1 });
    const overdue = createOverdueRepository({ db, cases: repos.cases, copyChecksPerRead: 2 });

    opened.length = 0;
    const first = await overdue.read({ now: NOW, thresholdHours: 24 });
    // Two of the three signed cases opened; the draft is not (its copy is owed only once signed).
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toHaveLength(2);
    expect(opened).not.toContain(`caseBodies:${draftCase.id}`);
    expect(first.copiesUnchecked).toBe(1);
    opened.length = 0;
    const second = await overdue.read({ now: NOW, thresholdHours: 24 });
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toHaveLength(1);
    expect(second.copiesUnchecked).toBe(0);
    expect(second.dashboard.copiesOwed.map((c) => c.id).sort()).toEqual([owedA.id, owedB.id].sort());
    // What the bodies said is on the rows now: nothing is opened again.
    expect(await db.cases.get(given.id)).not.toHaveProperty('copyUnchecked');
    expect(await db.cases.get(given.id)).not.toHaveProperty('copyOwed');
    expect(await db.cases.get(owedA.id)).toMatchObject({ copyOwed: 1 });
    opened.length = 0;
    const third = await overdue.read({ now: NOW, thresholdHours: 24 });
    expect(opened).toEqual([]);
    expect(third.dashboard.copiesOwed).toEqual(second.dashboard.copiesOwed);
  });

  it('clears the mark when a later save records the copy given', async () => {
    const { repos, add, sign } = await setup();
    const timing = { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z' };
    const c = await add('admission', timing, COPY_NOT_GIVEN);
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).counts.copiesOwed).toBe(0);
    const saved = await repos.cases.saveExamination(c.id, draft('admission', timing, COPY_GIVEN), c.revision);
    await sign(saved.id, '2026-05-02T09:00:00Z');
    expect((await repos.overdue.read({ now: NOW, thresholdHours: 24 })).counts.copiesOwed).toBe(0);
  });

  it('lists only the longest late waits (and their ties) from the index, in the same order as a full read, with the whole count', async () => {
    const { db, repos, add, opened } = await setup();
    // Waits of 30, 50, 40, 50, 26, 60 and 50 hours, no delay reason; one in time.
    const waits = [30, 50, 40, 50, 26, 60, 50];
    for (const hours of waits) {
      await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: new Date(Date.parse('2026-05-01T08:00:00Z') + hours * 3_600_000).toISOString(), delayReason: null });
    }
    await add('admission', { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-01T10:00:00Z', delayReason: null });
    const full = await createOverdueRepository({ db, cases: repos.cases }).read({ now: NOW, thresholdHours: 24 });
    expect(full.dashboard.lateWithoutReason.map((c) => c.hours)).toEqual([60, 50, 50, 50, 40, 30, 26]);
    expect(full.counts.lateWithoutReason).toBe(7);
    // Two listed: the 60-hour wait and, tied with the last listed, every 50-hour wait (by case number).
    const short = await createOverdueRepository({ db, cases: repos.cases, rowsListed: 2 }).read({ now: NOW, thresholdHours: 24 });
    expect(short.dashboard.lateWithoutReason).toEqual(full.dashboard.lateWithoutReason.slice(0, 4));
    expect(short.counts.lateWithoutReason).toBe(7);
    // The limit moves the count, as the index says.
    expect((await createOverdueRepository({ db, cases: repos.cases, rowsListed: 2 }).read({ now: NOW, thresholdHours: 45 })).counts.lateWithoutReason).toBe(4);
    expect(opened.filter((entry) => entry.startsWith('caseBodies:'))).toHaveLength(waits.length + 1);
  });
});
