/** The language of the CLI's messages, and its catalog texts (`cli` group of shared/i18n). */
import { catalogs, isLanguage, supportedLanguages, type CliMessageKey, type Language } from '../shared/i18n';
import { plural } from '../shared/i18n/plural';
import { interpolate } from '../shared/i18n/units';

/** The primary language subtag of a POSIX locale or BCP 47 tag (`fr_FR.UTF-8` → `fr`, `zh-Hans` → `zh`). */
export function primaryLanguage(locale: string): string {
  return locale.split(/[-_.@]/)[0]?.toLowerCase() ?? '';
}

/** `--lang`'s value checked, or an error (in `messages`, the message language) naming the languages there are. */
export function parseLanguage(value: string, messages: Language = 'en'): { readonly ok: true; readonly language: Language } | { readonly ok: false; readonly error: string } {
  const language = primaryLanguage(value);
  return isLanguage(language) ? { ok: true, language } : { ok: false, error: cliText(messages, 'args.lang', { languages: supportedLanguages.join(', ') }) };
}

/**
 * The language of the CLI's own messages: `--lang` when given and known, else the POSIX locale the
 * way gettext reads it (LC_ALL, then LC_MESSAGES, then LANG; `fr_FR.UTF-8` → `fr`); a language
 * without a catalog, `C` or `POSIX` → English. Exit codes and verdict identifiers never change with it.
 */
export function messageLanguage(lang: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Language {
  if (lang !== undefined) {
    const language = primaryLanguage(lang);
    if (isLanguage(language)) return language;
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  const primary = locale === undefined ? '' : primaryLanguage(locale);
  return isLanguage(primary) ? primary : 'en';
}

/** The message language of a command's raw arguments (`--lang xx` anywhere in them) and environment. */
export function argsLanguage(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Language {
  const index = argv.indexOf('--lang');
  return messageLanguage(index >= 0 ? argv[index + 1] : undefined, env);
}

/**
 * A message of the catalogs' `cli` group in `language` by its dot path, placeholders filled; a
 * plural base picks its form by `count`. A path that is not a message throws: a typo must fail a test,
 * not print a key.
 */
export function cliText(language: Language, key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const path = key.split('.');
  const last = path.pop() ?? '';
  let group: unknown = catalogs[language].cli;
  for (const segment of path) group = typeof group === 'object' && group !== null ? (group as Readonly<Record<string, unknown>>)[segment] : undefined;
  if (typeof group !== 'object' || group === null) throw new Error(`no CLI message ${key}`);
  const table = group as Readonly<Record<string, unknown>>;
  const direct = table[last];
  const template = typeof direct === 'string' ? direct : typeof params.count === 'number' ? plural(table, last, params.count, language) : undefined;
  if (template === undefined || template === last) throw new Error(`no CLI message ${key}`);
  return interpolate(template, params, language);
}

/** `attest: unknown command "x".` in the message language of the environment. */
export function unknownCommand(command: string): string {
  return cliText(messageLanguage(undefined), 'unknownCommand', { command });
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const WIDE = /^[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** The columns `text` takes in a terminal: one per character, two for a wide (CJK) one. */
export function columns(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += WIDE.test(segment) ? 2 : 1;
  return width;
}

/** `text` followed by spaces up to `width` columns (at least one space apart from what follows when it is as wide). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}
