import { describe, expect, it } from 'vitest';
import { supportedLanguages } from '../../../shared/i18n';
import { unLanguages } from '../../../shared/i18n/languages';
import { applyDocumentLanguage, catalogStatus, directionOf, languageChoices, startLanguage } from '../../../renderer/app/languages';

describe('the UI languages offered', () => {
  it('lists the six UN languages in order, each with a catalog marked reviewed or draft, the others unavailable', () => {
    const choices = languageChoices();
    expect(choices.map((c) => c.code)).toEqual([...unLanguages]);
    for (const choice of choices) {
      const registered = (supportedLanguages as readonly string[]).includes(choice.code);
      expect(choice.status === 'unavailable').toBe(!registered);
    }
    expect(catalogStatus('en')).toBe('reviewed');
    expect(choices.find((c) => c.code === 'ar')).toMatchObject({ autonym: 'العربية', direction: 'rtl' });
  });

  it('starts in the stored language, else the first system language with a catalog, else English', () => {
    expect(startLanguage('en', ['fr-FR'])).toBe('en');
    expect(startLanguage(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(startLanguage(null, ['de-DE', 'not a tag'])).toBe('en');
    expect(startLanguage(null, [])).toBe('en');
    // A stored language whose catalog is gone (a backup from a newer version) is not used.
    const missing = unLanguages.find((code) => !(supportedLanguages as readonly string[]).includes(code));
    if (missing !== undefined) expect(startLanguage(missing, [])).toBe('en');
    for (const code of supportedLanguages) expect(startLanguage(null, [`${code}-XX`])).toBe(code);
  });

  it('sets <html lang dir> from the language: right to left for Arabic only', () => {
    const fake = { documentElement: { lang: '', dir: '' } } as unknown as Document;
    applyDocumentLanguage(fake, 'ar');
    expect(fake.documentElement).toMatchObject({ lang: 'ar', dir: 'rtl' });
    applyDocumentLanguage(fake, 'zh');
    expect(fake.documentElement).toMatchObject({ lang: 'zh-Hans', dir: 'ltr' });
    expect(unLanguages.filter((code) => directionOf(code) === 'rtl')).toEqual(['ar']);
  });
});
