/**
 * The one date and number policy of the screens (issue #15, item 7): every date, time, number,
 * percentage and duration a screen shows is formatted here, by `Intl`, for the UI language. No screen
 * builds a date from `toISOString().slice(…)` or calls `Intl` itself, so the case list, the case page,
 * the overdue dashboard and the verification screen show the same instant the same way.
 *
 * - An instant recorded on this computer (arrival, examination, signing, sending) is shown to the
 *   minute in this computer's time zone: `dateTime`.
 * - An instant that comes from elsewhere (a signature being verified, a certificate's validity) names
 *   its time zone as well, since the reader cannot assume it: `dateTimeZone`.
 * - A calendar date (`YYYY-MM-DD`, a follow-up date) is a day, not an instant: shown as written, never
 *   shifted by a time zone (`calendarDate`); a calendar month (`YYYY-MM`, a statistics month) likewise
 *   (`calendarMonth`).
 * - Numbers use the language's digits and separators (Arabic-Indic digits in Arabic, for example).
 *
 * Form inputs keep their own typed format (`YYYY-MM-DD HH:mm`, renderer/forms/format.ts): what a
 * clinician types is parsed, not formatted.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { languageFrames, unLanguages, type UnLanguage } from '../../shared/i18n/languages';

export interface Formats {
  /** The BCP 47 tag the formats follow (`zh-Hans` for the `zh` UI). */
  readonly locale: string;
  /** An instant to the minute, in this computer's zone: `7 Dec 2026, 14:05`. */
  readonly dateTime: (instant: string | Date) => string;
  /** An instant to the minute with its zone named: `7 Dec 2026, 14:05 UTC`. */
  readonly dateTimeZone: (instant: string | Date) => string;
  /** The day of an instant, in this computer's zone: `7 Dec 2026`. */
  readonly date: (instant: string | Date) => string;
  /** The time of day of an instant: `14:05`. */
  readonly time: (instant: string | Date) => string;
  /** A calendar date `YYYY-MM-DD`, the day as written: `3 May 2026`; anything else shown as given. */
  readonly calendarDate: (day: string) => string;
  /** A calendar month `YYYY-MM`, month and year: `Jan 2026`, `янв. 2026 г.`; anything else shown as given. */
  readonly calendarMonth: (month: string) => string;
  /** A count or a measure: `1,234`, `١٢٣٤`. */
  readonly number: (value: number, options?: { readonly maximumFractionDigits?: number }) => string;
  /** A share given in percent (0–100), to one decimal: `12.5%`. */
  readonly percent: (value: number) => string;
  /** Whole hours and minutes of a duration, as numbers in the UI language, for `{{hours}} h {{minutes}} min`. */
  readonly durationParts: (ms: number) => { readonly hours: string; readonly minutes: string };
  /** Whole hours of a duration (rounded down), for `{{hours}} h`. */
  readonly hours: (hours: number) => string;
}

export interface FormatOptions {
  /** The zone instants are shown in; this computer's unless a test sets one. */
  readonly timeZone?: string;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;

/** The BCP 47 tag for an i18next language code: the UN language's tag, or the code itself. */
export function localeOf(language: string): string {
  return (unLanguages as readonly string[]).includes(language) ? languageFrames[language as UnLanguage].tag : language;
}

function toDate(instant: string | Date): Date {
  return instant instanceof Date ? instant : new Date(instant);
}

export function formatsFor(language: string, options: FormatOptions = {}): Formats {
  const locale = localeOf(language);
  const zone = options.timeZone === undefined ? {} : { timeZone: options.timeZone };
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone });
  // dateStyle/timeStyle cannot be combined with timeZoneName: spell the same fields out.
  const dateTimeZone = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', ...zone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...zone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...zone });
  const calendar = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const calendarMonth = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits);
    if (format === undefined) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
      numbers.set(digits, format);
    }
    return format;
  };
  const safe = (format: Intl.DateTimeFormat, instant: string | Date) => {
    const value = toDate(instant);
    // A stored value that is not a date is shown as it is, never as "Invalid Date".
    return Number.isNaN(value.getTime()) ? String(instant) : format.format(value);
  };

  return {
    locale,
    dateTime: (instant) => safe(dateTime, instant),
    dateTimeZone: (instant) => safe(dateTimeZone, instant),
    date: (instant) => safe(date, instant),
    time: (instant) => safe(time, instant),
    calendarDate: (day) => {
      const m = CALENDAR_DATE.exec(day);
      if (!m) return day;
      const value = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      // `2026-02-31` is not a day: shown as written rather than as 3 March.
      if (value.toISOString().slice(0, 10) !== day) return day;
      return calendar.format(value);
    },
    calendarMonth: (month) => {
      const m = CALENDAR_MONTH.exec(month);
      const index = m ? Number(m[2]) - 1 : -1;
      // `2026-13` is not a month: shown as written rather than as January 2027.
      if (!m || index < 0 || index > 11) return month;
      return calendarMonth.format(new Date(Date.UTC(Number(m[1]), index, 1)));
    },
    number: (value, options) => numberFormat(options?.maximumFractionDigits ?? 2).format(value),
    percent: (value) => percent.format(value / 100),
    durationParts: (ms) => {
      const total = Math.max(0, Math.floor(ms / 60_000));
      return { hours: integer.format(Math.floor(total / 60)), minutes: integer.format(total % 60) };
    },
    hours: (hours) => integer.format(Math.max(0, Math.floor(hours))),
  };
}

/** The formats of the current UI language; they change when the language does. */
export function useFormats(): Formats {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => formatsFor(language), [language]);
}
