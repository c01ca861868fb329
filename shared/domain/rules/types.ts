/**
 * What rules take and give. A rule is a pure function over a (possibly incomplete) examination and
 * a context; it returns rule findings that point at a field by its dot path (`encounter.timing.delayReason`,
 * `setting.personsPresent.2.inEarshot`), the same path format `describeIssues` uses, so a form can
 * show both at the field.
 */
import type { ReferralMessageName, RuleMessageName } from '../messageKeys';

/**
 * The rules of domain guide section E implemented here, the consistency rules E16–E20 (two parts
 * of the record that contradict each other: rules/consistency.ts), plus `REQ`: an answer the finalised record
 * needs that no numbered rule covers (an encounter type, an explicit "no injuries seen"…).
 */
export const RULE_IDS = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9', 'E10', 'E11', 'E12', 'E14', 'E16', 'E17', 'E18', 'E19', 'E20', 'REQ'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * The rules checked over a referral record (rules/referral.ts) rather than over the examination:
 * E13 (reprisal risk, person informed, legal basis under the reporting policy), E14 for the copy of
 * the referral, and REQ for answers every referral needs. E13 is not in `RULE_IDS` because that list
 * keys the examination's rule table (evaluate.ts), and E13 says nothing about an examination.
 * E15 (role-based access) is enforced by the vault and the audit log, not by a rule over a record.
 */
export const REFERRAL_RULE_IDS = ['E13', 'E14', 'REQ'] as const;
export type ReferralRuleId = (typeof REFERRAL_RULE_IDS)[number];
/** Any rule a finding may come from: one of the examination or one of the referral. */
export type AnyRuleId = RuleId | ReferralRuleId;

/** `blocking`: the examination cannot be finalised. `warning`: shown, never blocks. */
export type Severity = 'blocking' | 'warning';

/** A message key of a rule finding (../messageKeys.ts); its text is in each language's catalog. */
export type RuleMessageKey = `domain.rule.${RuleMessageName}`;
/**
 * A message key of a referral finding (rules/referral.ts). Its own group, because the messages of
 * `domain.rule` are all shown at fields of the examination form, and these at the referral form.
 */
export type ReferralMessageKey = `domain.referralRule.${ReferralMessageName}`;
/** Any message key a rule finding may carry. */
export type FindingMessageKey = RuleMessageKey | ReferralMessageKey;

/** Values interpolated into a message (`{{hours}}`). */
export type MessageParams = Readonly<Record<string, string | number>>;

/** One finding of one rule about one field. */
export interface RuleFinding {
  readonly ruleId: AnyRuleId;
  readonly severity: Severity;
  readonly messageKey: FindingMessageKey;
  /** Dot path of the field concerned; its first segment is a section id. */
  readonly field: string;
  readonly params?: MessageParams;
  /**
   * True when the finding only says that an answer every finalised record needs has not been given
   * yet (the section is incomplete), as opposed to a requirement that an answer triggered (an
   * officer present without a reason: the section is blocked).
   */
  readonly unanswered?: true;
}

/** The default arrival → examination limit in hours (CPT 23rd General Report §73; UK DCR r.34). */
export const DEFAULT_THRESHOLD_HOURS = 24;

/** What rules need beyond the record. */
export interface RuleContext {
  /** The current time: rules never read the clock themselves. */
  readonly now: Date;
  /** Arrival → examination limit in hours (national rules differ: 2 h, 24 h). Default 24. */
  readonly thresholdHours?: number;
  /** Languages the examiner can examine in; when absent, the examiner's recorded languages. */
  readonly examinerLanguages?: readonly string[];
}

/** A context with defaults applied. */
export interface ResolvedRuleContext {
  readonly now: Date;
  readonly thresholdHours: number;
  readonly examinerLanguages: readonly string[] | null;
}

/**
 * Applies defaults. A threshold that is not a positive finite number (a broken setting) falls back
 * to the default rather than disabling the timeliness rule.
 */
export function resolveContext(ctx: RuleContext): ResolvedRuleContext {
  const hours = ctx.thresholdHours;
  return {
    now: ctx.now,
    thresholdHours: hours !== undefined && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_THRESHOLD_HOURS,
    examinerLanguages: ctx.examinerLanguages ?? null,
  };
}

/** Builds a blocking finding. */
export function blocking(ruleId: AnyRuleId, messageKey: FindingMessageKey, field: string, params?: MessageParams): RuleFinding {
  return params === undefined ? { ruleId, severity: 'blocking', messageKey, field } : { ruleId, severity: 'blocking', messageKey, field, params };
}

/** Builds a blocking finding that only says an always-required answer is missing. */
export function missing(ruleId: AnyRuleId, messageKey: FindingMessageKey, field: string, params?: MessageParams): RuleFinding {
  return { ...blocking(ruleId, messageKey, field, params), unanswered: true };
}

/** Builds a warning. */
export function warning(ruleId: AnyRuleId, messageKey: FindingMessageKey, field: string, params?: MessageParams): RuleFinding {
  return params === undefined ? { ruleId, severity: 'warning', messageKey, field } : { ruleId, severity: 'warning', messageKey, field, params };
}
