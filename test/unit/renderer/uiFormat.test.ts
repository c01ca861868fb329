import { describe, expect, it } from 'vitest';
import { formatsFor, localeOf } from '../../../renderer/app/format';

const PARIS = { timeZone: 'Europe/Paris' };

describe('one date and number policy for every screen', () => {
  it('shows an instant on the local clock, to the minute, in the UI language', () => {
    const en = formatsFor('en', PARIS);
    // 08:00 UTC is 10:00 in Paris in May (summer time): the clinician reads the clinic's clock.
    expect(en.dateTime('2026-05-03T08:00:00Z')).toBe('May 3, 2026, 10:00 AM');
    // The same instant written with its offset is the same text: screens never show the stored form.
    expect(en.dateTime('2026-05-03T10:00:00+02:00')).toBe(en.dateTime('2026-05-03T08:00:00Z'));
    expect(formatsFor('fr', PARIS).dateTime('2026-05-03T08:00:00Z')).toBe('3 mai 2026, 10:00');
    expect(formatsFor('es', PARIS).date('2026-05-03T08:00:00Z')).toBe('3 may 2026');
    expect(formatsFor('ru', PARIS).time('2026-05-03T08:00:00Z')).toBe('10:00');
  });

  it('names the zone of an instant that comes from elsewhere', () => {
    expect(formatsFor('en', { timeZone: 'UTC' }).dateTimeZone('2026-05-03T08:00:00.000Z')).toBe('May 3, 2026, 8:00 AM UTC');
    expect(formatsFor('en', PARIS).dateTimeZone('2026-05-03T08:00:00Z')).toBe('May 3, 2026, 10:00 AM GMT+2');
  });

  it('shows a calendar date as the day written, whatever the zone', () => {
    // Midnight UTC is still 2 May in Los Angeles: a follow-up date must not move back a day.
    expect(formatsFor('en', { timeZone: 'America/Los_Angeles' }).calendarDate('2026-05-03')).toBe('May 3, 2026');
    expect(formatsFor('fr', { timeZone: 'Pacific/Auckland' }).calendarDate('2026-05-03')).toBe('3 mai 2026');
  });

  it('shows a calendar month as month and year in the UI language, whatever the zone', () => {
    expect(formatsFor('en', { timeZone: 'America/Los_Angeles' }).calendarMonth('2026-01')).toBe('Jan 2026');
    expect(formatsFor('fr', { timeZone: 'Pacific/Auckland' }).calendarMonth('2026-12')).toBe('déc. 2026');
    expect(formatsFor('ru').calendarMonth('2026-05')).toBe('май 2026 г.');
    expect(formatsFor('zh').calendarMonth('2026-05')).toBe('2026年5月');
    expect(formatsFor('en').calendarMonth('2026-13')).toBe('2026-13');
    expect(formatsFor('en').calendarMonth('2026-00')).toBe('2026-00');
    expect(formatsFor('en').calendarMonth('not_recorded')).toBe('not_recorded');
  });

  it('shows stored text that is not a date as it is, never "Invalid Date"', () => {
    const en = formatsFor('en', PARIS);
    expect(en.dateTime('yesterday')).toBe('yesterday');
    expect(en.calendarDate('2026-02-31')).toBe('2026-02-31');
    expect(en.calendarDate('soon')).toBe('soon');
  });

  it('writes numbers, percentages and durations with the language’s separators', () => {
    expect(formatsFor('en').number(1234.5)).toBe('1,234.5');
    expect(formatsFor('fr').number(1234.5)).toBe('1\u202f234,5');
    expect(formatsFor('ru').number(1234.5)).toBe('1\u00a0234,5');
    expect(formatsFor('en').percent(12.5)).toBe('12.5%');
    expect(formatsFor('fr').percent(12.5)).toBe('12,5\u00a0%');
    expect(formatsFor('en').durationParts(30 * 3_600_000 + 5 * 60_000 + 59_000)).toEqual({ hours: '30', minutes: '5' });
    expect(formatsFor('en').durationParts(-1)).toEqual({ hours: '0', minutes: '0' });
    expect(formatsFor('en').hours(1234.9)).toBe('1,234');
  });

  it('uses the digits the language’s locale data choose', () => {
    const digits = new Intl.NumberFormat('ar').format(72);
    expect(formatsFor('ar').hours(72)).toBe(digits);
    expect(formatsFor('ar').durationParts(72 * 3_600_000).hours).toBe(digits);
  });

  it('formats Chinese as Simplified Chinese', () => {
    expect(localeOf('zh')).toBe('zh-Hans');
    expect(formatsFor('zh').locale).toBe('zh-Hans');
    expect(formatsFor('zh', PARIS).date('2026-05-03T08:00:00Z')).toBe('2026年5月3日');
    expect(localeOf('xx')).toBe('xx');
  });
});
