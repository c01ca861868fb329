/**
 * The clinician's opinion and declarations (report sections VI, X–XV; domain guide D1, D2; IP22
 * ¶356, ¶380–386): symptoms and disabilities, tests and consultations, the interpretation of the
 * findings, the overall opinion on the five-level consistency scale with its reasons, conclusions,
 * recommendations and limitations, the restrictions statement for an examination in custody, and
 * the declarations the clinician makes by finalising.
 *
 * Everything is optional in a draft. Rules E7 (overall opinion) and E12 (declarations) in
 * rules/opinion.ts say what a finalised record needs; rules/signing.ts what signing needs.
 */
import { z } from 'zod';
import { NarrativeText, NoteText } from './text';
import { ConsistencyLevel, YesNo } from './vocab';

/** The opinion section. It holds no dates, so it needs no clock. */
export const Opinion = z.strictObject({
  /** VI: acute and chronic symptoms and disabilities, their course, and treatment received. */
  physicalSymptoms: NarrativeText.nullish(),
  /** X: results of diagnostic tests, and tests that were not available (their absence does not invalidate the report). */
  diagnosticTests: NoteText.nullish(),
  /** XI: opinions of specialists consulted. */
  consultations: NoteText.nullish(),
  /** XII, physical: do the history of symptoms, the findings and known practices correlate with the allegation? */
  physicalInterpretation: NarrativeText.nullish(),
  /** XII, psychological: do the findings correlate; are they expected reactions in the person's context? */
  psychologicalInterpretation: NarrativeText.nullish(),
  /** XIII: the overall opinion on the five-level scale, weighing all findings together (IP22 ≈¶383). */
  overallConsistency: ConsistencyLevel.nullish(),
  /** Why that level: the evaluation of all the evidence together, not lesion by lesion. */
  overallRationale: NarrativeText.nullish(),
  /** XIII: conclusions. */
  conclusions: NarrativeText.nullish(),
  /** XIII: further evaluation and care recommended. */
  recommendations: NoteText.nullish(),
  /** D2: limitations of the examination (time, tests not available, no psychological evaluation…). */
  limitations: NoteText.nullish(),
  /** XV: examined freely, independently, in private and without coercion. */
  examinedFreely: YesNo.nullish(),
  /** XV: the restrictions, when the examination was not free or the setting records any. */
  restrictionsDetails: NoteText.nullish(),
  /** III/XIV: facts personally known, or on information and belief believed true; willing to testify. */
  truthfulness: YesNo.nullish(),
  /** D2 (IP22 ¶270): no finding omitted, even one adverse to whoever requested the examination. */
  noFindingOmitted: YesNo.nullish(),
});
export type Opinion = z.infer<typeof Opinion>;
