/**
 * The referral strings (and the domain's, for vocabularies, rule messages and guidance): i18next gets
 * them with the rest of each loaded language's catalog (renderer/app/i18n.ts); this adds any loaded since.
 */
import type { i18n } from 'i18next';
import { addLoadedStrings } from '../app/i18n';

export function addReferralStrings(instance: i18n): void {
  addLoadedStrings(instance);
}
