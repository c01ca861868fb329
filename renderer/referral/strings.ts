/**
 * The referral strings (and the domain's, for vocabularies, rule messages and guidance), added to
 * i18next once by the screens that show them: settings and the case screen's report panel.
 */
import type { i18n } from 'i18next';
import { catalogs, supportedLanguages } from '../../shared/i18n';

export function addReferralStrings(instance: i18n): void {
  for (const language of supportedLanguages) {
    if (!instance.hasResourceBundle(language, 'referral')) instance.addResourceBundle(language, 'referral', catalogs[language].referral);
    if (!instance.hasResourceBundle(language, 'domain')) instance.addResourceBundle(language, 'domain', catalogs[language].domain);
  }
}
