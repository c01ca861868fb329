/**
 * Dates, times and numbers for print and display in a language, by `Intl` with the language's BCP
 * 47 tag (issue #15, item 7). A recorded time is printed in the clock time it was recorded in (its
 * UTC offset follows it), never converted to the machine's zone: the same record prints the same
 * everywhere.
 */
import { languageFrames, type UnLanguage } from './languages';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let format = formats.get(key);
  if (format === undefined) {
    format = make();
    formats.set(key, format);
  }
  return format as T;
}

/** `2025-03-10T14:05:00+01:00` in French: `10 mars 2025 à 14:05 (UTC+01:00)`; unreadable text stays as it is. */
export function formatDateTimeIn(language: UnLanguage, value: string): string {
  const match = DATE_TIME.exec(value);
  if (match === null) return value;
  const [, y, m, d, h, min, offset] = match.map((part, i) => (i >= 1 && i <= 5 ? Number(part) : part)) as [string, number, number, number, number, number, string];
  const tag = languageFrames[language].tag;
  const format = cached(`dt:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' }));
  return `${format.format(Date.UTC(y, m - 1, d, h, min))} (UTC${offset === 'Z' ? '' : offset})`;
}

/** The calendar date of an ISO date or datetime in `language` (`10 mars 2025`); unreadable text stays as it is. */
export function formatDateIn(language: UnLanguage, value: string): string {
  const match = DATE.exec(value);
  if (match === null) return value;
  const tag = languageFrames[language].tag;
  const format = cached(`d:${tag}`, () => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }));
  return format.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** A number with up to two decimals in `language`'s digits and decimal sign, without grouping. */
export function formatNumberIn(language: UnLanguage, value: number): string {
  const tag = languageFrames[language].tag;
  return cached(`n:${tag}`, () => new Intl.NumberFormat(tag, { maximumFractionDigits: 2, useGrouping: false })).format(value);
}
