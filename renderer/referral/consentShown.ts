/**
 * How the referral form states the consent to a disclosure (issue #19). The referral rules read
 * a consent that does not cover the chosen authority's kind as refused, and rightly block the
 * referral; but the person refused nothing: they consented to other kinds of authority. Shown as
 * "Refused", that would put words in their mouth; it is shown as not covered by the consent, with
 * the kinds it does cover. Pure.
 */
import type { AuthorityType, DisclosureConsentStatus } from '../../shared/domain/vocab';
import type { Examination } from '../../shared/domain/examination';

export type ShownDisclosureConsent =
  | { readonly status: DisclosureConsentStatus }
  /** The person consented to disclosure to `covered` kinds of authority (none, for a partial consent listing none), not to this one. */
  | { readonly status: 'not_covered'; readonly covered: readonly AuthorityType[] };

/** What to show for the consent `recorded` in a referral to an authority of kind `authorityType`. */
export function shownDisclosureConsent(exam: Examination, authorityType: AuthorityType | null | undefined, recorded: DisclosureConsentStatus): ShownDisclosureConsent {
  const item = exam.consent?.disclosureAuthorities;
  const decided = item?.decision === 'given' || item?.decision === 'partial';
  if (recorded === 'refused' && decided && authorityType !== null && authorityType !== undefined) return { status: 'not_covered', covered: item.authorityTypes ?? [] };
  return { status: recorded };
}
