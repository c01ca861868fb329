/** PDF date strings (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSS+HH'mm'`. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Formats in UTC, written `+00'00'` (understood by every reader, unlike a bare `Z` in some). */
export function formatPdfDate(date: Date): string {
  return `D:${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}+00'00'`;
}

/** Parses a PDF date to ISO 8601 in UTC, or null. Missing parts default as the standard says. */
export function parsePdfDate(text: string): string | null {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?\s*$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMinutes = sign === '+' || sign === '-' ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const date = new Date(utc - offsetMinutes * 60_000);
  if (Number.isNaN(date.getTime()) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return date.toISOString();
}
