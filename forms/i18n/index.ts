/**
 * The `forms` namespace of every registered language (the same as shared/i18n's `supportedLanguages`). English is
 * the source; each language's file (forms/i18n/<lang>.ts, exporting `forms<Lang>`) must have its
 * keys, with the language's plural categories (`FormsCatalogIn<L>`: a missing key is a type error
 * here), and shared/i18n/check.ts also catches extra keys and changed placeholders.
 */
import type { UnLanguage } from '../../shared/i18n/languages';
import type { Shape, ShapeIn } from '../../shared/i18n/shape';
import { formsAr } from './ar';
import { formsEn } from './en';
import { formsEs } from './es';
import { formsFr } from './fr';
import { formsRu } from './ru';
import { formsZh } from './zh';

/** Language `L`'s `forms` namespace. */
export type FormsCatalogIn<L extends UnLanguage> = ShapeIn<typeof formsEn, L>;
/** What every language's `forms` namespace has (plural keys aside). */
export type FormsCatalog = Shape<typeof formsEn, never>;

/** One line per registered language (and its import above). */
const registry = {
  ar: formsAr,
  zh: formsZh,
  en: formsEn,
  fr: formsFr,
  ru: formsRu,
  es: formsEs,
} satisfies { readonly [L in UnLanguage]?: FormsCatalogIn<L> };

/** The languages with a `forms` namespace: the completeness test holds them equal to shared/i18n's. */
export type FormsLanguage = keyof typeof registry;
export const formsCatalogs: Readonly<Record<FormsLanguage, FormsCatalog>> = registry;

export { formsEn };

/** Loading on demand: every language is already here (the renderer's build uses ./lazy.ts instead). */
export function isFormsLoaded(language: FormsLanguage): boolean {
  return Object.hasOwn(registry, language);
}
export function loadFormsLanguage(language: FormsLanguage): Promise<void> {
  return isFormsLoaded(language) ? Promise.resolve() : Promise.reject(new Error('Attest: no forms strings for this language'));
}
