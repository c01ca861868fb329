/**
 * Free text and identifiers. Everything a person or clinician types is stored exactly as typed:
 * any Unicode (emoji, right-to-left and bidi override characters, mixed scripts, markup) is data,
 * never interpreted here. Whoever displays or prints it escapes it.
 *
 * Two things are refused rather than silently changed, because a medico-legal record must not
 * alter a person's words behind the clinician's back and a reader must never crash:
 * - U+0000 (NUL), which truncates strings in C-based tools (PDF, text extraction, some databases);
 * - unpaired UTF-16 surrogates, which are not text and become U+FFFD when encoded.
 * Both come only from broken pastes or hostile files; the message tells the clinician to remove them.
 */
import { z } from 'zod';

/**
 * Maximum lengths, in Unicode code points as zod counts them: a letter in any script or a simple
 * emoji is one, a composed emoji (family, flag, skin tone) several. `narrative` is for the person's
 * account and other long free text.
 */
export const TEXT_LIMITS = {
  name: 200,
  short: 500,
  note: 5_000,
  narrative: 100_000,
} as const;

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The error for a value of the wrong type, or `domain.error.required` when the value is missing
 * altogether (zod reports both as the same issue).
 */
export function typeError(messageKey: string) {
  return (issue: { readonly input?: unknown }): string => (issue.input === undefined ? 'domain.error.required' : messageKey);
}

/** A free-text schema of at most `max` characters (code points) that refuses NUL and unpaired surrogates. */
export function freeText(max: number) {
  return z
    .string({ error: typeError('domain.error.notText') })
    .max(max, { error: 'domain.error.tooLong' })
    .refine((value) => !value.includes('\u0000'), { error: 'domain.error.nulCharacter' })
    .refine((value) => !LONE_SURROGATE.test(value), { error: 'domain.error.malformedText' });
}

/** A person's name, an officer's unit, a witness. */
export const NameText = freeText(TEXT_LIMITS.name);
/** A place, a drug, a short answer. */
export const ShortText = freeText(TEXT_LIMITS.short);
/** A reason, a note, a plan. */
export const NoteText = freeText(TEXT_LIMITS.note);
/** The person's account in their own words and other narratives. */
export const NarrativeText = freeText(TEXT_LIMITS.narrative);

/** Identifier of an item inside a record (a lesion, a photograph): opaque, e.g. a UUID. */
export const ItemId = z.string({ error: typeError('domain.error.notText') }).regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'domain.error.idFormat' });

/**
 * A language as a BCP 47 tag (`ar`, `fr-CA`, `prs`). Two tags match when their primary language
 * subtags match (see rules/language.ts), so a form can offer plain language names.
 */
export const LanguageTag = z
  .string({ error: 'domain.error.notText' })
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/, { error: 'domain.error.languageTag' });

/** An ICD-10 or ICD-11 code (letters, digits and dots), e.g. `E11.9`, `5A11`. */
export const IcdCode = z.string({ error: typeError('domain.error.notText') }).regex(/^[A-Za-z0-9][A-Za-z0-9.]{1,11}$/, { error: 'domain.error.icdCode' });

/** A list of at most `max` items. */
export function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(item, { error: typeError('domain.error.notList') }).max(max, { error: 'domain.error.tooManyItems' });
}

/** A set of codes: a list without repeats (e.g. authority types, excluded body regions). */
export function codeSet<T extends z.ZodType<string>>(item: T, max: number) {
  return list(item, max).refine((values) => new Set(values).size === values.length, { error: 'domain.error.duplicateValue' });
}

/** True when a text answer is missing or only white space. */
export function isBlank(value: string | null | undefined): value is null | undefined | '' {
  return value === null || value === undefined || value.trim() === '';
}

/** True when a text answer has visible content. */
export function hasText(value: string | null | undefined): value is string {
  return !isBlank(value);
}
