/**
 * The renderer's build of ./index.ts (vite.config.ts resolves every import of shared/i18n/index.ts
 * to this file; the CLI, the tests and the bench keep ./index.ts, which imports every catalog at
 * once). Same exports, but a language's catalog is code-split and fetched on demand: start-up loads
 * the `app` and `vault` namespaces of the UI language (`loadStartStrings`), unlocking or switching
 * the language loads the whole catalog (`loadLanguage`), and the report asks for its document
 * language the same way. English's `app` and `vault` are always here (the fallback language, and the
 * English `message` of a vault error). Reading a namespace that has not been loaded throws, naming it,
 * rather than showing keys.
 */
import { app as enApp } from './en/app';
import { meta as enMeta } from './en/meta';
import { vault as enVault } from './en/vault';
import { meta as arMeta } from './ar/meta';
import { meta as esMeta } from './es/meta';
import { meta as frMeta } from './fr/meta';
import { meta as ruMeta } from './ru/meta';
import { meta as zhMeta } from './zh/meta';
import { unLanguages, type CatalogMeta } from './languages';
import type { Catalog, Language } from './index';

export type { Catalog, CatalogIn, Language } from './index';

type Folder = { readonly catalog: Catalog; readonly meta: CatalogMeta };
type StartStrings = Pick<Catalog, 'app' | 'vault'>;

/** One line per language folder, as ./index.ts's registry (a missing language is a type error). */
const loaders: { readonly [L in Language]: { readonly all: () => Promise<Folder>; readonly start: () => Promise<StartStrings> } } = {
  ar: { all: () => import('./ar/index'), start: async () => ({ app: (await import('./ar/app')).app, vault: (await import('./ar/vault')).vault }) },
  zh: { all: () => import('./zh/index'), start: async () => ({ app: (await import('./zh/app')).app, vault: (await import('./zh/vault')).vault }) },
  en: { all: () => import('./en/index'), start: () => Promise.resolve({ app: enApp, vault: enVault }) },
  fr: { all: () => import('./fr/index'), start: async () => ({ app: (await import('./fr/app')).app, vault: (await import('./fr/vault')).vault }) },
  ru: { all: () => import('./ru/index'), start: async () => ({ app: (await import('./ru/app')).app, vault: (await import('./ru/vault')).vault }) },
  es: { all: () => import('./es/index'), start: async () => ({ app: (await import('./es/app')).app, vault: (await import('./es/vault')).vault }) },
};

export const defaultLanguage = 'en' satisfies Language;
export const supportedLanguages: readonly Language[] = unLanguages.filter((code): code is Language => Object.hasOwn(loaders, code));

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

export const catalogMeta: Readonly<Record<Language, CatalogMeta>> = { ar: arMeta, zh: zhMeta, en: enMeta, fr: frMeta, ru: ruMeta, es: esMeta };
export const namespaces = ['app', 'domain', 'form', 'vault', 'backup', 'findings', 'identity', 'report', 'signing', 'referral', 'trust', 'cli'] as const satisfies readonly (keyof Catalog)[];

/** The namespaces loaded so far, per language. */
const loaded: { [L in Language]?: Partial<Catalog> } = { en: { app: enApp, vault: enVault } };

function catalogOf(language: Language): Catalog {
  return new Proxy({} as Catalog, {
    get(_target, namespace) {
      const found = typeof namespace === 'string' ? (loaded[language] as Record<string, unknown> | undefined)?.[namespace] : undefined;
      if (found === undefined) throw new Error(`Attest: the ${language} catalog's ${String(namespace)} strings are not loaded (loadLanguage first)`);
      return found;
    },
    has(_target, namespace) {
      return typeof namespace === 'string' && Object.hasOwn(loaded[language] ?? {}, namespace);
    },
    ownKeys() {
      return Object.keys(loaded[language] ?? {});
    },
    getOwnPropertyDescriptor(_target, namespace) {
      const value = typeof namespace === 'string' ? (loaded[language] as Record<string, unknown> | undefined)?.[namespace] : undefined;
      return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
    },
  });
}

export const catalogs: Readonly<Record<Language, Catalog>> = { ar: catalogOf('ar'), zh: catalogOf('zh'), en: catalogOf('en'), fr: catalogOf('fr'), ru: catalogOf('ru'), es: catalogOf('es') };

/** Whether `namespace` of `language` is loaded (always, in ./index.ts). */
export function isLoaded(language: Language, namespace: keyof Catalog): boolean {
  return Object.hasOwn(loaded[language] ?? {}, namespace);
}

/** The languages whose whole catalog or start strings are loaded. */
export function loadedLanguages(): readonly Language[] {
  return supportedLanguages.filter((code) => loaded[code] !== undefined);
}

const pending = new Map<string, Promise<void>>();
function once(key: string, load: () => Promise<void>): Promise<void> {
  let found = pending.get(key);
  if (found === undefined) {
    found = load();
    pending.set(key, found);
    // A failed fetch (a file missing on disk) may be tried again.
    found.catch(() => pending.delete(key));
  }
  return found;
}

/** Loads the strings the first screens show (`app`, `vault`) in `language`. */
export function loadStartStrings(language: Language): Promise<void> {
  if (isLoaded(language, 'app') && isLoaded(language, 'vault')) return Promise.resolve();
  return once(`${language}:start`, async () => {
    const strings = await loaders[language].start();
    loaded[language] = { ...strings, ...loaded[language] };
  });
}

/** Loads every namespace of `language`'s catalog. */
export function loadLanguage(language: Language): Promise<void> {
  if (namespaces.every((namespace) => isLoaded(language, namespace))) return Promise.resolve();
  return once(`${language}:all`, async () => {
    const folder = await loaders[language].all();
    loaded[language] = { ...folder.catalog };
  });
}

export { plural, pluralKey } from './plural';
export { languageFrames, pluralCategories, unLanguages, type CatalogMeta, type LanguageFrame, type UnLanguage } from './languages';
