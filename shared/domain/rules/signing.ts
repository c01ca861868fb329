/**
 * E12 Signing. A report is signed only when (domain guide D3, E12):
 * - the signer is identified: name, registration body and registration number (a number means
 *   nothing without the body that issued it; the clinician profile holds both);
 * - the date and place of signing are known. The date is `ctx.now`, read from the clock by the
 *   caller, never typed (it must be a real date); the place is `ctx.place`, typed in the sign dialog
 *   or taken from the facility settings;
 * - nothing else blocks: the record passes the finalisation check (finalisation.ts), which includes
 *   the statement of truthfulness, "no finding omitted" and the restrictions statement (E12 in
 *   ./opinion.ts; every examination here is of a person in custody, so the restrictions statement
 *   is always required).
 *
 * Findings about the signer, the date and the place point at `signature.*` paths: they are not part
 * of the examination record (no section owns them, `sectionOf` gives null) but of the sign dialog.
 */
import type { Examination } from '../examination';
import { finalisationBlockers, type FinalisationContext } from '../finalisation';
import { hasText } from '../text';
import { missing, type RuleFinding, type RuleMessageKey } from './types';

export { restrictionsStatement, type RestrictionsStatement } from './opinion';

/** The signing clinician, as the clinician profile gives it. */
export interface SigningClinician {
  readonly name?: string | null;
  readonly registrationNumber?: string | null;
  readonly registrationBody?: string | null;
}

/** The finalisation context, plus where the report is signed. The signing date is `now`. */
export interface SigningContext extends FinalisationContext {
  readonly place?: string | null;
}

/** Message keys only signing produces (not the rules over the record): the sign dialog shows them. */
export const SIGNING_MESSAGE_KEYS = [
  'domain.rule.signerNameRequired',
  'domain.rule.signerRegistrationBodyRequired',
  'domain.rule.signerRegistrationNumberRequired',
  'domain.rule.signingDateInvalid',
  'domain.rule.signingPlaceRequired',
  'domain.rule.invalidAnswer',
] as const satisfies readonly RuleMessageKey[];

/**
 * What stands between this record and a signature (E12), signer and date and place first, then
 * everything that blocks finalisation. Empty when the report can be signed. Pure: the caller passes
 * the clock in `ctx.now` and the place in `ctx.place`.
 */
export function signingBlockers(exam: Examination, clinician: SigningClinician | null, ctx: SigningContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const signer: readonly (readonly [string | null | undefined, RuleMessageKey, string])[] = [
    [clinician?.name, 'domain.rule.signerNameRequired', 'signature.clinician.name'],
    [clinician?.registrationBody, 'domain.rule.signerRegistrationBodyRequired', 'signature.clinician.registrationBody'],
    [clinician?.registrationNumber, 'domain.rule.signerRegistrationNumberRequired', 'signature.clinician.registrationNumber'],
  ];
  for (const [value, messageKey, field] of signer) if (!hasText(value)) out.push(missing('E12', messageKey, field));
  if (Number.isNaN(ctx.now.getTime())) out.push(missing('E12', 'domain.rule.signingDateInvalid', 'signature.date'));
  if (!hasText(ctx.place)) out.push(missing('E12', 'domain.rule.signingPlaceRequired', 'signature.place'));
  // A broken clock cannot check the record's dates: the date finding above says what to fix.
  if (out.some((f) => f.field === 'signature.date')) return out;
  return [...out, ...finalisationBlockers(exam, ctx)];
}
