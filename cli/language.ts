/** `--lang xx`: the language of a document the CLI renders (one of the registered catalogs). */
import { isLanguage, supportedLanguages, type Language } from '../shared/i18n';

/** The primary language subtag of a POSIX locale or BCP 47 tag (`fr_FR.UTF-8` → `fr`, `zh-Hans` → `zh`). */
export function primaryLanguage(locale: string): string {
  return locale.split(/[-_.@]/)[0]?.toLowerCase() ?? '';
}

/** `--lang`'s value checked, or an error naming the languages there are. */
export function parseLanguage(value: string): { readonly ok: true; readonly language: Language } | { readonly ok: false; readonly error: string } {
  const language = primaryLanguage(value);
  return isLanguage(language) ? { ok: true, language } : { ok: false, error: `--lang must be one of ${supportedLanguages.join(', ')}.` };
}

