/** i18next over the shared catalogs. Every user-visible string goes through `t`. */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogs, defaultLanguage, namespaces, supportedLanguages } from '../../shared/i18n';

export async function createI18n(language: string = defaultLanguage): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: catalogs,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    ns: namespaces,
    defaultNS: 'app',
    // React escapes text itself; escaping here too would show "&lt;" to the clinician.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
