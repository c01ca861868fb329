/**
 * What a form definition is: data, not React code. A definition names its id and version, the
 * schema of the record it fills, and its sections and fields. The renderer (renderer/forms/) draws any
 * definition; shared/domain validates what it produces; each stored record names the form id and
 * version it was filled with, so old records keep rendering and printing as they were.
 */
import type { SectionId } from '../shared/domain/examination';
import type { GatedArea } from '../shared/domain/rules/consent';
import type { VocabularyName } from '../shared/domain/vocab';

/** How a field is entered. */
export type FieldKind =
  /** One line of text. */
  | 'text'
  /** Free text, several lines (an account in the person's own words). */
  | 'textarea'
  | 'number'
  /** A calendar date, `YYYY-MM-DD`. */
  | 'date'
  /** A date and time with the examiner's UTC offset, stored as ISO 8601. */
  | 'datetime'
  /** One value from a vocabulary, as a searchable pick-list. */
  | 'select'
  /** Several values from a vocabulary. */
  | 'multiselect'
  /** An explicit yes or no; unanswered stays null. */
  | 'yesno'
  /** A repeating group of fields (episodes, persons present, medication). */
  | 'list';

/**
 * When a field is shown. Paths are dot paths into the record (absolute, or relative to a list item).
 * A `*` segment stands for every item of a list: the condition holds when it holds for some item
 * (`setting.personsPresent.*.role` oneOf officers: "an officer is present").
 */
export type Condition =
  | { readonly path: string; readonly equals: string | number | boolean | null }
  | { readonly path: string; readonly oneOf: readonly (string | number | boolean)[] }
  | { readonly path: string; readonly answered: boolean }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

export interface FieldDefinition {
  /**
   * Dot path of the value: absolute in a section, relative to the item inside a list. Inside a list
   * item, the empty path is the item itself: a list of plain values (languages, aliases).
   */
  readonly path: string;
  readonly kind: FieldKind;
  /** i18n key of the visible label (namespace `forms`). */
  readonly label: string;
  /** i18n key of the help text shown under the field. */
  readonly help?: string;
  /** For select and multiselect: the vocabulary name in shared/domain/vocab (labels at `domain.vocab.<name>.<code>`). */
  readonly vocabulary?: VocabularyName;
  /**
   * For yesno: the label asks the direct question of a value stored as its negation, so Yes stores
   * false. "Were injuries seen?" over `noInjuriesSeen` reads without a double negative, and stored
   * records keep their meaning.
   */
  readonly asksNegation?: true;
  /**
   * For text: a value of a known kind, entered with a picker of its own. `language`: a BCP 47
   * language tag, found by the language's name in the UI language or by its code.
   */
  readonly input?: 'language';
  /** For number: the unit shown after the input (`mmHg`, `°C`). */
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** For text and textarea: the longest accepted answer (the schema has the final word). */
  readonly maxLength?: number;
  readonly visibleWhen?: Condition;
  /** Locked with this part of the examination until its consent is recorded (domain rule E3). */
  readonly gate?: GatedArea;
  readonly width?: 'full' | 'half' | 'third';
  /** For list: the fields of one item, and the label of the "add" button. */
  readonly item?: readonly FieldDefinition[];
  readonly addLabel?: string;
  /** i18n key of a subheading drawn before this field, to group the questions of a long section. */
  readonly heading?: string;
  /**
   * Rule findings about values this form does not draw, shown at this field instead (path patterns,
   * `*` for a list index). E.g. "injuries seen but no lesion charted" (`findings.lesions`) is shown
   * at the "no injuries seen" answer until the lesion list exists. See forms/findings.ts.
   */
  readonly showsFindingsAt?: readonly string[];
}

export interface SectionDefinition {
  /** The domain section this fills; rules and the outline speak of it by this id. */
  readonly id: SectionId;
  readonly title: string;
  readonly intro?: string;
  /** The whole section is locked until this consent is recorded. */
  readonly gate?: GatedArea;
  readonly fields: readonly FieldDefinition[];
}

export interface FormDefinition {
  /** Stable id, stored in every record (`admission-examination`). */
  readonly id: string;
  /** Raised whenever a field is added, removed or changes meaning. */
  readonly version: number;
  /** The schema the record is validated with. */
  readonly schema: 'examination';
  readonly title: string;
  readonly sections: readonly SectionDefinition[];
}

/** Splits a dot path; numeric segments index arrays. */
export function pathSegments(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** Reads a value at a dot path; undefined when any step is missing. */
export function getAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Returns a copy of `value` with `next` at `path`, creating objects (or arrays, for numeric
 * segments) on the way. The input is never mutated, so React sees every change.
 */
export function setAt<T>(value: T, path: string, next: unknown): T {
  const segments = pathSegments(path);
  const write = (node: unknown, index: number): unknown => {
    if (index === segments.length) return next;
    const key = segments[index] ?? '';
    const isIndex = /^\d+$/.test(key);
    const base: unknown = node !== null && typeof node === 'object' ? node : isIndex ? [] : {};
    if (Array.isArray(base)) {
      const copy: unknown[] = [...(base as unknown[])];
      copy[Number(key)] = write(copy[Number(key)], index + 1);
      return copy;
    }
    const record = base as Record<string, unknown>;
    return { ...record, [key]: write(record[key], index + 1) };
  };
  return write(value, 0) as T;
}

/** Joins a base path and a relative one. */
export function joinPath(base: string, relative: string): string {
  if (base === '') return relative;
  if (relative === '') return base;
  return `${base}.${relative}`;
}

function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Whether a condition holds. `scope` is the path of the list item a relative condition is read from
 * (empty at section level); a path starting with `/` is always absolute.
 */
export function evaluateCondition(condition: Condition, record: unknown, scope = ''): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, record, scope));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, record, scope));
  if ('not' in condition) return !evaluateCondition(condition.not, record, scope);
  const path = condition.path.startsWith('/') ? condition.path.slice(1) : joinPath(scope, condition.path);
  const holds = (value: unknown): boolean => {
    if ('equals' in condition) return (value ?? null) === condition.equals;
    if ('oneOf' in condition) return condition.oneOf.some((option) => option === value);
    return isAnswered(value) === condition.answered;
  };
  return valuesAt(record, path).some(holds);
}

/**
 * The values at a path; a `*` segment fans out over the items of a list (none when the list is
 * empty or missing). Without `*`, exactly one value (possibly undefined), as `getAt`.
 */
export function valuesAt(value: unknown, path: string): unknown[] {
  const segments = pathSegments(path);
  const star = segments.indexOf('*');
  if (star < 0) return [getAt(value, path)];
  const list = getAt(value, segments.slice(0, star).join('.'));
  if (!Array.isArray(list)) return [];
  const rest = segments.slice(star + 1).join('.');
  return (list as unknown[]).flatMap((item) => valuesAt(item, rest));
}

/** Every field of a form, lists flattened, with its absolute path pattern (`*` for a list index). */
export function allFields(form: FormDefinition): { section: SectionDefinition; field: FieldDefinition; pattern: string }[] {
  const out: { section: SectionDefinition; field: FieldDefinition; pattern: string }[] = [];
  const walk = (section: SectionDefinition, fields: readonly FieldDefinition[], base: string) => {
    for (const field of fields) {
      const pattern = joinPath(base, field.path);
      out.push({ section, field, pattern });
      if (field.kind === 'list' && field.item) walk(section, field.item, `${pattern}.*`);
    }
  };
  for (const section of form.sections) walk(section, section.fields, '');
  return out;
}
