import { describe, expect, it } from 'vitest';
import { admissionExaminationV1 } from '../../../forms';
import { nameField } from '../../../renderer/forms/fieldNames';
import { canonicalTag, languageOptions } from '../../../renderer/forms/languageOptions';

describe('what a blocking item calls its field', () => {
  it('names a consent item’s field by its subheading and label, in its section', () => {
    const naming = nameField(admissionExaminationV1, 'consent.interview.decidedAt');
    expect(naming?.section.id).toBe('consent');
    expect(naming?.group).toBe('consent.heading.interview');
    expect(naming?.label).toBe('consent.item.decidedAt');
    expect(naming?.path).toBe('consent.interview.decidedAt');
  });

  it('names the four screens apart by their subheadings', () => {
    const groups = ['infectious', 'mentalHealth', 'suicideSelfHarm', 'substances'].map((s) => nameField(admissionExaminationV1, `screening.${s}.status`)?.group);
    expect(new Set(groups).size).toBe(4);
  });

  it('names a field inside a list item by the list and the item’s number', () => {
    const naming = nameField(admissionExaminationV1, 'identity.languages.1');
    expect(naming?.item).toEqual({ list: 'identity.languages', number: 2 });
    expect(naming?.label).toBe('identity.language');
  });

  it('names a field without a subheading by its label alone', () => {
    expect(nameField(admissionExaminationV1, 'identity.sex')?.group).toBeNull();
  });
});

describe('language options', () => {
  it('finds Ukrainian by its English name and code, recorded languages first', () => {
    const { options } = languageOptions('en', ['fr']);
    expect(options[0]?.value).toBe('fr');
    expect(options.find((o) => o.value === 'uk')?.label).toBe('Ukrainian (uk)');
  });

  it('names languages in the UI language', () => {
    const { options } = languageOptions('fr', []);
    expect(options.find((o) => o.value === 'uk')?.label).toBe('ukrainien (uk)');
  });

  it('accepts a typed tag in its canonical form and refuses a name', () => {
    expect(canonicalTag('fr-ca')).toBe('fr-CA');
    expect(canonicalTag('Ukrainian')).toBeNull();
  });
});
