/**
 * Formatting of values for print: message interpolation, dates kept in the local clock time they
 * were recorded in (with their UTC offset, so a court can place them), vocabulary labels, numbers.
 * Pure; no clock, no locale of the machine (the same record prints the same everywhere).
 */
import type { VocabularyName } from '../domain/vocab';
import { formatDateIn, formatDateTimeIn, formatNumberIn } from '../i18n/format';
import type { UnLanguage } from '../i18n/languages';
import { interpolate } from '../i18n/units';
import { R, reportLanguage, VOCAB } from './language';

/**
 * Fills `{{name}}` placeholders, and `{{name, hours}}`-style unit placeholders in the report language
 * (shared/i18n/units.ts); an unknown placeholder stays visible rather than vanishing.
 */
export function fmt(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return interpolate(template, params, reportLanguage());
}

/** English reports print ISO dates and plain numbers, as they always have (other languages: `Intl`). */
function printsIso(language: UnLanguage): boolean {
  return language === 'en';
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `2025-03-10T14:05:00+01:00` → `2025-03-10 14:05 (UTC+01:00)` in English (the form English reports
 * have always printed); in another report language, by `Intl` (`10 mars 2025 à 14:05 (UTC+01:00)`).
 */
export function formatDateTime(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const language = reportLanguage();
  if (!printsIso(language)) return formatDateTimeIn(language, value);
  const match = DATE_TIME.exec(value);
  if (match === null) return value;
  const [, day, time, offset] = match;
  return `${day ?? ''} ${time ?? ''} (UTC${offset === 'Z' ? '' : (offset ?? '')})`;
}

/** A date as printed: ISO (`2025-03-10`) in English, by `Intl` in another report language. */
export function printDate(value: string | null | undefined): string | null {
  const day = formatDate(value);
  const language = reportLanguage();
  return day === null || printsIso(language) ? day : formatDateIn(language, day);
}

/** The calendar date part of an ISO date or datetime, as written (data: ages and days are computed from it). */
export function formatDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? value;
}

/** Minutes between two ISO datetimes, or null when either is missing or unreadable. */
export function minutesBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return null;
  return Math.round((b - a) / 60_000);
}

/** Whole years from a date of birth to a day (both `YYYY-MM-DD…`), or null. */
export function ageInYears(dateOfBirth: string | null | undefined, on: string | null | undefined): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth ?? '');
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(on ?? '');
  if (birth === null || day === null) return null;
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number];
  const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
  const years = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return years >= 0 ? years : null;
}

/** A number as printed: up to two decimals, no trailing zeros; the report language's decimal sign. */
export function formatNumber(value: number): string {
  const language = reportLanguage();
  return printsIso(language) ? String(Math.round(value * 100) / 100) : formatNumberIn(language, value);
}

type VocabCatalog = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The label of a vocabulary code; an unknown code (a newer record) prints as itself. */
export function vocabLabel(name: VocabularyName, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const vocab: VocabCatalog = VOCAB;
  return vocab[name]?.[code] ?? code;
}

/** Labels of a list of codes, joined. */
export function vocabList(name: VocabularyName, codes: readonly string[] | null | undefined): string | null {
  if (!codes || codes.length === 0) return null;
  return codes.map((code) => vocabLabel(name, code) ?? code).join(', ');
}

/** Yes / No for an explicit answer; null when unanswered. */
export function yesNo(value: boolean | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value ? R.value.yes : R.value.no;
}

/** The text if it has visible content, else null. */
export function text(value: string | null | undefined): string | null {
  return value !== null && value !== undefined && value.trim() !== '' ? value : null;
}
