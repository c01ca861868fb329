/**
 * The UI language setting, apart from the other settings: start-up reads it before unlock (the
 * unlock screen is drawn in it), and this module keeps that read small (issue #16: the bundle loaded
 * at start does not carry the settings' other schemas). ./settingsRepository.ts stores it.
 */
import { z } from 'zod';
import { unLanguages, type UnLanguage } from '../../../shared/i18n/languages';
import type { AttestDatabase } from '../database';

/**
 * The language of the screens: one of the six UN languages, or null while the clinician has not
 * chosen one (the app then follows the system's language where it has a catalog for it).
 */
export const UiLanguage = z.enum(unLanguages).nullable();

/** The key of the UI language's row: the one setting read before the vault is unlocked. */
export const UI_LANGUAGE_KEY = 'uiLanguage';

/**
 * The stored UI language, read without the vault's keys: start-up and the unlock screen need it
 * before anything is unlocked. Only this one row is read; a damaged value reads as "not chosen".
 */
export async function readUiLanguageSetting(db: AttestDatabase): Promise<UnLanguage | null> {
  const row = await db.settings.get(UI_LANGUAGE_KEY);
  if (row === undefined) return null;
  const parsed = UiLanguage.safeParse(row.value);
  if (parsed.success) return parsed.data;
  // The key only: a settings value is no case data, but a log line needs nothing more.
  console.warn('Attest: a stored setting was not valid; using its default', UI_LANGUAGE_KEY);
  return null;
}
