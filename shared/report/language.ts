/**
 * The language a document is being built in (issue #15). The builders are synchronous, so the
 * language is set for the duration of one build by `inLanguage` and read through the live bindings
 * below (`R` is the report namespace of that language's catalog): the section builders keep their
 * shape, and nothing outside a build can observe a language other than the default. Headings,
 * labels and structured values come from the catalog; free text stays as typed.
 */
import { catalogs, defaultLanguage, languageFrames, type Catalog, type Language } from '../i18n';

type ReportStrings = Catalog['report'];

let current: Language = defaultLanguage;
/** The report strings of the language being built. */
export let R: ReportStrings = catalogs[defaultLanguage].report;
/** The strings added for the complete record (issue #14): modules, refusals, timing, copies. */
export let RR: ReportStrings['record'] = R.record;
/** The summary's strings. */
export let S: ReportStrings['summary'] = R.summary;
/** The anonymised copy's strings. */
export let A: ReportStrings['anonymised'] = R.anonymised;
/** The cover letter's strings. */
export let L: ReportStrings['coverLetter'] = R.coverLetter;
/** Vocabulary labels (`domain.vocab.<name>.<code>`). */
export let VOCAB: Catalog['domain']['vocab'] = catalogs[defaultLanguage].domain.vocab;

function use(language: Language): void {
  current = language;
  R = catalogs[language].report;
  RR = R.record;
  S = R.summary;
  A = R.anonymised;
  L = R.coverLetter;
  VOCAB = catalogs[language].domain.vocab;
}

/** The language being built (the default outside a build). */
export function reportLanguage(): Language {
  return current;
}

/** Its BCP 47 tag, for `Intl` and the PDF's `/Lang`. */
export function reportTag(): string {
  return languageFrames[current].tag;
}

/**
 * Runs `build` with the strings of `language`. `build` must be synchronous: a promise would let
 * other code run in the middle of it with the wrong language, so it is refused.
 */
export function inLanguage<T>(language: Language, build: () => T): T {
  const before = current;
  use(language);
  try {
    const out = build();
    if (out instanceof Promise) throw new Error('inLanguage: the build must be synchronous');
    return out;
  } finally {
    use(before);
  }
}
