/**
 * What the clinician types about one photograph (report section IX: index, date and time, scale,
 * who took it). Drawn by the photograph view with paths relative to the photograph and the scope
 * `findings.photographs.<index>`. The image, its hash and size come from the import; the intimate
 * mark and the lesion links are drawn by that view's own controls (rule E4).
 */
import type { FieldDefinition } from '../model';
import { NAME, SHORT } from './limits';

/** The list the photograph fields are drawn in. */
export const PHOTOGRAPHS_PATH = 'findings.photographs';

/** The fields of one photograph, relative to the photograph. */
export const photographFields: readonly FieldDefinition[] = [
  { path: 'caption', kind: 'text', label: 'findings.photograph.caption', help: 'findings.photograph.help.caption', maxLength: SHORT },
  { path: 'takenAt', kind: 'datetime', label: 'findings.photograph.takenAt', help: 'findings.photograph.help.takenAt', width: 'third' },
  { path: 'takenBy', kind: 'text', label: 'findings.photograph.takenBy', maxLength: NAME, width: 'third' },
  { path: 'scaleInFrame', kind: 'yesno', label: 'findings.photograph.scaleInFrame', help: 'findings.photograph.help.scaleInFrame', width: 'third' },
];
