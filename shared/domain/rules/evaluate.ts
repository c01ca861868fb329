/**
 * Runs every rule over an examination. Pure: the same record and context give the same findings,
 * in a stable order (by rule, then as each rule reports them).
 */
import type { Examination } from '../examination';
import { consentRule } from './consent';
import { copyRule } from './copy';
import { absenceOfFindingsRule, findingsRule } from './findings';
import { juvenileRule } from './juvenile';
import { languageRule } from './language';
import { officerPresentRule } from './officers';
import { photographyRule } from './photography';
import { reexaminationRule } from './reexamination';
import { requiredAnswersRule } from './required';
import { screeningRule } from './screening';
import { timelinessRule } from './timeliness';
import type { RuleContext, RuleFinding, RuleId } from './types';
import { womenRule } from './women';

/** Each rule by its id. */
export const rules: Readonly<Record<RuleId, (exam: Examination, ctx: RuleContext) => RuleFinding[]>> = {
  E1: timelinessRule,
  E2: reexaminationRule,
  E3: consentRule,
  E4: photographyRule,
  E5: officerPresentRule,
  E6: languageRule,
  E7: findingsRule,
  E8: absenceOfFindingsRule,
  E9: screeningRule,
  E10: womenRule,
  E11: juvenileRule,
  E14: copyRule,
  REQ: requiredAnswersRule,
};

/** All findings of all rules. */
export function evaluateRules(exam: Examination, ctx: RuleContext): RuleFinding[] {
  return Object.values(rules).flatMap((rule) => rule(exam, ctx));
}

/** Whether the examination can be finalised, and what blocks it. */
export interface FinalisationCheck {
  readonly ready: boolean;
  readonly blocking: RuleFinding[];
  readonly warnings: RuleFinding[];
}

/**
 * Whether nothing blocks finalisation. Note: until the opinion issue lands, this does not yet
 * require an overall opinion (E7); each lesion's completeness is required.
 */
export function canFinalise(exam: Examination, ctx: RuleContext): FinalisationCheck {
  const findings = evaluateRules(exam, ctx);
  const blocking = findings.filter((f) => f.severity === 'blocking');
  return { ready: blocking.length === 0, blocking, warnings: findings.filter((f) => f.severity === 'warning') };
}
