import { describe, expect, it } from 'vitest';
import { cliText, messageLanguage } from '../../../cli/language';

describe('the CLI message language', () => {
  it('takes --lang, else LC_ALL, LC_MESSAGES, LANG; unknown or C is English', () => {
    expect(messageLanguage('ar', { LANG: 'fr_FR.UTF-8' })).toBe('ar');
    expect(messageLanguage(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(messageLanguage(undefined, { LC_MESSAGES: 'es_ES.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('es');
    expect(messageLanguage(undefined, { LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'es_ES', LANG: 'fr_FR' })).toBe('zh');
    expect(messageLanguage(undefined, { LC_ALL: '', LANG: 'ru_RU.KOI8-R' })).toBe('ru');
    expect(messageLanguage(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(messageLanguage(undefined, { LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(messageLanguage('xx', {})).toBe('en');
  });

  it('counts in each language’s plural forms', () => {
    expect(cliText('ru', 'replacements', { count: 3 })).toBe('3 замены');
    expect(cliText('ru', 'replacements', { count: 5 })).toBe('5 замен');
    expect(cliText('ar', 'flags', { count: 2 })).toBe('تنبيهان');
    expect(cliText('en', 'passages', { count: 1 })).toBe('1 passage printed');
    expect(cliText('fr', 'unknownCommand', { command: 'sing' })).toBe('attest : commande inconnue « sing ».');
  });
});
