import { describe, expect, it } from 'vitest';
import { resolveMessage } from '../../../shared/i18n/messages';
import { interpolate } from '../../../shared/i18n/units';

describe('unit words and counts agree with the number', () => {
  it('Arabic hours and minutes take the form their number needs', () => {
    const text = (hours: number, minutes: number): string => resolveMessage('domain.rule.examDelayed', { hours, minutes, threshold: 24 }, 'ar');
    expect(text(3, 5)).toContain('3 ساعات و5 دقائق');
    expect(text(2, 11)).toContain('ساعتان و11 دقيقة');
    expect(text(30, 1)).toContain('30 ساعة');
    expect(text(3, 5)).toContain('مهلة 24 ساعة');
    expect(text(3, 5)).not.toContain('{{');
  });

  it('plural rule messages pick the CLDR form of the count', () => {
    expect(resolveMessage('domain.rule.noInjuriesContradiction', { count: 1, lesions: 'L1' }, 'en')).toContain('1 lesion is charted');
    expect(resolveMessage('domain.rule.noInjuriesContradiction', { count: 3, lesions: 'L1, L2, L3' }, 'en')).toContain('3 lesions are charted');
    expect(resolveMessage('domain.referralRule.overdue', { count: 2 }, 'ru')).toContain('прошло 2 дня');
    expect(resolveMessage('domain.referralRule.overdue', { count: 5 }, 'ru')).toContain('прошло 5 дней');
    expect(resolveMessage('domain.referralRule.overdue', { count: 21 }, 'ru')).toContain('прошёл 21 день');
    expect(resolveMessage('domain.referralRule.overdue', { count: 2 }, 'ar')).toContain('يومان');
    expect(resolveMessage('domain.referralRule.overdue', { count: 1 }, 'fr')).toContain('1 jour après');
    expect(resolveMessage('domain.rule.restrictionsVsOfficers', { count: 2, names: 'A, B' }, 'es')).toContain('2 agentes (A, B) podían');
    for (const language of ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const) {
      for (const count of [1, 2, 3, 11, 100]) expect(resolveMessage('domain.rule.allegationVsEpisodes', { count }, language)).not.toMatch(/\(s\)|\(es\)|allegationVsEpisodes/);
    }
  });

  it('ages in years agree in Russian and English', () => {
    expect(interpolate('{{years, years}}', { years: 21 }, 'ru')).toBe('21 год');
    expect(interpolate('{{years, years}}', { years: 24 }, 'ru')).toBe('24 года');
    expect(interpolate('{{years, years}}', { years: 1 }, 'en')).toBe('1 year');
    expect(interpolate('{{x}} and {{y, number}}', { x: 'a', y: 2 }, 'en')).toBe('a and 2');
  });
});
