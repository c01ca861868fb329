/**
 * Outcome of the examination (domain guide B8 plan, B11): plan, referrals for care, follow-up,
 * whether a report to a competent authority was triggered, and the "do not return the person to the
 * place of alleged abuse" flag (IP22 ≈¶317).
 */
import { z } from 'zod';
import { NoteText, ShortText, list } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { ReferralUrgency, YesNo } from './vocab';

/** A referral for care (not the referral to a competent authority, which is its own record). */
export const CareReferral = z.strictObject({
  to: ShortText.nullish(),
  reason: NoteText.nullish(),
  urgency: ReferralUrgency.nullish(),
});
export type CareReferral = z.infer<typeof CareReferral>;

/** Builds the outcome section schema over the given time checks. */
export function outcomeSchema(t: TimeChecks) {
  return z.strictObject({
    plan: NoteText.nullish(),
    treatment: NoteText.nullish(),
    referrals: list(CareReferral, 20).nullish(),
    /** A follow-up lies ahead by nature: no "future" check. */
    followUpDate: t.date.nullish(),
    /** Whether a report to a competent authority is to be made (the referral record follows). */
    reportTriggered: YesNo.nullish(),
    /** The findings support the allegation: do not return the person to the place of alleged abuse. */
    doNotReturnToPlaceOfAbuse: YesNo.nullish(),
    doNotReturnNote: NoteText.nullish(),
  });
}

/** The outcome section of a draft (no clock checks). */
export const Outcome = outcomeSchema(DRAFT_TIME_CHECKS);
export type Outcome = z.infer<typeof Outcome>;
