/** The passphrase strength meter: what it accepts, what it refuses and what advice it gives. */
import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength } from '../../../shared/vault';
import { vault } from '../../../shared/i18n/en/vault';

describe('passphraseStrength', () => {
  it.each([
    ['correct horse battery staple', 4],
    ['tiger lamp ocean violin', 4],
    ['ты мой свет и радость', 4],
    ['Kx9#mQ2$vL7!', 4],
    ['xkqzvbnmwplr', 3],
  ])('accepts %j (score %i)', (passphrase, score) => {
    const result = passphraseStrength(passphrase);
    expect(result.score).toBe(score);
    expect(result.meetsMinimum).toBe(true);
    expect(result.feedbackKeys).toEqual([]);
  });

  it.each<[string, number, string[]]>([
    ['', 0, ['tooShort']],
    ['password', 0, ['tooShort', 'common', 'oneClass']],
    ['Password123!', 0, ['common', 'sequence', 'addWords']],
    ['P@ssw0rd2024', 1, ['common', 'addWords']],
    ['iloveyou2024!', 1, ['common', 'addWords']],
    ['qwertyuiop12', 1, ['common', 'addWords']],
    ['purplemonkey', 1, ['common', 'oneClass', 'addWords']],
    ['aaaaaaaaaaaaaaaa', 0, ['repeated', 'oneClass', 'addWords']],
    ['abcdefghijklmnop', 0, ['common', 'sequence', 'oneClass', 'addWords']],
    ['Summer2024!!', 2, ['common', 'addWords']],
  ])('refuses %j (score %i) and says why', (passphrase, score, feedback) => {
    const result = passphraseStrength(passphrase);
    expect(result.score).toBe(score);
    expect(result.meetsMinimum).toBe(false);
    expect(result.feedbackKeys).toEqual(feedback.map((key) => `vault.strength.feedback.${key}`));
  });

  it('refuses a strong-looking passphrase that is shorter than the minimum', () => {
    const result = passphraseStrength('Tr0ub4dor&3');
    expect(result.score).toBe(4);
    expect(MIN_PASSPHRASE_LENGTH).toBe(12);
    expect(result.meetsMinimum).toBe(false);
    expect(result.feedbackKeys).toEqual(['vault.strength.feedback.tooShort']);
  });

  it('counts characters, not UTF-16 units, and scores more words higher', () => {
    expect(passphraseStrength('😀😀😀😀😀😀').feedbackKeys).toContain('vault.strength.feedback.tooShort');
    const bits = ['tiger lamp', 'tiger lamp ocean', 'tiger lamp ocean violin'].map((p) => passphraseStrength(p).estimatedBits);
    expect(bits).toEqual([...bits].sort((a, b) => a - b));
  });

  it('names only keys that have English text', () => {
    const samples = ['', 'password', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', 'tiger lamp ocean violin', 'Tr0ub4dor&3'];
    for (const { feedbackKeys, labelKey } of samples.map(passphraseStrength)) {
      for (const key of [...feedbackKeys, labelKey]) {
        const text = key.split('.').slice(1).reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], vault);
        expect(typeof text, key).toBe('string');
      }
    }
  });
});
