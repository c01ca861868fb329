/**
 * The admission examination (domain guide B): every section, in the order of the outline.
 * Version 1. Raise the version, and keep this one, whenever a field is added, removed or changes
 * meaning: records name the version they were filled with.
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
