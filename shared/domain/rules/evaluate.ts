/**
 * Runs every rule over an examination. Pure: the same record and context give the same findings,
 * in a stable order (by rule, then as each rule reports them).
 */
import type { Examination } from '../examination';
import { consentRule } from './consent';
import { allegationConsistencyRule, copyConsistencyRule, injuriesConsistencyRule, refusalConsistencyRule, restrictionsConsistencyRule } from './consistency';
import { copyRule } from './copy';
import { absenceOfFindingsRule, findingsRule } from './findings';
import { juvenileRule } from './juvenile';
import { languageRule } from './language';
import { officerPresentRule } from './officers';
import { declarationsRule, overallOpinionRule } from './opinion';
import { photographyRule } from './photography';
import { reexaminationRule } from './reexamination';
import { requiredAnswersRule } from './required';
import { screeningRule } from './screening';
import { timelinessRule } from './timeliness';
import type { RuleContext, RuleFinding, RuleId } from './types';
import { womenRule } from './women';

/** E7 as a whole: the findings and each lesion, then the overall opinion over all of them. */
function findingsAndOpinionRule(exam: Examination): RuleFinding[] {
  return [...findingsRule(exam), ...overallOpinionRule(exam)];
}

/** Each rule by its id. */
export const rules: Readonly<Record<RuleId, (exam: Examination, ctx: RuleContext) => RuleFinding[]>> = {
  E1: timelinessRule,
  E2: reexaminationRule,
  E3: consentRule,
  E4: photographyRule,
  E5: officerPresentRule,
  E6: languageRule,
  E7: findingsAndOpinionRule,
  E8: absenceOfFindingsRule,
  E9: screeningRule,
  E10: womenRule,
  E11: juvenileRule,
  E12: declarationsRule,
  E14: copyRule,
  E16: restrictionsConsistencyRule,
  E17: injuriesConsistencyRule,
  E18: allegationConsistencyRule,
  E19: refusalConsistencyRule,
  E20: copyConsistencyRule,
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
 * Whether nothing blocks finalisation: among others, each lesion complete and the overall opinion
 * given (E7), and the declarations and restrictions statement made (E12). Signing asks for more
 * (the signer's identity, the place): see `signingBlockers` in ./signing.ts.
 */
export function canFinalise(exam: Examination, ctx: RuleContext): FinalisationCheck {
  const findings = evaluateRules(exam, ctx);
  const blocking = findings.filter((f) => f.severity === 'blocking');
  return { ready: blocking.length === 0, blocking, warnings: findings.filter((f) => f.severity === 'warning') };
}
