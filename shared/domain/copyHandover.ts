/**
 * A copy of a signed report handed over to the person after signing (issue #14 item 7). Once the
 * report is signed the examination is locked, so "copy given" recorded in it (consent.copyToPerson)
 * cannot change any more; a copy handed over afterwards is its own small record, kept beside the
 * report versions: to whom, how, when, of which version, in which language, and an optional note.
 * The vocabularies are the examination's (CopyRecipient, DeliveryMethod, BCP 47 tags).
 */
import { z } from 'zod';
import { ReportVersion } from './referral';
import { ItemId, LanguageTag, NoteText, codeSet } from './text';
import { DEFAULT_FUTURE_TOLERANCE_MS, IsoDateTime, instantOf } from './time';
import { CopyRecipient, DeliveryMethod } from './vocab';

/** The record as stored (no clock checks: a stored record stays readable whatever the clock says). */
export const CopyHandover = z.strictObject({
  id: ItemId,
  /** The signed report version the copy was of. */
  reportVersion: ReportVersion,
  givenTo: codeSet(CopyRecipient, 2).min(1, { error: 'domain.rule.copyRecipientRequired' }),
  deliveryMethod: DeliveryMethod,
  givenAt: IsoDateTime,
  /** The language of the copy (BCP 47), so a court knows whether the person could read it. */
  language: LanguageTag,
  note: NoteText.nullish(),
});
export type CopyHandover = z.infer<typeof CopyHandover>;

export interface CopyHandoverChecks {
  readonly now: Date;
  /** When the version the copy is of was signed: a copy of it cannot have been given before. */
  readonly signedAt: string;
}

/** The record as entered: not in the future, not before the version was signed. */
export function copyHandoverSchema({ now, signedAt }: CopyHandoverChecks) {
  const signed = instantOf(signedAt) ?? Number.POSITIVE_INFINITY;
  return CopyHandover.superRefine((value, ctx) => {
    const at = instantOf(value.givenAt);
    if (at === null) return;
    if (at > now.getTime() + DEFAULT_FUTURE_TOLERANCE_MS) ctx.addIssue({ code: 'custom', path: ['givenAt'], message: 'domain.error.futureDate' });
    // Compared to the minute: the form enters minutes, the signature has seconds.
    else if (at < Math.floor(signed / 60_000) * 60_000) ctx.addIssue({ code: 'custom', path: ['givenAt'], message: 'domain.error.copyBeforeSigned' });
  });
}

/**
 * A case row's overdue index once a copy handed over is recorded: no copy is owed any more, whatever
 * the locked examination says, so `copyOwed` goes, and so does `copyUnchecked` (nothing left to check).
 * The other index fields are kept as they are.
 */
export function withCopyHandedOver<T extends { copyOwed?: 1; copyUnchecked?: 1 }>(row: T): T {
  const next = { ...row };
  delete next.copyOwed;
  delete next.copyUnchecked;
  return next;
}
