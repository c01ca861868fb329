/**
 * The completeness check of a translated catalog against English (issue #15, item 4): no key
 * missing, no key extra, the same `{{placeholders}}` in every string, every plural form CLDR
 * requires for the language, and a `meta` that says whether it is reviewed. Types catch a missing
 * key at the registry; this also sees extra keys and the inside of strings. Run by the unit tests
 * and, through cli/checkCatalogs.ts, before every build, so a broken catalog fails the build and
 * never reaches a user.
 */
import { pluralCategories, unLanguages, type CatalogMeta, type UnLanguage } from './languages';

export interface CatalogProblem {
  readonly language: string;
  /** Dot path of the key (`report.sub.lesions`), or `meta`. */
  readonly path: string;
  readonly problem: 'missing' | 'extra' | 'notText' | 'notGroup' | 'placeholders' | 'pluralForm' | 'meta';
  readonly detail?: string;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The names of the `{{name}}` / `{{name, format}}` placeholders of a string. */
export function placeholders(text: string): Set<string> {
  const out = new Set<string>();
  for (const match of text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)) if (match[1] !== undefined) out.add(match[1]);
  return out;
}

const isGroup = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (names: ReadonlySet<string>): string => [...names].sort().map((n) => `{{${n}}}`).join(' ') || '(none)';

/** Compares `translated` with `english` under `prefix`; problems are added to `out`. */
function compare(language: UnLanguage, english: Readonly<Record<string, unknown>>, translated: Readonly<Record<string, unknown>>, prefix: string, out: CatalogProblem[]): void {
  const at = (key: string): string => (prefix === '' ? key : `${prefix}.${key}`);
  const bases = new Set(Object.keys(english).flatMap((key) => (key.endsWith('_other') ? [key.slice(0, -'_other'.length)] : [])));
  const pluralOf = (key: string): string | null => {
    const base = key.replace(PLURAL_SUFFIX, '');
    return base !== key && bases.has(base) ? base : null;
  };
  const categories = pluralCategories(language);

  for (const [key, value] of Object.entries(english)) {
    if (pluralOf(key) !== null) continue;
    if (!Object.hasOwn(translated, key)) {
      out.push({ language, path: at(key), problem: 'missing' });
      continue;
    }
    const theirs = translated[key];
    if (typeof value === 'string') {
      if (typeof theirs !== 'string') {
        out.push({ language, path: at(key), problem: 'notText' });
        continue;
      }
      const want = placeholders(value);
      const got = placeholders(theirs);
      if (want.size !== got.size || [...want].some((name) => !got.has(name))) out.push({ language, path: at(key), problem: 'placeholders', detail: `English has ${list(want)}, this has ${list(got)}` });
    } else if (isGroup(value)) {
      if (!isGroup(theirs)) out.push({ language, path: at(key), problem: 'notGroup' });
      else compare(language, value, theirs, at(key), out);
    }
  }

  for (const base of bases) {
    // The placeholders of the base: those of any English form. Each form may leave out `count`
    // (Arabic's `_one` and `_two` often do) but no other, and adds none.
    const want = new Set<string>();
    for (const [key, value] of Object.entries(english)) if (pluralOf(key) === base && typeof value === 'string') for (const name of placeholders(value)) want.add(name);
    for (const category of categories) {
      const key = `${base}_${category}`;
      const theirs = translated[key];
      if (typeof theirs !== 'string') {
        out.push({ language, path: at(key), problem: 'pluralForm', detail: `${language} needs the forms ${categories.map((c) => `_${c}`).join(', ')}` });
        continue;
      }
      const got = placeholders(theirs);
      const lacking = [...want].filter((name) => name !== 'count' && !got.has(name));
      const added = [...got].filter((name) => !want.has(name));
      if (lacking.length > 0 || added.length > 0) out.push({ language, path: at(key), problem: 'placeholders', detail: `English has ${list(want)}, this has ${list(got)}` });
    }
  }

  for (const key of Object.keys(translated)) {
    const base = pluralOf(key);
    if (base === null) {
      if (!Object.hasOwn(english, key)) out.push({ language, path: at(key), problem: 'extra' });
      continue;
    }
    const category = key.slice(base.length + 1);
    if (!(categories as readonly string[]).includes(category)) out.push({ language, path: at(key), problem: 'extra', detail: `${language} has no plural category "${category}"` });
  }
}

/** Every problem of `translated` (a catalog, or one namespace) against `english`. */
export function checkCatalog(language: UnLanguage, english: unknown, translated: unknown, prefix = ''): CatalogProblem[] {
  const out: CatalogProblem[] = [];
  if (!isGroup(english) || !isGroup(translated)) return [{ language, path: prefix, problem: 'notGroup' }];
  compare(language, english, translated, prefix, out);
  return out;
}

/** A `meta` must name its language and say whether it is reviewed (and, when it is, by whom). */
export function checkMeta(language: UnLanguage, meta: unknown): CatalogProblem[] {
  const m = (isGroup(meta) ? meta : {}) as Partial<Record<keyof CatalogMeta, unknown>>;
  const problems: string[] = [];
  if (m.language !== language) problems.push(`language is ${JSON.stringify(m.language)}, not "${language}"`);
  if (typeof m.reviewed !== 'boolean') problems.push('reviewed must be true or false');
  if (m.reviewed === true && language !== 'en' && (typeof m.reviewedBy !== 'string' || m.reviewedBy.trim() === '')) problems.push('a reviewed catalog names its reviewer (reviewedBy)');
  return problems.map((detail) => ({ language, path: 'meta', problem: 'meta', detail }));
}

export function isUnLanguage(value: string): value is UnLanguage {
  return (unLanguages as readonly string[]).includes(value);
}

/** One line per problem, for a build log. */
export function describeProblem(p: CatalogProblem): string {
  return `${p.language}: ${p.path}: ${p.problem}${p.detail === undefined ? '' : ` (${p.detail})`}`;
}
