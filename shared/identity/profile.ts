/**
 * The clinician's professional identity, as signed reports print it and as the self-signed
 * certificate names it. Personal data of the clinician: stored sealed by the vault.
 */
import { z } from 'zod';
import { ExaminerProfession } from '../domain/vocab';
import { NameText, ShortText, freeText, isBlank } from '../domain/text';

/** Treating clinician (prison health care) or forensic examiner (an investigation): the two roles of domain.md. */
export const CLINICIAN_ROLES = ['treating', 'forensic'] as const;
export const ClinicianRole = z.enum(CLINICIAN_ROLES, { error: 'domain.error.notInList' });
export type ClinicianRole = z.infer<typeof ClinicianRole>;

/** Text that must not be empty or only white space. */
function required<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((value) => !isBlank(value), { error: 'domain.error.required' });
}

/** A plain email address; the certificate never carries it, reports may. */
const EmailText = freeText(254).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/u, { error: 'identity.profile.emailInvalid' });

export const ClinicianProfile = z.strictObject({
  /** Full name as printed on reports; the certificate's common name (CN). */
  name: required(NameText),
  profession: ExaminerProfession,
  /** Degrees and specialties, e.g. "MD, forensic medicine". */
  qualifications: ShortText,
  /** The body the clinician is registered with (medical council, nursing board). */
  registrationBody: NameText,
  registrationNumber: freeText(100),
  /** The employing institution; the certificate's organisation (O). */
  institution: NameText,
  role: ClinicianRole.optional(),
  email: EmailText.optional(),
});
export type ClinicianProfile = z.infer<typeof ClinicianProfile>;
