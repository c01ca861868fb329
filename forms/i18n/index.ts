/**
 * The `forms` namespace of every language. English is complete; French and Spanish must have the
 * same keys (`FormsCatalog` makes a missing or extra key a type error when they are added).
 */
import { formsEn } from './en';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every language's `forms` namespace must have. */
export type FormsCatalog = Widen<typeof formsEn>;

export const formsLanguages = ['en'] as const;
export type FormsLanguage = (typeof formsLanguages)[number];

export const formsCatalogs: Readonly<Record<FormsLanguage, FormsCatalog>> = { en: formsEn };

export { formsEn };
