/**
 * E6 Language. When the person speaks none of the examiner's languages, an interpreter is used, or
 * the record says none was available and why. Languages are BCP 47 tags compared by their primary
 * subtag (`fr-CA` matches `fr`). Officials and fellow detainees should not interpret (B5).
 */
import type { Examination } from '../examination';
import { isBlank } from '../text';
import { NON_INDEPENDENT_INTERPRETER_TYPES } from '../vocab';
import { blocking, resolveContext, warning, type RuleContext, type RuleFinding } from './types';

function primary(tag: string): string {
  return (tag.split('-')[0] ?? '').toLowerCase();
}

/** Whether two lists of language tags share a language. */
export function shareLanguage(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a.map(primary));
  return b.some((tag) => set.has(primary(tag)));
}

/** The examiner's languages: from the context (settings) if given, else from the record. */
function examinerLanguages(exam: Examination, ctx: RuleContext): readonly string[] {
  return resolveContext(ctx).examinerLanguages ?? exam.encounter?.examiner?.languages ?? [];
}

/** Whether an interpreter is needed: true, false, or null when either side's languages are unknown. */
export function needsInterpreter(exam: Examination, ctx: RuleContext): boolean | null {
  const person = exam.identity?.languages ?? [];
  const examiner = examinerLanguages(exam, ctx);
  if (person.length === 0 || examiner.length === 0) return null;
  return !shareLanguage(person, examiner);
}

/** E6: interpreter or "none available" with a reason when there is no common language. */
export function languageRule(exam: Examination, ctx: RuleContext): RuleFinding[] {
  const interpreter = exam.interpreter;
  const out: RuleFinding[] = [];
  const need = needsInterpreter(exam, ctx);
  // The person's languages are a required answer of the identity section; the examiner's come from settings.
  if (need === null && (exam.identity?.languages?.length ?? 0) > 0 && interpreter?.status !== 'used') {
    out.push(warning('E6', 'domain.rule.examinerLanguagesUnknown', 'encounter.examiner.languages'));
  }
  if (need === true) {
    if (interpreter?.status === 'none_available') {
      if (isBlank(interpreter.noneAvailableReason)) out.push(blocking('E6', 'domain.rule.noInterpreterReasonRequired', 'interpreter.noneAvailableReason'));
    } else if (interpreter?.status !== 'used') {
      out.push(blocking('E6', 'domain.rule.interpreterRequired', 'interpreter.status'));
    }
  }
  if (interpreter?.status === 'used') {
    if (interpreter.language === null || interpreter.language === undefined) out.push(blocking('E6', 'domain.rule.interpreterLanguageRequired', 'interpreter.language'));
    const type = interpreter.type;
    if (type !== null && type !== undefined && (NON_INDEPENDENT_INTERPRETER_TYPES as readonly string[]).includes(type)) {
      out.push(warning('E6', 'domain.rule.interpreterNotIndependent', 'interpreter.type', { type }));
    }
    if (interpreter.confidentialityUndertaking !== true) out.push(warning('E6', 'domain.rule.interpreterConfidentiality', 'interpreter.confidentialityUndertaking'));
  }
  return out;
}
