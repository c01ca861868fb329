/**
 * The recovery key on paper: it round-trips, reading forgives case, spacing and look-alike letters,
 * and a single mistyped character (or two swapped, or a group out of place) is caught and located.
 */
import { describe, expect, it } from 'vitest';
import { RECOVERY_KEY_BYTES, formatRecoveryKey, parseRecoveryKey } from '../../../shared/vault';
import { vaultErrorOfSync } from './helpers';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function sample(seed: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: RECOVERY_KEY_BYTES }, (_, i) => (seed * 131 + i * 197 + ((seed * i) ^ 0x5a)) & 0xff);
}

describe('recovery key format', () => {
  it('writes 160 bits as 8 groups of 5 Crockford Base32 characters, and reads them back', () => {
    for (const bytes of [new Uint8Array(20), new Uint8Array(20).fill(0xff), sample(1), sample(2), crypto.getRandomValues(new Uint8Array(20))]) {
      const text = formatRecoveryKey(bytes);
      expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(parseRecoveryKey(text)).toEqual(bytes);
    }
    expect(formatRecoveryKey(new Uint8Array(20))).toBe('00001-00002-00003-00004-00005-00006-00007-00008');
    expect(() => formatRecoveryKey(new Uint8Array(16))).toThrow(RangeError);
  });

  it('reads a key typed in lower case, with spaces or none, with O for 0 and I or L for 1', () => {
    const bytes = sample(3);
    const text = formatRecoveryKey(bytes);
    const variants = [
      text.toLowerCase(),
      text.replaceAll('-', ' '),
      text.replaceAll('-', ''),
      ` ${text.replaceAll('-', '  -  ')}\n`,
      text.replaceAll('0', 'O').replaceAll('1', 'I'),
      text.replaceAll('0', 'o').replaceAll('1', 'l'),
      text.replaceAll('-', '\u2013'),
    ];
    for (const typed of variants) expect(parseRecoveryKey(typed), typed).toEqual(bytes);
  });

  it('catches every single mistyped character, at every position, and names its group', () => {
    for (const seed of [4, 5, 6]) {
      const symbols = formatRecoveryKey(sample(seed)).replaceAll('-', '');
      for (let position = 0; position < symbols.length; position += 1) {
        for (const replacement of ALPHABET) {
          if (replacement === symbols[position]) continue;
          const typo = symbols.slice(0, position) + replacement + symbols.slice(position + 1);
          const error = vaultErrorOfSync(() => parseRecoveryKey(typo));
          expect(error.code).toBe('recovery-key-typo');
          expect(error.params).toEqual({ group: Math.floor(position / 5) + 1 });
        }
      }
    }
  });

  it('catches two characters swapped within a group, and a group typed in the wrong place', () => {
    const groups = formatRecoveryKey(sample(7)).split('-');
    groups.forEach((group, g) => {
      for (let i = 0; i < 5; i += 1) {
        for (let j = i + 1; j < 5; j += 1) {
          const chars = Array.from(group);
          if (chars[i] === chars[j]) continue;
          [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
          const typed = groups.map((other, k) => (k === g ? chars.join('') : other)).join('-');
          expect(vaultErrorOfSync(() => parseRecoveryKey(typed)).params).toEqual({ group: g + 1 });
        }
      }
    });
    const swapped = [groups[1], groups[0], ...groups.slice(2)].join('-');
    expect(vaultErrorOfSync(() => parseRecoveryKey(swapped)).code).toBe('recovery-key-typo');
  });

  it('says when characters are missing or extra, and which character is never used', () => {
    const text = formatRecoveryKey(sample(8));
    for (const typed of [text.slice(0, -1), `${text}7`, text.slice(0, 23), '']) {
      const error = vaultErrorOfSync(() => parseRecoveryKey(typed));
      expect(error.code).toBe('recovery-key-length');
      expect(error.message).toMatch(/8 groups of 5 characters/);
    }
    for (const bad of ['U', '!', 'é']) {
      const error = vaultErrorOfSync(() => parseRecoveryKey(text.slice(0, 7) + bad + text.slice(8)));
      expect(error.code).toBe('recovery-key-character');
      expect(error.message).toContain(`"${bad.toUpperCase()}"`);
    }
  });
});
