/** E10: the women-specific module — declinable items, judicial recourse, Bangkok Rules reminders. */
import { describe, expect, it } from 'vitest';
import { isWomenModuleApplicable, womenRule } from '../../../shared/domain/rules/women';
import { WOMEN_ITEMS } from '../../../shared/domain/women';
import { buildAdmissionExam, buildWomanExam } from './fixtures';
import { blockingOf, findingsOf, summary } from './helpers';

const declined = { status: 'declined', answer: null, details: null } as const;

describe('E10 applicability', () => {
  it('applies to a person whose recorded sex is female', () => {
    expect(isWomenModuleApplicable(buildWomanExam())).toBe(true);
  });

  it('applies when the clinician applies it explicitly', () => {
    expect(isWomenModuleApplicable(buildAdmissionExam({ women: { applies: true } }))).toBe(true);
  });

  it('does not apply otherwise, and then says nothing', () => {
    const exam = buildAdmissionExam({ women: { sexualAbuseDiagnosed: true } });
    expect(isWomenModuleApplicable(exam)).toBe(false);
    expect(womenRule(exam)).toEqual([]);
  });
});

describe('E10 every question may be declined without blocking', () => {
  it('accepts a module in which every question is declined, with no reason asked', () => {
    const allDeclined = Object.fromEntries(WOMEN_ITEMS.map((item) => [item, declined]));
    const exam = buildWomanExam({ women: { ...allDeclined, wantsLegalAction: declined } });
    expect(blockingOf(findingsOf(exam))).toEqual([]);
  });

  it.each(WOMEN_ITEMS)('requires %s to be answered or declined (unasked is incomplete)', (item) => {
    const exam = buildWomanExam({ women: { [item]: null } });
    expect(summary(blockingOf(findingsOf(exam)))).toEqual([`blocking domain.rule.required @women.${item}.status`]);
  });

  it('requires the answer of an item marked answered', () => {
    const exam = buildWomanExam({ women: { pregnancy: { status: 'answered', answer: null } } });
    expect(summary(blockingOf(findingsOf(exam)))).toEqual(['blocking domain.rule.required @women.pregnancy.answer']);
  });
});

describe('E10 sexual abuse diagnosed → informed of the right to judicial recourse', () => {
  const diagnosed = { sexualAbuseBeforeAdmission: { status: 'answered', answer: 'yes', details: null }, sexualAbuseDiagnosed: true, psychologicalSupportOffered: true } as const;

  it('blocks until she is informed', () => {
    expect(summary(womenRule(buildWomanExam({ women: { ...diagnosed, informedOfJudicialRecourse: null } })))).toEqual([
      'blocking domain.rule.judicialRecourseRequired @women.informedOfJudicialRecourse',
    ]);
    expect(summary(womenRule(buildWomanExam({ women: { ...diagnosed, informedOfJudicialRecourse: false } })))).toEqual([
      'blocking domain.rule.judicialRecourseRequired @women.informedOfJudicialRecourse',
    ]);
  });

  it('blocks until the date she was informed is recorded', () => {
    expect(summary(womenRule(buildWomanExam({ women: { ...diagnosed, informedOfJudicialRecourse: true, informedOfJudicialRecourseAt: null } })))).toEqual([
      'blocking domain.rule.judicialRecourseDateRequired @women.informedOfJudicialRecourseAt',
    ]);
  });

  it('is satisfied when she was informed, and when', () => {
    const exam = buildWomanExam({ women: { ...diagnosed, informedOfJudicialRecourse: true, informedOfJudicialRecourseAt: '2025-03-10T15:00:00+01:00' } });
    expect(womenRule(exam)).toEqual([]);
  });

  it('asks whether abuse is diagnosed once it is disclosed', () => {
    const exam = buildWomanExam({ women: { sexualAbuseBeforeAdmission: { status: 'answered', answer: 'yes' }, sexualAbuseDiagnosed: null } });
    expect(summary(womenRule(exam))).toEqual(['blocking domain.rule.sexualAbuseDiagnosisRequired @women.sexualAbuseDiagnosed']);
  });

  it('does not require recourse when abuse is not diagnosed', () => {
    expect(womenRule(buildWomanExam({ women: { sexualAbuseDiagnosed: false } }))).toEqual([]);
  });

  it('warns when no psychological support was offered', () => {
    const exam = buildWomanExam({ women: { ...diagnosed, psychologicalSupportOffered: null, informedOfJudicialRecourse: true, informedOfJudicialRecourseAt: '2025-03-10T15:00:00+01:00' } });
    expect(summary(womenRule(exam))).toEqual(['warning domain.rule.psychologicalSupportNotOffered @women.psychologicalSupportOffered']);
  });
});

describe('E10 Bangkok Rules reminders (warnings)', () => {
  it('r.10: a female examiner requested but not provided', () => {
    expect(summary(womenRule(buildWomanExam({ women: { femaleExaminerRequested: true, femaleExaminerProvided: false } })))).toEqual([
      'warning domain.rule.femaleExaminerNotProvided @women.femaleExaminerProvided',
    ]);
  });

  it('r.9: an accompanying child not screened', () => {
    expect(summary(womenRule(buildWomanExam({ women: { accompanyingChildPresent: true, accompanyingChildScreened: null } })))).toEqual([
      'warning domain.rule.accompanyingChildNotScreened @women.accompanyingChildScreened',
    ]);
  });

  it('r.11: non-medical staff who are not female', () => {
    const officer = { name: 'Officer', role: 'prison_officer', affiliation: null, gender: 'male', inEarshot: false, inSight: false } as const;
    const exam = buildWomanExam({ setting: { personsPresent: [officer, { ...officer, gender: 'female' }], securityPresentReason: 'Escort policy' } });
    expect(summary(womenRule(exam))).toEqual(['warning domain.rule.nonMedicalStaffNotFemale @setting.personsPresent.0.gender']);
  });
});
