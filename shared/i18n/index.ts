/**
 * Message catalogs, as plain data so that the renderer (through i18next), the report builder and the
 * CLI all read the same strings. The registry below lists the languages that have a catalog (of the
 * six of ./languages.ts); each language folder holds one file per namespace, a `meta` saying whether
 * a clinician fluent in the language has reviewed it, and an index.ts that is the same in every
 * folder. English is the source: `CatalogIn<L>` (./shape.ts) derives each language's shape from it,
 * with that language's plural categories, so a missing key is a type error at the registry, and
 * ./check.ts (run by the tests and before every build) also catches extra keys and changed
 * placeholders.
 *
 * Only this folder and forms/i18n import a catalog of one language (lint: attest/i18n); everything
 * else takes a `Language` and looks its catalog up here.
 */
import * as arFolder from './ar';
import * as enFolder from './en';
import * as esFolder from './es';
import * as frFolder from './fr';
import * as ruFolder from './ru';
import * as zhFolder from './zh';
import { unLanguages, type CatalogMeta, type UnLanguage } from './languages';
import type { Shape, ShapeIn } from './shape';

/** English, the source every other catalog is translated from (and the shape they follow). */
export const en = enFolder.catalog;
type English = typeof en;

/** Language `L`'s catalog: English's keys, with `L`'s plural categories. */
export type CatalogIn<L extends UnLanguage> = ShapeIn<English, L>;
/**
 * The dot paths of a catalog group's messages (`verify.label.file`); a plural message by its base
 * (`render.invalid`, from `render.invalid_one` / `render.invalid_other`).
 */
export type MessagePath<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? (K extends `${infer B}_other` ? `${P}${B}` : K extends `${string}_${'zero' | 'one' | 'two' | 'few' | 'many'}` ? never : `${P}${K}`) : MessagePath<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A message of the command line's catalog group (`cli`), by its dot path. */
export type CliMessageKey = MessagePath<English['cli']>;
/** What every language's catalog has: English's keys without the plural ones (read those with `plural()`). */
export type Catalog = Shape<English, never>;

/** A language folder as shared/i18n/<lang>/index.ts exports it. */
type Folder<L extends UnLanguage> = { readonly catalog: CatalogIn<L>; readonly meta: CatalogMeta };

/** The registered languages: add a line per language folder (and its import above). */
const registry = {
  ar: arFolder,
  zh: zhFolder,
  en: enFolder,
  fr: frFolder,
  ru: ruFolder,
  es: esFolder,
} satisfies { readonly [L in UnLanguage]?: Folder<L> };

export type Language = keyof typeof registry;
export const defaultLanguage = 'en' satisfies Language;
/** The registered languages, in the order of ./languages.ts. */
export const supportedLanguages: readonly Language[] = unLanguages.filter((code): code is Language => Object.hasOwn(registry, code));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

function byLanguage<T>(pick: (folder: { readonly catalog: Catalog; readonly meta: CatalogMeta }) => T): Readonly<Record<Language, T>> {
  const out: Partial<Record<Language, T>> = {};
  for (const code of supportedLanguages) out[code] = pick(registry[code]);
  return out as Record<Language, T>;
}

export const catalogs: Readonly<Record<Language, Catalog>> = byLanguage((folder) => folder.catalog);
/** Whether each catalog is reviewed (the UI marks unreviewed ones as drafts). */
export const catalogMeta: Readonly<Record<Language, CatalogMeta>> = byLanguage((folder) => folder.meta);
export const namespaces = Object.keys(en) as (keyof Catalog)[];

export { plural, pluralKey } from './plural';
export { languageFrames, pluralCategories, unLanguages, type CatalogMeta, type LanguageFrame, type UnLanguage } from './languages';

/**
 * Loading on demand: every catalog is already here, so these resolve at once. The renderer's build
 * resolves this file to ./lazy.ts (vite.config.ts), where a language's catalog is fetched when asked.
 */
export function isLoaded(language: Language, namespace: keyof Catalog): boolean {
  return Object.hasOwn(catalogs[language], namespace);
}
export function loadedLanguages(): readonly Language[] {
  return supportedLanguages;
}
export function loadStartStrings(language: Language): Promise<void> {
  return loadLanguage(language);
}
export function loadLanguage(language: Language): Promise<void> {
  return isLanguage(language) ? Promise.resolve() : Promise.reject(new Error('Attest: no catalog for this language'));
}
