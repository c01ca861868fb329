/**
 * Identity of the person examined (domain guide B2; Mandela r.7(a), Annex IV section I).
 * A date of birth is preferred; without one, an estimated age and how it was estimated. Age decides
 * whether the juvenile module applies (rule E11, `isMinor`).
 */
import { z } from 'zod';
import { numberInRange } from './number';
import { LanguageTag, NameText, NoteText, ShortText, list } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { AgeEstimateMethod, Literacy, Sex } from './vocab';

/** Oldest plausible age in years, for estimates. */
export const MAX_AGE_YEARS = 130;

/** An age estimated without a date of birth, and how. */
export const AgeEstimate = z.strictObject({
  years: numberInRange(0, MAX_AGE_YEARS, { integer: true }).nullish(),
  method: AgeEstimateMethod.nullish(),
  methodDetail: NoteText.nullish(),
});
export type AgeEstimate = z.infer<typeof AgeEstimate>;

/** Whom to inform in an emergency (r.7(f)). */
export const EmergencyContact = z.strictObject({
  name: NameText.nullish(),
  relationship: ShortText.nullish(),
  contact: ShortText.nullish(),
});

/** Children who depend on the person, and who cares for them now (r.7(g); Bangkok r.2). */
export const DependentChildren = z.strictObject({
  count: numberInRange(0, 30, { integer: true }).nullish(),
  arrangements: NoteText.nullish(),
});

/** Builds the identity schema over the given time checks. */
export function identitySchema(t: TimeChecks) {
  return z.strictObject({
    givenName: NameText.nullish(),
    familyName: NameText.nullish(),
    aliases: list(NameText, 20).nullish(),
    dateOfBirth: t.pastDate.nullish(),
    ageEstimate: AgeEstimate.nullish(),
    sex: Sex.nullish(),
    genderIdentity: ShortText.nullish(),
    birthplace: ShortText.nullish(),
    nationality: ShortText.nullish(),
    /** Identity document or prisoner number. */
    idNumber: ShortText.nullish(),
    /** Languages the person speaks well enough to be examined in (rule E6). */
    languages: list(LanguageTag, 20).nullish(),
    literacy: Literacy.nullish(),
    disabilityCommunicationNeeds: NoteText.nullish(),
    emergencyContact: EmergencyContact.nullish(),
    dependentChildren: DependentChildren.nullish(),
  });
}

/** The identity section of a draft (no clock checks). */
export const Identity = identitySchema(DRAFT_TIME_CHECKS);
export type Identity = z.infer<typeof Identity>;
