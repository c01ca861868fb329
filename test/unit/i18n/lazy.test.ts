/**
 * The renderer's catalogs load one language at a time (shared/i18n/lazy.ts, forms/i18n/lazy.ts;
 * vite.config.ts resolves the renderer's imports of the index files to them). They must give the same
 * strings as the full registries the CLI and tests use, and a namespace not yet loaded must fail
 * loudly, never read as missing keys.
 */
import { describe, expect, it } from 'vitest';
import * as sync from '../../../shared/i18n';
import * as lazy from '../../../shared/i18n/lazy';
import * as formsSync from '../../../forms/i18n';
import * as formsLazy from '../../../forms/i18n/lazy';

describe('lazy catalogs', () => {
  it('list the same languages and namespaces as the full registry', () => {
    expect(lazy.supportedLanguages).toEqual(sync.supportedLanguages);
    expect([...lazy.namespaces].sort()).toEqual([...sync.namespaces].sort());
    expect(lazy.catalogMeta).toEqual(sync.catalogMeta);
  });

  it('have English start strings at once, and a language only once it is loaded', async () => {
    expect(lazy.catalogs.en.vault).toBe(sync.catalogs.en.vault);
    expect(lazy.isLoaded('fr', 'app')).toBe(false);
    expect(() => lazy.catalogs.fr.app).toThrow(/fr catalog's app strings are not loaded/);
    await lazy.loadStartStrings('fr');
    expect(lazy.catalogs.fr.app).toEqual(sync.catalogs.fr.app);
    expect(lazy.catalogs.fr.vault).toEqual(sync.catalogs.fr.vault);
    expect(() => lazy.catalogs.fr.report).toThrow(/not loaded/);
    await lazy.loadLanguage('fr');
    for (const namespace of lazy.namespaces) expect(lazy.catalogs.fr[namespace]).toEqual(sync.catalogs.fr[namespace]);
    expect(lazy.loadedLanguages()).toEqual(['en', 'fr']);
  });

  it('load one language of the forms strings at a time', async () => {
    expect(formsLazy.isFormsLoaded('ar')).toBe(false);
    expect(() => formsLazy.formsCatalogs.ar).toThrow(/ar forms strings are not loaded/);
    await formsLazy.loadFormsLanguage('ar');
    expect(formsLazy.formsCatalogs.ar).toEqual(formsSync.formsCatalogs.ar);
    expect(formsLazy.isFormsLoaded('ru')).toBe(false);
  });
});
