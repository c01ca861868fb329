/**
 * Form ids and versions are what records store: a record names its form and version, and gets back
 * the exact definition it was filled with.
 */
import { describe as group, expect, it } from 'vitest';
import { emptyExamination, examinationDraftSchema, FormId, FormVersion } from '../../../shared/domain/examination';
import { admissionExaminationV1, allFormDefinitions, FORM_IDS, formDefinition, formsById, latestForm } from '../../../forms';
import { formsCatalogs } from '../../../forms/i18n';
import { supportedLanguages } from '../../../shared/i18n';
import { buildAdmissionExam } from '../domain/fixtures';

group('form registry', () => {
  it('the four forms, version 1, on the examination schema', () => {
    expect(allFormDefinitions.map((f) => [f.id, f.version, f.schema])).toEqual([
      ['admission-examination', 1, 'examination'],
      ['consent', 1, 'examination'],
      ['account-of-events', 1, 'examination'],
      ['psychological-evaluation', 1, 'examination'],
    ]);
    expect(Object.values(FORM_IDS).sort()).toEqual(allFormDefinitions.map((f) => f.id).sort());
  });

  it('every id and version is one a record may store', () => {
    for (const form of allFormDefinitions) {
      expect(FormId.safeParse(form.id).success, form.id).toBe(true);
      expect(FormVersion.safeParse(form.version).success, form.id).toBe(true);
      expect(examinationDraftSchema.safeParse(emptyExamination(form.id, form.version)).success, form.id).toBe(true);
    }
  });

  it('an id and version pair names exactly one definition', () => {
    const pairs = allFormDefinitions.map((f) => `${f.id}@${String(f.version)}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const versions of Object.values(formsById)) {
      expect(versions.map((f) => f.version)).toEqual([...versions.map((f) => f.version)].sort((a, b) => a - b));
    }
  });

  it('a stored record gets back the definition it was filled with', () => {
    const record = buildAdmissionExam();
    expect(formDefinition(record.formId, record.formVersion)).toBe(admissionExaminationV1);
    const fresh = emptyExamination(FORM_IDS.consent, 1);
    expect(formDefinition(fresh.formId, fresh.formVersion)?.sections.map((s) => s.id)).toEqual(['consent']);
  });

  it('a new record uses the latest version; unknown ids and versions give nothing', () => {
    expect(latestForm('admission-examination')).toBe(admissionExaminationV1);
    expect(latestForm('psychological-evaluation')?.id).toBe('psychological-evaluation');
    expect(latestForm('no-such-form')).toBeUndefined();
    expect(latestForm('constructor')).toBeUndefined();
    expect(formDefinition('admission-examination', 2)).toBeUndefined();
    expect(formDefinition('toString', 1)).toBeUndefined();
  });

  it('every language has the forms catalog', () => {
    expect(Object.keys(formsCatalogs)).toEqual([...supportedLanguages]);
  });
});
