/**
 * A referral of a signed report to a competent authority (domain guide D4; Mandela r.34; Bangkok
 * r.7; IP22 ¶178–182, ¶623; CPT 2013; issue #7). It records what was sent (which signed version,
 * by its SHA-256), to whom, on what legal basis, with what consent, after which reprisal-risk
 * assessment, by which channel, and what came back, so the chain can be traced years later.
 *
 * Like the examination, a referral is a draft while it is filled in: every answer may be missing,
 * but every value present must be valid. What the record is started from is fixed and required:
 * its id, the report version and hash, and the reporting policy in force. The requirements
 * (E13, E14) are rule findings, not schema errors: see rules/referral.ts.
 */
import { z } from 'zod';
import type { Examination } from './examination';
import { describeIssues, type DescribedIssue } from './issues';
import { ItemId, NoteText, ShortText, codeSet, hasText, typeError } from './text';
import { DRAFT_TIME_CHECKS, instantOf, timeChecks, type PlausibilityOptions, type TimeChecks } from './time';
import {
  DisclosureConsentStatus,
  LegalBasis,
  REPRISAL_AT_RISK,
  REPRISAL_MITIGATIONS,
  ReferralChannel,
  ReferralContent,
  ReferralCopyTo,
  ReportingPolicy,
  ReprisalAtRisk,
  ReprisalMitigation,
  ReprisalRiskLevel,
  YesNo,
  type AuthorityType,
} from './vocab';

/** A lowercase hexadecimal SHA-256 digest of the signed report's bytes, as the cover letter cites it. */
export const ReportSha256 = z.string({ error: typeError('domain.error.notText') }).regex(/^[0-9a-f]{64}$/, { error: 'domain.error.reportSha256Format' });

/** The signed report version referred: 1 for the first signature, then one more per addendum. */
export const ReportVersion = z.number({ error: typeError('domain.error.notANumber') }).int({ error: 'domain.error.wholeNumber' }).min(1, { error: 'domain.error.reportVersion' });

/** Builds the reprisal-risk assessment schema (D4; IP22 ¶182, ¶376). */
export function reprisalRiskSchema() {
  return z.strictObject({
    /** Who is at risk: the person, their family, witnesses, the clinician. */
    atRisk: codeSet(ReprisalAtRisk, REPRISAL_AT_RISK.length).nullish(),
    level: ReprisalRiskLevel.nullish(),
    /** From whom reprisals are feared (a unit, officers, co-detainees). */
    fromWhom: NoteText.nullish(),
    mitigation: codeSet(ReprisalMitigation, REPRISAL_MITIGATIONS.length).nullish(),
    /**
     * "No mitigation needed", stated rather than left blank: an empty list alone cannot tell an
     * assessment that found none needed from one not made.
     */
    noMitigationNeeded: YesNo.nullish(),
    /** What the mitigation is, required when it is `other`; details of the others. */
    mitigationNote: NoteText.nullish(),
  });
}

/** Builds the referral schema over the given time checks. */
export function buildReferralSchema(t: TimeChecks) {
  return z.strictObject({
    id: ItemId,
    reportVersion: ReportVersion,
    reportSha256: ReportSha256,
    /** The registry entry (./authority.ts) the referral goes to. */
    authorityId: ItemId.nullish(),
    legalBasis: LegalBasis.nullish(),
    /** Taken from the examination's consent to disclosure: `disclosureConsentOf`. */
    disclosureConsent: DisclosureConsentStatus.nullish(),
    /** Why consent to this disclosure was not sought (the person could not decide, life-threatening urgency…). */
    notSoughtReason: NoteText.nullish(),
    reprisalRisk: reprisalRiskSchema().nullish(),
    content: ReferralContent.nullish(),
    channel: ReferralChannel.nullish(),
    /** When the referral left; set, it marks the referral as sent. */
    sentAt: t.pastDateTime.nullish(),
    /** The authority's reference or registered-post number. */
    referenceNo: ShortText.nullish(),
    /** When the authority's acknowledgement was received. */
    acknowledgedAt: t.pastDateTime.nullish(),
    /** The day to chase the authority if nothing has come back: a date ahead by nature. */
    followUpDate: t.date.nullish(),
    personInformed: YesNo.nullish(),
    personInformedAt: t.pastDateTime.nullish(),
    copyTo: ReferralCopyTo.nullish(),
    noCopyReason: NoteText.nullish(),
    /** The reporting policy in settings when the referral was started; the rules follow it. */
    policy: ReportingPolicy,
    /** The clinician read the do-no-harm guidance shown when reporting without the person's consent. */
    doNoHarmAcknowledged: YesNo.nullish(),
  });
}

/** The draft referral: incomplete answers allowed, invalid values refused; nothing checked against the clock. */
export const referralDraftSchema = buildReferralSchema(DRAFT_TIME_CHECKS);
export type Referral = z.infer<typeof referralDraftSchema>;
export type ReprisalRisk = NonNullable<Referral['reprisalRisk']>;

/** The draft schema plus "not in the future" for the sending, acknowledgement and informing times. */
export function referralSchema(options: PlausibilityOptions) {
  return buildReferralSchema(timeChecks(options));
}

/** The result of validating a referral: the parsed record, or issues for a person to read. */
export type ReferralValidation = { readonly success: true; readonly data: Referral } | { readonly success: false; readonly issues: DescribedIssue[] };

/** Parses untrusted input (a form state, an imported file) as a referral checked against `now`. Never throws on bad data. */
export function validateReferral(input: unknown, options: PlausibilityOptions): ReferralValidation {
  const result = referralSchema(options).safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: describeIssues(result.error) };
}

/**
 * The person's consent to this disclosure, from the examination's consent to disclosure (B6.6):
 * - `given` covers every kind of authority unless it lists some; then only those;
 * - `partial` covers only the kinds it lists (listing none, it covers none);
 * - `refused`, or a consent that does not cover the authority's kind, is `refused`;
 * - `not_capable` (the person cannot decide) or nothing recorded is `not_sought`.
 * Without `authorityType` the kinds are not compared (the authority is not chosen yet).
 */
export function disclosureConsentOf(exam: Examination, authorityType?: AuthorityType | null): DisclosureConsentStatus {
  const item = exam.consent?.disclosureAuthorities;
  const types = item?.authorityTypes ?? [];
  const coversType = authorityType === null || authorityType === undefined || types.includes(authorityType);
  switch (item?.decision) {
    case 'given':
      return types.length === 0 || coversType ? 'given' : 'refused';
    case 'partial':
      return types.length > 0 && coversType ? 'given' : 'refused';
    case 'refused':
      return 'refused';
    default:
      return 'not_sought';
  }
}

/** What a referral is started from: a signed report version, the policy in force, and the examination. */
export interface ReferralStart {
  readonly id: string;
  readonly reportVersion: number;
  readonly reportSha256: string;
  readonly policy: ReportingPolicy;
  readonly exam: Examination;
  readonly authority?: { readonly id: string; readonly type: AuthorityType } | null;
}

/**
 * A new draft referral of a signed report version, with the consent taken from the examination and,
 * when consent could not be sought because the person cannot decide, the examination's reason.
 */
export function startReferral(start: ReferralStart): Referral {
  const disclosureConsent = disclosureConsentOf(start.exam, start.authority?.type);
  const examReason = start.exam.consent?.disclosureAuthorities?.reason;
  return {
    id: start.id,
    reportVersion: start.reportVersion,
    reportSha256: start.reportSha256,
    authorityId: start.authority?.id ?? null,
    disclosureConsent,
    notSoughtReason: disclosureConsent === 'not_sought' && hasText(examReason) ? examReason : null,
    policy: start.policy,
  };
}

/** Whether the referral has been sent (its sending time is recorded). */
export function isReferralSent(referral: Referral): boolean {
  return instantOf(referral.sentAt) !== null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Minutes east of UTC of an ISO datetime's offset (`Z` is 0), or null when it has none. */
function offsetMinutesOf(value: string): number | null {
  if (value.endsWith('Z')) return 0;
  const match = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, sign, hours, minutes] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/**
 * How many days past its follow-up date a sent, unacknowledged referral is, or 0 when it is not
 * overdue. The days are counted on the clinic's calendar (the offset the sending time was recorded
 * in), so a referral is not overdue on its follow-up day itself, only from the day after.
 */
export function referralOverdueDays(referral: Referral, now: Date): number {
  const sentAt = referral.sentAt;
  const followUp = referral.followUpDate;
  if (sentAt === null || sentAt === undefined || instantOf(sentAt) === null || hasText(referral.acknowledgedAt)) return 0;
  const followUpMs = followUp === null || followUp === undefined ? Number.NaN : Date.parse(`${followUp}T00:00:00Z`);
  const offset = offsetMinutesOf(sentAt);
  if (!Number.isFinite(followUpMs) || offset === null || !Number.isFinite(now.getTime())) return 0;
  const today = Date.parse(`${new Date(now.getTime() + offset * 60_000).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.max(0, Math.round((today - followUpMs) / DAY_MS));
}

/** Whether a referral was sent, nothing has come back, and its follow-up date has passed. */
export function isReferralOverdue(referral: Referral, now: Date): boolean {
  return referralOverdueDays(referral, now) > 0;
}
