/** REQ: answers every finalised record needs, and where they are not asked. */
import { describe, expect, it } from 'vitest';
import { emptyExamination } from '../../../shared/domain/examination';
import { requiredAnswersRule } from '../../../shared/domain/rules/required';
import { buildAdmissionExam } from './fixtures';

const fields = (exam: Parameters<typeof requiredAnswersRule>[0]) => requiredAnswersRule(exam).map((f) => f.field);

describe('REQ required answers', () => {
  it('the complete fixture answers everything', () => {
    expect(requiredAnswersRule(buildAdmissionExam())).toEqual([]);
  });

  it('marks every finding as unanswered (the section is incomplete, not blocked)', () => {
    const findings = requiredAnswersRule(emptyExamination('admission-examination', 1));
    expect(findings.length).toBeGreaterThan(30);
    expect(findings.every((f) => f.ruleId === 'REQ' && f.severity === 'blocking' && f.unanswered === true && f.messageKey === 'domain.rule.required')).toBe(true);
  });

  it('asks for the core answers of an empty draft', () => {
    expect(fields(emptyExamination('admission-examination', 1))).toEqual(
      expect.arrayContaining([
        'encounter.type',
        'encounter.timing.arrivalAt',
        'encounter.timing.examStartAt',
        'encounter.timing.examEndAt',
        'encounter.examiner.name',
        'identity.familyName',
        'identity.dateOfBirth',
        'identity.sex',
        'identity.languages',
        'provenance.arrivedFromType',
        'setting.location',
        'interpreter.status',
        'consent.explained.rightToIndependentExam',
        'consent.interview.decision',
        'consent.copyToPerson.decision',
        'screening.fitness.level',
        'outcome.plan',
        'outcome.reportTriggered',
      ]),
    );
  });

  it('accepts a given name alone, or an estimated age with its method instead of a date of birth', () => {
    expect(fields(buildAdmissionExam({ identity: { familyName: null } }))).toEqual([]);
    expect(fields(buildAdmissionExam({ identity: { dateOfBirth: null, ageEstimate: { years: 30, method: null } } }))).toEqual(['identity.ageEstimate.method']);
    expect(fields(buildAdmissionExam({ identity: { dateOfBirth: null, ageEstimate: { years: 30, method: 'documents' } } }))).toEqual([]);
  });

  it('asks for the time and method of every consent decision', () => {
    expect(fields(buildAdmissionExam({ consent: { samplesTests: { decidedAt: null, method: null } } }))).toEqual(['consent.samplesTests.decidedAt', 'consent.samplesTests.method']);
  });

  it('asks which authorities and which recipients a consent to disclose covers', () => {
    expect(fields(buildAdmissionExam({ consent: { disclosureAuthorities: { authorityTypes: [] }, shareWithLawyerFamily: { recipients: null } } }))).toEqual([
      'consent.disclosureAuthorities.authorityTypes',
      'consent.shareWithLawyerFamily.recipients',
    ]);
  });

  it('asks how and why a person was restrained', () => {
    expect(fields(buildAdmissionExam({ setting: { restraint: { restrained: true, how: null, why: null } } }))).toEqual(['setting.restraint.how', 'setting.restraint.why']);
  });

  it('asks for the reason of a restricted or absent fitness', () => {
    expect(fields(buildAdmissionExam({ screening: { fitness: { level: 'no', reason: '' } } }))).toEqual(['screening.fitness.reason']);
    expect(fields(buildAdmissionExam({ screening: { fitness: { level: 'yes', reason: null } } }))).toEqual([]);
  });

  it('asks for the account in the person’s own words when there is an allegation', () => {
    expect(fields(buildAdmissionExam({ account: { ownWords: ' ' } }))).toEqual(['account.ownWords']);
    expect(fields(buildAdmissionExam({ account: { allegationPresent: 'no', ownWords: null, fearOfReprisal: null }, outcome: { doNotReturnToPlaceOfAbuse: null } }))).toEqual([]);
  });

  it('asks nothing of the account or psychological evaluation when the interview was refused', () => {
    const exam = buildAdmissionExam({ consent: { interview: { decision: 'refused', reason: 'No' } }, account: null, psychological: null, outcome: { doNotReturnToPlaceOfAbuse: null } });
    expect(fields(exam)).toEqual([]);
  });

  it('asks why there was no psychological evaluation', () => {
    expect(fields(buildAdmissionExam({ psychological: { performed: false, notPerformedReason: null } }))).toEqual(['psychological.notPerformedReason']);
  });
});
