/**
 * The strings of the examination screen (the domain catalog: vocabularies, rule and error messages;
 * the form renderer's own strings; the labels of the form definitions, which travel with forms/):
 * i18next gets them with the rest of each loaded language's catalog (renderer/app/i18n.ts); this
 * adds any loaded since.
 */
import type { i18n } from 'i18next';
import { addLoadedStrings } from '../app/i18n';

export function addExaminationStrings(instance: i18n): void {
  addLoadedStrings(instance);
}
