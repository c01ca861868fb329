/**
 * E7 Findings completeness and E8 absence of findings.
 *
 * E7: "no injuries seen" is an explicit answer, and "injuries seen" needs at least one lesion. Each
 * lesion is complete only with its type, status, region, view, side, size (length, or "not
 * measurable" with a reason), at least one colour, shape and borders: each missing detail is a
 * finding at its own field (`findings.lesions.2.shape`), so the lesion editor shows it there. Some
 * answers ask for another: `other` type → what it is; `patterned` shape → the object; and an
 * attribution by the person → a consistency level and its rationale (IP22 ≈¶380–383). The overall
 * opinion ("no finalisation without an overall opinion") belongs to the opinion issue.
 *
 * E8: an allegation with no physical findings is not evidence against the allegation; the report
 * must say that the absence of findings does not exclude torture or ill-treatment.
 */
import type { Examination } from '../examination';
import { lesionLabel, type Lesion } from '../findings';
import { hasText, isBlank } from '../text';
import type { Attribution } from '../vocab';
import { gates } from './consent';
import { blocking, missing, warning, type RuleFinding, type RuleMessageKey } from './types';

/**
 * Attributions that name no mechanism to weigh the lesion against. `none_given`: the person gave no
 * explanation. `unknown`: the person does not know how it happened (blindfolded, unconscious); the
 * consistency scale grades a lesion against an alleged cause, and with none there is nothing to
 * grade (the clinician's own view of possible causes goes in the differential). Every other
 * attribution, non-torture causes included (accident, self-inflicted, pre-existing), is an
 * explanation whose consistency the clinician must state: that is how an implausible "fell down the
 * stairs" shows in the report.
 */
export const ATTRIBUTIONS_WITHOUT_MECHANISM = ['unknown', 'none_given'] as const satisfies readonly Attribution[];

/** Whether the person attributes the lesion to a cause, so consistency and rationale are required (E7). */
export function hasAttribution(lesion: Pick<Lesion, 'attribution'>): boolean {
  const attribution = lesion.attribution;
  return attribution !== null && attribution !== undefined && !(ATTRIBUTIONS_WITHOUT_MECHANISM as readonly string[]).includes(attribution);
}

/**
 * E7 for one lesion: what it lacks before the examination can be finalised, each at its field
 * (`findings.lesions.<index>.<field>`), in the order of the lesion form. `missing` for the details
 * every lesion needs; `blocking` for those another answer asks for.
 */
export function lesionIssues(lesion: Lesion, index: number): RuleFinding[] {
  const at = (field: string) => `findings.lesions.${String(index)}.${field}`;
  const params = { lesion: lesionLabel(lesion) };
  const out: RuleFinding[] = [];
  const need = (field: 'type' | 'status' | 'region' | 'view' | 'side' | 'shape' | 'borders', key: RuleMessageKey) => {
    if (lesion[field] === null || lesion[field] === undefined) out.push(missing('E7', key, at(field), params));
  };
  need('type', 'domain.rule.lesionTypeRequired');
  if (lesion.type === 'other' && isBlank(lesion.typeOther)) out.push(blocking('E7', 'domain.rule.lesionTypeOtherRequired', at('typeOther'), params));
  need('status', 'domain.rule.lesionStatusRequired');
  need('region', 'domain.rule.lesionRegionRequired');
  need('view', 'domain.rule.lesionViewRequired');
  need('side', 'domain.rule.lesionSideRequired');
  if (lesion.notMeasurable === true) {
    if (isBlank(lesion.notMeasurableReason)) out.push(blocking('E7', 'domain.rule.lesionNotMeasurableReasonRequired', at('notMeasurableReason'), params));
  } else if (lesion.lengthCm === null || lesion.lengthCm === undefined) {
    // The length is the longest dimension: a width alone is not a size.
    out.push(missing('E7', 'domain.rule.lesionSizeRequired', at('lengthCm'), params));
  }
  need('shape', 'domain.rule.lesionShapeRequired');
  if (lesion.shape === 'patterned' && isBlank(lesion.patternObject)) out.push(blocking('E7', 'domain.rule.lesionPatternObjectRequired', at('patternObject'), params));
  if ((lesion.colours?.length ?? 0) === 0) out.push(missing('E7', 'domain.rule.lesionColourRequired', at('colours'), params));
  need('borders', 'domain.rule.lesionBordersRequired');
  if (hasAttribution(lesion)) {
    if (lesion.consistency === null || lesion.consistency === undefined) out.push(blocking('E7', 'domain.rule.lesionConsistencyRequired', at('consistency'), params));
    if (!hasText(lesion.rationale)) out.push(blocking('E7', 'domain.rule.lesionRationaleRequired', at('rationale'), params));
  }
  return out;
}

/** Whether a lesion is described well enough to finalise (E7): `lesionIssues` finds nothing. */
export function isLesionComplete(lesion: Lesion): boolean {
  return lesionIssues(lesion, 0).length === 0;
}

/** E7: the explicit "no injuries seen" answer and each lesion's details. */
export function findingsRule(exam: Examination): RuleFinding[] {
  // Without consent to the physical examination there are no findings to require (E3 covers it).
  if (gates(exam).findings.locked) return [];
  const findings = exam.findings;
  const answer = findings?.noInjuriesSeen ?? null;
  const lesions = findings?.lesions ?? [];
  const out: RuleFinding[] = [];
  // The answer against the lesion list is a consistency rule (E17, rules/consistency.ts).
  if (answer === null) out.push(missing('E7', 'domain.rule.noInjuriesAnswerRequired', 'findings.noInjuriesSeen'));
  lesions.forEach((lesion, index) => out.push(...lesionIssues(lesion, index)));
  return out;
}

/** Whether the report must state that the absence of physical findings does not exclude torture (E8). */
export function absenceOfFindingsStatementRequired(exam: Examination): boolean {
  return exam.account?.allegationPresent === 'yes' && exam.findings?.noInjuriesSeen === true;
}

/** E8: a reminder (warning) that the report will carry the absence-of-findings statement. */
export function absenceOfFindingsRule(exam: Examination): RuleFinding[] {
  return absenceOfFindingsStatementRequired(exam) ? [warning('E8', 'domain.rule.absenceOfFindings', 'findings.noInjuriesSeen')] : [];
}
