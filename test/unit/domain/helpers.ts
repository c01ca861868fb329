/**
 * Small helpers for the domain tests: run the rules with the fixture context, pick findings, and
 * resolve message keys to English so tests can assert what a clinician reads.
 */
import { expect } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import type { DescribedIssue } from '../../../shared/domain/issues';
import { resolveMessage } from '../../../shared/i18n/messages';
import { evaluateRules } from '../../../shared/domain/rules/evaluate';
import type { RuleContext, RuleFinding, RuleId } from '../../../shared/domain/rules/types';
import { FIXTURE_CONTEXT } from './fixtures';

/** All findings with the fixture context (optionally changed). */
export function findingsOf(exam: Examination, ctx: Partial<RuleContext> = {}): RuleFinding[] {
  return evaluateRules(exam, { ...FIXTURE_CONTEXT, ...ctx });
}

/** Findings of one rule, as compact `severity messageKey @field` strings that read well in a diff. */
export function summary(findings: readonly RuleFinding[], ruleId?: RuleId): string[] {
  return findings.filter((f) => ruleId === undefined || f.ruleId === ruleId).map((f) => `${f.severity} ${f.messageKey} @${f.field}`);
}

/** Blocking findings only. */
export function blockingOf(findings: readonly RuleFinding[]): RuleFinding[] {
  return findings.filter((f) => f.severity === 'blocking');
}

/** The English text of a described issue, checking that it is real text and not a raw key. */
export function englishOf(issue: DescribedIssue | RuleFinding): string {
  const key = 'messageKey' in issue ? issue.messageKey : '';
  const text = resolveMessage(key, issue.params ?? {});
  expect(text, `no English text for ${key}`).not.toBe(key);
  expect(text, `unfilled placeholder in ${key}`).not.toMatch(/\{\{/);
  return text;
}
