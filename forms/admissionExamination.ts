/**
 * The admission examination (domain guide B): every section, in the order of the outline.
 * Version 1. Raise the version, and keep this one, whenever a field is added, removed or changes
 * meaning: records name the version they were filled with.
 *
 * The opinion section (report VI, X–XV) joined version 1 without raising it, on purpose. It is a new
 * optional section: drafts filled before it have no `opinion` and still parse, and no existing field
 * moved or changed meaning. Those drafts need it to be finalised (E7 overall opinion, E12
 * declarations), so they must open with it; a frozen version 1 without it could never be
 * finalised. Nothing has been signed with an earlier form (signing arrives with this section), so
 * no printed report changes. From the first signed record on, the rule above holds strictly.
 */
import { SECTION_IDS } from '../shared/domain/examination';
import type { FormDefinition } from './model';
import { sections } from './sections';

export const admissionExaminationV1: FormDefinition = {
  id: 'admission-examination',
  version: 1,
  schema: 'examination',
  title: 'form.admissionExamination',
  sections: SECTION_IDS.map((id) => sections[id]),
};
