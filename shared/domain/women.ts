/**
 * Women-specific module (domain guide B9; Bangkok Rules r.6–11). Every question put to the woman
 * is an answer-or-declined item: declining is her right (r.8) and never blocks finalisation
 * (rule E10). If the clinician diagnoses sexual abuse, she must be informed of her right to seek
 * recourse from judicial authorities (r.7), and when.
 */
import { z } from 'zod';
import { NoteText } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { DeclinableStatus, YesNo, YesNoUnknown } from './vocab';

/** An item the woman answers or declines to answer. A declined item needs no reason. */
export const DeclinableAnswer = z.strictObject({
  status: DeclinableStatus.nullish(),
  answer: YesNoUnknown.nullish(),
  details: NoteText.nullish(),
});
export type DeclinableAnswer = z.infer<typeof DeclinableAnswer>;

/** The declinable questions of the module, in form order. */
export const WOMEN_ITEMS = [
  'stiBbvScreening',
  'pregnancy',
  'recentChildbirth',
  'miscarriageOrAbortion',
  'breastfeeding',
  'mentalHealthSuicideRisk',
  'drugDependency',
  'sexualAbuseBeforeAdmission',
] as const;
export type WomenItem = (typeof WOMEN_ITEMS)[number];

/** Builds the women-specific module schema over the given time checks. */
export function womenSchema(t: TimeChecks) {
  return z.strictObject({
    /** Applies the module to a person whose recorded sex is not female (e.g. a transgender woman). */
    applies: YesNo.nullish(),
    /** r.6(a): STI and blood-borne disease screening accepted. */
    stiBbvScreening: DeclinableAnswer.nullish(),
    pregnancy: DeclinableAnswer.nullish(),
    recentChildbirth: DeclinableAnswer.nullish(),
    miscarriageOrAbortion: DeclinableAnswer.nullish(),
    breastfeeding: DeclinableAnswer.nullish(),
    /** r.6(b): post-traumatic stress and risk of suicide or self-harm. */
    mentalHealthSuicideRisk: DeclinableAnswer.nullish(),
    /** r.6(d): drug dependency. */
    drugDependency: DeclinableAnswer.nullish(),
    /** r.6(e): sexual abuse or other violence before admission, as disclosed. */
    sexualAbuseBeforeAdmission: DeclinableAnswer.nullish(),
    /** The clinician's conclusion that sexual abuse is diagnosed (r.7). */
    sexualAbuseDiagnosed: YesNo.nullish(),
    informedOfJudicialRecourse: YesNo.nullish(),
    informedOfJudicialRecourseAt: t.pastDateTime.nullish(),
    wantsLegalAction: DeclinableAnswer.nullish(),
    referral: NoteText.nullish(),
    psychologicalSupportOffered: YesNo.nullish(),
    /** r.9: a child accompanying the woman, and whether the child was screened. */
    accompanyingChildPresent: YesNo.nullish(),
    accompanyingChildScreened: YesNo.nullish(),
    /** r.10: a female examiner requested, and provided. */
    femaleExaminerRequested: YesNo.nullish(),
    femaleExaminerProvided: YesNo.nullish(),
  });
}

/** The women-specific module of a draft (no clock checks). */
export const Women = womenSchema(DRAFT_TIME_CHECKS);
export type Women = z.infer<typeof Women>;
