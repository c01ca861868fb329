/**
 * The admission examination record: every section of domain guide B, the form it was filled with
 * and the schema version.
 *
 * Three levels of checking, from lenient to strict:
 * 1. `examinationDraftSchema`: a draft may be incomplete (every answer optional or null), but every
 *    value present must be valid, and nothing may contradict itself (an examination before the
 *    person arrived, "no injuries seen" with lesions charted, a diastolic pressure above the systolic).
 * 2. `examinationSchema({ now })`: the same, and no date lies in the future. Use it on input.
 * 3. `examinationFinalSchema(ctx)` (finalisation.ts): the same, and no blocking rule finding.
 */
import { z } from 'zod';
import { accountSchema } from './account';
import { consentSchema } from './consent';
import { encounterSchema } from './encounter';
import { findingsSchema } from './findings';
import { identitySchema } from './identity';
import { Interpreter } from './interpreter';
import { describeIssues, type DescribedIssue } from './issues';
import { juvenileSchema } from './juvenile';
import { Opinion } from './opinion';
import { outcomeSchema } from './outcome';
import { provenanceSchema } from './provenance';
import { Psychological } from './psychological';
import { screeningSchema } from './screening';
import { Setting } from './setting';
import { typeError } from './text';
import { DRAFT_TIME_CHECKS, isIsoDate, localDateOf, timeChecks, type PlausibilityOptions, type TimeChecks } from './time';
import { womenSchema } from './women';

/**
 * Version of this record's shape. Raise it (with a migration) whenever the shape changes so that a
 * stored record no longer parses or means something else; a new optional section (`opinion`) does not.
 */
export const EXAMINATION_SCHEMA_VERSION = 1;

/** The sections of the examination, in the order of the form outline. */
export const SECTION_IDS = [
  'encounter',
  'identity',
  'provenance',
  'setting',
  'interpreter',
  'consent',
  'account',
  'screening',
  'women',
  'juvenile',
  'psychological',
  'findings',
  'opinion',
  'outcome',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** The form definition a record was filled with, e.g. `admission-examination`. */
export const FormId = z.string({ error: typeError('domain.error.notText') }).regex(/^[a-z][a-z0-9-]{0,63}$/, { error: 'domain.error.formId' });
/** The version of that form definition: old records render and print as they were filled. */
export const FormVersion = z.number({ error: typeError('domain.error.notANumber') }).int({ error: 'domain.error.wholeNumber' }).min(1, { error: 'domain.error.formVersion' });

/** Builds the examination schema over the given time checks. */
export function buildExaminationSchema(t: TimeChecks) {
  return z
    .strictObject({
      schemaVersion: z.literal(EXAMINATION_SCHEMA_VERSION, { error: 'domain.error.schemaVersion' }),
      formId: FormId,
      formVersion: FormVersion,
      encounter: encounterSchema(t).nullish(),
      identity: identitySchema(t).nullish(),
      provenance: provenanceSchema(t).nullish(),
      setting: Setting.nullish(),
      interpreter: Interpreter.nullish(),
      consent: consentSchema(t).nullish(),
      account: accountSchema(t).nullish(),
      screening: screeningSchema(t).nullish(),
      women: womenSchema(t).nullish(),
      juvenile: juvenileSchema(t).nullish(),
      psychological: Psychological.nullish(),
      findings: findingsSchema(t).nullish(),
      /** Added as an optional section: records made before it simply lack it and still parse, so the version stays 1. */
      opinion: Opinion.nullish(),
      outcome: outcomeSchema(t).nullish(),
    })
    .superRefine((exam, ctx) => {
      // A person cannot be born after the day they were examined (or arrived, if not yet examined).
      const dob = exam.identity?.dateOfBirth;
      const timing = exam.encounter?.timing;
      const examDate = localDateOf(timing?.examStartAt) ?? localDateOf(timing?.arrivalAt);
      if (isIsoDate(dob) && examDate !== null && dob > examDate) {
        ctx.addIssue({ code: 'custom', message: 'domain.error.birthAfterExamination', path: ['identity', 'dateOfBirth'], input: dob });
      }
    });
}

/**
 * The draft examination: incomplete answers allowed, invalid or contradictory values refused.
 * Checks nothing against the clock; use `examinationSchema({ now })` for input from a person.
 */
export const examinationDraftSchema = buildExaminationSchema(DRAFT_TIME_CHECKS);

/** An examination record, complete or not. */
export type Examination = z.infer<typeof examinationDraftSchema>;

/** The draft schema plus "no date in the future" against `now` (with a small clock tolerance). */
export function examinationSchema(options: PlausibilityOptions) {
  return buildExaminationSchema(timeChecks(options));
}

/** The result of validating an examination: the parsed record, or issues for a person to read. */
export type ExaminationValidation = { readonly success: true; readonly data: Examination } | { readonly success: false; readonly issues: DescribedIssue[] };

/**
 * Parses untrusted input (a form state, an imported file, a backup) as a draft examination checked
 * against `now`. Never throws on bad data: failures come back as message keys at field paths.
 */
export function validateExamination(input: unknown, options: PlausibilityOptions): ExaminationValidation {
  const result = examinationSchema(options).safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: describeIssues(result.error) };
}

/** A new, empty draft for a form. */
export function emptyExamination(formId: string, formVersion: number): Examination {
  return { schemaVersion: EXAMINATION_SCHEMA_VERSION, formId, formVersion };
}
