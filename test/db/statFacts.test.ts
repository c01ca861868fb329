/**
 * Statistics facts per case (renderer/db/repos/statFactsRepository.ts, migration 0008): written with
 * every save in the same transaction, read by period through the date index, sealed like the bodies
 * (a row edited or moved on disk is not counted), and filled in from the bodies for cases stored
 * before facts existed or restored from a backup.
 */
import { describe, expect, it } from 'vitest';
import type { RecordCodec } from '../../renderer/db/codec';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import type { AttestDatabase } from '../../renderer/db/database';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { statFactsOf, statSourceSchema, withThreshold } from '../../shared/stats/facts';
import { computeStatistics } from '../../shared/stats/compute';
import { createStatFactsRepository } from '../../renderer/db/repos/statFactsRepository';
import { createVault, type UnlockedKeys } from '../../shared/vault';
import { buildAdmissionExam } from '../unit/domain/fixtures';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

function openOver(db: AttestDatabase, keys: UnlockedKeys): Promise<Repositories> {
  let t = Date.parse('2026-05-02T08:00:00Z');
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), now: () => new Date((t += 1_000)) });
}

async function setup() {
  const fresh = freshDatabase();
  const vault = await createVault('tiger lamp ocean violin', TEST_KDF);
  const repos = await openOver(fresh.db, vault.keys);
  return { ...fresh, vault, repos };
}

/** The vault's codec, counting what it opens per table. */
function countingCodec(keys: UnlockedKeys): { codec: RecordCodec; opened: Map<string, number> } {
  const inner = createVaultCodec(keys.dataKey);
  const opened = new Map<string, number>();
  return {
    opened,
    codec: {
      ...inner,
      open: (context, sealed) => {
        opened.set(context.table, (opened.get(context.table) ?? 0) + 1);
        return inner.open(context, sealed);
      },
    },
  };
}

/** The fixture admission arriving on `day` of March 2025 (local time +01:00), examined two hours later. */
function examOn(day: number, patch: Parameters<typeof buildAdmissionExam>[0] = {}) {
  const d = String(day).padStart(2, '0');
  return buildAdmissionExam({
    ...patch,
    encounter: { timing: { arrivalAt: `2025-03-${d}T08:00:00+01:00`, examStartAt: `2025-03-${d}T10:00:00+01:00`, examEndAt: `2025-03-${d}T10:45:00+01:00` } },
  });
}

async function caseWith(repos: Repositories, exam: unknown): Promise<string> {
  const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  await repos.cases.saveExamination(created.id, exam, created.revision);
  return created.id;
}

describe('statistics facts', () => {
  it('are written with each save and read back by period, exactly the facts statFactsOf keeps', async () => {
    const { repos, db } = await setup();
    const first = await caseWith(repos, examOn(10));
    await caseWith(repos, examOn(20, { account: { allegationPresent: 'no' } }));
    // A case with no examination yet has a row with no date: counted in no period.
    const empty = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    expect(await db.statFacts.count()).toBe(await db.cases.count());
    expect((await db.statFacts.get(empty.id))?.date).toBeUndefined();

    const march = await repos.statFacts.inPeriod('2025-03-01', '2025-03-31');
    expect(march.unreadable).toBe(0);
    expect(march.facts).toHaveLength(2);
    expect(march.facts.map((f) => withThreshold(f))).toContainEqual(statFactsOf(examOn(10)));
    // Bounds are inclusive and by the local date of arrival.
    expect((await repos.statFacts.inPeriod('2025-03-10', '2025-03-10')).facts).toHaveLength(1);
    expect((await repos.statFacts.inPeriod('2025-03-11', '2025-03-19')).facts).toHaveLength(0);

    // A later save replaces the row (one row per case, at the case's revision).
    const record = await repos.cases.get(first);
    await repos.cases.saveExamination(first, examOn(25), record?.summary.revision ?? 0);
    expect((await repos.statFacts.inPeriod('2025-03-10', '2025-03-10')).facts).toHaveLength(0);
    expect((await repos.statFacts.inPeriod('2025-03-25', '2025-03-25')).facts).toHaveLength(1);
    expect((await db.statFacts.get(first))?.revision).toBe((await repos.cases.get(first))?.summary.revision);
    repos.close();
  });

  it('keep the wait, so a changed limit applies without recomputing', async () => {
    const { repos } = await setup();
    await caseWith(repos, examOn(10));
    const [fact] = (await repos.statFacts.inPeriod('2025-03-01', '2025-03-31')).facts;
    if (!fact) throw new Error('no facts');
    expect(fact.waitMs).toBe(2 * 3_600_000);
    expect(withThreshold(fact, { thresholdHours: 24 }).examinedWithin24h).toBe(true);
    expect(withThreshold(fact, { thresholdHours: 2 }).examinedWithin24h).toBe(true);
    expect(withThreshold(fact, { thresholdHours: 1 }).examinedWithin24h).toBe(false);
    repos.close();
  });

  it('are sealed: no identifying or clinical value in clear, and a row edited or moved on disk is not counted', async () => {
    const { repos, db } = await setup();
    const a = await caseWith(repos, examOn(10));
    const b = await caseWith(repos, examOn(11));
    const rowA = await db.statFacts.get(a);
    const rowB = await db.statFacts.get(b);
    if (!rowA?.facts || !rowB?.facts) throw new Error('no rows');
    expect(Object.keys(rowA).sort()).toEqual(['date', 'facts', 'id', 'revision']);
    const clear = JSON.stringify(rowA, (_k, v: unknown) => (v instanceof ArrayBuffer ? `[${String(v.byteLength)} bytes]` : v));
    for (const value of ['Central police station', 'police_station', 'contusion', 'PRISON-01', 'allegation']) expect(clear).not.toContain(value);

    // The date in clear moved to another day: the sealed date disagrees, the row is not counted.
    await db.statFacts.put({ ...rowA, date: '2025-03-12' });
    expect(await repos.statFacts.inPeriod('2025-03-01', '2025-03-31')).toMatchObject({ unreadable: 1 });
    // B's sealed facts copied onto A's row: the additional data names the case, so they do not open.
    await db.statFacts.put({ ...rowA, date: rowB.date ?? '', facts: rowB.facts });
    const period = await repos.statFacts.inPeriod('2025-03-01', '2025-03-31');
    expect(period.facts).toHaveLength(1);
    expect(period.unreadable).toBe(1);
    repos.close();
  });

  it('are completed from the bodies for cases that have none, once, without overwriting newer rows', async () => {
    const { repos, db, vault } = await setup();
    const ids: string[] = [];
    for (let day = 1; day <= 12; day += 1) ids.push(await caseWith(repos, examOn(day)));
    const before = await repos.statFacts.inPeriod('2025-03-01', '2025-03-31');
    // As after an upgrade from a version without the tables, or a restore.
    await db.statFacts.clear();
    await db.statFactsPages.clear();
    expect((await repos.statFacts.inPeriod('2025-03-01', '2025-03-31')).facts).toHaveLength(0);

    const progress: number[] = [];
    expect(await repos.statFacts.complete((p) => progress.push(p.done))).toEqual({ added: 12, unreadable: 0 });
    expect(progress.at(-1)).toBe(12);
    const after = await repos.statFacts.inPeriod('2025-03-01', '2025-03-31');
    expect(after.facts.map((f) => withThreshold(f)).sort((x, y) => x.date.localeCompare(y.date))).toEqual(
      before.facts.map((f) => withThreshold(f)).sort((x, y) => x.date.localeCompare(y.date)),
    );
    // Complete: the next run compares counts only and adds nothing.
    expect(await repos.statFacts.complete()).toEqual({ added: 0, unreadable: 0 });

    // A row written by a save is never replaced by a recomputation.
    const target = ids[0] ?? '';
    await db.statFacts.delete(target);
    await repos.cases.saveExamination(target, examOn(28), (await repos.cases.get(target))?.summary.revision ?? 0);
    expect(await repos.statFacts.complete()).toEqual({ added: 0, unreadable: 0 });
    expect((await repos.statFacts.inPeriod('2025-03-28', '2025-03-28')).facts).toHaveLength(1);

    // A body that does not open gets no row and is reported; the rest are completed.
    const other = await createVault('copper kettle under moonlight', TEST_KDF);
    const stranger = await openOver(db, other.keys);
    const foreign = await caseWith(stranger, examOn(5));
    await db.statFacts.delete(foreign);
    await db.statFacts.delete(ids[1] ?? '');
    const again = await openOver(db, vault.keys);
    expect(await again.statFacts.complete()).toEqual({ added: 1, unreadable: 1 });
    // (The repositories share one connection: closing one closes all.)
    repos.close();
  });

  it('read a period from month pages, rebuild only the months a save touched, and never use a stale or moved page', async () => {
    const { db, vault } = await setup();
    const counting = countingCodec(vault.keys);
    const repos = await openRepositories({ db, codec: counting.codec, searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
    const ids: string[] = [];
    for (const day of [3, 9, 15, 21]) ids.push(await caseWith(repos, examOn(day)));
    const april = buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-04-02T08:00:00+02:00', examStartAt: '2025-04-02T09:00:00+02:00', examEndAt: '2025-04-02T09:30:00+02:00' } } });
    ids.push(await caseWith(repos, april));

    counting.opened.clear();
    const first = await repos.statFacts.inPeriod('2025-03-01', '2025-04-30');
    expect(first.facts).toHaveLength(5);
    // No page yet: built from the rows (5 opened), then stored.
    expect(counting.opened.get('statFacts')).toBe(5);
    counting.opened.clear();
    const second = await repos.statFacts.inPeriod('2025-03-01', '2025-04-30');
    expect(second.facts).toEqual(first.facts);
    expect(counting.opened.get('statFacts') ?? 0).toBe(0);
    expect(counting.opened.get('statFactsPages')).toBe(2);
    // A period given to the day takes only those days from the month pages.
    expect((await repos.statFacts.inPeriod('2025-03-09', '2025-03-15')).facts.map((f) => f.date)).toEqual(['2025-03-09', '2025-03-15']);

    const oldMarch = await db.statFactsPages.get('2025-03');
    // A case moved from March to April: both months are rebuilt, from their rows.
    const moved = ids[0] ?? '';
    await repos.cases.saveExamination(moved, april, (await repos.cases.get(moved))?.summary.revision ?? 0);
    counting.opened.clear();
    const third = await repos.statFacts.inPeriod('2025-03-01', '2025-04-30');
    expect(third.facts.filter((f) => f.date.startsWith('2025-04'))).toHaveLength(2);
    expect(third.facts.filter((f) => f.date.startsWith('2025-03'))).toHaveLength(3);
    expect(counting.opened.get('statFacts')).toBe(5);

    // A page stored under another month, or with its version in clear rolled back, is not used.
    const [march, aprilPage] = await db.statFactsPages.bulkGet(['2025-03', '2025-04']);
    if (!march?.page || !aprilPage?.page) throw new Error('no pages');
    await db.statFactsPages.put({ month: '2025-03', version: march.version, page: aprilPage.page });
    counting.opened.clear();
    const fourth = await repos.statFacts.inPeriod('2025-03-01', '2025-03-31');
    expect(fourth.facts.map((f) => f.date).sort()).toEqual(['2025-03-09', '2025-03-15', '2025-03-21']);
    expect(counting.opened.get('statFacts')).toBe(3);
    const rebuilt = await db.statFactsPages.get('2025-03');
    if (!oldMarch?.page || !rebuilt) throw new Error('no pages');
    expect(rebuilt.version).toBeGreaterThan(oldMarch.version);
    await db.statFactsPages.put({ month: '2025-03', version: rebuilt.version, page: oldMarch.page });
    counting.opened.clear();
    expect((await repos.statFacts.inPeriod('2025-03-01', '2025-03-31')).facts).toHaveLength(3);
    // March's old page (one case fewer since) carries its old version inside: refused, rebuilt.
    expect(counting.opened.get('statFacts')).toBe(3);
    repos.close();
  });
});

describe('statistics facts, completed in chunks after an upgrade or a restore', () => {
  /** The reference: every case's facts from its examination as stored now, computed in full. */
  async function reference(repos: Repositories, ids: readonly string[], from: string, to: string) {
    const facts = [];
    for (const id of ids) {
      const record = await repos.cases.get(id);
      const exam = record?.body.examination;
      const fact = exam === undefined || exam === null ? null : statFactsOf(statSourceSchema.parse(exam));
      if (fact !== null && fact.date >= from && fact.date <= to) facts.push(fact);
    }
    return facts;
  }
  const byContent = (facts: readonly unknown[]) => facts.map((f) => JSON.stringify(f)).sort();

  it('equal a full computation from the bodies, with cases edited and added while the chunks run', async () => {
    const { repos, db, vault } = await setup();
    const ids: string[] = [];
    for (let day = 1; day <= 14; day += 1) ids.push(await caseWith(repos, examOn(day, { account: { allegationPresent: day % 2 === 0 ? 'yes' : 'no' } })));
    // As after an upgrade from a version without facts, or a restore.
    await db.statFacts.clear();
    await db.statFactsPages.clear();
    // While the run goes: two cases are edited (a later day, an allegation) after the run has read
    // their bodies and before it writes their facts (the run's codec waits for the saves when it opens
    // them), and a case is added meanwhile.
    const inner = createVaultCodec(vault.keys.dataKey);
    const edited = new Set([ids[0] ?? '', ids[13] ?? '']);
    const codec: RecordCodec = {
      ...inner,
      open: async (context, sealed) => {
        if (context.table === 'caseBodies' && edited.delete(context.id)) {
          const revision = (await repos.cases.get(context.id))?.summary.revision ?? 0;
          await repos.cases.saveExamination(context.id, examOn(27, { account: { allegationPresent: 'yes' } }), revision);
          if (edited.size === 0) ids.push(await caseWith(repos, examOn(28)));
        }
        return inner.open(context, sealed);
      },
    };
    const facts = createStatFactsRepository({ db, codec, completePage: 3 });
    const progress: { done: number; total: number }[] = [];
    const result = await facts.complete((p) => progress.push(p));
    expect(edited.size).toBe(0);
    expect(progress.map((p) => p.done)).toEqual([0, 3, 6, 9, 12, 14]);
    expect(result.unreadable).toBe(0);
    // One row per case (the new case's and the edited cases' written by their saves).
    expect(await db.statFacts.count()).toBe(await db.cases.count());
    for (const [from, to] of [['2025-03-01', '2025-03-31'], ['2025-03-02', '2025-03-27']] as const) {
      const read = await facts.inPeriod(from, to);
      const expected = await reference(repos, ids, from, to);
      expect(read.unreadable).toBe(0);
      expect(byContent(read.facts.map((f) => withThreshold(f)))).toEqual(byContent(expected));
      // And so are the published statistics.
      expect(computeStatistics(read.facts.map((f) => withThreshold(f)), { from, to })).toEqual(computeStatistics(expected, { from, to }));
    }
    // Through the app's repositories too (their month pages are built from the same rows).
    expect(byContent((await repos.statFacts.inPeriod('2025-03-01', '2025-03-31')).facts.map((f) => withThreshold(f)))).toEqual(
      byContent(await reference(repos, ids, '2025-03-01', '2025-03-31')),
    );
    repos.close();
  });

  it('run once when asked twice (the background run and the statistics screen), and stop when a restore clears the facts', async () => {
    const { repos, db, vault } = await setup();
    const ids: string[] = [];
    for (let day = 1; day <= 6; day += 1) ids.push(await caseWith(repos, examOn(day)));
    await db.statFacts.clear();
    const codec = createVaultCodec(vault.keys.dataKey);
    const facts = createStatFactsRepository({ db, codec, completePage: 2 });
    const seen: number[] = [];
    const [first, second] = await Promise.all([facts.complete(), facts.complete((p) => seen.push(p.done))]);
    expect(first).toEqual({ added: 6, unreadable: 0 });
    expect(second).toBe(first);
    expect(seen.at(-1)).toBe(6);
    expect(facts.progress()).toBeNull();

    // A restore clears the facts and their pages (and the run's marker) in one transaction: the run
    // stops with an error rather than add rows computed from the replaced bodies.
    await db.statFacts.clear();
    const stopped = facts.complete((p) => {
      if (p.done === 2) void db.transaction('rw', db.statFacts, db.statFactsPages, async () => { await db.statFacts.clear(); await db.statFactsPages.clear(); });
    });
    await expect(stopped).rejects.toThrow();
    // The next run (the next unlock) completes what is missing.
    expect((await facts.complete()).added).toBe(6);
    expect(byContent((await facts.inPeriod('2025-03-01', '2025-03-31')).facts.map((f) => withThreshold(f)))).toEqual(byContent(await reference(repos, ids, '2025-03-01', '2025-03-31')));
    repos.close();
  });

  it('stop between chunks when the background caller asks (the vault locks), unless the screen waits for the run', async () => {
    const { repos, db, vault } = await setup();
    for (let day = 1; day <= 6; day += 1) await caseWith(repos, examOn(day));
    await db.statFacts.clear();
    const facts = createStatFactsRepository({ db, codec: createVaultCodec(vault.keys.dataKey), completePage: 2 });
    let locked = false;
    await facts.complete((p) => { if (p.done === 2) locked = true; }, { shouldStop: () => locked });
    expect(await db.statFacts.count()).toBe(2);
    // The screen's call goes to the end even though the background caller would stop.
    locked = false;
    const background = facts.complete(undefined, { shouldStop: () => locked });
    const screen = facts.complete(() => { locked = true; });
    expect((await Promise.all([background, screen]))[1].added).toBe(4);
    expect(await db.statFacts.count()).toBe(6);
    repos.close();
  });
});
