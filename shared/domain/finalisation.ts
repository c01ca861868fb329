/**
 * Finalisation: the strictest check. The record must parse against the clock (no future dates,
 * no contradictions) and no rule may report a blocking finding. Blocking findings come back as
 * schema issues at their fields, with the rules' message keys, so a form shows them like any other
 * error. Drafts stay lenient; only this refuses, for instance, a refusal without its reason.
 */
import type { z } from 'zod';
import { examinationSchema, type Examination, type ExaminationValidation } from './examination';
import { describeIssues } from './issues';
import { canFinalise, evaluateRules } from './rules/evaluate';
import { blocking, type RuleContext, type RuleFinding } from './rules/types';

/** Rule context plus the clock tolerance of the plausibility checks. */
export interface FinalisationContext extends RuleContext {
  readonly futureToleranceMs?: number;
}

/** Splits a finding's dot path into a zod path (array indexes as numbers). */
export function toIssuePath(field: string): (string | number)[] {
  return field.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Adds every blocking rule finding as an issue. */
function addBlockingFindings(exam: Examination, issues: z.core.$RefinementCtx<Examination>, ctx: RuleContext): void {
  for (const finding of evaluateRules(exam, ctx)) {
    if (finding.severity !== 'blocking') continue;
    issues.addIssue({ code: 'custom', message: finding.messageKey, path: toIssuePath(finding.field), params: { ...finding.params, ruleId: finding.ruleId }, input: undefined });
  }
}

function plausibilityOf(ctx: FinalisationContext) {
  return ctx.futureToleranceMs === undefined ? { now: ctx.now } : { now: ctx.now, futureToleranceMs: ctx.futureToleranceMs };
}

/** The schema a record must pass to be finalised. */
export function examinationFinalSchema(ctx: FinalisationContext) {
  return examinationSchema(plausibilityOf(ctx)).superRefine((exam, issues) => {
    addBlockingFindings(exam, issues, ctx);
  });
}

/** Parses untrusted input for finalisation. Never throws on bad data. */
export function validateForFinalisation(input: unknown, ctx: FinalisationContext): ExaminationValidation {
  const result = examinationFinalSchema(ctx).safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: describeIssues(result.error) };
}

/**
 * The same check as `examinationFinalSchema`, as rule findings for a list (the sign button): each
 * value the schema refuses against the clock (`domain.rule.invalidAnswer` at its field; the field
 * shows the schema's own message), then every blocking rule finding. Empty when the record can be
 * finalised.
 */
export function finalisationBlockers(exam: Examination, ctx: FinalisationContext): RuleFinding[] {
  const parsed = examinationSchema(plausibilityOf(ctx)).safeParse(exam);
  const invalid = parsed.success ? [] : describeIssues(parsed.error).map((issue) => blocking('REQ', 'domain.rule.invalidAnswer', issue.path));
  return [...invalid, ...canFinalise(parsed.success ? parsed.data : exam, ctx).blocking];
}
