/**
 * The monitoring statistics for national systems (issue #18 item 6): a FHIR R4 MeasureReport, and
 * DHIS2 `dataValueSets` JSON through a configurable mapping. Both take `PublishedStatistics` only —
 * already suppressed (shared/stats/suppress.ts) — so raw small counts cannot leave by this path.
 *
 * A hidden count stays hidden: in the MeasureReport its `count` is absent and the element carries
 * the standard data-absent-reason extension `masked` ("suppressed for privacy"); in DHIS2, which has
 * no such marker, the value is left out and the caller is told how many were.
 */
import type { CodeableConcept, MeasureReport, MeasureReportGroup, MeasureReportGroupPopulation, MeasureReportGroupStratifier, Quantity } from '@medplum/fhirtypes';
import { z } from 'zod';
import { ADMISSION_SHARES, type AdmissionCount, type AdmissionShare } from '../stats/compute';
import type { PublishedCount, PublishedFigures, PublishedRow, PublishedStatistics } from '../stats/suppress';
import { ATTEST_FHIR_BASE, MEASURE_POPULATION, UCUM, codeSystem } from './codes';
import { ATTEST_FHIR_NAMESPACE, uuidV5 } from './ids';

/** The indicators Attest exports, by our id: the six counts, the three shares and the lesion total. */
export const INDICATOR_IDS = ['admissions', 'examined', 'timed', 'examinedWithin24h', 'injuries', 'allegations', 'shareWithin24h', 'shareInjuries', 'shareAllegations', 'lesions'] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

const MASKED = { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' };
const BREAKDOWN_CODES = { byMonth: 'month', byFacility: 'facility', byArrivedFromType: 'arrived-from-type', byArrivedFromPlace: 'arrived-from-place' } as const;

function population(code: string, count: PublishedCount): MeasureReportGroupPopulation {
  const concept: CodeableConcept = { coding: [{ system: MEASURE_POPULATION, code }] };
  return count.suppressed ? { code: concept, extension: [MASKED] } : { code: concept, count: count.value };
}

function percent(figures: PublishedFigures, share: AdmissionShare): Quantity | undefined {
  const s = figures[share];
  return s.suppressed || s.percent === null ? undefined : { value: s.percent, unit: '%', system: UCUM, code: '%' };
}

function stratumValue(row: PublishedRow<string>): CodeableConcept {
  if (row.kind === 'not_recorded') return { coding: [{ system: codeSystem('stratum'), code: 'not-recorded' }], text: 'Not recorded' };
  if (row.kind === 'other_places') return { coding: [{ system: codeSystem('stratum'), code: 'other-places' }], text: 'Other places (fewer than the minimum each)' };
  return { text: row.key ?? '' };
}

/** A group for one share: initial population (admissions), denominator (its base), numerator, score in %, stratified by every breakdown. */
function shareGroup(stats: PublishedStatistics, share: AdmissionShare): MeasureReportGroup {
  const { numerator, base } = ADMISSION_SHARES[share];
  const populations = (f: PublishedFigures) => [population('initial-population', f.admissions), population('denominator', f[base]), population('numerator', f[numerator])];
  const stratifier = (Object.keys(BREAKDOWN_CODES) as (keyof typeof BREAKDOWN_CODES)[]).map(
    (breakdown): MeasureReportGroupStratifier => ({
      code: [{ coding: [{ system: codeSystem('stratifier'), code: BREAKDOWN_CODES[breakdown] }] }],
      stratum: (stats[breakdown] as readonly PublishedRow<string>[]).map((row) => {
        const score = percent(row.figures, share);
        return { value: stratumValue(row), population: populations(row.figures), ...(score === undefined ? {} : { measureScore: score }) };
      }),
    }),
  );
  const score = percent(stats.total, share);
  return { code: { coding: [{ system: codeSystem('indicator'), code: share }] }, population: populations(stats.total), ...(score === undefined ? {} : { measureScore: score }), stratifier };
}

/** Lesions: the total, stratified by type × consistency (components), each cell a count of lesions. */
function lesionGroup(stats: PublishedStatistics): MeasureReportGroup {
  const l = stats.lesions;
  const code = (system: string, value: string | null) => (value === null ? { coding: [{ system: codeSystem('stratum'), code: 'not-recorded' }] } : { coding: [{ system: codeSystem(system), code: value }] });
  const stratum = l.rows.flatMap((row) =>
    row.cells.map((cell, c) => ({
      component: [
        { code: { coding: [{ system: codeSystem('stratifier'), code: 'lesion-type' }] }, value: code('lesionType', row.type) },
        { code: { coding: [{ system: codeSystem('stratifier'), code: 'consistency' }] }, value: code('consistency', l.columns[c] ?? null) },
      ],
      population: [population('initial-population', cell)],
    })),
  );
  return {
    code: { coding: [{ system: codeSystem('indicator'), code: 'lesions' }] },
    population: [population('initial-population', l.total)],
    stratifier: [{ code: [{ coding: [{ system: codeSystem('stratifier'), code: 'lesion-type' }] }, { coding: [{ system: codeSystem('stratifier'), code: 'consistency' }] }], stratum }],
  };
}

/**
 * The statistics as a FHIR R4 MeasureReport (`summary`, status `complete`): one group per share
 * indicator (admissions, base and numerator, score in %), stratified by month, facility, arrival type
 * and place, and a group of lesions by type × consistency. `date` is when the caller made it (pass it:
 * this module reads no clock); the id is derived from the period and date.
 */
export function statisticsToMeasureReport(stats: PublishedStatistics, options: { readonly date: string; readonly reporter?: string }): MeasureReport {
  const id = uuidV5(ATTEST_FHIR_NAMESPACE, `MeasureReport/${stats.period.from}/${stats.period.to}/${options.date}`);
  return {
    resourceType: 'MeasureReport',
    id,
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${id}` }],
    status: 'complete',
    type: 'summary',
    measure: `${ATTEST_FHIR_BASE}/Measure/admission-examinations`,
    date: options.date,
    ...(options.reporter === undefined ? {} : { reporter: { display: options.reporter } }),
    period: { start: stats.period.from, end: stats.period.to },
    group: [...(Object.keys(ADMISSION_SHARES) as AdmissionShare[]).map((share) => shareGroup(stats, share)), lesionGroup(stats)],
  };
}

// ---------------------------------------------------------------------------------------------
// DHIS2

/** A DHIS2 identifier: 11 characters, a letter then letters or digits. */
const Uid = z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/u, { error: 'must be a DHIS2 UID: 11 letters or digits, starting with a letter' });

/** The mapping file: our indicator ids → DHIS2 data elements (and category option combos), the org unit, and which periods. */
export const Dhis2Mapping = z.strictObject({
  format: z.literal('attest-dhis2-mapping'),
  version: z.literal(1),
  /** The organisation unit the figures are reported for. */
  orgUnit: Uid,
  attributeOptionCombo: Uid.optional(),
  /** `total`: one value per indicator for the whole statistics period (which must be a DHIS2 month, quarter or year); `monthly`: one per month. */
  periods: z.enum(['total', 'monthly']).default('monthly'),
  dataElements: z.partialRecord(z.enum(INDICATOR_IDS), z.strictObject({ dataElement: Uid, categoryOptionCombo: Uid.optional() })).refine((m) => Object.keys(m).length > 0, { error: 'map at least one indicator' }),
});
export type Dhis2Mapping = z.infer<typeof Dhis2Mapping>;

export interface Dhis2DataValue {
  readonly dataElement: string;
  readonly period: string;
  readonly orgUnit: string;
  readonly categoryOptionCombo?: string;
  readonly attributeOptionCombo?: string;
  readonly value: string;
}

export type Dhis2Result = { readonly ok: true; readonly dataValueSet: { readonly dataValues: readonly Dhis2DataValue[] }; readonly suppressedLeftOut: number } | { readonly ok: false; readonly reason: 'period' };

/** The DHIS2 period of a statistics period given to the day: `202503`, `2025Q1` or `2025`; null for any other span. */
export function dhis2Period(from: string, to: string): string | null {
  const f = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(from);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(to);
  if (f === null || t === null) return null;
  const [fy, fm, fd] = [Number(f[1]), Number(f[2]), Number(f[3])];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (fy !== ty || fd !== 1 || td !== lastDay) return null;
  if (fm === tm) return `${String(fy)}${String(fm).padStart(2, '0')}`;
  if (fm === 1 && tm === 12) return String(fy);
  if ((fm - 1) % 3 === 0 && tm === fm + 2) return `${String(fy)}Q${String((fm - 1) / 3 + 1)}`;
  return null;
}

function indicatorValue(figures: PublishedFigures, id: Exclude<IndicatorId, 'lesions'>): string | null {
  if (id in ADMISSION_SHARES) {
    const share = figures[id as AdmissionShare];
    return share.suppressed || share.percent === null ? null : share.percent.toFixed(1);
  }
  const count = figures[id as AdmissionCount];
  return count.suppressed ? null : String(count.value);
}

/**
 * The statistics as a DHIS2 `dataValueSets` payload through `mapping`: for each mapped indicator, its
 * value for the whole period or for each month. Hidden values and shares with a zero base are left out
 * (counted in `suppressedLeftOut`); the lesion total exists for the whole period only.
 */
export function statisticsToDhis2(stats: PublishedStatistics, mapping: Dhis2Mapping): Dhis2Result {
  const values: Dhis2DataValue[] = [];
  let leftOut = 0;
  const emit = (id: IndicatorId, period: string, value: string | null) => {
    const target = mapping.dataElements[id];
    if (target === undefined) return;
    if (value === null) {
      leftOut += 1;
      return;
    }
    values.push({
      dataElement: target.dataElement,
      period,
      orgUnit: mapping.orgUnit,
      ...(target.categoryOptionCombo === undefined ? {} : { categoryOptionCombo: target.categoryOptionCombo }),
      ...(mapping.attributeOptionCombo === undefined ? {} : { attributeOptionCombo: mapping.attributeOptionCombo }),
      value,
    });
  };
  const counted = INDICATOR_IDS.filter((id): id is Exclude<IndicatorId, 'lesions'> => id !== 'lesions');
  if (mapping.periods === 'monthly') {
    // A month cut by the period's ends would be reported as if whole.
    if (!/-01$/u.test(stats.period.from) || dhis2Period(`${stats.period.to.slice(0, 7)}-01`, stats.period.to) === null) return { ok: false, reason: 'period' };
    for (const row of stats.byMonth) {
      if (row.key === null) continue;
      const period = row.key.replace('-', '');
      for (const id of counted) emit(id, period, indicatorValue(row.figures, id));
    }
    return { ok: true, dataValueSet: { dataValues: values }, suppressedLeftOut: leftOut };
  }
  const period = dhis2Period(stats.period.from, stats.period.to);
  if (period === null) return { ok: false, reason: 'period' };
  for (const id of counted) emit(id, period, indicatorValue(stats.total, id));
  emit('lesions', period, stats.lesions.total.suppressed ? null : String(stats.lesions.total.value));
  return { ok: true, dataValueSet: { dataValues: values }, suppressedLeftOut: leftOut };
}
