/**
 * The encounter (domain guide B1): why, when, at whose request and by whom the person is examined.
 * The arrival → examination clock of rule E1 starts from `timing.arrivalAt`, taken from the
 * reception register (Mandela r.7(c)).
 */
import { z } from 'zod';
import { FacilityCode } from './case';
import { LanguageTag, NameText, NoteText, ShortText, list } from './text';
import { DRAFT_TIME_CHECKS, requireOrder, type TimeChecks } from './time';
import { EncounterType, ExaminerProfession, Gender, RequesterType } from './vocab';

/** Arrival, start and end of the examination, and why it was late (rule E1). */
export function timingSchema(t: TimeChecks) {
  return z
    .strictObject({
      /** When the person arrived, from the reception register. */
      arrivalAt: t.pastDateTime.nullish(),
      examStartAt: t.pastDateTime.nullish(),
      examEndAt: t.pastDateTime.nullish(),
      /** Required once the examination starts later than the configured limit after arrival (E1). */
      delayReason: NoteText.nullish(),
    })
    .superRefine((timing, ctx) => {
      // An examination cannot precede the person's arrival, nor end before it starts.
      requireOrder(ctx, timing.arrivalAt, timing.examStartAt, ['examStartAt'], 'domain.error.examBeforeArrival');
      requireOrder(ctx, timing.examStartAt, timing.examEndAt, ['examEndAt'], 'domain.error.examEndBeforeStart');
    });
}

/** Who asked for the examination (report section I). */
export const Requester = z.strictObject({
  type: RequesterType.nullish(),
  name: NameText.nullish(),
  /** The requester's case or file number, if any. */
  reference: ShortText.nullish(),
});

/** The examining clinician. Registration number and gender appear in report sections I and XVI. */
export const Examiner = z.strictObject({
  name: NameText.nullish(),
  profession: ExaminerProfession.nullish(),
  registrationNo: ShortText.nullish(),
  gender: Gender.nullish(),
  /** Languages the examiner can examine in; the rule context may supply them instead (E6). */
  languages: list(LanguageTag, 20).nullish(),
});
export type Examiner = z.infer<typeof Examiner>;

/** Builds the encounter schema over the given time checks. */
export function encounterSchema(t: TimeChecks) {
  return z.strictObject({
    type: EncounterType.nullish(),
    facilityCode: FacilityCode.nullish(),
    unit: NameText.nullish(),
    timing: timingSchema(t).nullish(),
    requester: Requester.nullish(),
    examiner: Examiner.nullish(),
  });
}

/** The encounter section of a draft (no clock checks). */
export const Encounter = encounterSchema(DRAFT_TIME_CHECKS);
export type Encounter = z.infer<typeof Encounter>;
export type Timing = z.infer<ReturnType<typeof timingSchema>>;
export type Requester = z.infer<typeof Requester>;
