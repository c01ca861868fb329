/**
 * The opinion section: its schema, E7 "no finalisation without an overall opinion", the E12
 * declarations and restrictions statement, and the section XV statement the report prints.
 */
import { describe, expect, it } from 'vitest';
import { examinationDraftSchema, SECTION_IDS } from '../../../shared/domain/examination';
import { validateForFinalisation } from '../../../shared/domain/finalisation';
import { Opinion } from '../../../shared/domain/opinion';
import { canFinalise } from '../../../shared/domain/rules/evaluate';
import { conclusionsRequired, overallOpinionRequired, restrictionsStatement, settingRestrictions } from '../../../shared/domain/rules/opinion';
import { sectionStatus } from '../../../shared/domain/rules/sectionStatus';
import { TEXT_LIMITS } from '../../../shared/domain/text';
import type { PersonPresent } from '../../../shared/domain/setting';
import type { Examination } from '../../../shared/domain/examination';
import { buildAdmissionExam, buildLesion, FIXTURE_CONTEXT, type DeepPatch } from './fixtures';
import { englishOf, findingsOf, summary } from './helpers';

const officer = (patch: { inEarshot?: boolean; inSight?: boolean; role?: 'police' | 'prison_officer' } = {}): PersonPresent => ({
  name: 'Officer',
  role: patch.role ?? 'police',
  affiliation: null,
  gender: 'male',
  inEarshot: patch.inEarshot ?? false,
  inSight: patch.inSight ?? false,
});

/** Lesions only the clinician saw: the person gives no explanation for them. */
const unexplainedLesions: DeepPatch<Examination> = { findings: { lesions: [buildLesion({ attribution: 'none_given', consistency: null, rationale: null })], lastLesionNo: 1, photographs: [] } };

describe('the opinion section', () => {
  it('sits after the findings and before the outcome', () => {
    expect(SECTION_IDS.indexOf('opinion')).toBe(SECTION_IDS.indexOf('findings') + 1);
    expect(SECTION_IDS.indexOf('outcome')).toBe(SECTION_IDS.indexOf('opinion') + 1);
  });

  it('is optional: a record made before it existed still parses', () => {
    const older = buildAdmissionExam();
    delete older.opinion;
    expect(examinationDraftSchema.safeParse(older).success).toBe(true);
  });

  it('accepts the complete opinion of the fixture and an empty one', () => {
    expect(Opinion.safeParse(buildAdmissionExam().opinion).success).toBe(true);
    expect(Opinion.safeParse({}).success).toBe(true);
  });

  it('refuses unknown fields, codes outside the scale, declarations that are not yes or no, and overlong notes', () => {
    const issues = (value: unknown) => (Opinion.safeParse(value).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ overallOpinion: 'consistent' })).toEqual([expect.stringMatching(/^: /)]);
    expect(issues({ overallConsistency: 'probable' })).toEqual(['overallConsistency: domain.error.notInList']);
    expect(issues({ truthfulness: 'yes' })).toEqual(['truthfulness: domain.error.notYesNo']);
    expect(issues({ limitations: 'x'.repeat(TEXT_LIMITS.note + 1) })).toEqual(['limitations: domain.error.tooLong']);
    expect(issues({ conclusions: 'x'.repeat(TEXT_LIMITS.note + 1) })).toEqual([]);
  });
});

describe('E7: no finalisation without an overall opinion', () => {
  it('asks for the opinion, its reasons, conclusions and limitations when the person alleges ill-treatment', () => {
    const findings = findingsOf(buildAdmissionExam({ opinion: null }));
    expect(summary(findings, 'E7')).toEqual([
      'blocking domain.rule.overallConsistencyRequired @opinion.overallConsistency',
      'blocking domain.rule.overallRationaleRequired @opinion.overallRationale',
      'blocking domain.rule.conclusionsRequired @opinion.conclusions',
      'blocking domain.rule.limitationsRequired @opinion.limitations',
    ]);
    // Not yet written: the section is incomplete, not blocked.
    expect(findings.filter((f) => f.field.startsWith('opinion.') && f.ruleId === 'E7').every((f) => f.unanswered === true)).toBe(true);
    for (const finding of findings) englishOf(finding);
  });

  it('takes blank text as no answer', () => {
    const exam = buildAdmissionExam({ opinion: { overallRationale: '   ', conclusions: '\n', limitations: '' } });
    expect(summary(findingsOf(exam), 'E7')).toEqual([
      'blocking domain.rule.overallRationaleRequired @opinion.overallRationale',
      'blocking domain.rule.conclusionsRequired @opinion.conclusions',
      'blocking domain.rule.limitationsRequired @opinion.limitations',
    ]);
  });

  it('asks for the overall opinion when a lesion is attributed to a cause, even without an allegation', () => {
    const exam = buildAdmissionExam({ account: { allegationPresent: 'no' }, opinion: { overallConsistency: null } });
    expect(overallOpinionRequired(exam)).toBe(true);
    expect(summary(findingsOf(exam), 'E7')).toEqual(['blocking domain.rule.overallConsistencyRequired @opinion.overallConsistency']);
  });

  it('asks only for conclusions and limitations when injuries are charted that nobody explains', () => {
    const exam = buildAdmissionExam({ account: { allegationPresent: 'no' }, ...unexplainedLesions, opinion: null });
    expect(overallOpinionRequired(exam)).toBe(false);
    expect(conclusionsRequired(exam)).toBe(true);
    expect(summary(findingsOf(exam), 'E7')).toEqual(['blocking domain.rule.conclusionsRequired @opinion.conclusions', 'blocking domain.rule.limitationsRequired @opinion.limitations']);
  });

  it('asks for no opinion after a routine admission with no allegation and no injury', () => {
    for (const allegationPresent of ['no', 'declined'] as const) {
      const exam = buildAdmissionExam({ account: { allegationPresent }, findings: { noInjuriesSeen: true, lesions: [], photographs: [] }, opinion: null });
      expect(summary(findingsOf(exam), 'E7'), allegationPresent).toEqual([]);
    }
  });

  it('still asks for the opinion when an allegation meets no physical finding (the history and psychology remain)', () => {
    const exam = buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] }, opinion: { overallConsistency: null } });
    expect(summary(findingsOf(exam), 'E7')).toEqual(['blocking domain.rule.overallConsistencyRequired @opinion.overallConsistency']);
  });

  it('blocks finalisation until the opinion is given, at its fields', () => {
    expect(canFinalise(buildAdmissionExam(), FIXTURE_CONTEXT).ready).toBe(true);
    const result = validateForFinalisation(buildAdmissionExam({ opinion: { overallConsistency: null, overallRationale: null } }), FIXTURE_CONTEXT);
    expect(result.success ? [] : result.issues.map((i) => `${i.path} ${i.messageKey}`)).toEqual([
      'opinion.overallConsistency domain.rule.overallConsistencyRequired',
      'opinion.overallRationale domain.rule.overallRationaleRequired',
    ]);
  });
});

describe('E12: declarations and the restrictions statement', () => {
  it('needs the three answers of every finalised record', () => {
    const findings = findingsOf(buildAdmissionExam({ opinion: { examinedFreely: null, truthfulness: null, noFindingOmitted: null } }));
    expect(summary(findings, 'E12')).toEqual([
      'blocking domain.rule.examinedFreelyRequired @opinion.examinedFreely',
      'blocking domain.rule.truthfulnessRequired @opinion.truthfulness',
      'blocking domain.rule.noFindingOmittedRequired @opinion.noFindingOmitted',
    ]);
    expect(findings.filter((f) => f.ruleId === 'E12').every((f) => f.unanswered === true)).toBe(true);
  });

  it('blocks a report whose author does not confirm a declaration (the section needs attention)', () => {
    const exam = buildAdmissionExam({ opinion: { truthfulness: false, noFindingOmitted: false } });
    const findings = findingsOf(exam).filter((f) => f.ruleId === 'E12');
    expect(summary(findings)).toEqual(['blocking domain.rule.truthfulnessRequired @opinion.truthfulness', 'blocking domain.rule.noFindingOmittedRequired @opinion.noFindingOmitted']);
    expect(findings.some((f) => f.unanswered === true)).toBe(false);
    expect(sectionStatus(exam, FIXTURE_CONTEXT).opinion.state).toBe('blocked');
    expect(findings.map((f) => englishOf(f))).toEqual([expect.stringMatching(/statement of truthfulness/), expect.stringMatching(/no finding is omitted/)]);
  });

  it('asks to describe the restrictions when the examination was not free', () => {
    expect(summary(findingsOf(buildAdmissionExam({ opinion: { examinedFreely: false } })), 'E12')).toEqual(['blocking domain.rule.restrictionsDetailsRequired @opinion.restrictionsDetails']);
    expect(summary(findingsOf(buildAdmissionExam({ opinion: { examinedFreely: false, restrictionsDetails: '  ' } })), 'E12')).toHaveLength(1);
    expect(summary(findingsOf(buildAdmissionExam({ opinion: { examinedFreely: false, restrictionsDetails: 'Twenty minutes allowed.' } })), 'E12')).toEqual([]);
  });

  it('asks to describe an officer present out of hearing and sight, without calling the examination unfree', () => {
    const exam = buildAdmissionExam({ setting: { personsPresent: [officer()], securityPresentReason: 'Escort policy' } });
    expect(summary(findingsOf(exam), 'E12')).toEqual(['blocking domain.rule.restrictionsDetailsRequired @opinion.restrictionsDetails']);
    const described = buildAdmissionExam({ setting: { personsPresent: [officer()], securityPresentReason: 'Escort policy' }, opinion: { restrictionsDetails: 'An officer waited outside the closed door.' } });
    expect(summary(findingsOf(described), 'E12')).toEqual([]);
  });

  it.each<readonly [string, DeepPatch<Examination>]>([
    ['an officer who could hear', { setting: { personsPresent: [officer({ inEarshot: true })], securityPresentReason: 'Escort policy' } }],
    ['an officer who could see', { setting: { personsPresent: [officer({ inSight: true, role: 'prison_officer' })], securityPresentReason: 'Escort policy' } }],
    ['a restraint', { setting: { restraint: { restrained: true, how: 'Handcuffs', why: 'Escort policy' } } }],
    ['a restriction of an unnamed kind', { setting: { restrictions: { any: true, kinds: [], details: 'Hurried' } } }],
    ['a time limit', { setting: { restrictions: { any: true, kinds: ['time_limit'], details: null } } }],
  ])('refuses "examined freely" with %s recorded in the setting', (_name, patch) => {
    const exam = buildAdmissionExam({ ...patch, opinion: { examinedFreely: true, restrictionsDetails: 'Described.' } });
    expect(summary(findingsOf(exam), 'E12')).toEqual(['blocking domain.rule.examinedFreelyContradiction @opinion.examinedFreely']);
    const corrected = buildAdmissionExam({ ...patch, opinion: { examinedFreely: false, restrictionsDetails: 'Described.' } });
    expect(summary(findingsOf(corrected), 'E12')).toEqual([]);
  });

  it('ignores restriction kinds left over from an answer changed to "no"', () => {
    const exam = buildAdmissionExam({ setting: { restrictions: { any: false, kinds: ['threats'], details: null } } });
    expect(settingRestrictions(exam)).toEqual([]);
    expect(summary(findingsOf(exam), 'E12')).toEqual([]);
  });

  it('leaves the complete fixture without a finding, and its section complete', () => {
    expect(summary(findingsOf(buildAdmissionExam()))).toEqual([]);
    expect(sectionStatus(buildAdmissionExam(), FIXTURE_CONTEXT).opinion.state).toBe('complete');
    expect(sectionStatus(buildAdmissionExam({ opinion: null }), FIXTURE_CONTEXT).opinion.state).toBe('incomplete');
    expect(sectionStatus(buildAdmissionExam({ opinion: { examinedFreely: false } }), FIXTURE_CONTEXT).opinion.state).toBe('blocked');
  });
});

describe('the restrictions statement of report section XV', () => {
  it('says the fixture was examined freely, with no restriction', () => {
    expect(restrictionsStatement(buildAdmissionExam())).toEqual({ examinedFreely: true, restrictions: [], details: null });
  });

  it('lists what the setting records, in a stable order, with the details', () => {
    const exam = buildAdmissionExam({
      setting: {
        personsPresent: [officer({ inSight: true }), officer({ inEarshot: true, role: 'prison_officer' }), { name: 'Léa Martin', role: 'nurse', affiliation: null, gender: 'female', inEarshot: true, inSight: true }],
        securityPresentReason: 'Escort policy',
        restraint: { restrained: true, how: 'Handcuffs', why: 'Escort policy' },
        restrictions: { any: true, kinds: ['threats', 'time_limit'], details: null },
      },
      opinion: { examinedFreely: false, restrictionsDetails: 'Two officers in the room; handcuffed throughout; 15 minutes allowed.' },
    });
    expect(restrictionsStatement(exam)).toEqual({
      examinedFreely: false,
      restrictions: ['officer_present', 'officer_in_earshot', 'officer_in_sight', 'restrained', 'time_limit', 'threats'],
      details: 'Two officers in the room; handcuffed throughout; 15 minutes allowed.',
    });
  });

  it('is unanswered for a draft without an opinion, and drops blank details', () => {
    expect(restrictionsStatement(buildAdmissionExam({ opinion: null, setting: { restrictions: { any: true, kinds: [] } } }))).toEqual({ examinedFreely: null, restrictions: ['exam_restricted'], details: null });
    expect(restrictionsStatement(buildAdmissionExam({ opinion: { restrictionsDetails: ' ' } })).details).toBeNull();
  });
});
