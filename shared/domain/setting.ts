/**
 * Setting and persons present (domain guide B4; IP22 ¶200, ¶313–315). The examination should be
 * out of hearing and, where safe, out of sight of officers; who was present, whether they could
 * hear or see, restraint and any restriction are printed in report sections I and XV.
 */
import { z } from 'zod';
import { NameText, NoteText, ShortText, codeSet, list } from './text';
import { ExamLocation, ExamRestriction, Gender, OFFICER_ROLES, PersonRole, YesNo } from './vocab';

/** One person present besides the examiner and the person examined. */
export const PersonPresent = z.strictObject({
  name: NameText.nullish(),
  role: PersonRole.nullish(),
  affiliation: ShortText.nullish(),
  /** Needed for Bangkok r.11 (non-medical staff at a woman's examination only if female). */
  gender: Gender.nullish(),
  inEarshot: YesNo.nullish(),
  inSight: YesNo.nullish(),
});
export type PersonPresent = z.infer<typeof PersonPresent>;

/** Whether the person was restrained during the examination, how and why. */
export const Restraint = z.strictObject({
  restrained: YesNo.nullish(),
  how: NoteText.nullish(),
  why: NoteText.nullish(),
});

/** Restrictions placed on the examination (time limits, refused access, threats, demeanour). */
export const Restrictions = z.strictObject({
  any: YesNo.nullish(),
  kinds: codeSet(ExamRestriction, 10).nullish(),
  details: NoteText.nullish(),
});

/** The setting section. It holds no dates, so it needs no clock. */
export const Setting = z.strictObject({
  location: ExamLocation.nullish(),
  locationDetail: ShortText.nullish(),
  personsPresent: list(PersonPresent, 30).nullish(),
  /** Why an officer was present; required whenever one was (rule E5). */
  securityPresentReason: NoteText.nullish(),
  restraint: Restraint.nullish(),
  restrictions: Restrictions.nullish(),
  chaperoneOffered: YesNo.nullish(),
  sameGenderExaminerOffered: YesNo.nullish(),
});
export type Setting = z.infer<typeof Setting>;

/** Whether a person present is a prison officer or police officer (rule E5). */
export function isOfficer(person: PersonPresent): boolean {
  return person.role !== null && person.role !== undefined && (OFFICER_ROLES as readonly string[]).includes(person.role);
}
