/** computeStatistics: which records count, and every figure and breakdown on a hand-made dataset. */
import { describe, expect, it } from 'vitest';
import { computeStatistics, type AdmissionCounts } from '../../../shared/stats/compute';
import { suppressStatistics } from '../../../shared/stats/suppress';
import { fact, many } from './helpers';

const Q1 = { from: '2025-01-01', to: '2025-03-31' } as const;

function counts(admissions: number, examined: number, timed: number, within: number, injuries: number, allegations: number): AdmissionCounts {
  return { admissions, examined, timed, examinedWithin24h: within, injuries, allegations };
}

/**
 * The hand-made dataset, in Q1 2025:
 * - a: Jan, PRISON-01, police station "Station A": within 24 h, 2 lesions (contusion consistent ×2), allegation.
 * - b: Jan, PRISON-01, "station a" (other spelling), late, 1 lesion abrasion not graded, no allegation.
 * - c: Feb, PRISON-02, gendarmerie "Brigade B": no arrival time, allegation, no lesion.
 * - d: Feb, PRISON-02, court, no place: arrived, not yet examined (lesion charted but not counted).
 * - e: Mar 31 (last day), facility not recorded, transfer_in from other_prison "Station A": within, lesion of no type.
 * - f: Jan 1 (first day), return from police custody, "Station A", within, allegation.
 * Excluded: g (Dec 31 2024), h (Apr 1 2025), i (post_incident), j (release), k (no encounter type).
 */
function dataset() {
  return [
    fact({ date: '2025-01-10', allegation: true, injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }, { type: 'contusion', consistency: 'consistent' }] }),
    fact({ date: '2025-01-20', arrivedFromPlace: 'station a', examinedWithin24h: false, injuriesDocumented: true, lesions: [{ type: 'abrasion', consistency: null }] }),
    fact({ date: '2025-02-03', facilityCode: 'PRISON-02', arrivedFromType: 'gendarmerie', arrivedFromPlace: 'Brigade B', examinedWithin24h: null, allegation: true }),
    fact({ date: '2025-02-14', facilityCode: 'PRISON-02', arrivedFromType: 'court', arrivedFromPlace: null, examined: false, examinedWithin24h: null, injuriesDocumented: true, lesions: [{ type: 'burn_cigarette', consistency: 'diagnostic' }] }),
    fact({ date: '2025-03-31', facilityCode: null, arrivedFromType: 'other_prison', encounterType: 'transfer_in', injuriesDocumented: true, lesions: [{ type: null, consistency: 'typical' }] }),
    fact({ date: '2025-01-01', encounterType: 'return_from_police_custody', allegation: true }),
    fact({ date: '2024-12-31', allegation: true }),
    fact({ date: '2025-04-01', allegation: true }),
    fact({ date: '2025-02-01', encounterType: 'post_incident', injuriesDocumented: true, lesions: [{ type: 'bite', consistency: 'consistent' }] }),
    fact({ date: '2025-02-01', encounterType: 'release' }),
    fact({ date: '2025-02-01', encounterType: null }),
  ];
}

describe('computeStatistics on a hand-made dataset', () => {
  const stats = computeStatistics(dataset(), Q1);

  it('counts the period total: admissions, examined, timed, within 24 h, injuries, allegations', () => {
    expect(stats.total).toEqual(counts(6, 5, 4, 3, 3, 3));
  });

  it('breaks down by month, listing every month of the period', () => {
    expect(stats.byMonth).toEqual([
      { key: '2025-01', counts: counts(3, 3, 3, 2, 2, 2) },
      { key: '2025-02', counts: counts(2, 1, 0, 0, 0, 1) },
      { key: '2025-03', counts: counts(1, 1, 1, 1, 1, 0) },
    ]);
  });

  it('breaks down by facility, "not recorded" last', () => {
    expect(stats.byFacility).toEqual([
      { key: 'PRISON-01', counts: counts(3, 3, 3, 2, 2, 2) },
      { key: 'PRISON-02', counts: counts(2, 1, 0, 0, 0, 1) },
      { key: null, counts: counts(1, 1, 1, 1, 1, 0) },
    ]);
  });

  it('breaks down by arrived-from type, every type in vocabulary order', () => {
    const rows = Object.fromEntries(stats.byArrivedFromType.map((row) => [String(row.key), row.counts]));
    expect(stats.byArrivedFromType.map((row) => row.key)).toEqual(['police_station', 'gendarmerie', 'military', 'security_service', 'immigration', 'court', 'other_prison', 'hospital', 'liberty', null]);
    expect(rows.police_station).toEqual(counts(3, 3, 3, 2, 2, 2));
    expect(rows.gendarmerie).toEqual(counts(1, 1, 0, 0, 0, 1));
    expect(rows.court).toEqual(counts(1, 0, 0, 0, 0, 0));
    expect(rows.other_prison).toEqual(counts(1, 1, 1, 1, 1, 0));
    expect(rows.military).toEqual(counts(0, 0, 0, 0, 0, 0));
    expect(rows.null).toEqual(counts(0, 0, 0, 0, 0, 0));
  });

  it('breaks down by place, grouping spellings case-insensitively under the most frequent one', () => {
    expect(stats.byArrivedFromPlace).toEqual([
      { key: 'Brigade B', counts: counts(1, 1, 0, 0, 0, 1) },
      { key: 'Station A', counts: counts(4, 4, 4, 3, 3, 2) },
      { key: null, counts: counts(1, 0, 0, 0, 0, 0) },
    ]);
  });

  it('counts lesions of examined admissions by type × consistency, with persons per cell and margins', () => {
    const { lesions } = stats;
    expect(lesions.columns).toEqual(['not_consistent', 'consistent', 'highly_consistent', 'typical', 'diagnostic', null]);
    const row = (type: string | null) => lesions.rows.find((r) => r.type === type);
    const consistent = 1;
    const notGraded = 5;
    const typical = 3;
    expect(row('contusion')?.cells[consistent]).toEqual({ lesions: 2, persons: 1 });
    expect(row('contusion')?.total).toEqual({ lesions: 2, persons: 1 });
    expect(row('abrasion')?.cells[notGraded]).toEqual({ lesions: 1, persons: 1 });
    expect(row(null)?.cells[typical]).toEqual({ lesions: 1, persons: 1 });
    // The unexamined arrival's burn and the post-incident bite are not counted.
    expect(row('burn_cigarette')?.total).toEqual({ lesions: 0, persons: 0 });
    expect(row('bite')?.total).toEqual({ lesions: 0, persons: 0 });
    expect(lesions.columnTotals[consistent]).toEqual({ lesions: 2, persons: 1 });
    expect(lesions.total).toEqual({ lesions: 4, persons: 3 });
    expect(lesions.rows).toHaveLength(24);
  });

  it('counts persons once per cell, row and column however many lesions they have', () => {
    const table = computeStatistics(
      [
        fact({ lesions: [{ type: 'contusion', consistency: 'consistent' }, { type: 'contusion', consistency: 'typical' }, { type: 'abrasion', consistency: 'consistent' }, { type: 'contusion', consistency: 'consistent' }] }),
        fact({ lesions: [{ type: 'contusion', consistency: 'consistent' }] }),
      ],
      Q1,
    ).lesions;
    const contusion = table.rows.find((r) => r.type === 'contusion');
    expect(contusion?.cells[1]).toEqual({ lesions: 3, persons: 2 });
    expect(contusion?.cells[3]).toEqual({ lesions: 1, persons: 1 });
    expect(contusion?.total).toEqual({ lesions: 4, persons: 2 });
    expect(table.columnTotals[1]).toEqual({ lesions: 4, persons: 2 });
    expect(table.total).toEqual({ lesions: 5, persons: 2 });
  });

  it('accepts any iterable, such as a generator', () => {
    function* facts() {
      yield* dataset();
    }
    expect(computeStatistics(facts(), Q1)).toEqual(stats);
  });

  it('refuses a period that is not two dates in order', () => {
    expect(() => computeStatistics([], { from: '2025-03-01', to: '2025-01-01' })).toThrow(RangeError);
    expect(() => computeStatistics([], { from: '2025-13-01', to: '2025-12-01' })).toThrow(RangeError);
    expect(() => computeStatistics([], { from: '01/01/2025', to: '2025-12-01' })).toThrow(RangeError);
    expect(() => computeStatistics([], { from: '2025-02-30', to: '2025-12-01' })).toThrow(RangeError);
  });

  it('lists every month across a year boundary', () => {
    expect(computeStatistics([], { from: '2024-11-15', to: '2025-02-02' }).byMonth.map((r) => r.key)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('shares', () => {
  // 10 examined admissions, 8 with a known arrival time of which 5 within 24 h; 6 with injuries; 5 allegations; 2 not yet examined.
  const facts = [
    ...many(5, { injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }], allegation: true }),
    ...many(3, { examinedWithin24h: false, injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] }),
    ...many(2, { examinedWithin24h: null }),
  ];
  // Make one injured person late and one on-time person uninjured so no share is trivially 0 or 100.
  facts[0] = fact({ examinedWithin24h: false, allegation: true });
  facts[5] = fact({ examinedWithin24h: true, injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] });
  const all = [...facts, ...many(5, { examined: false, examinedWithin24h: null })];

  it('are numerator over base: within 24 h of the timed, injuries and allegations of the examined', () => {
    const stats = computeStatistics(all, Q1);
    expect(stats.total).toEqual(counts(15, 10, 8, 5, 7, 5));
    const published = suppressStatistics(stats);
    expect(published.total.shareWithin24h).toEqual({ percent: 62.5, suppressed: false });
    expect(published.total.shareInjuries).toEqual({ percent: 70, suppressed: false });
    expect(published.total.shareAllegations).toEqual({ percent: 50, suppressed: false });
  });

  it('is null, not suppressed, when the base is zero', () => {
    const published = suppressStatistics(computeStatistics([], Q1));
    expect(published.total.shareInjuries).toEqual({ percent: null, suppressed: false });
    expect(published.total.examined).toEqual({ value: 0, suppressed: false });
  });

  it('rounds to one decimal', () => {
    const published = suppressStatistics(computeStatistics([...many(2, { allegation: true }), ...many(5, { allegation: true }), ...many(5)], Q1));
    // 7 of 12 = 58.333…%
    expect(published.total.shareAllegations.percent).toBe(58.3);
  });
});
