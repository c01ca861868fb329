/** `--lang xx`: the language of a document the CLI renders (one of the registered catalogs). */
import { catalogs, isLanguage, supportedLanguages, type Language } from '../shared/i18n';
import { plural } from '../shared/i18n/plural';
import { interpolate } from '../shared/i18n/units';

/** The primary language subtag of a POSIX locale or BCP 47 tag (`fr_FR.UTF-8` → `fr`, `zh-Hans` → `zh`). */
export function primaryLanguage(locale: string): string {
  return locale.split(/[-_.@]/)[0]?.toLowerCase() ?? '';
}

/** `--lang`'s value checked, or an error naming the languages there are. */
export function parseLanguage(value: string): { readonly ok: true; readonly language: Language } | { readonly ok: false; readonly error: string } {
  const language = primaryLanguage(value);
  return isLanguage(language) ? { ok: true, language } : { ok: false, error: `--lang must be one of ${supportedLanguages.join(', ')}.` };
}


/**
 * The language of the CLI's own messages: `--lang` when given and known, else the POSIX locale the
 * way gettext reads it (LC_ALL, then LC_MESSAGES, then LANG; `fr_FR.UTF-8` → `fr`); a language
 * without a catalog, `C` or `POSIX` → English. Exit codes and verdict identifiers never change with it.
 */
export function messageLanguage(lang: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Language {
  if (lang !== undefined) {
    const parsed = parseLanguage(lang);
    if (parsed.ok) return parsed.language;
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  const primary = locale === undefined ? '' : primaryLanguage(locale);
  return isLanguage(primary) ? primary : 'en';
}

/** A message of the catalogs' `signing.cli` group in `language`, placeholders filled; a plural base picks its form by `count`. */
export function cliText(language: Language, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const group = catalogs[language].signing.cli as Readonly<Record<string, string>>;
  const template = typeof params.count === 'number' && !Object.hasOwn(group, key) ? plural(group, key, params.count, language) : (group[key] ?? key);
  return interpolate(template, params, language);
}

/** `attest: unknown command "x".` in the message language of the environment. */
export function unknownCommand(command: string): string {
  return cliText(messageLanguage(undefined), 'unknownCommand', { command });
}
