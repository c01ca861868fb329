/**
 * Plurals outside i18next (the report builder, the CLI, statistics exports): the key `base_<category>`
 * of the CLDR category of `count` in the language, as i18next v26 picks it.
 */
import { languageFrames, type UnLanguage } from './languages';

const rules = new Map<UnLanguage, Intl.PluralRules>();

/** The i18next key of `base` for `count` in `language`, e.g. `lesions_few`. */
export function pluralKey(base: string, count: number, language: UnLanguage): string {
  let rule = rules.get(language);
  if (rule === undefined) {
    rule = new Intl.PluralRules(languageFrames[language].tag);
    rules.set(language, rule);
  }
  return `${base}_${rule.select(count)}`;
}

/**
 * The string of plural key `base` in `node` (a catalog object) for `count`; `_other` when the
 * category's key is missing (never for a checked catalog), and the base itself when neither is there.
 */
export function plural(node: object, base: string, count: number, language: UnLanguage): string {
  const table = node as Readonly<Record<string, unknown>>;
  const chosen = table[pluralKey(base, count, language)] ?? table[`${base}_other`];
  return typeof chosen === 'string' ? chosen : base;
}
