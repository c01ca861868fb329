/**
 * E11 Minors. A person under 18 on the day of the examination (from the date of birth, else the
 * estimated age) or declared a minor by the clinician is examined under the juvenile module: the
 * guardian is notified (Havana r.21(d)), the guardian consents and the child assents
 * (IP22 ≈¶169, ≈¶286). When in doubt, treat as a child: the clinician's "minor" overrides an adult
 * age, but "not a minor" against a recorded age under 18 is a contradiction.
 */
import type { Examination } from '../examination';
import { hasText } from '../text';
import { completedYears, localDateOf, utcDateOf } from '../time';
import { checkConsentItem } from './consent';
import { blocking, missing, warning, type RuleContext, type RuleFinding } from './types';

/** Age of majority. */
export const ADULT_AGE_YEARS = 18;

/** The person's age in completed years on the examination day, and what it is based on. */
export interface AgeAtExamination {
  readonly years: number;
  readonly basis: 'date_of_birth' | 'estimate';
}

/**
 * Age on the day of the examination (its local date), else on the arrival day, else on `now`'s
 * UTC date. A date of birth wins over an estimate.
 */
export function ageAtExamination(exam: Examination, now?: Date): AgeAtExamination | null {
  const dob = exam.identity?.dateOfBirth;
  const timing = exam.encounter?.timing;
  const onDate = localDateOf(timing?.examStartAt) ?? localDateOf(timing?.arrivalAt) ?? (now === undefined ? null : utcDateOf(now));
  if (typeof dob === 'string' && onDate !== null) {
    const years = completedYears(dob, onDate);
    if (years !== null) return { years, basis: 'date_of_birth' };
  }
  const estimate = exam.identity?.ageEstimate?.years;
  return typeof estimate === 'number' ? { years: estimate, basis: 'estimate' } : null;
}

/** Whether the juvenile module applies: age under 18, or the clinician's determination. */
export function isMinor(exam: Examination, now?: Date): boolean {
  if (exam.juvenile?.isMinor === true) return true;
  const age = ageAtExamination(exam, now);
  return age !== null && age.years < ADULT_AGE_YEARS;
}

/** E11: guardian notification, guardian consent and child assent for a minor. */
export function juvenileRule(exam: Examination, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const juvenile = exam.juvenile;
  const age = ageAtExamination(exam, ctx.now);
  if (age !== null && age.years < ADULT_AGE_YEARS && juvenile?.isMinor === false) {
    out.push(blocking('E11', 'domain.rule.minorFlagContradictsAge', 'juvenile.isMinor', { years: age.years }));
  }
  if (!isMinor(exam, ctx.now)) return out;
  if (juvenile?.guardianNotifiedAt === null || juvenile?.guardianNotifiedAt === undefined) {
    out.push(missing('E11', 'domain.rule.guardianNotificationRequired', 'juvenile.guardianNotifiedAt'));
  }
  const consent = juvenile?.guardianConsent;
  if (consent?.decision === null || consent?.decision === undefined) out.push(missing('E11', 'domain.rule.guardianConsentRequired', 'juvenile.guardianConsent.decision'));
  out.push(...checkConsentItem('E11', consent, 'juvenile.guardianConsent'));
  const assent = juvenile?.childAssent;
  if (assent?.decision === null || assent?.decision === undefined) out.push(missing('E11', 'domain.rule.childAssentRequired', 'juvenile.childAssent.decision'));
  out.push(...checkConsentItem('E11', assent, 'juvenile.childAssent'));
  if (!hasText(juvenile?.bestInterestNote)) out.push(warning('E11', 'domain.rule.bestInterestNoteMissing', 'juvenile.bestInterestNote'));
  if (!hasText(juvenile?.safeguardingPlan)) out.push(warning('E11', 'domain.rule.safeguardingPlanMissing', 'juvenile.safeguardingPlan'));
  return out;
}
