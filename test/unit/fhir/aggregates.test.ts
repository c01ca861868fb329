/**
 * Aggregates for national systems (issue #18 item 6): the published (suppressed) statistics as a FHIR
 * MeasureReport that passes Medplum's R4 validator, and as DHIS2 dataValueSets through a mapping file.
 * A hidden cell never reappears: no count in FHIR (masked), no value in DHIS2.
 */
import type { MeasureReport } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { Dhis2Mapping, dhis2Period, statisticsToDhis2, statisticsToMeasureReport } from '../../../shared/fhir';
import { ADMISSION_SHARES, computeStatistics, parseStatisticsJson, suppressStatistics, toJson, type PublishedCount } from '../../../shared/stats';
import { fact, many } from '../stats/helpers';
import { validationErrors } from './validator';

// January: 40 admissions from Station A, 12 with injuries; February: 30, of which 2 (a small cell) from Station B.
const facts = [
  ...many(28, { date: '2025-01-10' }),
  ...many(12, { date: '2025-01-12', injuriesDocumented: true, allegation: true, lesions: [{ type: 'contusion', consistency: 'consistent' }, { type: 'abrasion', consistency: 'highly_consistent' }] }),
  ...many(28, { date: '2025-02-03' }),
  ...many(2, { date: '2025-02-04', arrivedFromPlace: 'Station B', injuriesDocumented: true, lesions: [{ type: 'burn_cigarette', consistency: 'typical' }] }),
  fact({ date: '2025-03-20', examined: false, examinedWithin24h: null }),
];
const stats = suppressStatistics(computeStatistics(facts, { from: '2025-01-01', to: '2025-03-31' }));

describe('MeasureReport', () => {
  const report: MeasureReport = statisticsToMeasureReport(stats, { date: '2025-04-02T10:00:00Z', reporter: 'Health unit' });

  it('passes the R4 validator with 0 errors', () => {
    expect(validationErrors(report)).toEqual([]);
  });

  it('reports each share with its populations and score as published, by month', () => {
    for (const share of ['shareWithin24h', 'shareInjuries', 'shareAllegations'] as const) {
      const group = report.group?.find((g) => g.code?.coding?.[0]?.code === share);
      const { numerator, base } = ADMISSION_SHARES[share];
      const count = (c: PublishedCount) => (c.suppressed ? undefined : c.value);
      expect(group?.population?.map((p) => [p.code?.coding?.[0]?.code, p.count])).toEqual([['initial-population', count(stats.total.admissions)], ['denominator', count(stats.total[base])], ['numerator', count(stats.total[numerator])]]);
      const months = group?.stratifier?.find((st) => st.code?.[0]?.coding?.[0]?.code === 'month');
      expect(months?.stratum?.map((st) => st.value?.text)).toEqual(['2025-01', '2025-02', '2025-03']);
      stats.byMonth.forEach((row, i) => {
        expect(months?.stratum?.[i]?.population?.find((p) => p.code?.coding?.[0]?.code === 'numerator')?.count).toBe(count(row.figures[numerator]));
        const percent = row.figures[share];
        expect(months?.stratum?.[i]?.measureScore?.value).toBe(percent.suppressed || percent.percent === null ? undefined : percent.percent);
      });
    }
    // Figures a reader can check: 71 admissions, 14 with injuries (20 % of 70 examined); January's 40.
    const injuries = report.group?.find((g) => g.code?.coding?.[0]?.code === 'shareInjuries');
    expect(injuries?.population?.map((p) => p.count)).toEqual([71, 70, 14]);
    expect(injuries?.measureScore?.value).toBe(20);
    expect(injuries?.stratifier?.[0]?.stratum?.[0]?.population?.[0]?.count).toBe(40);
  });

  it('keeps a hidden cell hidden: no count, masked', () => {
    const json = JSON.stringify(report);
    const places = report.group?.[1]?.stratifier?.find((s) => s.code?.[0]?.coding?.[0]?.code === 'arrived-from-place');
    const hidden = places?.stratum?.flatMap((s) => s.population ?? []).filter((p) => p.count === undefined) ?? [];
    expect(hidden.length).toBeGreaterThan(0);
    for (const p of hidden) expect(p.extension).toEqual([{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }]);
    expect(json).not.toContain('Station B');
    const lesions = report.group?.find((g) => g.code?.coding?.[0]?.code === 'lesions');
    const burns = lesions?.stratifier?.[0]?.stratum?.find((s) => s.component?.[0]?.value.coding?.[0]?.code === 'burn_cigarette' && s.component[1]?.value.coding?.[0]?.code === 'typical');
    expect(burns?.population?.[0]?.count).toBeUndefined();
  });

  it('is made from the app’s JSON export just as from the statistics', () => {
    const parsed = parseStatisticsJson(JSON.parse(toJson(stats)));
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    expect(statisticsToMeasureReport(parsed.stats, { date: '2025-04-02T10:00:00Z', reporter: 'Health unit' })).toEqual(report);
    expect(parseStatisticsJson({ ...JSON.parse(toJson(stats)), version: 2 }).ok).toBe(false);
  });
});

describe('DHIS2 dataValueSets', () => {
  const mapping = Dhis2Mapping.parse({
    format: 'attest-dhis2-mapping',
    version: 1,
    orgUnit: 'DiszpKrYNg8',
    periods: 'monthly',
    dataElements: { admissions: { dataElement: 'fbfJHSPpUQD', categoryOptionCombo: 'PT59n8BQbqM' }, injuries: { dataElement: 'cYeuwXTCPkU' }, shareInjuries: { dataElement: 'Jtf34kNZhzP' } },
  });

  it('gives exactly the published value of each mapped indicator and month, and leaves hidden ones out', () => {
    const result = statisticsToDhis2(stats, mapping);
    if (!result.ok) throw new Error('period');
    const values = result.dataValueSet.dataValues;
    expect(values).toContainEqual({ dataElement: 'fbfJHSPpUQD', period: '202501', orgUnit: 'DiszpKrYNg8', categoryOptionCombo: 'PT59n8BQbqM', value: '40' });
    let hidden = 0;
    for (const row of stats.byMonth) {
      const period = (row.key ?? '').replace('-', '');
      const find = (dataElement: string) => values.filter((v) => v.dataElement === dataElement && v.period === period).map((v) => v.value);
      for (const [id, element] of [['admissions', 'fbfJHSPpUQD'], ['injuries', 'cYeuwXTCPkU']] as const) {
        const published = row.figures[id];
        if (published.suppressed) hidden += 1;
        expect(find(element)).toEqual(published.suppressed ? [] : [String(published.value)]);
      }
      const share = row.figures.shareInjuries;
      if (share.suppressed || share.percent === null) hidden += 1;
      expect(find('Jtf34kNZhzP')).toEqual(share.suppressed || share.percent === null ? [] : [share.percent.toFixed(1)]);
    }
    expect(hidden).toBeGreaterThan(0);
    expect(result.suppressedLeftOut).toBe(hidden);
  });

  it('reports a whole quarter as one period, and refuses a span DHIS2 has no period for', () => {
    const total = statisticsToDhis2(stats, { ...mapping, periods: 'total' });
    expect(total.ok && total.dataValueSet.dataValues.map((v) => [v.period, v.value])).toEqual([['2025Q1', '71'], ['2025Q1', '14'], ['2025Q1', '20.0']]);
    expect(dhis2Period('2025-01-01', '2025-12-31')).toBe('2025');
    expect(dhis2Period('2024-02-01', '2024-02-29')).toBe('202402');
    expect(dhis2Period('2025-01-01', '2025-02-28')).toBeNull();
    const odd = suppressStatistics(computeStatistics(facts, { from: '2025-01-05', to: '2025-03-31' }));
    expect(statisticsToDhis2(odd, mapping)).toEqual({ ok: false, reason: 'period' });
  });

  it('refuses a mapping with a malformed UID or an unknown indicator', () => {
    expect(Dhis2Mapping.safeParse({ format: 'attest-dhis2-mapping', version: 1, orgUnit: 'short', dataElements: { admissions: { dataElement: 'fbfJHSPpUQD' } } }).success).toBe(false);
    expect(Dhis2Mapping.safeParse({ format: 'attest-dhis2-mapping', version: 1, orgUnit: 'DiszpKrYNg8', dataElements: { names: { dataElement: 'fbfJHSPpUQD' } } }).success).toBe(false);
  });
});
