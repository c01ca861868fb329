/**
 * The schemas refuse malformed and contradictory records with messages a clinician can read, and
 * accept incomplete drafts.
 */
import { describe, expect, it } from 'vitest';
import { examinationDraftSchema, examinationSchema, validateExamination, type Examination } from '../../../shared/domain/examination';
import { examinationFinalSchema, validateForFinalisation } from '../../../shared/domain/finalisation';
import { describeIssues, type DescribedIssue } from '../../../shared/domain/issues';
import { VITAL_RANGES, type VitalSign } from '../../../shared/domain/screening';
import { DEFAULT_FUTURE_TOLERANCE_MS } from '../../../shared/domain/time';
import { ARRIVAL, buildAdmissionExam, FIXTURE_CONTEXT, FIXTURE_NOW, type DeepPatch } from './fixtures';
import { englishOf } from './helpers';

/** Validates against the fixture clock and returns the issues (empty when valid). */
function issuesOf(exam: unknown, now: Date = FIXTURE_NOW): DescribedIssue[] {
  const result = validateExamination(exam, { now });
  return result.success ? [] : result.issues;
}

function patched(patch: DeepPatch<Examination>): Examination {
  return buildAdmissionExam(patch);
}

const at = (ms: number): string => new Date(ms).toISOString();

describe('no date in the future', () => {
  const now = FIXTURE_NOW.getTime();

  it('refuses an arrival in the future, with a readable message at the field', () => {
    const issues = issuesOf(patched({ encounter: { timing: { arrivalAt: '2025-03-12T08:00:00+01:00', examStartAt: null, examEndAt: null } } }));
    expect(issues).toEqual([{ path: 'encounter.timing.arrivalAt', messageKey: 'domain.error.futureDate', params: {} }]);
    expect(englishOf(issues[0] as DescribedIssue)).toMatch(/in the future/);
  });

  it('tolerates a small clock drift, up to the limit and not a millisecond beyond', () => {
    const exam = (end: string) => patched({ encounter: { timing: { examEndAt: end } } });
    expect(issuesOf(exam(at(now + DEFAULT_FUTURE_TOLERANCE_MS)))).toEqual([]);
    // ISO datetimes carry milliseconds: one past the tolerance is refused.
    expect(issuesOf(exam(at(now + DEFAULT_FUTURE_TOLERANCE_MS + 1))).map((i) => i.messageKey)).toEqual(['domain.error.futureDate']);
  });

  it('compares instants, whatever the offset they were written in', () => {
    // 09:00Z is 23:00 the day before in Honolulu and 22:00 the same day in Kiritimati (+14): both are "now".
    const exam = (end: string) => patched({ encounter: { timing: { examEndAt: end } } });
    expect(issuesOf(exam('2025-03-10T23:00:00-10:00'))).toEqual([]);
    expect(issuesOf(exam('2025-03-11T23:00:00+14:00'))).toEqual([]);
    expect(issuesOf(exam('2025-03-11T23:10:00+14:00')).map((i) => i.messageKey)).toEqual(['domain.error.futureDate']);
  });

  it('checks every past-only date: consent, arrest, places of detention, episodes, date of birth', () => {
    const future = '2026-01-01T00:00:00Z';
    const issues = issuesOf(
      patched({
        consent: { interview: { decidedAt: future } },
        provenance: { arrestAt: future, priorPlacesOfDetention: [{ place: 'X', from: '2025-03-01T00:00:00Z', to: future, authority: null }] },
        account: { episodes: [{ occurredAt: future, occurredOn: '2026-01-01' }] },
      }),
    );
    expect(issues.map((i) => `${i.path} ${i.messageKey}`)).toEqual([
      'provenance.arrestAt domain.error.futureDate',
      'provenance.priorPlacesOfDetention.0.to domain.error.futureDate',
      'consent.interview.decidedAt domain.error.futureDate',
      'account.episodes.0.occurredAt domain.error.futureDate',
      'account.episodes.0.occurredOn domain.error.futureDate',
    ]);
  });

  it('accepts a date of birth of today anywhere on Earth, refuses one that has begun nowhere', () => {
    const born = (dateOfBirth: string, utcNow: string) => issuesOf(patched({ identity: { dateOfBirth }, encounter: { timing: null } }), new Date(utcNow));
    // At 09:00Z on 11 March it is 23:00 on 11 March in UTC+14: 12 March has begun nowhere.
    expect(born('2025-03-11', '2025-03-11T09:00:00Z')).toEqual([]);
    expect(born('2025-03-12', '2025-03-11T09:00:00Z').map((i) => i.messageKey)).toEqual(['domain.error.futureDate']);
    // At 12:00Z it is 02:00 on 12 March in UTC+14: a baby born there today is not "in the future".
    expect(born('2025-03-12', '2025-03-11T12:00:00Z')).toEqual([]);
  });

  it('lets a follow-up date lie in the future', () => {
    expect(issuesOf(patched({ outcome: { followUpDate: '2030-01-01' } }))).toEqual([]);
  });

  it('is not checked by the draft schema, which has no clock', () => {
    expect(examinationDraftSchema.safeParse(patched({ encounter: { timing: { examEndAt: '2099-01-01T00:00:00Z' } } })).success).toBe(true);
  });
});

describe('plausible order of events', () => {
  it('refuses an examination before the arrival, even by one second', () => {
    const issues = issuesOf(patched({ encounter: { timing: { examStartAt: '2025-03-10T07:59:59+01:00' } } }));
    expect(issues).toEqual([{ path: 'encounter.timing.examStartAt', messageKey: 'domain.error.examBeforeArrival', params: {} }]);
    expect(englishOf(issues[0] as DescribedIssue)).toMatch(/cannot start before the person arrived/);
  });

  it('accepts an examination that starts at the moment of arrival', () => {
    expect(issuesOf(patched({ encounter: { timing: { examStartAt: ARRIVAL } } }))).toEqual([]);
  });

  it('compares arrival and examination across offsets', () => {
    // 08:00+01:00 is 07:00Z: an examination at 07:30Z is after arrival although "07:30" < "08:00".
    expect(issuesOf(patched({ encounter: { timing: { examStartAt: '2025-03-10T07:30:00Z' } } }))).toEqual([]);
    expect(issuesOf(patched({ encounter: { timing: { examStartAt: '2025-03-10T06:59:59Z' } } })).map((i) => i.messageKey)).toEqual(['domain.error.examBeforeArrival']);
  });

  it('refuses an examination that ends before it starts', () => {
    expect(issuesOf(patched({ encounter: { timing: { examEndAt: '2025-03-10T13:59:00+01:00' } } }))).toEqual([
      { path: 'encounter.timing.examEndAt', messageKey: 'domain.error.examEndBeforeStart', params: {} },
    ]);
  });

  it('refuses a place of detention left before it was entered', () => {
    const places = [{ place: 'Police station', from: '2025-03-08T10:00:00Z', to: '2025-03-08T09:00:00Z', authority: null }];
    expect(issuesOf(patched({ provenance: { priorPlacesOfDetention: places } }))).toEqual([
      { path: 'provenance.priorPlacesOfDetention.0.to', messageKey: 'domain.error.periodEndBeforeStart', params: {} },
    ]);
  });

  it('refuses a date of birth after the examination day', () => {
    const issues = issuesOf(patched({ identity: { dateOfBirth: '2025-03-11' } }));
    expect(issues).toEqual([{ path: 'identity.dateOfBirth', messageKey: 'domain.error.birthAfterExamination', params: {} }]);
  });
});

describe('vital signs', () => {
  const signs = Object.keys(VITAL_RANGES) as VitalSign[];
  const withVital = (sign: VitalSign, value: number) => patched({ screening: { vitals: { bpSystolic: null, bpDiastolic: null, [sign]: value } } });

  it.each(signs)('accepts %s at both ends of its range', (sign) => {
    const { min, max } = VITAL_RANGES[sign];
    expect(issuesOf(withVital(sign, min))).toEqual([]);
    expect(issuesOf(withVital(sign, max))).toEqual([]);
  });

  it.each(signs)('refuses %s just outside its range, naming the range and unit', (sign) => {
    const { min, max, unit, integer } = VITAL_RANGES[sign];
    const step = integer ? 1 : 0.1;
    for (const value of [min - step, max + step]) {
      const issues = issuesOf(withVital(sign, value));
      expect(issues).toEqual([{ path: `screening.vitals.${sign}`, messageKey: 'domain.error.outOfRangeUnit', params: { min, max, unit } }]);
      expect(englishOf(issues[0] as DescribedIssue)).toContain(`between ${min} and ${max} ${unit}`);
    }
  });

  it('catches a temperature entered in Fahrenheit and a weight in pounds', () => {
    expect(issuesOf(withVital('temperatureC', 98.6)).map((i) => i.messageKey)).toEqual(['domain.error.outOfRangeUnit']);
    expect(issuesOf(withVital('weightKg', 450)).map((i) => i.messageKey)).toEqual(['domain.error.outOfRangeUnit']);
  });

  it('refuses fractions where only whole numbers make sense', () => {
    expect(issuesOf(withVital('pulse', 88.5))).toEqual([{ path: 'screening.vitals.pulse', messageKey: 'domain.error.wholeNumber', params: {} }]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(issuesOf(withVital('pulse', value)).map((i) => i.path)).toEqual(['screening.vitals.pulse']);
  });

  it('does not pile a second message on out-of-range pressures', () => {
    const issues = issuesOf(patched({ screening: { vitals: { bpSystolic: 30, bpDiastolic: 250 } } }));
    expect(issues.map((i) => `${i.path} ${i.messageKey}`)).toEqual(['screening.vitals.bpSystolic domain.error.outOfRangeUnit', 'screening.vitals.bpDiastolic domain.error.outOfRangeUnit']);
  });

  it('refuses a diastolic pressure at or above the systolic (swapped values)', () => {
    const bp = (bpSystolic: number, bpDiastolic: number) => issuesOf(patched({ screening: { vitals: { bpSystolic, bpDiastolic } } }));
    expect(bp(82, 128)).toEqual([{ path: 'screening.vitals.bpDiastolic', messageKey: 'domain.error.bloodPressureOrder', params: {} }]);
    expect(bp(90, 90).map((i) => i.messageKey)).toEqual(['domain.error.bloodPressureOrder']);
    expect(bp(91, 90)).toEqual([]);
  });
});

describe('findings', () => {
  it('refuses "no injuries seen" with lesions charted, even in a draft', () => {
    const exam = patched({ findings: { noInjuriesSeen: true } });
    const draft = examinationDraftSchema.safeParse(exam);
    expect(draft.success).toBe(false);
    const issues = draft.error ? describeIssues(draft.error) : [];
    expect(issues).toEqual([{ path: 'findings.noInjuriesSeen', messageKey: 'domain.error.noInjuriesWithLesions', params: { count: 3 } }]);
    expect(englishOf(issues[0] as DescribedIssue)).toContain('3 lesions are charted');
  });

  it('accepts "no injuries seen" with an empty list, and an unanswered question', () => {
    expect(issuesOf(patched({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] } }))).toEqual([]);
    expect(issuesOf(patched({ findings: { noInjuriesSeen: null, lesions: [], photographs: [] } }))).toEqual([]);
  });

  it('accepts a findings section the form has only started (no answer, no lesion list yet) as a draft', () => {
    // A form that has not reached the lesion list must not make the whole draft invalid; "no injuries
    // seen" stays unanswered, which the rules report as needed before finalisation.
    expect(issuesOf({ ...patched({}), findings: {} })).toEqual([]);
    expect(issuesOf({ ...patched({}), findings: { noInjuriesSeen: true } })).toEqual([]);
  });

  it('refuses two lesions with the same number or id', () => {
    const lesions = [
      { id: 'a', lesionNo: 1 },
      { id: 'a', lesionNo: 1 },
    ];
    expect(issuesOf(patched({ findings: { lesions, photographs: [] } }))).toEqual([
      { path: 'findings.lesions.1.lesionNo', messageKey: 'domain.error.duplicateLesionNo', params: { lesionNo: 1 } },
      { path: 'findings.lesions.1.id', messageKey: 'domain.error.duplicateId', params: {} },
    ]);
  });
});

describe('what drafts accept and finalisation refuses', () => {
  const refusedWithoutReason = () => patched({ consent: { intimateExam: { decision: 'refused', reason: null } } });
  const officerWithoutReason = () =>
    patched({
      setting: {
        personsPresent: [{ name: 'Officer', role: 'prison_officer', affiliation: 'Reception', gender: 'male', inEarshot: false, inSight: true }],
        securityPresentReason: '  ',
        restrictions: { any: true, kinds: [], details: 'An officer in sight' },
      },
      // The restrictions statement says so (E12), so only the missing reason remains.
      opinion: { examinedFreely: false, restrictionsDetails: 'A prison officer stood in the doorway, out of hearing but in sight.' },
    });

  it('a draft may hold a refusal without its reason yet (the clinician is typing it)', () => {
    expect(issuesOf(refusedWithoutReason())).toEqual([]);
  });

  it('finalisation refuses a refusal without a reason, at the reason field', () => {
    const result = validateForFinalisation(refusedWithoutReason(), FIXTURE_CONTEXT);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([{ path: 'consent.intimateExam.reason', messageKey: 'domain.rule.refusalReasonRequired', params: { ruleId: 'E3' } }]);
    expect(englishOf(result.issues[0] as DescribedIssue)).toMatch(/Record the reason/);
  });

  it('finalisation refuses an officer present without a reason (blank text is no reason)', () => {
    expect(issuesOf(officerWithoutReason())).toEqual([]);
    const result = validateForFinalisation(officerWithoutReason(), FIXTURE_CONTEXT);
    expect(result.success ? [] : result.issues).toEqual([{ path: 'setting.securityPresentReason', messageKey: 'domain.rule.officerReasonRequired', params: { count: 1, ruleId: 'E5' } }]);
  });

  it('finalisation still applies the clock and the contradictions', () => {
    const result = examinationFinalSchema(FIXTURE_CONTEXT).safeParse(patched({ encounter: { timing: { arrivalAt: '2025-03-10T15:00:00+01:00' } } }));
    expect(result.error ? describeIssues(result.error).map((i) => i.messageKey) : []).toEqual(['domain.error.examBeforeArrival']);
  });
});

describe('formats and unknown input', () => {
  const withArrival = (arrivalAt: unknown) => issuesOf({ ...patched({}), encounter: { ...patched({}).encounter, timing: { arrivalAt } } });

  it.each(['2025-03-10T08:00:00Z', '2025-03-10T08:00:00+05:30', '2025-03-10T08:00:00.123-03:00'])('accepts the datetime %s', (value) => {
    expect(withArrival(value)).toEqual([]);
  });

  it.each(['2025-03-10T08:00:00', '2025-03-10T08:00+01:00', '10/03/2025 08:00', '2025-02-30T08:00:00Z', ''])('refuses the datetime %j', (value) => {
    const issues = withArrival(value);
    expect(issues).toEqual([{ path: 'encounter.timing.arrivalAt', messageKey: 'domain.error.dateTimeFormat', params: {} }]);
    expect(englishOf(issues[0] as DescribedIssue)).toMatch(/time zone/);
  });

  it('refuses a code outside the vocabulary', () => {
    expect(issuesOf({ ...patched({}), encounter: { type: 'interrogation' } })).toEqual([{ path: 'encounter.type', messageKey: 'domain.error.notInList', params: {} }]);
  });

  it('refuses fields it does not know rather than silently dropping them', () => {
    const issues = issuesOf({ ...patched({}), identity: { ...patched({}).identity, religion: 'x' } });
    expect(issues).toEqual([{ path: 'identity', messageKey: 'domain.error.unknownField', params: { keys: 'religion' } }]);
  });

  it('does not read a malformed date of birth as a contradiction', () => {
    expect(issuesOf(patched({ identity: { dateOfBirth: 'born 1990' } }))).toEqual([{ path: 'identity.dateOfBirth', messageKey: 'domain.error.dateFormat', params: {} }]);
  });

  it('refuses a record of another schema version', () => {
    expect(issuesOf({ ...patched({}), schemaVersion: 2 }).map((i) => i.messageKey)).toEqual(['domain.error.schemaVersion']);
  });

  it('refuses a wrong type with a readable message', () => {
    const issues = issuesOf({ ...patched({}), setting: { chaperoneOffered: 'yes' } });
    expect(issues).toEqual([{ path: 'setting.chaperoneOffered', messageKey: 'domain.error.notYesNo', params: {} }]);
  });

  it.each([null, undefined, 42, 'text', [], new Date()])('never throws on input %j', (input) => {
    expect(() => validateExamination(input, { now: FIXTURE_NOW })).not.toThrow();
    expect(validateExamination(input, { now: FIXTURE_NOW }).success).toBe(false);
  });

  it('gives every issue of a badly broken record readable English', () => {
    const broken = {
      schemaVersion: 1,
      formId: 'Admission Form',
      formVersion: 0,
      encounter: { type: 'x', timing: { arrivalAt: 'yesterday' }, examiner: { languages: ['english!'] } },
      identity: { aliases: Array.from({ length: 21 }, () => 'a'), dateOfBirth: '2025-13-01', ageEstimate: { years: 131 } },
      screening: { chronicDiseases: [{ icdCode: 'diabetes type 2' }] },
      consent: { disclosureAuthorities: { authorityTypes: ['judicial', 'judicial'] } },
      findings: { noInjuriesSeen: 'no', lesions: [{ id: 'bad id!', lesionNo: 0 }] },
    };
    const issues = issuesOf(broken);
    expect(issues.length).toBeGreaterThanOrEqual(10);
    for (const issue of issues) englishOf(issue);
    expect(issues.map((i) => i.messageKey)).toEqual(
      expect.arrayContaining([
        'domain.error.formId',
        'domain.error.formVersion',
        'domain.error.languageTag',
        'domain.error.tooManyItems',
        'domain.error.dateFormat',
        'domain.error.outOfRange',
        'domain.error.icdCode',
        'domain.error.duplicateValue',
        'domain.error.notYesNo',
        'domain.error.idFormat',
      ]),
    );
  });
});

describe('the schema factory', () => {
  it('builds the same shape with and without a clock', () => {
    expect(Object.keys(examinationSchema({ now: FIXTURE_NOW }).shape)).toEqual(Object.keys(examinationDraftSchema.shape));
  });
});
