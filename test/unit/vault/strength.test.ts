/** The passphrase strength meter (zxcvbn-ts): what it accepts, what it refuses and what advice it gives, in each language. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStrengthMeter, MIN_PASSPHRASE_LENGTH, MIN_PASSPHRASE_SCORE, passphraseStrength, strengthSuggestions, strengthWarnings } from '../../../shared/vault';
import { loadStrengthTexts } from '../../../shared/i18n/strength';
import { supportedLanguages } from '../../../shared/i18n';
import { vault } from '../../../shared/i18n/en/vault';

describe('passphraseStrength', () => {
  // The dictionaries take a few seconds to load on a busy machine.
  beforeAll(async () => {
    await loadStrengthMeter();
  }, 60_000);

  it.each([
    ['correct horse battery staple', 4],
    ['tiger lamp ocean violin', 4],
    ['quiet harbour lantern 42 maple', 4],
    ['ты мой свет и радость', 4],
    ['Kx9#mQ2$vL7!', 4],
    ['xkqzvbnmwplr', 3],
    ['tiger lamp ocean', 3],
  ])('accepts %j (score %i) without advice', async (passphrase, score) => {
    const result = await passphraseStrength(passphrase);
    expect(result.score).toBe(score);
    expect(result.meetsMinimum).toBe(true);
    expect([result.tooShort, result.warning, result.suggestions, result.addWords]).toEqual([false, null, [], false]);
  });

  it.each<[string, number, string | null, string[]]>([
    ['Password123!', 1, 'similarToCommon', ['anotherWord', 'capitalization']],
    ['P@ssw0rd2024', 1, 'similarToCommon', ['anotherWord', 'capitalization', 'l33t']],
    ['qwertyuiop12', 1, 'similarToCommon', ['anotherWord']],
    ['purplemonkey', 1, 'similarToCommon', ['anotherWord']],
    ['aaaaaaaaaaaaaaaa', 0, 'simpleRepeat', ['anotherWord', 'repeated']],
    ['abcdefghijklmnop', 0, 'sequences', ['anotherWord', 'sequences']],
    // The app's own words, and the French, Spanish and Arabic dictionaries, not only English.
    ['attestattest', 0, 'extendedRepeat', ['anotherWord', 'repeated']],
    ['clinicprison', 1, null, ['anotherWord']],
    ['motdepasse123', 2, null, ['anotherWord']],
    ['bonjourmadame', 1, null, ['anotherWord']],
    ['contraseña2024', 1, null, ['anotherWord']],
    ['محمدمحمد1990', 2, 'extendedRepeat', ['anotherWord', 'repeated']],
  ])('refuses %j (score %i) and says why', async (passphrase, score, warning, suggestions) => {
    const result = await passphraseStrength(passphrase);
    expect(result.score).toBe(score);
    expect(result.meetsMinimum).toBe(false);
    expect([result.tooShort, result.warning, result.suggestions, result.addWords]).toEqual([false, warning, suggestions, false]);
  });

  it('refuses what zxcvbn rates 10^8 guesses (its score 3): our minimum is its top score, and we advise more words', async () => {
    for (const passphrase of ['Summer2024!!', 'doctorhospital12']) {
      const result = await passphraseStrength(passphrase);
      expect(result.guessesLog10, passphrase).toBeGreaterThanOrEqual(8);
      expect(result.guessesLog10, passphrase).toBeLessThan(10);
      expect(result.score, passphrase).toBe(MIN_PASSPHRASE_SCORE - 1);
      expect(result.meetsMinimum, passphrase).toBe(false);
      expect(result.addWords, passphrase).toBe(true);
    }
  });

  it('refuses a strong-looking passphrase that is shorter than the minimum, and an empty one', async () => {
    const result = await passphraseStrength('Tr0ub4dor&3');
    expect(result.score).toBe(3);
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
    expect([result.meetsMinimum, result.tooShort, result.addWords]).toEqual([false, true, false]);
    const empty = await passphraseStrength('');
    expect([empty.score, empty.meetsMinimum, empty.tooShort, empty.warning, empty.suggestions]).toEqual([0, false, true, null, []]);
  });

  it('counts characters, not UTF-16 units, and scores more words higher', async () => {
    expect((await passphraseStrength('😀😀😀😀😀😀')).tooShort).toBe(true);
    const guesses = await Promise.all(['tiger lamp', 'tiger lamp ocean', 'tiger lamp ocean violin'].map(async (p) => (await passphraseStrength(p)).guessesLog10));
    expect(guesses).toEqual([...guesses].sort((a, b) => a - b));
    expect(guesses[0]).toBeLessThan(guesses[2] ?? 0);
  });

  it('names only labels that have English text', async () => {
    for (const passphrase of ['', 'password', 'Summer2024!!', 'tiger lamp ocean', 'tiger lamp ocean violin', 'Tr0ub4dor&3']) {
      const { labelKey } = await passphraseStrength(passphrase);
      const text = labelKey.split('.').slice(1).reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], vault);
      expect(typeof text, labelKey).toBe('string');
    }
  });
});

describe('loadStrengthTexts', () => {
  it('has a text for every warning and suggestion in every UI language, in that language', async () => {
    const english = await loadStrengthTexts('en');
    for (const language of supportedLanguages) {
      const texts = await loadStrengthTexts(language);
      for (const key of strengthWarnings) expect(texts.warnings[key], `${language} ${key}`).toMatch(/\S/u);
      for (const key of strengthSuggestions) expect(texts.suggestions[key], `${language} ${key}`).toMatch(/\S/u);
      if (language !== 'en') expect(texts.warnings.similarToCommon, language).not.toBe(english.warnings.similarToCommon);
    }
    expect((await loadStrengthTexts('fr')).warnings.topTen).toMatch(/mot de passe/iu);
    expect((await loadStrengthTexts('ru')).warnings.topTen).toMatch(/пароль|паролей/u);
    expect((await loadStrengthTexts('zh')).warnings.topTen).toMatch(/密码/u);
  });
});
