/**
 * What every section builder uses: rows that print "Not recorded" where Annex IV expects an answer,
 * rows left out when empty, partly recorded values that say what is missing, and the English
 * strings of the report's language (./language.ts). Pure.
 */
import type { Examination } from '../../domain/examination';
import { fmt, text, yesNo } from '../format';
import { R, RR, reportTag } from '../language';
import type { KeyValueRow, ReportBlock } from '../model';

export { R, RR } from '../language';

export type Value = string | null | undefined;

/** Rows whose value is missing print "Not recorded": Annex IV expects an answer there. */
export function required(rows: readonly (readonly [string, Value])[]): KeyValueRow[] {
  return rows.map(([label, value]) => ({ label, value: text(value) ?? R.value.notRecorded }));
}

/** Rows whose value is missing are left out. */
export function optional(rows: readonly (readonly [string, Value])[]): KeyValueRow[] {
  return rows.flatMap(([label, value]) => (text(value) === null ? [] : [{ label, value: value as string }]));
}

export function keyValue(rows: readonly KeyValueRow[]): ReportBlock[] {
  return rows.length === 0 ? [] : [{ kind: 'keyValue', rows }];
}

export function paragraph(value: Value, quote = false): ReportBlock[] {
  const t = text(value);
  return t === null ? [] : [quote ? { kind: 'paragraph', text: t, quote: true } : { kind: 'paragraph', text: t }];
}

export const heading = (t: string): ReportBlock => ({ kind: 'heading', text: t });
export const statement = (t: string): ReportBlock => ({ kind: 'statement', text: t });

/** A sub-heading and its rows, or nothing when there are no rows. */
export function group(title: string, rows: readonly KeyValueRow[]): ReportBlock[] {
  return rows.length === 0 ? [] : [heading(title), ...keyValue(rows)];
}

export const join = (parts: readonly Value[], separator = '; '): string | null => {
  const kept = parts.filter((p): p is string => text(p) !== null);
  return kept.length === 0 ? null : kept.join(separator);
};

/**
 * A value recorded in parts (an interpreter's name, type and language): the parts recorded, then
 * which are missing ("name not recorded"). Null only when no part is recorded: "Not recorded" is
 * for nothing at all.
 */
export function parts(items: readonly (readonly [Value, string])[], separator = ', '): string | null {
  const present = items.map(([value]) => text(value)).filter((v): v is string => v !== null);
  if (present.length === 0) return null;
  const missing = items.filter(([value]) => text(value) === null).map(([, name]) => name);
  const head = present.join(separator);
  return missing.length === 0 ? head : fmt(RR.value.withMissing, { value: head, missing: missing.join(', ') });
}

/** Yes / No, or null. */
export const yn = yesNo;

/** "Yes" / "No" with a detail after it when there is one: "Yes: 2 weeks". */
export function yesNoWith(answer: boolean | null | undefined, detail: Value): string | null {
  const base = yesNo(answer);
  if (base === null) return text(detail);
  return text(detail) === null ? base : `${base}: ${detail ?? ''}`;
}

const LANGUAGE_NAMES = new Map<string, Intl.DisplayNames | null>();

function languageNames(): Intl.DisplayNames | null {
  const tag = reportTag();
  let names = LANGUAGE_NAMES.get(tag);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([tag], { type: 'language' });
    } catch {
      names = null;
    }
    LANGUAGE_NAMES.set(tag, names);
  }
  return names;
}

/** A BCP 47 tag as its name in the report's language with the tag (`Greek (el)`); the tag alone if unknown. */
export function languageName(tag: string): string {
  let name: string | undefined;
  try {
    name = languageNames()?.of(tag);
  } catch {
    name = undefined;
  }
  return name !== undefined && name !== tag ? `${name} (${tag})` : tag;
}

/** Languages as names, joined; null when none. */
export function languages(tags: readonly string[] | null | undefined): string | null {
  return join((tags ?? []).map(languageName), ', ');
}

export function fullName(exam: Examination): string | null {
  return join([exam.identity?.givenName, exam.identity?.familyName], ' ');
}

/** Minutes as "30 h 30 min". */
export function hoursMinutes(minutes: number): string {
  return fmt(R.label.durationValue, { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
