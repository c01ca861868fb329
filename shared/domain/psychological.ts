/**
 * Psychological evaluation (report section VIII; IP22 ch. VI). Not every admission examination
 * includes one; when it does not, the reason is stated, because the report must list its
 * limitations (domain guide D2).
 */
import { z } from 'zod';
import { NarrativeText, NoteText, ShortText, list } from './text';
import { YesNo } from './vocab';

/** A psychological test or instrument used, with its result and interpretation. */
export const PsychologicalTest = z.strictObject({
  name: ShortText.nullish(),
  result: NoteText.nullish(),
  interpretation: NoteText.nullish(),
});

/** The psychological evaluation section. It holds no dates, so it needs no clock. */
export const Psychological = z.strictObject({
  performed: YesNo.nullish(),
  notPerformedReason: NoteText.nullish(),
  complaints: NarrativeText.nullish(),
  /** History before and after the alleged events, psychiatric and substance history. */
  history: NarrativeText.nullish(),
  mentalStatus: NarrativeText.nullish(),
  tests: list(PsychologicalTest, 20).nullish(),
  freeText: NarrativeText.nullish(),
});
export type Psychological = z.infer<typeof Psychological>;
