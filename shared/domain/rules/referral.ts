/**
 * E13 and E14 for a referral to a competent authority (domain guide D4; IP22 ¶178–182; CPT 2013).
 *
 * Every referral needs a reprisal-risk assessment and the person informed. The reporting policy the
 * referral was started under decides the rest:
 * - `consent-based`: without the person's consent the report goes only on another legal basis, with
 *   a mitigation of the risk, after the clinician has read the do-no-harm guidance; an anonymised
 *   report is recommended when the person fears reprisal.
 * - `automatic`: the report may rest on a mandatory-reporting law, but the person is told beforehand.
 * Under either policy "consent" cannot be the legal basis when consent was refused or not sought.
 *
 * The channel "escort or custodial staff" is a warning, and blocks when the reprisal risk is high:
 * the escort may be the people the report is about (D4: never via escorting police). It stays a
 * value rather than being refused so that the record says what happened.
 *
 * Blocking findings must be resolved before the referral is sent; the ones about sending,
 * acknowledgement and follow-up appear only once those are recorded. Pure: the clock is `ctx.now`.
 */
import type { Authority } from '../authority';
import type { Examination } from '../examination';
import { disclosureConsentOf, isReferralSent, referralOverdueDays, type Referral } from '../referral';
import { hasText, isBlank } from '../text';
import { instantOf, localDateOf } from '../time';
import type { DisclosureConsentStatus, ReportingPolicy } from '../vocab';
import { blocking, missing, warning, type RuleFinding } from './types';

/** What the referral rules need beyond the record. */
export interface ReferralContext {
  /** The examination the referred report was signed from: its consent and the person's fear of reprisal. */
  readonly exam: Examination;
  /** The current time: rules never read the clock themselves. */
  readonly now: Date;
  /** The registry entry the referral names, when known: its kind decides whether the consent covers it. */
  readonly authority?: Authority | null;
  /** The policy in settings now, when it may differ from the one the referral records. */
  readonly policy?: ReportingPolicy;
}

/** The disclosure consent the rules go by: the examination's, for this authority's kind. */
function consentFor(ctx: ReferralContext): DisclosureConsentStatus {
  return disclosureConsentOf(ctx.exam, ctx.authority?.type);
}

function isWithoutConsent(consent: DisclosureConsentStatus): boolean {
  return consent === 'refused' || consent === 'not_sought';
}

/** Whether the person said they fear reprisal (B7). */
function fearsReprisal(exam: Examination): boolean {
  const fear = exam.account?.fearOfReprisal;
  return fear === 'some' || fear === 'high';
}

/**
 * Whether the form must show the do-no-harm guidance (and ask the clinician to acknowledge it):
 * under the consent-based policy, when the report would go without the person's consent.
 */
export function needsDoNoHarmGuidance(referral: Referral, ctx: ReferralContext): boolean {
  return referral.policy === 'consent-based' && isWithoutConsent(consentFor(ctx));
}

/** Whether an anonymised report is recommended: consent-based policy, consent refused, and the person fears reprisal. */
export function anonymisedRecommended(referral: Referral, ctx: ReferralContext): boolean {
  return referral.policy === 'consent-based' && consentFor(ctx) === 'refused' && fearsReprisal(ctx.exam);
}

/** E13: the consent as recorded in the examination, and a legal basis that fits it and the policy. */
function legalBasisRule(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const consent = consentFor(ctx);
  if (referral.disclosureConsent === null || referral.disclosureConsent === undefined) {
    out.push(missing('E13', 'domain.referralRule.consentRequired', 'disclosureConsent'));
  } else if (referral.disclosureConsent !== consent) {
    out.push(blocking('E13', 'domain.referralRule.consentMismatch', 'disclosureConsent'));
  }
  if (consent === 'not_sought' && isBlank(referral.notSoughtReason)) out.push(blocking('E13', 'domain.referralRule.notSoughtReasonRequired', 'notSoughtReason'));
  const basis = referral.legalBasis;
  if (basis === null || basis === undefined) {
    out.push(missing('E13', 'domain.referralRule.legalBasisRequired', 'legalBasis'));
  } else if (basis === 'consent' && isWithoutConsent(consent)) {
    out.push(blocking('E13', 'domain.referralRule.consentBasisContradiction', 'legalBasis'));
  } else if (basis === 'mandatory_reporting_law' && referral.policy === 'consent-based') {
    out.push(warning('E13', 'domain.referralRule.mandatoryLawUnderConsentPolicy', 'legalBasis'));
  }
  if (needsDoNoHarmGuidance(referral, ctx) && referral.doNoHarmAcknowledged !== true) {
    out.push(blocking('E13', 'domain.referralRule.doNoHarmRequired', 'doNoHarmAcknowledged'));
  }
  return out;
}

/** E13: who is at risk, how much, from whom, and the mitigation (or an explicit "none needed"). */
function reprisalRule(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const risk = referral.reprisalRisk;
  const level = risk?.level;
  const mitigation = risk?.mitigation ?? [];
  if (level === null || level === undefined) {
    out.push(missing('E13', 'domain.referralRule.riskLevelRequired', 'reprisalRisk.level'));
  } else if (level === 'low' && fearsReprisal(ctx.exam)) {
    out.push(warning('E13', 'domain.referralRule.riskBelowFear', 'reprisalRisk.level'));
  }
  if ((risk?.atRisk?.length ?? 0) === 0) out.push(missing('E13', 'domain.referralRule.atRiskRequired', 'reprisalRisk.atRisk'));
  if ((level === 'medium' || level === 'high') && isBlank(risk?.fromWhom)) out.push(blocking('E13', 'domain.referralRule.riskSourceRequired', 'reprisalRisk.fromWhom'));
  if (mitigation.length > 0) {
    if (risk?.noMitigationNeeded === true) out.push(blocking('E13', 'domain.referralRule.mitigationContradiction', 'reprisalRisk.noMitigationNeeded'));
    if (mitigation.includes('other') && isBlank(risk?.mitigationNote)) out.push(blocking('E13', 'domain.referralRule.mitigationNoteRequired', 'reprisalRisk.mitigationNote'));
  } else if (isWithoutConsent(consentFor(ctx))) {
    out.push(blocking('E13', 'domain.referralRule.mitigationWithoutConsent', 'reprisalRisk.mitigation'));
  } else if (level === 'high') {
    out.push(blocking('E13', 'domain.referralRule.highRiskMitigation', 'reprisalRisk.mitigation'));
  } else if (risk?.noMitigationNeeded !== true) {
    out.push(missing('E13', 'domain.referralRule.mitigationRequired', 'reprisalRisk.mitigation'));
  }
  return out;
}

/** E13: the person informed of the referral, when, and under the automatic policy before it was sent. */
function personInformedRule(referral: Referral): RuleFinding[] {
  const informed = referral.personInformed;
  if (informed === null || informed === undefined) return [missing('E13', 'domain.referralRule.personInformedRequired', 'personInformed')];
  if (!informed) return [blocking('E13', 'domain.referralRule.personNotInformed', 'personInformed')];
  const informedAt = instantOf(referral.personInformedAt);
  if (informedAt === null) return [blocking('E13', 'domain.referralRule.personInformedAtRequired', 'personInformedAt')];
  const sentAt = instantOf(referral.sentAt);
  if (referral.policy === 'automatic' && sentAt !== null && informedAt > sentAt) return [blocking('E13', 'domain.referralRule.informedAfterSending', 'personInformedAt')];
  return [];
}

/** REQ and E13: the authority and what is sent, which must match a "non-identifiable report" mitigation. */
function authorityAndContentRule(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  if (isBlank(referral.authorityId)) out.push(missing('REQ', 'domain.referralRule.authorityRequired', 'authorityId'));
  const content = referral.content;
  if (content === null || content === undefined) out.push(missing('REQ', 'domain.referralRule.contentRequired', 'content'));
  const promisedAnonymous = referral.reprisalRisk?.mitigation?.includes('non_identifiable_report') ?? false;
  if (promisedAnonymous && content !== null && content !== undefined && content !== 'anonymised') {
    out.push(blocking('E13', 'domain.referralRule.nonIdentifiableContent', 'content'));
  } else if (content !== 'anonymised' && anonymisedRecommended(referral, ctx)) {
    out.push(warning('E13', 'domain.referralRule.anonymisedRecommended', 'content'));
  }
  return out;
}

/** REQ and E13: a channel, and never the escort or custodial staff. */
function channelRule(referral: Referral): RuleFinding[] {
  const channel = referral.channel;
  if (channel === null || channel === undefined) return [missing('REQ', 'domain.referralRule.channelRequired', 'channel')];
  if (channel !== 'escort_or_custodial_staff') return [];
  if (referral.reprisalRisk?.level === 'high') return [blocking('E13', 'domain.referralRule.channelEscortHighRisk', 'channel')];
  return [warning('E13', 'domain.referralRule.channelEscort', 'channel')];
}

/** REQ: sending, acknowledgement and follow-up in order, and an overdue referral flagged. */
function dispatchRule(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const sentAt = instantOf(referral.sentAt);
  const acknowledgedAt = instantOf(referral.acknowledgedAt);
  if (sentAt === null) {
    if (hasText(referral.referenceNo) || acknowledgedAt !== null) out.push(blocking('REQ', 'domain.referralRule.sentAtRequired', 'sentAt'));
    return out;
  }
  if (acknowledgedAt !== null && acknowledgedAt < sentAt) out.push(blocking('REQ', 'domain.referralRule.acknowledgedBeforeSent', 'acknowledgedAt'));
  const followUp = referral.followUpDate;
  const sentOn = localDateOf(referral.sentAt);
  if (followUp === null || followUp === undefined) {
    if (acknowledgedAt === null) out.push(blocking('REQ', 'domain.referralRule.followUpRequired', 'followUpDate'));
  } else if (sentOn !== null && followUp <= sentOn) {
    out.push(blocking('REQ', 'domain.referralRule.followUpBeforeSent', 'followUpDate'));
  } else {
    // Only a follow-up date that makes sense can be overdue; a wrong one is reported just above.
    const days = referralOverdueDays(referral, ctx.now);
    if (days > 0) out.push(warning('REQ', 'domain.referralRule.overdue', 'acknowledgedAt', { count: days }));
  }
  return out;
}

/** E14: a copy to the person or their lawyer, or the reason there is none. */
function referralCopyRule(referral: Referral): RuleFinding[] {
  const copyTo = referral.copyTo;
  if (copyTo === null || copyTo === undefined) return [missing('E14', 'domain.referralRule.copyRequired', 'copyTo')];
  if (copyTo === 'none' && isBlank(referral.noCopyReason)) return [blocking('E14', 'domain.referralRule.noCopyReasonRequired', 'noCopyReason')];
  return [];
}

/** E13: a draft started under a policy the settings no longer hold (the referral keeps its own). */
function policyRule(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  if (ctx.policy === undefined || ctx.policy === referral.policy || isReferralSent(referral)) return [];
  return [warning('E13', 'domain.referralRule.policyChanged', 'policy')];
}

/**
 * All findings about a referral, in the order of its form: authority and content, consent and legal
 * basis, reprisal risk, channel, person informed, sending and follow-up, copy, policy.
 */
export function referralFindings(referral: Referral, ctx: ReferralContext): RuleFinding[] {
  return [
    ...authorityAndContentRule(referral, ctx),
    ...legalBasisRule(referral, ctx),
    ...reprisalRule(referral, ctx),
    ...channelRule(referral),
    ...personInformedRule(referral),
    ...dispatchRule(referral, ctx),
    ...referralCopyRule(referral),
    ...policyRule(referral, ctx),
  ];
}

/** Whether a referral can be sent, and what blocks it. */
export interface ReferralCheck {
  readonly ready: boolean;
  readonly blocking: RuleFinding[];
  readonly warnings: RuleFinding[];
}

/** Whether nothing blocks sending the referral (or, once sent, whether its record is complete). */
export function canSendReferral(referral: Referral, ctx: ReferralContext): ReferralCheck {
  const findings = referralFindings(referral, ctx);
  const blockingFindings = findings.filter((f) => f.severity === 'blocking');
  return { ready: blockingFindings.length === 0, blocking: blockingFindings, warnings: findings.filter((f) => f.severity === 'warning') };
}
