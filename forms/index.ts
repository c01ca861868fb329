/**
 * Every form definition, by id and version. A stored record names the form id and version it was
 * filled with; `formDefinition(id, version)` returns that exact definition, so old records render and
 * print as they were, while new records use `latestForm(id)`.
 *
 * Versions are append-only: never edit a shipped definition's fields; add version 2 beside it.
 */
import { accountFormV1 } from './accountForm';
import { admissionExaminationV1 } from './admissionExamination';
import { consentFormV1 } from './consentForm';
import type { FormDefinition } from './model';
import { psychologicalFormV1 } from './psychologicalForm';

export { accountFormV1, admissionExaminationV1, consentFormV1, psychologicalFormV1 };
export { fieldForFinding, fieldPathForFinding, patternOf } from './findings';
export { formsCatalogs, type FormsCatalog, type FormsLanguage } from './i18n';
export * from './model';
export { sections } from './sections';
export { LESIONS_PATH, lesionFieldForFinding, lesionFields, lesionScope } from './sections/lesion';
export { PHOTOGRAPHS_PATH, photographFields } from './sections/photograph';

/** Ids of the forms, as records store them. */
export const FORM_IDS = {
  admissionExamination: 'admission-examination',
  consent: 'consent',
  accountOfEvents: 'account-of-events',
  psychologicalEvaluation: 'psychological-evaluation',
} as const;
export type KnownFormId = (typeof FORM_IDS)[keyof typeof FORM_IDS];

/** Every definition ever shipped (all versions). */
export const allFormDefinitions: readonly FormDefinition[] = [admissionExaminationV1, consentFormV1, accountFormV1, psychologicalFormV1];

/** Every version of each form, oldest first. */
export const formsById: Readonly<Record<string, readonly FormDefinition[]>> = Object.freeze(
  allFormDefinitions.reduce<Record<string, FormDefinition[]>>((byId, form) => {
    const versions = byId[form.id] ?? [];
    byId[form.id] = [...versions, form].sort((a, b) => a.version - b.version);
    return byId;
  }, {}),
);

/** The newest version of a form, for a new record; undefined for an unknown id. */
export function latestForm(id: string): FormDefinition | undefined {
  const versions = Object.hasOwn(formsById, id) ? formsById[id] : undefined;
  return versions?.[versions.length - 1];
}

/** The definition a record was filled with; undefined when this build does not know it. */
export function formDefinition(id: string, version: number): FormDefinition | undefined {
  const versions = Object.hasOwn(formsById, id) ? formsById[id] : undefined;
  return versions?.find((form) => form.version === version);
}
