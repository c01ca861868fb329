/** statFactsOf: what one examination contributes to the statistics, and that it carries nothing identifying. */
import { describe, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { ADMISSION_ENCOUNTER_TYPES, isAdmission, normalisePlace, statFactsOf } from '../../../shared/stats/facts';
import { buildAdmissionExam } from '../domain/fixtures';

const ARRIVAL_MS = Date.parse('2025-03-10T08:00:00+01:00');
const HOUR = 3_600_000;

/** The fixture examined `ms` after arrival, as a UTC ISO string like a form would store. */
function examinedAfter(ms: number): Examination {
  return buildAdmissionExam({ encounter: { timing: { examStartAt: new Date(ARRIVAL_MS + ms).toISOString(), examEndAt: new Date(ARRIVAL_MS + ms + 60_000).toISOString() } } });
}

describe('statFactsOf on the fixture admission', () => {
  it('extracts exactly the non-identifying facts', () => {
    expect(statFactsOf(buildAdmissionExam(), {})).toEqual({
      date: '2025-03-10',
      month: '2025-03',
      facilityCode: 'PRISON-01',
      arrivedFromType: 'police_station',
      arrivedFromPlace: 'Central police station',
      encounterType: 'admission',
      examined: true,
      examinedWithin24h: true,
      injuriesDocumented: true,
      allegation: true,
      lesions: [
        { type: 'contusion', consistency: 'highly_consistent' },
        { type: 'contusion', consistency: 'consistent' },
        { type: 'abrasion', consistency: 'consistent' },
      ],
    });
  });

  it('has no other keys, so a new field needs a deliberate change here', () => {
    const facts = statFactsOf(buildAdmissionExam(), {});
    expect(Object.keys(facts ?? {}).sort()).toEqual(
      ['allegation', 'arrivedFromPlace', 'arrivedFromType', 'date', 'encounterType', 'examined', 'examinedWithin24h', 'facilityCode', 'injuriesDocumented', 'lesions', 'month'].sort(),
    );
    expect(Object.keys(facts?.lesions[0] ?? {}).sort()).toEqual(['consistency', 'type']);
  });

  it('carries no name, id number, birth date or other text of the record', () => {
    const exam = buildAdmissionExam();
    const json = JSON.stringify(statFactsOf(exam, {}));
    for (const canary of ['Karim', 'Benali', 'P-2025-0042', '1990-05-17', 'Oran', 'Algerian', 'Samira', 'Haddad', 'MED-12345', 'lesion-1', 'episode-1', 'photo-1', 'CO-2025-118', 'baton', 'Baton']) {
      expect(json).not.toContain(canary);
    }
    // Every string of the record (4+ characters), except the few allowed values, is absent.
    const allowed = new Set(['PRISON-01', 'Central police station', 'admission', 'police_station', 'contusion', 'abrasion', 'highly_consistent', 'consistent']);
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    };
    walk(exam);
    const leaked = strings.filter((text) => text.length >= 4 && !allowed.has(text) && json.includes(text));
    expect(leaked).toEqual([]);
    expect(strings.length).toBeGreaterThan(100);
  });
});

describe('statFactsOf variants', () => {
  it('without an arrival time, dates by the examination start and leaves the 24-h question open', () => {
    const facts = statFactsOf(buildAdmissionExam({ encounter: { timing: { arrivalAt: null } } }), {});
    expect(facts?.date).toBe('2025-03-10');
    expect(facts?.examined).toBe(true);
    expect(facts?.examinedWithin24h).toBeNull();
  });

  it('dates by arrival when it is in another month than the examination', () => {
    const exam = buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-02-28T22:00:00+01:00', examStartAt: '2025-03-01T09:00:00+01:00', examEndAt: '2025-03-01T10:00:00+01:00' } } });
    expect(statFactsOf(exam, {})).toMatchObject({ date: '2025-02-28', month: '2025-02', examinedWithin24h: true });
  });

  it('uses the local calendar date as recorded, not the UTC date', () => {
    const exam = buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-31T23:30:00+02:00', examStartAt: '2025-04-01T08:00:00+02:00', examEndAt: '2025-04-01T09:00:00+02:00' } } });
    expect(statFactsOf(exam, {})?.month).toBe('2025-03');
  });

  it('is null when neither arrival nor examination time is known', () => {
    expect(statFactsOf(buildAdmissionExam({ encounter: { timing: { arrivalAt: null, examStartAt: null, examEndAt: null } } }), {})).toBeNull();
    expect(statFactsOf(buildAdmissionExam({ encounter: null }), {})).toBeNull();
  });

  it('counts an arrival not yet examined as not examined', () => {
    const facts = statFactsOf(buildAdmissionExam({ encounter: { timing: { examStartAt: null, examEndAt: null } } }), {});
    expect(facts).toMatchObject({ date: '2025-03-10', examined: false, examinedWithin24h: null });
  });

  it('marks a late examination: 24 h exactly is within, one second more is not', () => {
    expect(statFactsOf(examinedAfter(24 * HOUR), {})?.examinedWithin24h).toBe(true);
    expect(statFactsOf(examinedAfter(24 * HOUR + 1000), {})?.examinedWithin24h).toBe(false);
    expect(statFactsOf(examinedAfter(30 * HOUR), {})?.examinedWithin24h).toBe(false);
  });

  it('follows a configured limit, and ignores a broken one', () => {
    expect(statFactsOf(buildAdmissionExam(), { thresholdHours: 2 })?.examinedWithin24h).toBe(false);
    expect(statFactsOf(examinedAfter(30 * HOUR), { thresholdHours: 48 })?.examinedWithin24h).toBe(true);
    expect(statFactsOf(examinedAfter(30 * HOUR), { thresholdHours: Number.NaN })?.examinedWithin24h).toBe(false);
    expect(statFactsOf(examinedAfter(30 * HOUR), { thresholdHours: -5 })?.examinedWithin24h).toBe(false);
  });

  it('records no injuries when no lesion is charted', () => {
    const facts = statFactsOf(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], lastLesionNo: null, photographs: [] } }), {});
    expect(facts).toMatchObject({ injuriesDocumented: false, lesions: [] });
    expect(statFactsOf(buildAdmissionExam({ findings: null }), {})).toMatchObject({ injuriesDocumented: false, lesions: [] });
  });

  it('counts an allegation only when the answer is yes', () => {
    expect(statFactsOf(buildAdmissionExam(), {})?.allegation).toBe(true);
    expect(statFactsOf(buildAdmissionExam({ account: { allegationPresent: 'no' } }), {})?.allegation).toBe(false);
    expect(statFactsOf(buildAdmissionExam({ account: { allegationPresent: 'declined' } }), {})?.allegation).toBe(false);
    expect(statFactsOf(buildAdmissionExam({ account: null }), {})?.allegation).toBe(false);
  });

  it('keeps lesions without a type or consistency as null', () => {
    const exam = buildAdmissionExam({ findings: { lesions: [{ id: 'l-9', lesionNo: 1 }], lastLesionNo: 1, photographs: [] } });
    expect(statFactsOf(exam, {})?.lesions).toEqual([{ type: null, consistency: null }]);
  });

  it('records missing provenance and facility as null', () => {
    const facts = statFactsOf(buildAdmissionExam({ provenance: null, encounter: { facilityCode: null, type: null } }), {});
    expect(facts).toMatchObject({ arrivedFromType: null, arrivedFromPlace: null, facilityCode: null, encounterType: null });
  });
});

describe('place names and admission types', () => {
  it('normalises whitespace, control and bidi characters; empty becomes null', () => {
    expect(normalisePlace('  Central\n police \u202Estation\u0007 ')).toBe('Central police station');
    expect(normalisePlace('Cafe\u0301')).toBe('Café');
    expect(normalisePlace('   ')).toBeNull();
    expect(normalisePlace(undefined)).toBeNull();
  });

  it('counts admission, transfer in and return from police custody as admissions, and nothing else', () => {
    expect([...ADMISSION_ENCOUNTER_TYPES].sort()).toEqual(['admission', 'return_from_police_custody', 'transfer_in']);
    expect(isAdmission('post_incident')).toBe(false);
    expect(isAdmission('on_request')).toBe(false);
    expect(isAdmission('release')).toBe(false);
    expect(isAdmission(null)).toBe(false);
  });
});
