/**
 * The review of free text before a referral document is signed (issue #19). Pure.
 *
 * A passage is a free-text value of the record that a document prints (the clinician's
 * conclusions, a lesion's landmarks, a restriction…). For each, the review holds its text as
 * recorded and what the matcher found in it: replacements (the person's identifiers) and flags
 * (what looks identifying but matched nothing known). The clinician's decisions (withhold a passage
 * whole, withhold a value wherever it occurs, withhold one occurrence) are applied to the record's
 * copy before the document is built, so the document prints exactly what the review showed.
 */
import type { Examination } from '../domain/examination';
import { vocabularies } from '../domain/vocab';
import { applyMatches, settle, type IdentifierMatcher, type TextMatch } from './identifiers';

/** What the clinician decided in the review. Paths are record paths (`opinion.conclusions`). */
export interface ReviewDecisions {
  /** Passages withheld whole. */
  readonly withheld?: readonly string[];
  /** Values withheld wherever they occur in the document (a selected word or phrase). */
  readonly terms?: readonly string[];
  /** Single occurrences withheld: offsets into a passage's text as recorded. */
  readonly spans?: readonly { readonly path: string; readonly start: number; readonly end: number }[];
}

/** One free-text passage the document prints, as the review shows it. */
export interface ReviewPassage {
  /** Where it is in the record. */
  readonly path: string;
  /** The text as recorded. */
  readonly text: string;
  /** Replacements and flags in `text`, in order (offsets into `text`). */
  readonly matches: readonly TextMatch[];
  /** Withheld whole by the clinician. */
  readonly withheld: boolean;
  /** What the document prints for it. */
  readonly printed: string;
}

/** The review of one document: its passages, and how many replacements and flags they hold. */
export interface DocumentReview {
  readonly passages: readonly ReviewPassage[];
  readonly replaced: number;
  readonly flagged: number;
}

/**
 * Keys whose values are not free text: identifiers, codes, hashes, file types; and the structured
 * values typed into fields of their own (names, numbers, institutions), which a document prints by
 * design (or the anonymised copy withholds or keeps on purpose, its sweep still removing the
 * person's identifiers from them).
 */
const NOT_TEXT = new Set([
  'id', 'attachmentId', 'photographId', 'lesionIds', 'sha256', 'formId', 'mime', 'facilityCode', 'chart', 'icd', 'languages', 'takenAtSource', 'schemaVersion',
  'name', 'givenName', 'familyName', 'aliases', 'idNumber', 'nationality', 'birthplace', 'genderIdentity', 'registrationNo', 'arrivedFromName', 'affiliation', 'unit', 'reference', 'issuedBy', 'contact', 'relationship', 'authority', 'to', 'guardianName', 'takenBy', 'witness', 'drug', 'dose',
]);
/** Structured places: an earlier place of detention is an institution, printed by design. */
const NOT_TEXT_PATH = /^provenance\.priorPlacesOfDetention\.\d+\.place$/;
const ISO = /^\d{4}-\d{2}(?:-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?$/;

let codes: ReadonlySet<string> | null = null;
function vocabularyCodes(): ReadonlySet<string> {
  codes ??= new Set(Object.values(vocabularies as Readonly<Record<string, readonly string[]>>).flat());
  return codes;
}

/**
 * Every free-text value of `exam` with its path, in record order, leaving out codes, dates,
 * identifiers and the `marks` an anonymised copy puts where text was withheld.
 */
export function freeTextValues(exam: Examination, marks: ReadonlySet<string> = new Set()): { readonly path: string; readonly text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (value: unknown, path: string, key: string) => {
    if (NOT_TEXT.has(key)) return;
    if (typeof value === 'string') {
      if (NOT_TEXT_PATH.test(path) || value.trim() === '' || marks.has(value) || ISO.test(value) || (/^[a-z0-9_]+$/.test(value) && vocabularyCodes().has(value))) return;
      out.push({ path, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => { walk(item, `${path}.${String(i)}`, key); });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, k);
    }
  };
  walk(exam, '', '');
  return out;
}

/** A copy of `value` with `next` at `path` (dotted; numbers index arrays). */
export function setPath<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return next as T;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[Number(head)] = setPath(copy[Number(head)], rest.join('.'), next);
    return copy as T;
  }
  const record = (value ?? {}) as Record<string, unknown>;
  return { ...record, [head]: setPath(record[head], rest.join('.'), next) } as T;
}

/**
 * Reviews the free text of `exam` (a copy that is going to be printed) with `matcher` and the
 * clinician's `decisions`: returns each passage's review, and the copy with every replacement made
 * and every withheld passage replaced by `withheldText`.
 */
export function reviewFreeText(
  exam: Examination,
  matcher: IdentifierMatcher,
  decisions: ReviewDecisions,
  marks: { readonly redacted: string; readonly withheldText: string; readonly skip: ReadonlySet<string> },
): { readonly exam: Examination; readonly passages: ReviewPassage[] } {
  const withheld = new Set(decisions.withheld ?? []);
  let copy = exam;
  const passages: ReviewPassage[] = [];
  for (const { path, text } of freeTextValues(exam, marks.skip)) {
    const chosen: TextMatch[] = (decisions.spans ?? [])
      .filter((s) => s.path === path && s.start >= 0 && s.end <= text.length && s.end > s.start)
      .map((s) => ({ start: s.start, end: s.end, action: 'replace', reason: 'term', source: null }));
    const matches = settle(text, [...matcher.scan(text), ...chosen]);
    const isWithheld = withheld.has(path);
    const printed = isWithheld ? marks.withheldText : applyMatches(text, matches, marks.redacted);
    if (printed !== text) copy = setPath(copy, path, printed);
    passages.push({ path, text, matches, withheld: isWithheld, printed });
  }
  return { exam: copy, passages };
}

/** Every string of a model-like value, for checking what a document prints. */
export function allStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) allStrings(item, into);
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) for (const item of Object.values(value)) allStrings(item, into);
  return into;
}

/** The passages a built document prints (the others are not shown in the review), and the counts. */
export function printedPassages(passages: readonly ReviewPassage[], model: unknown): DocumentReview {
  const squash = (s: string) => s.replace(/\s+/gu, ' ').trim();
  const printed = squash(allStrings(model).join('\n'));
  const kept = passages.filter((p) => p.withheld || printed.includes(squash(p.printed).slice(0, 48)));
  return {
    passages: kept,
    replaced: kept.reduce((n, p) => n + p.matches.filter((m) => m.action === 'replace').length, 0),
    flagged: kept.reduce((n, p) => n + p.matches.filter((m) => m.action === 'flag').length, 0),
  };
}
