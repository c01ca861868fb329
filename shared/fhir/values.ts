/**
 * FHIR R4 primitive values from Attest's (hostile, free) text and ISO times. FHIR's `string` allows
 * no whitespace but space, tab, CR and LF (regex `[ \r\n\t\S]+`) and no empty value; `dateTime`
 * needs seconds and an offset once it has a time; `instant` needs both always.
 */
import { fromHex, toBase64 } from '../bytes';

/**
 * Text as a FHIR string: NFC, every other whitespace or control character (NBSP, line separator,
 * vertical tab, NUL…) a space, trimmed; undefined when nothing visible is left.
 */
export function fhirString(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const cleaned = value.normalize('NFC').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, ' ').replace(/(?![ \r\n\t])\s/gu, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

const DATE_TIME = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T(\d{2}:\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:?\d{2})?)?$/u;

/**
 * An ISO date or date-time as a FHIR `dateTime` (a year, a month and a date stay as they are); a
 * time without seconds gets `:00`, an offset `+hhmm` becomes `+hh:mm`. A time without an offset is
 * cut to its date (FHIR requires the offset and Attest never guesses one). Undefined when unreadable.
 */
export function fhirDateTime(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const match = DATE_TIME.exec(value.trim());
  if (match === null) return undefined;
  const [, date = '', time, seconds, offset] = match;
  if (time === undefined) return date;
  if (offset === undefined) return date;
  const zone = offset === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return `${date}T${time}:${seconds ?? '00'}${zone}`;
}

/** A FHIR `instant` (a full date-time with seconds and offset), or undefined. */
export function fhirInstant(value: string | null | undefined): string | undefined {
  const dt = fhirDateTime(value);
  return dt !== undefined && dt.includes('T') ? dt : undefined;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XHTML. */
export function xhtmlText(value: string): string {
  return value.replace(/[&<>"']/gu, (c) => XML_ESCAPES[c] ?? c);
}

/** A generated narrative: one paragraph per line, text escaped. Undefined when there are no lines. */
export function narrative(lines: readonly string[]): { status: 'generated'; div: string } | undefined {
  if (lines.length === 0) return undefined;
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((line) => `<p>${xhtmlText(line)}</p>`).join('')}</div>` };
}

/** A hexadecimal SHA-256 as an RFC 6920 named-information URI (`ni:///sha-256;<base64url>`). */
export function sha256Uri(hex: string): string {
  const bytes = fromHex(hex);
  if (bytes === null || bytes.length !== 32) throw new RangeError('not a SHA-256');
  return `ni:///sha-256;${toBase64(bytes).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '')}`;
}
