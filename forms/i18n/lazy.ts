/**
 * The renderer's build of ./index.ts (vite.config.ts resolves imports of forms/i18n/index.ts here;
 * the CLI and the tests keep ./index.ts). Same exports, but a language's `forms` namespace is a chunk
 * of its own, fetched by `loadFormsLanguage` (the renderer loads it with the rest of the language's
 * catalog). Reading one not loaded throws, naming it.
 */
import type { FormsCatalog, FormsLanguage } from './index';

export type { FormsCatalog, FormsCatalogIn, FormsLanguage } from './index';

const loaders: { readonly [L in FormsLanguage]: () => Promise<FormsCatalog> } = {
  ar: async () => (await import('./ar')).formsAr,
  zh: async () => (await import('./zh')).formsZh,
  en: async () => (await import('./en')).formsEn,
  fr: async () => (await import('./fr')).formsFr,
  ru: async () => (await import('./ru')).formsRu,
  es: async () => (await import('./es')).formsEs,
};

const loaded: { [L in FormsLanguage]?: FormsCatalog } = {};

export const formsCatalogs: Readonly<Record<FormsLanguage, FormsCatalog>> = new Proxy({} as Record<FormsLanguage, FormsCatalog>, {
  get(_target, language) {
    const found = typeof language === 'string' ? loaded[language as FormsLanguage] : undefined;
    if (found === undefined) throw new Error(`Attest: the ${String(language)} forms strings are not loaded (loadFormsLanguage first)`);
    return found;
  },
  has(_target, language) {
    return typeof language === 'string' && Object.hasOwn(loaded, language);
  },
});

export function isFormsLoaded(language: FormsLanguage): boolean {
  return Object.hasOwn(loaded, language);
}

const pending = new Map<FormsLanguage, Promise<void>>();
export function loadFormsLanguage(language: FormsLanguage): Promise<void> {
  if (isFormsLoaded(language)) return Promise.resolve();
  let found = pending.get(language);
  if (found === undefined) {
    found = loaders[language]().then((catalog) => { loaded[language] = catalog; });
    pending.set(language, found);
    found.catch(() => pending.delete(language));
  }
  return found;
}
