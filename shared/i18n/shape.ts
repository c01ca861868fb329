/**
 * The shape a language's catalog must have, derived from English and aware of plurals: every key
 * English has, except that a plural key (English `name_one` + `name_other`) becomes, in each
 * language, exactly the keys of that language's CLDR plural categories (i18next v26 suffixes):
 * Russian needs `name_one`, `name_few`, `name_many`, `name_other`; Chinese only `name_other`.
 * Extra keys are caught by the completeness check (shared/i18n/check.ts), which also compares
 * placeholders: types cannot see inside strings.
 */
import type { UnLanguage } from './languages';

export type PluralCategory = Intl.LDMLPluralRule;

/**
 * The CLDR plural categories of each language, as types (`pluralCategories()` gives them at run
 * time; test/unit/i18n/completeness.test.ts holds the two equal).
 */
export interface PluralCategoriesOf {
  ar: 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
  zh: 'other';
  en: 'one' | 'other';
  fr: 'one' | 'many' | 'other';
  ru: 'one' | 'few' | 'many' | 'other';
  es: 'one' | 'many' | 'other';
}

/** The plural keys' bases of one level of English: `count` for `count_one` / `count_other`. */
export type PluralBases<T> = { [K in keyof T]: K extends `${infer B}_other` ? B : never }[keyof T];

/** `T`'s shape with plural keys in categories `C`. `C = never`: the keys every language shares. */
export type Shape<T, C extends string> = {
  readonly [K in keyof T as K extends `${PluralBases<T>}_${PluralCategory}` ? never : K]: T[K] extends string ? string : Shape<T[K], C>;
} & { readonly [K in PluralBases<T> & string as `${K}_${C}`]: string };

/** The shape of language `L`'s version of English `T`. */
export type ShapeIn<T, L extends UnLanguage> = Shape<T, PluralCategoriesOf[L]>;
