/**
 * Conversions between what a clinician types and what a draft stores. Text that does not parse is
 * kept as typed (the schema then says what is wrong at the field): nothing typed is ever dropped.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `+02:00` for a local time `date` (the offset in force on that date, summer time included). */
export function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 with seconds and the local offset: `2026-05-02T08:00:00+02:00`. */
export function toLocalIso(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${offsetOf(date)}`;
}

/** Typed `YYYY-MM-DD HH:mm` (local time) → stored ISO; empty → null; anything else kept as typed. */
export function parseDateTimeInput(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const m = LOCAL_DATE_TIME.exec(trimmed);
  if (!m) return trimmed;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, 0, 0);
  // Reject rollovers (31 February) and times skipped by a clock change: keep the text, the schema flags it.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour || date.getMinutes() !== minute) {
    return trimmed;
  }
  return toLocalIso(date);
}

/** Stored ISO → `YYYY-MM-DD HH:mm` in local time; any other stored text shown as it is. */
export function formatDateTimeInput(value: unknown): string {
  if (typeof value !== 'string') return '';
  if (!ISO_WITH_OFFSET.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Typed number → number; empty → null; anything else kept as typed. Accepts a decimal comma. */
export function parseNumberInput(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const normalised = trimmed.replace(',', '.');
  return /^-?\d+(?:\.\d+)?$/.test(normalised) ? Number(normalised) : trimmed;
}

export function formatNumberInput(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : '';
}

/** Text → string, or null when blank (so "not answered" stays distinguishable from an answer). */
export function parseTextInput(text: string): string | null {
  return text.trim() === '' ? null : text;
}

export function formatTextInput(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Folds case and accents for searching a pick-list ("réfugié" finds "Refugie"). */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');
}
