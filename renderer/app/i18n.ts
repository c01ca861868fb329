/**
 * i18next over the shared catalogs. Every user-visible string goes through `t`. Start-up loads the
 * app shell's strings and the vault's (the first-run and unlock screens come first) in every language
 * the registry has, so that switching the language redraws at once; the examination screen adds its
 * own (domain vocabularies, rule messages, form labels) when it loads, so the case list appears sooner.
 *
 * Whenever the language changes, `<html lang dir>` follows it (renderer/app/languages.ts).
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogs, defaultLanguage, supportedLanguages } from '../../shared/i18n';
import { isUnLanguage } from '../../shared/i18n/languages';
import { formatUnitIn, UNIT_FORMATS, type UnitFormat } from '../../shared/i18n/units';
import { applyDocumentLanguage } from './languages';

export async function createI18n(language: string = defaultLanguage): Promise<i18n> {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(supportedLanguages.map((code) => [code, { app: catalogs[code].app, vault: catalogs[code].vault }]));
  instance.on('languageChanged', (code: string) => {
    if (typeof document !== 'undefined') applyDocumentLanguage(document, code);
  });
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    ns: ['app', 'vault'],
    defaultNS: 'app',
    // React escapes text itself; escaping here too would show "&lt;" to the clinician.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // `{{hours, hours}}`: a number with its unit word agreeing with it (shared/i18n/units.ts).
  for (const format of Object.keys(UNIT_FORMATS) as UnitFormat[]) {
    instance.services.formatter?.add(format, (value: unknown, lng: string | undefined) =>
      typeof value === 'number' && lng !== undefined && isUnLanguage(lng) ? formatUnitIn(lng, value, format) : String(value));
  }
  return instance;
}
