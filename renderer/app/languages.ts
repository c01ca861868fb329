/**
 * The UI languages as the screens see them: the six UN languages of shared/i18n/languages.ts, each
 * available when the catalog registry (`catalogs`, `supportedLanguages` in shared/i18n) has a
 * catalog for it, and reviewed or a draft as that catalog's `meta` says. Nothing here names a
 * language by hand: a catalog added to the registry appears in the pickers by itself.
 */
import { catalogMeta, supportedLanguages, type Language } from '../../shared/i18n';
import { languageFrames, unLanguages, type Direction, type UnLanguage } from '../../shared/i18n/languages';

export type CatalogStatus = 'reviewed' | 'draft' | 'unavailable';

export interface LanguageChoice {
  readonly code: UnLanguage;
  readonly tag: string;
  readonly direction: Direction;
  readonly autonym: string;
  readonly status: CatalogStatus;
}

export function isAvailable(code: string): code is Language {
  return (supportedLanguages as readonly string[]).includes(code);
}

/**
 * Whether a language's catalog is reviewed, a draft, or missing, as the catalog's `meta` says.
 */
export function catalogStatus(code: UnLanguage): CatalogStatus {
  if (!isAvailable(code)) return 'unavailable';
  return catalogMeta[code].reviewed ? 'reviewed' : 'draft';
}

/** The six languages in the UN's order, each with whether it can be chosen. */
export function languageChoices(): readonly LanguageChoice[] {
  return unLanguages.map((code) => ({ ...languageFrames[code], status: catalogStatus(code) }));
}

/**
 * The language to start in: the stored choice when it has a catalog, else the first of the system's
 * languages (`navigator.languages`) that has one, else English.
 */
export function startLanguage(stored: string | null, preferred: readonly string[]): UnLanguage {
  if (stored !== null && isAvailable(stored)) return stored;
  for (const tag of preferred) {
    let primary: string;
    try {
      primary = new Intl.Locale(tag).language;
    } catch {
      continue;
    }
    if (isAvailable(primary)) return primary;
  }
  return 'en';
}

/** The direction of a UI language's script (`ltr` for an unknown code). */
export function directionOf(code: string): Direction {
  return (unLanguages as readonly string[]).includes(code) ? languageFrames[code as UnLanguage].direction : 'ltr';
}

/**
 * `<html lang dir>` for a UI language, so that the browser lays the page out right to left for Arabic
 * and screen readers pronounce the right language. The title stays "Attest": it never names a case.
 */
export function applyDocumentLanguage(document: Document, code: string): void {
  const root = document.documentElement;
  root.lang = (unLanguages as readonly string[]).includes(code) ? languageFrames[code as UnLanguage].tag : code;
  root.dir = directionOf(code);
}

/**
 * The `dir` of a field holding typed text: `auto` once it holds something (an Arabic name in an
 * English screen, a Latin drug name in an Arabic one, each runs its own way), none while empty, so
 * that an empty field starts on the screen's side rather than always on the left.
 */
export function typedTextDir(value: string): 'auto' | undefined {
  return value === '' ? undefined : 'auto';
}
