/**
 * i18next over the shared catalogs. Every user-visible string goes through `t`. Start-up loads only
 * the app shell's strings and the vault's (the first-run and unlock screens come first); the
 * examination screen adds its own (domain vocabularies, rule messages, form labels) when it loads, so
 * the case list appears sooner.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogs, defaultLanguage, supportedLanguages } from '../../shared/i18n';

export async function createI18n(language: string = defaultLanguage): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: Object.fromEntries(supportedLanguages.map((code) => [code, { app: catalogs[code].app, vault: catalogs[code].vault }])),
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    ns: ['app', 'vault'],
    defaultNS: 'app',
    // React escapes text itself; escaping here too would show "&lt;" to the clinician.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
