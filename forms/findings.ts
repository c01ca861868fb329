/**
 * Where a rule finding (or a schema issue) is shown in a form. Findings point at a field by its dot
 * path with list indexes (`setting.personsPresent.2.inEarshot`); fields are path patterns with `*`
 * for a list index (`setting.personsPresent.*.inEarshot`). The renderer and the tests both use this
 * mapping, so a finding is never silently dropped.
 *
 * The mapping, in order:
 * 1. the field whose pattern equals the finding's pattern (indexes as `*`);
 * 2. a field that declares the finding's pattern in `showsFindingsAt` (a value the form does not
 *    draw, e.g. the lesion list);
 * 3. a finding about a whole section or object (`account`, `consent.physicalExam`): the first field
 *    inside it, in form order (the section's first question, the item's decision);
 * 4. a finding inside something drawn as one field: the nearest enclosing field;
 * 5. otherwise null: the form has no place for it, and the renderer shows it in the banner of its
 *    section (`sectionOf` in shared/domain/rules/sectionStatus.ts).
 */
import { allFields, pathSegments, type FormDefinition } from './model';

/** The pattern of a concrete path: numeric segments (list indexes) become `*`. */
export function patternOf(path: string): string {
  return pathSegments(path)
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}

/** The field pattern at which a finding about `findingPath` is shown, or null (section banner). */
export function fieldForFinding(form: FormDefinition, findingPath: string): string | null {
  const pattern = patternOf(findingPath);
  const patterns = allFields(form).map(({ field, pattern: own }) => ({ own, shows: field.showsFindingsAt ?? [] }));
  const exact = patterns.find(({ own }) => own === pattern);
  if (exact !== undefined) return exact.own;
  const declared = patterns.find(({ shows }) => shows.includes(pattern));
  if (declared !== undefined) return declared.own;
  const inside = patterns.find(({ own }) => own.startsWith(`${pattern}.`));
  if (inside !== undefined) return inside.own;
  const enclosing = patterns.filter(({ own }) => pattern.startsWith(`${own}.`)).sort((a, b) => b.own.length - a.own.length)[0];
  return enclosing?.own ?? null;
}

/**
 * The concrete path of the field at which a finding is shown: the pattern of `fieldForFinding`
 * with its `*` filled from the finding's own list indexes, in order (a finding on
 * `setting.personsPresent.2.gender` is shown at that person's gender). Null as `fieldForFinding`.
 */
export function fieldPathForFinding(form: FormDefinition, findingPath: string): string | null {
  const target = fieldForFinding(form, findingPath);
  if (target === null) return null;
  const indexes = pathSegments(findingPath).filter((segment) => /^\d+$/.test(segment));
  let next = 0;
  const filled = pathSegments(target).map((segment) => {
    if (segment !== '*') return segment;
    const index = indexes[next];
    next += 1;
    return index ?? segment;
  });
  // A field deeper in a list than the finding (a finding on a whole list, shown at its first item's
  // field) cannot be located in a concrete item: show it at the list itself.
  const star = filled.indexOf('*');
  return star < 0 ? filled.join('.') : filled.slice(0, star).join('.');
}
