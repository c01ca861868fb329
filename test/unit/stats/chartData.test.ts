/** What the statistics charts draw: published figures only; a hidden figure never reaches a chart as a number. */
import { describe, expect, it } from 'vitest';
import { computeStatistics, suppressStatistics } from '../../../shared/stats';
import { lesionSeries, monthSeries } from '../../../renderer/stats/chartData';
import { fact, many } from './helpers';

const period = { from: '2025-01-01', to: '2025-03-31' };

describe('chart data', () => {
  it('draws visible months as their count and hidden months as a flag, never their value', () => {
    // January: 20 admissions; February: 3 (hidden, and January or the total would reveal it, so a second cell hides too); March: 12.
    const facts = [...many(20, { date: '2025-01-15', month: '2025-01' }), ...many(3, { date: '2025-02-10', month: '2025-02' }), ...many(12, { date: '2025-03-05', month: '2025-03' })];
    const published = suppressStatistics(computeStatistics(facts, period));
    const series = monthSeries(published);
    expect(series.months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(series.hidden[1]).toBe(true);
    expect(series.admissions[1]).toBeNull();
    // Every hidden month is drawn as null; every visible one as its published value.
    published.byMonth.forEach((row, i) => {
      expect(series.admissions[i]).toBe(row.figures.admissions.value);
      if (row.figures.admissions.suppressed) expect(series.hidden[i]).toBe(true);
      if (row.figures.shareWithin24h.suppressed) expect(series.shareWithin[i]).toBeNull();
    });
    expect(series.admissions).not.toContain(3);
  });

  it('leaves hidden lesion cells out and marks their type', () => {
    const facts = [
      ...many(10, { lesions: [{ type: 'contusion', consistency: 'consistent' }] }),
      ...many(2, { lesions: [{ type: 'abrasion', consistency: 'typical' }] }),
      ...many(8, { lesions: [{ type: 'abrasion', consistency: 'consistent' }] }),
    ].map((f) => ({ ...f, injuriesDocumented: true }));
    const published = suppressStatistics(computeStatistics([...facts, fact()], { from: '2025-01-01', to: '2025-12-31' }));
    const series = lesionSeries(published);
    const abrasion = series.types.indexOf('abrasion');
    expect(abrasion).toBeGreaterThanOrEqual(0);
    expect(series.typeHasHidden[abrasion]).toBe(true);
    const typical = series.levels.find((l) => l.level === 'typical');
    expect(typical?.values[abrasion]).toBeNull();
    // No drawn value equals a hidden cell's raw count (2).
    for (const level of series.levels) expect(level.values).not.toContain(2);
  });
});
