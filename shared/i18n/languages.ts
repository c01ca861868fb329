/**
 * The six official UN languages Attest is written for (issue #15): their codes, the direction of
 * their script and their name in their own language. Which of them have a catalog, and whether a
 * clinician fluent in the language has reviewed it, is stated by each catalog's `meta` (see
 * shared/i18n/index.ts); this list is the fixed frame every catalog and every picker follows.
 */
export const unLanguages = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type UnLanguage = (typeof unLanguages)[number];

export type Direction = 'ltr' | 'rtl';

export interface LanguageFrame {
  readonly code: UnLanguage;
  /** BCP 47 tag used for `Intl`, `<html lang>` and the PDF's `/Lang`. */
  readonly tag: string;
  readonly direction: Direction;
  /** The language's name in that language (the picker shows it beside the name in the UI language). */
  readonly autonym: string;
}

export const languageFrames: Readonly<Record<UnLanguage, LanguageFrame>> = {
  ar: { code: 'ar', tag: 'ar', direction: 'rtl', autonym: 'العربية' },
  zh: { code: 'zh', tag: 'zh-Hans', direction: 'ltr', autonym: '简体中文' },
  en: { code: 'en', tag: 'en', direction: 'ltr', autonym: 'English' },
  fr: { code: 'fr', tag: 'fr', direction: 'ltr', autonym: 'Français' },
  ru: { code: 'ru', tag: 'ru', direction: 'ltr', autonym: 'Русский' },
  es: { code: 'es', tag: 'es', direction: 'ltr', autonym: 'Español' },
};

/** Whether a catalog has been reviewed by a clinician fluent in its language (drafts are marked in the UI). */
export interface CatalogMeta {
  readonly language: UnLanguage;
  readonly reviewed: boolean;
  /** Who reviewed it and when (free text, e.g. "Dr X, forensic physician, 2027-01"), when reviewed. */
  readonly reviewedBy?: string;
}

/** The CLDR plural categories a language needs (i18next keys `name_one`, `name_few`, … for each). */
export function pluralCategories(language: UnLanguage): readonly Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(languageFrames[language].tag).resolvedOptions().pluralCategories;
}

/** Whether `code` is one of the six UN languages. */
export function isUnLanguage(code: string): code is UnLanguage {
  return (unLanguages as readonly string[]).includes(code);
}
