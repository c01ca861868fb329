/**
 * The admission examination domain: schemas, vocabularies, rules and messages. Pure TypeScript
 * (zod only): runs unchanged in the renderer, the report builder, the CLI and Node tests.
 * The case-list metadata lives apart, in ./case.ts.
 */
export * from './account';
export * from './authority';
export * from './consent';
export * from './encounter';
export * from './examination';
export * from './finalisation';
export * from './findings';
export * from './identity';
export * from './interpreter';
export * from './issues';
export * from './juvenile';
export * from './messageKeys';
export * from './number';
export * from './opinion';
export * from './outcome';
export * from './provenance';
export * from './psychological';
export * from './referral';
export * from './rules';
export * from './rules/referral';
export { REFERRAL_RULE_IDS, type AnyRuleId, type FindingMessageKey, type ReferralMessageKey, type ReferralRuleId } from './rules/types';
export * from './screening';
export * from './setting';
export * from './text';
export * from './time';
export * from './vocab';
export * from './women';
