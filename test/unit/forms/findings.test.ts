/**
 * Rule findings land on a field the clinician can see. For a set of deliberately incomplete or wrong
 * examinations (one per rule, at least), every finding's path is mapped by `fieldForFinding` to a
 * field of the admission examination, and that field is visible for that record, so no blocking
 * finding is ever shown where nobody can act on it.
 */
import { describe as group, expect, it } from 'vitest';
import { domain } from '../../../shared/i18n/en/domain';
import { emptyExamination, examinationDraftSchema, type Examination } from '../../../shared/domain/examination';
import { describeIssues } from '../../../shared/domain/issues';
import { evaluateRules } from '../../../shared/domain/rules/evaluate';
import { sectionOf } from '../../../shared/domain/rules/sectionStatus';
import { SIGNING_MESSAGE_KEYS } from '../../../shared/domain/rules/signing';
import type { RuleFinding } from '../../../shared/domain/rules/types';
import { admissionExaminationV1 } from '../../../forms/admissionExamination';
import { fieldForFinding, fieldPathForFinding, patternOf } from '../../../forms/findings';
import { allFields, evaluateCondition, pathSegments, type FormDefinition } from '../../../forms/model';
import { lesionFieldForFinding, lesionScope } from '../../../forms/sections/lesion';
import { buildAdmissionExam, buildIncompleteLesionsExam, buildLesion, buildPhotograph, buildMinorExam, buildWomanExam, FIXTURE_CONTEXT, type DeepPatch } from '../domain/fixtures';

const form = admissionExaminationV1;

const refused = { decision: 'refused', reason: null } as const;

/** Examinations that trigger every rule finding, each named for what is wrong with it. */
const EXAMS: Readonly<Record<string, Examination>> = {
  'empty draft': emptyExamination('admission-examination', 1),
  'refusals and incapacity without reasons, nothing explained, data behind locked gates': buildAdmissionExam({
    consent: {
      explained: { purpose: false, whoReadsReport: false, storage: false, rightToRefuse: false, mandatoryReportingDuty: false, consequences: false, rightToIndependentExam: false },
      interview: { ...refused },
      physicalExam: { decision: 'not_capable', reason: null },
      intimateExam: { decision: 'partial', limits: null },
      samplesTests: { decision: 'given', method: 'thumbprint', witness: null },
      disclosureAuthorities: { ...refused },
      shareWithLawyerFamily: { ...refused },
      copyToPerson: { ...refused },
    },
    // Photographs are drawn by the findings workspace, not by form fields (see PHOTOGRAPH_EXAMS).
    findings: { photographs: [] },
  }),
  'partial consents without limits or choices': buildAdmissionExam({
    consent: {
      physicalExam: { decision: 'partial', limits: null, excludedRegions: [] },
      photography: { decision: 'partial', limits: 'Face only', intimateImages: null, teachingPublication: null },
      disclosureAuthorities: { authorityTypes: [] },
      shareWithLawyerFamily: { recipients: [] },
    },
  }),
  'officers present, no reason, hearing and sight unanswered': buildAdmissionExam({
    setting: {
      personsPresent: [
        { name: 'Officer A', role: 'prison_officer', affiliation: null, gender: 'male', inEarshot: null, inSight: null },
        { name: 'Officer B', role: 'police', affiliation: null, gender: 'female', inEarshot: true, inSight: false },
      ],
      securityPresentReason: null,
      restraint: { restrained: true, how: null, why: null },
      restrictions: { any: true, kinds: [], details: null },
    },
  }),
  'minor marked as adult, guardian not notified, guardian refused without reason': buildMinorExam({
    juvenile: {
      isMinor: false,
      guardianNotifiedAt: null,
      guardianConsent: { decision: 'refused', reason: null },
      childAssent: { decision: 'partial', limits: null },
      bestInterestNote: null,
      safeguardingPlan: null,
    },
  }),
  'minor with no consent recorded': buildMinorExam({ juvenile: { guardianConsent: null, childAssent: null } }),
  'woman: abuse disclosed, no diagnosis; female examiner not provided; child not screened; male officer': buildWomanExam({
    women: {
      pregnancy: { status: null, answer: null, details: null },
      breastfeeding: { status: 'answered', answer: null, details: null },
      sexualAbuseBeforeAdmission: { status: 'answered', answer: 'yes', details: null },
      sexualAbuseDiagnosed: null,
      femaleExaminerRequested: true,
      femaleExaminerProvided: false,
      accompanyingChildPresent: true,
      accompanyingChildScreened: null,
    },
    setting: { personsPresent: [{ name: 'Officer C', role: 'prison_officer', affiliation: null, gender: 'male', inEarshot: false, inSight: true }], securityPresentReason: 'Escort policy' },
  }),
  'woman: abuse diagnosed, not informed of recourse': buildWomanExam({ women: { sexualAbuseDiagnosed: true, informedOfJudicialRecourse: false, psychologicalSupportOffered: null } }),
  'woman: informed of recourse, no date': buildWomanExam({ women: { sexualAbuseDiagnosed: true, informedOfJudicialRecourse: true, informedOfJudicialRecourseAt: null, psychologicalSupportOffered: true } }),
  'transgender woman, module applied': buildAdmissionExam({ women: { applies: true } }),
  'examined 30 h after arrival, no reason': buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-09T08:00:00+01:00', delayReason: null } } }),
  'examined 30 h after arrival, with reason': buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-09T08:00:00+01:00', delayReason: 'No clinician on duty overnight' } } }),
  'not yet examined, past the limit': buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-09T08:00:00+01:00', examStartAt: null, examEndAt: null } } }),
  'returned from police custody': buildAdmissionExam({ encounter: { type: 'return_from_police_custody' } }),
  'no common language, no interpreter': buildAdmissionExam({ interpreter: { status: null } }),
  'no interpreter available, no reason': buildAdmissionExam({ interpreter: { status: 'none_available', noneAvailableReason: null } }),
  'co-detainee interpreting, language and undertaking missing': buildAdmissionExam({ interpreter: { type: 'co_detainee', language: null, confidentialityUndertaking: null } }),
  "examiner's languages unknown": buildAdmissionExam({ encounter: { examiner: { languages: [] } }, interpreter: { status: 'not_needed' } }),
  'screens declined without reasons, mental health not done': buildAdmissionExam({
    screening: {
      infectious: { status: 'declined', declinedReason: null },
      suicideSelfHarm: { status: 'declined', declinedReason: null },
      substances: { status: 'not_done' },
      mentalHealth: { status: 'not_done' },
    },
  }),
  'screens completed without their key answers': buildAdmissionExam({
    screening: {
      infectious: { tbSymptoms: null, isolationRequired: null },
      suicideSelfHarm: { riskLevel: 'moderate', observationLevel: null },
      substances: { withdrawalSigns: null },
      medications: [{ drug: 'Methadone', dose: '60 mg', lastTakenAt: null, interruptedInCustody: true, continuityPlan: null }],
      fitness: { level: 'no', reason: null },
      allergies: { status: null },
    },
  }),
  'suicide risk level missing': buildAdmissionExam({ screening: { suicideSelfHarm: { riskLevel: null } } }),
  'copy wanted, not said whether given': buildAdmissionExam({ consent: { copyToPerson: { wantsCopy: true, copyGiven: null } } }),
  'copy given, without recipient or delivery': buildAdmissionExam({ consent: { copyToPerson: { copyGiven: true, givenTo: [], deliveryMethod: null, deliveredAt: null } } }),
  'copy not given, no reason': buildAdmissionExam({ consent: { copyToPerson: { copyGiven: false, notGivenReason: null } } }),
  'copy wish unanswered': buildAdmissionExam({ consent: { copyToPerson: { decision: null, wantsCopy: null } } }),
  'refused physical examination, independent one not answered': buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No' } }, findings: null }),
  'no restrictions, yet an officer in sight and a restraint': buildAdmissionExam({
    setting: { personsPresent: [{ name: 'Officer D', role: 'police', affiliation: null, gender: 'male', inEarshot: false, inSight: true }], securityPresentReason: 'Escort policy', restraint: { restrained: true, how: 'Handcuffs', why: 'Policy' }, restrictions: { any: false } },
    opinion: { examinedFreely: false, restrictionsDetails: 'Officer in sight; handcuffed' },
  }),
  'register noted injuries, none seen': buildAdmissionExam({ provenance: { registerInjuries: { noted: true } }, findings: { noInjuriesSeen: true, lesions: [], photographs: [] } }),
  'no allegation, yet episodes recorded': buildAdmissionExam({ account: { allegationPresent: 'no' }, findings: { noInjuriesSeen: true, lesions: [], photographs: [] } }),
  'physical examination refused, yet findings recorded': buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No', independentExamOffered: true } }, findings: { photographs: [] } }),
  'copy consented, not wanted': buildAdmissionExam({ consent: { copyToPerson: { decision: 'given', wantsCopy: false, copyGiven: null } } }),
  'copy refused, wanted and given': buildAdmissionExam({ consent: { copyToPerson: { decision: 'refused', reason: 'No', wantsCopy: true, copyGiven: true } } }),
  'injuries seen, none charted': buildAdmissionExam({ findings: { noInjuriesSeen: false, lesions: [], photographs: [] } }),
  'no injuries seen, yet lesions charted': buildAdmissionExam({ findings: { noInjuriesSeen: true } }),
  'allegation, no injuries seen': buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] } }),
  'no injuries answer': buildAdmissionExam({ findings: { noInjuriesSeen: null } }),
  'allegation without words or fear of reprisal; nothing decided after': buildAdmissionExam({
    account: { ownWords: null, fearOfReprisal: null },
    outcome: { plan: null, reportTriggered: null, doNotReturnToPlaceOfAbuse: null },
  }),
  'estimated age without method, no name, no sex, no languages': buildAdmissionExam({
    identity: { givenName: null, familyName: null, dateOfBirth: null, ageEstimate: { years: 30, method: null }, sex: null, languages: [] },
  }),
  'psychological evaluation not done, no reason': buildAdmissionExam({ psychological: { performed: false, notPerformedReason: null } }),
  'allegation, no opinion or declarations written': buildAdmissionExam({ opinion: null }),
  'declarations refused': buildAdmissionExam({ opinion: { truthfulness: false, noFindingOmitted: false } }),
  'examined "freely" with an officer in sight, no restrictions described': buildAdmissionExam({
    setting: { personsPresent: [{ name: 'Officer D', role: 'police', affiliation: null, gender: 'male', inEarshot: false, inSight: true }], securityPresentReason: 'Escort policy' },
  }),
  'restrained, not examined freely, nothing described': buildAdmissionExam({ setting: { restraint: { restrained: true, how: 'Handcuffs', why: 'Escort policy' } }, opinion: { examinedFreely: false } }),
  'restrictions recorded in the setting only': buildAdmissionExam({ setting: { restrictions: { any: true, kinds: ['time_limit'], details: null } }, opinion: { examinedFreely: false } }),
  'not examined freely, setting records nothing': buildAdmissionExam({ opinion: { examinedFreely: false } }),
};

/** Photographs are drawn by the findings workspace, not by form fields: their findings show in the section banner. */
const PHOTOGRAPH_EXAMS: Readonly<Record<string, Examination>> = {
  'photograph without consent': buildAdmissionExam({ consent: { photography: { ...refused } } }),
  'intimate photograph without sub-consent': buildAdmissionExam({ findings: { photographs: [buildPhotograph({ id: 'photo-2', intimate: true, lesionIds: [] })] } }),
  'photograph of a genital lesion not marked intimate': buildIncompleteLesionsExam(),
};

/** Lesion details are drawn by the lesion editor with `lesionFields`, in the scope of each lesion. */
const LESION_EXAMS: Readonly<Record<string, Examination>> = {
  'no allegation, yet lesions attributed to ill-treatment': buildAdmissionExam({ account: { allegationPresent: 'no', episodes: [] }, findings: { photographs: [] } }),
  'lesion in an excluded region and an intimate one without consent': buildAdmissionExam({
    consent: { physicalExam: { decision: 'partial', limits: 'Not the arms', excludedRegions: ['upper_arm'] }, intimateExam: { decision: 'refused', reason: 'No' } },
    findings: { lesions: [buildLesion({ region: 'upper_arm' }), buildLesion({ id: 'g', lesionNo: 2, region: 'genital', mark: null })], lastLesionNo: 2, photographs: [] },
  }),
  'lesions missing every detail, "other" type, not measurable and patterned without their details': buildIncompleteLesionsExam(),
  'attributed lesion without consistency, second lesion without size': buildAdmissionExam({
    findings: { lesions: [buildLesion({ consistency: null, rationale: '' }), buildLesion({ id: 'lesion-2', lesionNo: 2, lengthCm: null, widthCm: 3 })], lastLesionNo: 2, photographs: [] },
  }),
};

function findingsOf(exam: Examination): RuleFinding[] {
  return evaluateRules(exam, FIXTURE_CONTEXT);
}

/**
 * Whether the field at a concrete path is shown for this record: its own condition and those of the
 * lists it sits in, each read in its item's scope.
 */
function isShown(definition: FormDefinition, concretePath: string, record: unknown): boolean {
  const target = patternOf(concretePath);
  const concrete = pathSegments(concretePath);
  const chain = allFields(definition).filter(({ pattern }) => pattern === target || target.startsWith(`${pattern}.`));
  expect(chain.length, `no field at ${concretePath}`).toBeGreaterThan(0);
  return chain.every(({ field, pattern }) => {
    if (field.visibleWhen === undefined) return true;
    const segments = pathSegments(pattern);
    const scope = concrete.slice(0, segments.lastIndexOf('*') + 1).join('.');
    return evaluateCondition(field.visibleWhen, record, scope);
  });
}

group('every rule finding is shown at a visible field of the admission examination', () => {
  for (const [name, exam] of Object.entries(EXAMS)) {
    it(name, () => {
      const findings = findingsOf(exam);
      expect(findings.length, 'the case triggers at least one finding').toBeGreaterThan(0);
      for (const finding of findings) {
        const where = `${finding.messageKey} @${finding.field}`;
        const path = fieldPathForFinding(form, finding.field);
        expect(path, `${where} has a field`).not.toBeNull();
        if (path === null) continue;
        expect(sectionOf(path), `${where} stays in its section`).toBe(sectionOf(finding.field));
        expect(isShown(form, path, exam), `${where} is shown at ${path}, which is hidden`).toBe(true);
      }
    });
  }

  it('the cases exercise every rule message of the domain', () => {
    const seen = new Set([...Object.values(EXAMS), ...Object.values(PHOTOGRAPH_EXAMS), ...Object.values(LESION_EXAMS)].flatMap((exam) => findingsOf(exam).map((f) => f.messageKey)));
    // Signing's own findings (signer, date, place) are shown by the sign dialog, not at a form field.
    // A plural message is one message: its catalog keys carry i18next's suffixes (_one, _other).
    const all = [...new Set(Object.keys(domain.rule).map((key) => `domain.rule.${key.replace(/_(zero|one|two|few|many|other)$/u, '')}`))].filter((key) => !(SIGNING_MESSAGE_KEYS as readonly string[]).includes(key));
    expect(all.filter((key) => !seen.has(key as RuleFinding['messageKey']))).toEqual([]);
  });

  it('photograph findings have no form field and show in the findings section banner', () => {
    for (const exam of Object.values(PHOTOGRAPH_EXAMS)) {
      const photo = findingsOf(exam).filter((f) => f.ruleId === 'E4');
      expect(photo.length).toBeGreaterThan(0);
      for (const finding of photo) {
        expect(fieldForFinding(form, finding.field), finding.field).toBeNull();
        expect(sectionOf(finding.field)).toBe('findings');
      }
    }
  });
});

group('every finding about a lesion detail is shown at a visible field of the lesion editor', () => {
  for (const [name, exam] of Object.entries(LESION_EXAMS)) {
    it(name, () => {
      const lesionFindings = findingsOf(exam).filter((f) => f.field.startsWith('findings.lesions.'));
      expect(lesionFindings.length, 'the case triggers lesion findings').toBeGreaterThan(0);
      for (const finding of lesionFindings) {
        const target = lesionFieldForFinding(finding.field);
        expect(target, `${finding.messageKey} @${finding.field} has a lesion field`).not.toBeNull();
        if (target === null) continue;
        expect(`${lesionScope(target.index)}.${target.field.path}`, 'the field is the finding’s own').toBe(finding.field);
        const shown = target.field.visibleWhen === undefined || evaluateCondition(target.field.visibleWhen, exam, lesionScope(target.index));
        expect(shown, `${finding.messageKey} @${finding.field} is hidden`).toBe(true);
        // The admission form itself never claims a lesion detail: its banner fallback stays free for the editor.
        expect(fieldForFinding(form, finding.field)).toBeNull();
      }
    });
  }

  it('lesionFieldForFinding reads only lesion details', () => {
    expect(lesionFieldForFinding('findings.lesions.4.consistency')).toMatchObject({ index: 4, field: { path: 'consistency' } });
    expect(lesionFieldForFinding('findings.lesions.0.colours.1')).toMatchObject({ index: 0, field: { path: 'colours' } });
    expect(lesionFieldForFinding('findings.lesions.0.lesionNo')).toBeNull();
    expect(lesionFieldForFinding('findings.lesions.0.mark.x')).toBeNull();
    expect(lesionFieldForFinding('findings.lesions.0')).toBeNull();
    expect(lesionFieldForFinding('findings.lesions')).toBeNull();
    expect(lesionFieldForFinding('findings.photographs.0.caption')).toBeNull();
    expect(lesionFieldForFinding('findings.lesions.x.type')).toBeNull();
  });
});

group('the mapping, rule by rule', () => {
  const cases: readonly (readonly [string, string | null])[] = [
    // 1. Same pattern.
    ['encounter.timing.delayReason', 'encounter.timing.delayReason'],
    ['setting.personsPresent.3.inEarshot', 'setting.personsPresent.*.inEarshot'],
    ['identity.languages.1', 'identity.languages.*'],
    // 2. Declared by a field: the lesion list is not drawn yet.
    ['findings.lesions', 'findings.noInjuriesSeen'],
    // 3. A whole section or item: its first field.
    ['account', 'account.allegationPresent'],
    ['psychological', 'psychological.performed'],
    ['findings', 'findings.noInjuriesSeen'],
    ['consent.physicalExam', 'consent.physicalExam.decision'],
    ['setting.restraint', 'setting.restraint.restrained'],
    // 4. Inside a value drawn as one field: that field.
    ['consent.physicalExam.excludedRegions.2', 'consent.physicalExam.excludedRegions'],
    // 5. Not drawn: section banner.
    ['findings.photographs.0', null],
    ['findings.lesions.0.lesionNo', null],
    // Lesion details: placed by the lesion editor (lesionFieldForFinding), never at "no injuries seen".
    ['findings.lesions.2.consistency', null],
    ['findings.lesions.0.colours', null],
    ['', null],
  ];
  for (const [finding, expected] of cases) {
    it(`${finding === '' ? '(whole record)' : finding} → ${expected ?? 'section banner'}`, () => {
      expect(fieldForFinding(form, finding)).toBe(expected);
    });
  }

  it('the concrete field keeps the finding’s list index', () => {
    expect(fieldPathForFinding(form, 'setting.personsPresent.2.gender')).toBe('setting.personsPresent.2.gender');
    expect(fieldPathForFinding(form, 'screening.medications.0.continuityPlan')).toBe('screening.medications.0.continuityPlan');
    expect(fieldPathForFinding(form, 'consent.physicalExam')).toBe('consent.physicalExam.decision');
    expect(fieldPathForFinding(form, 'findings.photographs.0')).toBeNull();
  });

  it('a finding shown inside a list item it has no index for is shown at the list', () => {
    const listForm: FormDefinition = {
      id: 'list-only',
      version: 1,
      schema: 'examination',
      title: 't',
      sections: [
        {
          id: 'outcome',
          title: 't',
          fields: [{ path: 'outcome.referrals', kind: 'list', label: 'l', item: [{ path: 'to', kind: 'text', label: 'l', showsFindingsAt: ['outcome.plan'] }] }],
        },
      ],
    };
    expect(fieldForFinding(listForm, 'outcome')).toBe('outcome.referrals');
    expect(fieldForFinding(listForm, 'outcome.plan')).toBe('outcome.referrals.*.to');
    expect(fieldPathForFinding(listForm, 'outcome.plan')).toBe('outcome.referrals');
  });
});

group('schema issues use the same mapping', () => {
  const contradictions: readonly (readonly [string, DeepPatch<Examination>])[] = [
    ['born after the examination', { identity: { dateOfBirth: '2025-04-01' } }],
    ['examination before arrival', { encounter: { timing: { examStartAt: '2025-03-10T07:00:00+01:00' } } }],
    ['period of detention ending before it starts', { provenance: { priorPlacesOfDetention: [{ place: 'X', from: '2025-03-08T10:00:00+01:00', to: '2025-03-07T10:00:00+01:00', authority: null }] } }],
    ['diastolic above systolic', { screening: { vitals: { bpSystolic: 90, bpDiastolic: 120 } } }],
    ['temperature in °F', { screening: { vitals: { temperatureC: 98.6 } } }],
    ['unknown language tag', { identity: { languages: ['ar', 'not a tag'] } }],
  ];
  for (const [name, patch] of contradictions) {
    it(`${name}: the issue is shown at a visible field`, () => {
      const exam = buildAdmissionExam(patch);
      const result = examinationDraftSchema.safeParse(exam);
      expect(result.success).toBe(false);
      if (result.success) return;
      for (const issue of describeIssues(result.error)) {
        const path = fieldPathForFinding(form, issue.path);
        expect(path, issue.path).not.toBeNull();
        if (path !== null) expect(isShown(form, path, exam), `${issue.path} at ${path}`).toBe(true);
      }
    });
  }
});
