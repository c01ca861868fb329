/**
 * i18next over the shared catalogs. Every user-visible string goes through `t`. Start-up loads only
 * the UI language's app-shell and vault strings (the first-run and unlock screens come first; issue
 * #16, the bundle loaded at start); unlocking loads the rest of that language's catalog, and choosing
 * another language loads its catalog before i18next switches to it, so no key is ever shown. The
 * report loads its document language's catalog itself (renderer/report/makeReport.ts).
 *
 * Whenever the language changes, `<html lang dir>` follows it (renderer/app/languages.ts).
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isFormsLoaded, loadFormsLanguage, formsCatalogs } from '../../forms/i18n';
import { catalogs, defaultLanguage, isLanguage, isLoaded, loadedLanguages, loadLanguage, loadStartStrings, namespaces, supportedLanguages, type Language } from '../../shared/i18n';
import { isUnLanguage } from '../../shared/i18n/languages';
import { formatUnitIn, UNIT_FORMATS, type UnitFormat } from '../../shared/i18n/units';
import { applyDocumentLanguage } from './languages';

export async function createI18n(language: string = defaultLanguage): Promise<i18n> {
  const instance = i18next.createInstance();
  await loadStartStrings(isLanguage(language) ? language : defaultLanguage);
  instance.on('languageChanged', (code: string) => {
    if (typeof document !== 'undefined') applyDocumentLanguage(document, code);
  });
  await instance.use(initReactI18next).init({
    resources: {},
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    ns: ['app', 'vault'],
    defaultNS: 'app',
    // React escapes text itself; escaping here too would show "&lt;" to the clinician.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  addLoadedStrings(instance);
  // `{{hours, hours}}`: a number with its unit word agreeing with it (shared/i18n/units.ts).
  for (const format of Object.keys(UNIT_FORMATS) as UnitFormat[]) {
    instance.services.formatter?.add(format, (value: unknown, lng: string | undefined) =>
      typeof value === 'number' && lng !== undefined && isUnLanguage(lng) ? formatUnitIn(lng, value, format) : String(value));
  }
  return instance;
}

/** Adds to i18next every namespace loaded so far (of every language loaded) that it does not have yet. */
export function addLoadedStrings(instance: i18n): void {
  for (const language of loadedLanguages()) {
    for (const namespace of namespaces) {
      if (isLoaded(language, namespace) && !instance.hasResourceBundle(language, namespace)) {
        instance.addResourceBundle(language, namespace, catalogs[language][namespace], true, false);
      }
    }
    if (isFormsLoaded(language) && !instance.hasResourceBundle(language, 'forms')) {
      instance.addResourceBundle(language, 'forms', formsCatalogs[language], true, false);
    }
  }
}

/** Loads `language`'s whole catalog (and the forms' strings) and hands it to i18next. */
export async function loadUiLanguage(instance: i18n, language: Language): Promise<void> {
  await Promise.all([loadLanguage(language), loadFormsLanguage(language)]);
  addLoadedStrings(instance);
}

/**
 * Switches the UI to `code` once its strings are in i18next (the screen never shows a key while
 * they load); an unknown code is left to i18next as before.
 */
export async function switchUiLanguage(instance: i18n, code: string): Promise<void> {
  if (isLanguage(code)) await loadUiLanguage(instance, code);
  await instance.changeLanguage(code);
}
