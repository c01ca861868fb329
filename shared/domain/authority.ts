/**
 * The registry of competent authorities (domain guide D4; Mandela r.34; issue #7), kept in settings.
 * A referral names its authority by id, so renaming an authority or changing its contact does not
 * rewrite what a past referral says it was sent to: the cover letter prints the entry as it was.
 */
import { z } from 'zod';
import { ItemId, NameText, NoteText, hasText, list } from './text';
import { AuthorityType, DeliveryMethod } from './vocab';

/** A required text that is not only white space (a name, an address). */
function filled<T extends z.ZodType<string>>(text: T) {
  return text.refine(hasText, { error: 'domain.error.required' });
}

/** One competent authority a report may be referred to. */
export const Authority = z.strictObject({
  id: ItemId,
  /** "Public prosecutor, Lyon", "National preventive mechanism". */
  name: filled(NameText),
  /** Medical (health authority, forensic service), administrative (director, inspectorate, NPM, ombudsman) or judicial (prosecutor, judge, court). */
  type: AuthorityType,
  /** Postal address, secure e-mail, telephone: however the authority is reached. */
  contact: filled(NoteText),
  /** The channel to use unless the case calls for another. Never the escort (see `REFERRAL_CHANNELS`). */
  preferredChannel: DeliveryMethod.nullish(),
});
export type Authority = z.infer<typeof Authority>;

/** The largest registry accepted: a jurisdiction has tens of authorities, not thousands. */
export const MAX_AUTHORITIES = 500;

/** The whole registry: each id once, since referrals point at entries by id. */
export const AuthorityRegistry = list(Authority, MAX_AUTHORITIES).superRefine((authorities, ctx) => {
  const seen = new Set<string>();
  authorities.forEach((authority, index) => {
    if (seen.has(authority.id)) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateId', path: [index, 'id'], input: authority.id });
    seen.add(authority.id);
  });
});
export type AuthorityRegistry = z.infer<typeof AuthorityRegistry>;

/** The registry entry with this id, or null (a referral may name an authority since removed). */
export function findAuthority(registry: readonly Authority[], id: string | null | undefined): Authority | null {
  if (id === null || id === undefined) return null;
  return registry.find((authority) => authority.id === id) ?? null;
}
