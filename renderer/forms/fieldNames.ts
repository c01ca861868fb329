/**
 * What a blocking item calls its field, and where it is: "Consent › Interview — Date and time". A
 * finding's path is first placed at the field that shows it (forms/findings.ts), then named by its
 * section, the subheading it sits under (or the list item it belongs to), and its own label. Pure:
 * i18n keys only, turned into words by the caller.
 */
import { fieldPathForFinding } from '../../forms/findings';
import { joinPath, pathSegments, type FieldDefinition, type FormDefinition, type SectionDefinition } from '../../forms/model';

export interface FieldNaming {
  readonly section: SectionDefinition;
  /** The concrete path of the field that shows the finding (where focus goes). */
  readonly path: string;
  /** Label key (namespace `forms`) of the field. */
  readonly label: string;
  /** Key of the subheading the field is drawn under, if any. */
  readonly group: string | null;
  /** The list item the field belongs to: the list's label key and the item's number (from 1). */
  readonly item: { readonly list: string; readonly number: number } | null;
}

function matches(pattern: string, path: string): boolean {
  const a = pathSegments(pattern);
  const b = pathSegments(path);
  return a.length === b.length && a.every((segment, i) => segment === '*' || segment === b[i]);
}

/** Names the field at which a finding on `findingPath` is shown; null for a path no section owns. */
export function nameField(form: FormDefinition, findingPath: string): FieldNaming | null {
  const section = form.sections.find((s) => s.id === findingPath.split('.')[0]);
  const placed = fieldPathForFinding(form, findingPath) ?? section?.fields[0]?.path ?? null;
  if (placed === null) return null;
  for (const candidate of form.sections) {
    const result: { found: FieldNaming | null } = { found: null };
    const walk = (fields: readonly FieldDefinition[], base: string, item: FieldNaming['item']) => {
      let group: string | null = null;
      for (const field of fields) {
        if (result.found !== null) return;
        if (field.heading !== undefined) group = field.heading;
        const pattern = joinPath(base, field.path);
        if (matches(pattern, placed)) {
          result.found = { section: candidate, path: placed, label: field.label, group: item === null ? group : null, item };
          return;
        }
        if (field.kind === 'list' && field.item) {
          const rest = pathSegments(placed).slice(pathSegments(pattern).length);
          const index = rest[0];
          if (placed.startsWith(`${pattern}.`) && index !== undefined && /^\d+$/.test(index)) {
            walk(field.item, `${pattern}.${index}`, { list: field.label, number: Number(index) + 1 });
          }
        }
      }
    };
    walk(candidate.fields, '', null);
    if (result.found !== null) return result.found;
  }
  return null;
}
