/** E11: age under 18 switches on the juvenile module; guardian notification, consent and assent. */
import { describe, expect, it } from 'vitest';
import { ageAtExamination, isMinor, juvenileRule } from '../../../shared/domain/rules/juvenile';
import { sectionStatus } from '../../../shared/domain/rules/sectionStatus';
import { completedYears } from '../../../shared/domain/time';
import { buildAdmissionExam, buildMinorExam, completeJuvenileModule, FIXTURE_CONTEXT, FIXTURE_NOW } from './fixtures';
import { englishOf, summary } from './helpers';

/** An adult-fixture examination with a date of birth, examined at `examStartAt`, with no juvenile module. */
function bornOn(dateOfBirth: string, examStartAt = '2025-03-10T14:00:00+01:00') {
  return buildAdmissionExam({ identity: { dateOfBirth }, encounter: { timing: { arrivalAt: '2025-03-01T08:00:00+01:00', examStartAt, examEndAt: null } } });
}

describe('completed years', () => {
  it.each([
    ['2007-03-11', '2025-03-10', 17],
    ['2007-03-11', '2025-03-11', 18],
    ['2007-03-10', '2025-03-10', 18],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
    ['2000-12-31', '2001-01-01', 0],
  ])('born %s, on %s: %i', (dob, on, years) => {
    expect(completedYears(dob, on)).toBe(years);
  });

  it('returns null for unreadable dates', () => {
    expect(completedYears('31/12/2000', '2025-01-01')).toBeNull();
  });
});

describe('E11 age boundary from the date of birth', () => {
  it('17 years and 364 days on the examination day is a minor', () => {
    const exam = bornOn('2007-03-11');
    expect(ageAtExamination(exam)).toEqual({ years: 17, basis: 'date_of_birth' });
    expect(isMinor(exam)).toBe(true);
  });

  it('18 years on the examination day (the 18th birthday) is not', () => {
    const exam = bornOn('2007-03-10');
    expect(ageAtExamination(exam)).toEqual({ years: 18, basis: 'date_of_birth' });
    expect(isMinor(exam)).toBe(false);
    expect(juvenileRule(exam, FIXTURE_CONTEXT)).toEqual([]);
  });

  it('uses the calendar date where the examination took place, not UTC', () => {
    // 23:30 on 10 March in UTC−05:00 is already 11 March in UTC: the person is still 17 locally.
    const exam = bornOn('2007-03-11', '2025-03-10T23:30:00-05:00');
    expect(ageAtExamination(exam)?.years).toBe(17);
    expect(isMinor(exam)).toBe(true);
  });

  it('a person born on 29 February turns 18 on 1 March in a common year', () => {
    expect(isMinor(bornOn('2007-02-28', '2025-02-28T10:00:00Z'))).toBe(false);
    expect(isMinor(bornOn('2007-03-01', '2025-02-28T10:00:00Z'))).toBe(true);
    expect(isMinor(buildAdmissionExam({ identity: { dateOfBirth: '2008-02-29' }, encounter: { timing: { arrivalAt: '2026-02-28T08:00:00Z', examStartAt: '2026-02-28T10:00:00Z' } } }))).toBe(true);
    expect(isMinor(buildAdmissionExam({ identity: { dateOfBirth: '2008-02-29' }, encounter: { timing: { arrivalAt: '2026-03-01T08:00:00Z', examStartAt: '2026-03-01T10:00:00Z' } } }))).toBe(false);
  });

  it('falls back to the arrival day, then to today, when the examination has not started', () => {
    const waiting = buildAdmissionExam({ identity: { dateOfBirth: '2007-03-11' }, encounter: { timing: { arrivalAt: '2025-03-10T08:00:00+01:00', examStartAt: null, examEndAt: null } } });
    expect(ageAtExamination(waiting)?.years).toBe(17);
    const noTimes = buildAdmissionExam({ identity: { dateOfBirth: '2007-03-11' }, encounter: { timing: null } });
    expect(ageAtExamination(noTimes)).toBeNull();
    expect(ageAtExamination(noTimes, FIXTURE_NOW)?.years).toBe(18);
  });
});

describe('E11 age from an estimate', () => {
  const estimated = (years: number) => buildAdmissionExam({ identity: { dateOfBirth: null, ageEstimate: { years, method: 'clinical_appearance', methodDetail: null } } });

  it('estimated 17 is a minor, 18 is not', () => {
    expect(isMinor(estimated(17))).toBe(true);
    expect(ageAtExamination(estimated(17))).toEqual({ years: 17, basis: 'estimate' });
    expect(isMinor(estimated(18))).toBe(false);
  });

  it('a date of birth wins over an estimate', () => {
    expect(isMinor(buildAdmissionExam({ identity: { ageEstimate: { years: 16 } } }))).toBe(false);
  });

  it('unknown age is not a minor, unless the clinician says so', () => {
    const unknown = buildAdmissionExam({ identity: { dateOfBirth: null } });
    expect(ageAtExamination(unknown)).toBeNull();
    expect(isMinor(unknown)).toBe(false);
    expect(isMinor(buildAdmissionExam({ identity: { dateOfBirth: null }, juvenile: { isMinor: true } }))).toBe(true);
  });
});

describe('E11 the clinician’s determination', () => {
  it('"minor" overrides an adult age: when in doubt, treat as a child', () => {
    expect(isMinor(buildAdmissionExam({ juvenile: { isMinor: true } }))).toBe(true);
  });

  it('"not a minor" against an age under 18 blocks', () => {
    const exam = buildMinorExam({ juvenile: { isMinor: false } });
    const findings = juvenileRule(exam, FIXTURE_CONTEXT);
    expect(summary(findings)[0]).toBe('blocking domain.rule.minorFlagContradictsAge @juvenile.isMinor');
    expect(findings[0] && englishOf(findings[0])).toContain('16 years');
  });
});

describe('E11 requirements for a minor', () => {
  it('the complete juvenile module satisfies the rule', () => {
    expect(juvenileRule(buildMinorExam(), FIXTURE_CONTEXT)).toEqual([]);
  });

  it('a minor with no juvenile module needs notification, consent and assent, and warns about best interests and safeguarding', () => {
    const exam = buildAdmissionExam({ identity: { dateOfBirth: '2008-09-01' } });
    expect(summary(juvenileRule(exam, FIXTURE_CONTEXT))).toEqual([
      'blocking domain.rule.guardianNotificationRequired @juvenile.guardianNotifiedAt',
      'blocking domain.rule.guardianConsentRequired @juvenile.guardianConsent.decision',
      'blocking domain.rule.childAssentRequired @juvenile.childAssent.decision',
      'warning domain.rule.bestInterestNoteMissing @juvenile.bestInterestNote',
      'warning domain.rule.safeguardingPlanMissing @juvenile.safeguardingPlan',
    ]);
  });

  it('a refusal by the guardian or the child needs its reason', () => {
    const exam = buildMinorExam({ juvenile: { guardianConsent: { decision: 'refused', reason: null }, childAssent: { decision: 'refused', reason: null } } });
    expect(summary(juvenileRule(exam, FIXTURE_CONTEXT))).toEqual([
      'blocking domain.rule.refusalReasonRequired @juvenile.guardianConsent.reason',
      'blocking domain.rule.refusalReasonRequired @juvenile.childAssent.reason',
    ]);
  });

  it('switches the juvenile section from not applicable to applicable at the 18th birthday', () => {
    const juvenile = completeJuvenileModule();
    const adult = buildAdmissionExam({ identity: { dateOfBirth: '2007-03-10' }, juvenile: { ...juvenile, isMinor: null } });
    const minor = buildAdmissionExam({ identity: { dateOfBirth: '2007-03-11' }, juvenile: { ...juvenile, isMinor: null } });
    expect(sectionStatus(adult, FIXTURE_CONTEXT).juvenile.state).toBe('not_applicable');
    expect(sectionStatus(minor, FIXTURE_CONTEXT).juvenile.state).toBe('complete');
  });
});
