/**
 * E7 Findings completeness and E8 absence of findings.
 *
 * E7 here covers what the placeholder lesion list allows: "no injuries seen" is an explicit answer,
 * and "injuries seen" needs at least one lesion. The per-lesion completeness (type, region, view,
 * side, size or reason, colour, shape, borders, status; consistency and rationale when attributed)
 * and "no finalisation without an overall opinion" belong to the lesion and opinion issues and
 * will be added to this file with them.
 *
 * E8: an allegation with no physical findings is not evidence against the allegation; the report
 * must say that the absence of findings does not exclude torture or ill-treatment.
 */
import type { Examination } from '../examination';
import { gates } from './consent';
import { blocking, missing, warning, type RuleFinding } from './types';

/** E7: the explicit "no injuries seen" answer and its consistency with the lesion list. */
export function findingsRule(exam: Examination): RuleFinding[] {
  // Without consent to the physical examination there are no findings to require (E3 covers it).
  if (gates(exam).findings.locked) return [];
  const findings = exam.findings;
  const answer = findings?.noInjuriesSeen ?? null;
  const lesions = findings?.lesions.length ?? 0;
  if (answer === null) return [missing('E7', 'domain.rule.noInjuriesAnswerRequired', 'findings.noInjuriesSeen')];
  if (!answer && lesions === 0) return [blocking('E7', 'domain.rule.lesionsRequired', 'findings.lesions')];
  if (answer && lesions > 0) return [blocking('E7', 'domain.rule.noInjuriesContradiction', 'findings.noInjuriesSeen', { count: lesions })];
  return [];
}

/** Whether the report must state that the absence of physical findings does not exclude torture (E8). */
export function absenceOfFindingsStatementRequired(exam: Examination): boolean {
  return exam.account?.allegationPresent === 'yes' && exam.findings?.noInjuriesSeen === true;
}

/** E8: a reminder (warning) that the report will carry the absence-of-findings statement. */
export function absenceOfFindingsRule(exam: Examination): RuleFinding[] {
  return absenceOfFindingsStatementRequired(exam) ? [warning('E8', 'domain.rule.absenceOfFindings', 'findings.noInjuriesSeen')] : [];
}
