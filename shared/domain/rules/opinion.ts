/**
 * E7 (end) "No finalisation without an overall opinion", and E12/D2 the declarations a finalised
 * report makes (domain guide D1, D2; IP22 ¶270, ¶356, ≈¶380–386).
 *
 * E7, overall opinion. When the person alleges ill-treatment, or attributes any lesion to a cause,
 * the clinician states the overall consistency of all the evidence with the allegation on the
 * five-level scale and why (IP22 ≈¶383: the overall evaluation, not any single lesion, matters).
 * Conclusions and limitations (report XIII, D2) are needed whenever there is something to conclude
 * on: an opinion is required, or injuries are charted (even ones the person does not explain). A
 * routine admission with no allegation and no injury asks for neither: its outcome section carries
 * the plan. All these are "unanswered" findings: the opinion section is incomplete until written,
 * not blocked by a contradiction.
 *
 * E12, declarations. Every finalised record states that it is truthful (III/XIV) and that no finding
 * was omitted (D2), and whether the person was examined freely, independently, in private and
 * without coercion (XV). Every examination this app records is of a person in custody, so the
 * restrictions statement is always required. Restrictions are described whenever the clinician
 * answers "not free", or the setting section records one (an officer present, a restraint, a
 * restriction on the examination); "examined freely" contradicts an officer who could hear or see,
 * a restraint, or a recorded restriction.
 */
import type { Examination } from '../examination';
import { isOfficer } from '../setting';
import { hasText } from '../text';
import { EXAM_RESTRICTIONS, type ExamRestriction } from '../vocab';
import { hasAttribution } from './findings';
import { blocking, missing, type RuleFinding } from './types';

/**
 * What the report's restrictions statement (section XV) can list, derived from the setting section:
 * an officer present, one who could hear or see, a restraint, restrictions recorded without a kind
 * (`exam_restricted`), and each kind of restriction recorded. English text at `domain.restriction.<code>`.
 */
export const RESTRICTION_CODES = ['officer_present', 'officer_in_earshot', 'officer_in_sight', 'restrained', 'exam_restricted', ...EXAM_RESTRICTIONS] as const;
export type RestrictionCode = (typeof RESTRICTION_CODES)[number];

/** Restrictions that make "examined freely, in private, without coercion" untrue. An officer present out of hearing and sight is not one. */
const INCOMPATIBLE_WITH_FREE_EXAMINATION: readonly RestrictionCode[] = RESTRICTION_CODES.filter((code) => code !== 'officer_present');

/** The restrictions the setting section records, in the order of RESTRICTION_CODES. */
export function settingRestrictions(exam: Examination): RestrictionCode[] {
  const setting = exam.setting;
  const officers = (setting?.personsPresent ?? []).filter(isOfficer);
  const found = new Set<RestrictionCode>();
  if (officers.length > 0) found.add('officer_present');
  if (officers.some((officer) => officer.inEarshot === true)) found.add('officer_in_earshot');
  if (officers.some((officer) => officer.inSight === true)) found.add('officer_in_sight');
  if (setting?.restraint?.restrained === true) found.add('restrained');
  const restrictions = setting?.restrictions;
  // Kinds left over from an answer changed to "no" are not restrictions.
  if (restrictions?.any === true) {
    const kinds: readonly ExamRestriction[] = restrictions.kinds ?? [];
    if (kinds.length === 0) found.add('exam_restricted');
    for (const kind of kinds) found.add(kind);
  }
  return RESTRICTION_CODES.filter((code) => found.has(code));
}

/** The report's restrictions statement (section XV). */
export interface RestrictionsStatement {
  /** Examined freely, independently, in private and without coercion; null while unanswered. */
  readonly examinedFreely: boolean | null;
  /** What the setting records, as codes (labels at `domain.restriction.<code>`). */
  readonly restrictions: RestrictionCode[];
  /** The clinician's description of the restrictions, when written. */
  readonly details: string | null;
}

/** The restrictions statement of report section XV, from the opinion and the setting sections. */
export function restrictionsStatement(exam: Examination): RestrictionsStatement {
  const opinion = exam.opinion;
  const details = opinion?.restrictionsDetails;
  return {
    examinedFreely: opinion?.examinedFreely ?? null,
    restrictions: settingRestrictions(exam),
    details: hasText(details) ? details : null,
  };
}

/** Whether the overall opinion (consistency level and rationale) is required (E7): an allegation, or an attributed lesion. */
export function overallOpinionRequired(exam: Examination): boolean {
  return exam.account?.allegationPresent === 'yes' || (exam.findings?.lesions ?? []).some(hasAttribution);
}

/** Whether conclusions and limitations are required: an opinion is, or injuries are charted. */
export function conclusionsRequired(exam: Examination): boolean {
  return overallOpinionRequired(exam) || (exam.findings?.lesions.length ?? 0) > 0;
}

/** E7 (end): the overall opinion, its rationale, the conclusions and the limitations. */
export function overallOpinionRule(exam: Examination): RuleFinding[] {
  const opinion = exam.opinion;
  const out: RuleFinding[] = [];
  if (overallOpinionRequired(exam)) {
    if (opinion?.overallConsistency === null || opinion?.overallConsistency === undefined) out.push(missing('E7', 'domain.rule.overallConsistencyRequired', 'opinion.overallConsistency'));
    if (!hasText(opinion?.overallRationale)) out.push(missing('E7', 'domain.rule.overallRationaleRequired', 'opinion.overallRationale'));
  }
  if (conclusionsRequired(exam)) {
    if (!hasText(opinion?.conclusions)) out.push(missing('E7', 'domain.rule.conclusionsRequired', 'opinion.conclusions'));
    if (!hasText(opinion?.limitations)) out.push(missing('E7', 'domain.rule.limitationsRequired', 'opinion.limitations'));
  }
  return out;
}

/**
 * E12 (D2, XV): the restrictions statement and the two declarations, in form order. A declaration
 * not yet answered leaves the section incomplete; one answered "no" blocks: a report whose author
 * cannot make it cannot be finalised.
 */
export function declarationsRule(exam: Examination): RuleFinding[] {
  const opinion = exam.opinion;
  const out: RuleFinding[] = [];
  const restrictions = settingRestrictions(exam);
  const examinedFreely = opinion?.examinedFreely ?? null;
  if (examinedFreely === null) out.push(missing('E12', 'domain.rule.examinedFreelyRequired', 'opinion.examinedFreely'));
  else if (examinedFreely && restrictions.some((code) => INCOMPATIBLE_WITH_FREE_EXAMINATION.includes(code))) {
    out.push(blocking('E12', 'domain.rule.examinedFreelyContradiction', 'opinion.examinedFreely'));
  }
  if ((examinedFreely === false || restrictions.length > 0) && !hasText(opinion?.restrictionsDetails)) {
    out.push(blocking('E12', 'domain.rule.restrictionsDetailsRequired', 'opinion.restrictionsDetails'));
  }
  const declarations = [
    ['truthfulness', 'domain.rule.truthfulnessRequired'],
    ['noFindingOmitted', 'domain.rule.noFindingOmittedRequired'],
  ] as const;
  for (const [key, messageKey] of declarations) {
    const answer = opinion?.[key] ?? null;
    if (answer === null) out.push(missing('E12', messageKey, `opinion.${key}`));
    else if (!answer) out.push(blocking('E12', messageKey, `opinion.${key}`));
  }
  return out;
}
