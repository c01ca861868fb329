/** E7 (explicit "no injuries seen", lesions charted) and E8 (absence of findings statement). */
import { describe, expect, it } from 'vitest';
import { absenceOfFindingsRule, absenceOfFindingsStatementRequired, findingsRule } from '../../../shared/domain/rules/findings';
import { buildAdmissionExam } from './fixtures';
import { englishOf, summary } from './helpers';

describe('E7 physical findings', () => {
  it('requires "no injuries seen" to be answered, not inferred from an empty list', () => {
    const exam = buildAdmissionExam({ findings: { noInjuriesSeen: null, lesions: [], photographs: [] } });
    expect(summary(findingsRule(exam))).toEqual(['blocking domain.rule.noInjuriesAnswerRequired @findings.noInjuriesSeen']);
  });

  it('requires the answer when the findings section is missing altogether', () => {
    expect(summary(findingsRule(buildAdmissionExam({ findings: null })))).toEqual(['blocking domain.rule.noInjuriesAnswerRequired @findings.noInjuriesSeen']);
  });

  it('accepts "no injuries seen" with no lesion', () => {
    expect(findingsRule(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] } }))).toEqual([]);
  });

  it('leaves the answer against the lesion list to E17 (consistency.test.ts)', () => {
    expect(findingsRule(buildAdmissionExam({ findings: { noInjuriesSeen: false, lesions: [], photographs: [] } }))).toEqual([]);
  });

  it('asks nothing when the physical examination was refused', () => {
    const exam = buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No' } }, findings: null });
    expect(findingsRule(exam)).toEqual([]);
  });
});

describe('E8 absence of findings', () => {
  it('warns that the report will say absence of findings does not exclude torture', () => {
    const exam = buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] } });
    expect(absenceOfFindingsStatementRequired(exam)).toBe(true);
    const findings = absenceOfFindingsRule(exam);
    expect(summary(findings)).toEqual(['warning domain.rule.absenceOfFindings @findings.noInjuriesSeen']);
    expect(findings[0] && englishOf(findings[0])).toMatch(/does not exclude torture/);
  });

  it.each(['no', 'declined', null] as const)('says nothing when the allegation answer is %s', (allegationPresent) => {
    const exam = buildAdmissionExam({ account: { allegationPresent }, findings: { noInjuriesSeen: true, lesions: [], photographs: [] } });
    expect(absenceOfFindingsStatementRequired(exam)).toBe(false);
  });

  it('says nothing when injuries were seen, or the question is unanswered', () => {
    expect(absenceOfFindingsStatementRequired(buildAdmissionExam())).toBe(false);
    expect(absenceOfFindingsStatementRequired(buildAdmissionExam({ findings: { noInjuriesSeen: null, lesions: [] } }))).toBe(false);
  });
});
