/**
 * The strings of the examination screen, added to i18next when that screen's code loads: the domain
 * catalog (vocabularies, rule and error messages), the form renderer's own strings, and the labels of
 * the form definitions, which travel with forms/.
 */
import type { i18n } from 'i18next';
import { formsCatalogs } from '../../forms/i18n';
import { catalogs, supportedLanguages } from '../../shared/i18n';

export function addExaminationStrings(instance: i18n): void {
  for (const language of supportedLanguages) {
    if (instance.hasResourceBundle(language, 'forms')) continue;
    instance.addResourceBundle(language, 'domain', catalogs[language].domain);
    instance.addResourceBundle(language, 'form', catalogs[language].form);
    instance.addResourceBundle(language, 'findings', catalogs[language].findings);
    instance.addResourceBundle(language, 'signing', catalogs[language].signing);
    instance.addResourceBundle(language, 'referral', catalogs[language].referral);
    instance.addResourceBundle(language, 'forms', formsCatalogs[language]);
  }
}
