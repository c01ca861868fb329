/**
 * The passphrase meter's advice in the UI language: zxcvbn-ts's own translations where a package
 * exists (English, French, European Spanish, Arabic), ours (./ru/strength.ts, ./zh/strength.ts)
 * for the others. Loaded on demand with the meter (the zxcvbn packages carry their dictionaries).
 */
import type { StrengthSuggestion, StrengthWarning } from '../vault/strength';
import type { Language } from './index';

export interface StrengthTexts {
  readonly warnings: { readonly [K in StrengthWarning]: string };
  readonly suggestions: { readonly [K in StrengthSuggestion]: string };
}

const loaders: { readonly [L in Language]: () => Promise<StrengthTexts> } = {
  ar: async () => (await import('@zxcvbn-ts/language-ar')).translations,
  zh: async () => (await import('./zh/strength')).strength,
  en: async () => (await import('@zxcvbn-ts/language-en')).translations,
  fr: async () => (await import('@zxcvbn-ts/language-fr')).translations,
  ru: async () => (await import('./ru/strength')).strength,
  es: async () => (await import('@zxcvbn-ts/language-es-es')).translations,
};

/** The advice texts for `language` (English for a language this build does not have). */
export function loadStrengthTexts(language: string): Promise<StrengthTexts> {
  const load = Object.hasOwn(loaders, language) ? loaders[language as Language] : loaders.en;
  return load();
}
