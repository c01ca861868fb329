/**
 * One structured injury finding (domain guide C; rule E7), as data. The lesion editor draws these
 * fields for one lesion, with paths relative to the lesion (`type`, `lengthCm`) and the scope
 * `findings.lesions.<index>` (see `lesionScope`); the numbered chart mark, the lesion number and the
 * photograph links are drawn by the chart and photograph views, not here. Region, view and side
 * are filled from the chart mark and stay editable.
 *
 * The order is the guide's: what it is, where, size, appearance, age, then the person's attribution
 * and the clinician's consistency opinion.
 */
import { MAX_LESION_CM } from '../../shared/domain/findings';
import { pathSegments, type FieldDefinition } from '../model';
import { NOTE, SHORT } from './limits';

/** The list the lesion fields are drawn in: the lesion at index i has scope `findings.lesions.i`. */
export const LESIONS_PATH = 'findings.lesions';

/** The scope of the lesion at `index`, for `evaluateCondition` and for joining field paths. */
export function lesionScope(index: number): string {
  return `${LESIONS_PATH}.${String(index)}`;
}

const size = (path: 'lengthCm' | 'widthCm' | 'depthCm', extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  path,
  kind: 'number',
  label: `findings.lesion.${path}`,
  unit: 'cm',
  min: 0,
  max: MAX_LESION_CM,
  step: 0.1,
  width: 'third',
  // Not hidden by "not measurable": a size entered before the tick must stay visible to be removed.
  ...extra,
});

/** The fields of one lesion, relative to the lesion. */
export const lesionFields: readonly FieldDefinition[] = [
  { path: 'type', kind: 'select', vocabulary: 'lesionType', label: 'findings.lesion.type', width: 'half' },
  { path: 'typeOther', kind: 'text', label: 'findings.lesion.typeOther', maxLength: SHORT, width: 'half', visibleWhen: { path: 'type', equals: 'other' } },
  { path: 'status', kind: 'select', vocabulary: 'lesionStatus', label: 'findings.lesion.status', width: 'half' },

  { path: 'region', kind: 'select', vocabulary: 'bodyRegion', label: 'findings.lesion.region', help: 'findings.lesion.help.fromChart', width: 'third', heading: 'findings.lesion.heading.where' },
  { path: 'view', kind: 'select', vocabulary: 'lesionView', label: 'findings.lesion.view', help: 'findings.lesion.help.view', width: 'third' },
  { path: 'side', kind: 'select', vocabulary: 'bodySide', label: 'findings.lesion.side', help: 'findings.lesion.help.side', width: 'third' },
  { path: 'landmarks', kind: 'text', label: 'findings.lesion.landmarks', help: 'findings.lesion.help.landmarks', maxLength: SHORT },

  size('lengthCm', { help: 'findings.lesion.help.lengthCm', heading: 'findings.lesion.heading.size' }),
  size('widthCm'),
  size('depthCm'),
  // Asked as "Can it be measured?": No stores notMeasurable = true.
  { path: 'notMeasurable', kind: 'yesno', label: 'findings.lesion.notMeasurable', help: 'findings.lesion.help.notMeasurable', width: 'third', asksNegation: true },
  {
    path: 'notMeasurableReason',
    kind: 'textarea',
    label: 'findings.lesion.notMeasurableReason',
    maxLength: NOTE,
    visibleWhen: { path: 'notMeasurable', equals: true },
  },

  { path: 'shape', kind: 'select', vocabulary: 'lesionShape', label: 'findings.lesion.shape', width: 'half', heading: 'findings.lesion.heading.appearance' },
  { path: 'patternObject', kind: 'text', label: 'findings.lesion.patternObject', help: 'findings.lesion.help.patternObject', maxLength: SHORT, width: 'half', visibleWhen: { path: 'shape', equals: 'patterned' } },
  { path: 'colours', kind: 'multiselect', vocabulary: 'lesionColour', label: 'findings.lesion.colours' },
  { path: 'surface', kind: 'select', vocabulary: 'lesionSurface', label: 'findings.lesion.surface', width: 'third' },
  { path: 'borders', kind: 'select', vocabulary: 'lesionBorders', label: 'findings.lesion.borders', width: 'third' },
  { path: 'level', kind: 'select', vocabulary: 'lesionLevel', label: 'findings.lesion.level', width: 'third' },
  { path: 'pattern', kind: 'textarea', label: 'findings.lesion.pattern', help: 'findings.lesion.help.pattern', maxLength: NOTE, width: 'half' },
  { path: 'associated', kind: 'textarea', label: 'findings.lesion.associated', help: 'findings.lesion.help.associated', maxLength: NOTE, width: 'half' },

  { path: 'ageEstimate', kind: 'select', vocabulary: 'lesionAge', label: 'findings.lesion.ageEstimate', help: 'findings.lesion.help.ageEstimate', width: 'half', heading: 'findings.lesion.heading.age' },
  { path: 'ageNote', kind: 'textarea', label: 'findings.lesion.ageNote', maxLength: NOTE, width: 'half' },

  { path: 'attribution', kind: 'select', vocabulary: 'attribution', label: 'findings.lesion.attribution', help: 'findings.lesion.help.attribution', width: 'half', heading: 'findings.lesion.heading.attribution' },
  { path: 'attributionNote', kind: 'textarea', label: 'findings.lesion.attributionNote', maxLength: NOTE, width: 'half' },
  { path: 'differential', kind: 'textarea', label: 'findings.lesion.differential', help: 'findings.lesion.help.differential', maxLength: NOTE },
  { path: 'consistency', kind: 'select', vocabulary: 'consistency', label: 'findings.lesion.consistency', help: 'findings.lesion.help.consistency', width: 'half' },
  { path: 'rationale', kind: 'textarea', label: 'findings.lesion.rationale', help: 'findings.lesion.help.rationale', maxLength: NOTE, width: 'half' },
];

/**
 * Where the lesion editor shows a rule finding or schema issue about a lesion detail
 * (`findings.lesions.2.consistency`): the lesion's index and the field of `lesionFields`, or null
 * when the path is not a lesion detail drawn here (the whole list, the number, the chart mark).
 */
export function lesionFieldForFinding(findingPath: string): { readonly index: number; readonly field: FieldDefinition } | null {
  const segments = pathSegments(findingPath);
  const [section, list, index, ...rest] = segments;
  if (`${section ?? ''}.${list ?? ''}` !== LESIONS_PATH || index === undefined || !/^\d+$/.test(index) || rest.length === 0) return null;
  const relative = rest.join('.');
  // A colour inside the colour list (`colours.1`) is shown at the colour field.
  const field = lesionFields.find((f) => f.path === relative || relative.startsWith(`${f.path}.`));
  return field === undefined ? null : { index: Number(index), field };
}
