/**
 * The opinion section of the admission examination: its fields in the order of the report, the
 * consistency scale explained at the overall opinion, the declarations as full statements, and the
 * restrictions details shown exactly when rule E12 asks for them.
 */
import { describe as group, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { evaluateRules } from '../../../shared/domain/rules/evaluate';
import { admissionExaminationV1 } from '../../../forms/admissionExamination';
import { formsEn } from '../../../forms/i18n/en';
import { allFields, evaluateCondition, getAt } from '../../../forms/model';
import { sections } from '../../../forms/sections';
import { opinionSection } from '../../../forms/sections/opinion';
import { buildAdmissionExam, FIXTURE_CONTEXT, type DeepPatch } from '../domain/fixtures';

const field = (path: string) => {
  const found = opinionSection.fields.find((f) => f.path === `opinion.${path}`);
  if (found === undefined) throw new Error(`no field opinion.${path}`);
  return found;
};
const text = (key: string | undefined): string => {
  let node: unknown = formsEn;
  for (const segment of (key ?? '').split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  if (typeof node !== 'string') throw new Error(`no text for ${String(key)}`);
  return node;
};
const shown = (path: string, record: Examination) => {
  const condition = field(path).visibleWhen;
  return condition === undefined || evaluateCondition(condition, record);
};
const exam = (patch: DeepPatch<Examination>) => buildAdmissionExam(patch);

group('the opinion section', () => {
  it('is part of version 1 of the admission examination, between the findings and the outcome', () => {
    expect(admissionExaminationV1.version).toBe(1);
    const ids = admissionExaminationV1.sections.map((s) => s.id);
    expect(ids.slice(ids.indexOf('findings'), ids.indexOf('findings') + 3)).toEqual(['findings', 'opinion', 'outcome']);
    expect(sections.opinion).toBe(opinionSection);
    expect(opinionSection.gate).toBeUndefined();
  });

  it('asks in the order of the report: VI, X, XI, XII, XIII, limitations, XV, declarations', () => {
    expect(opinionSection.fields.map((f) => f.path.replace('opinion.', ''))).toEqual([
      'physicalSymptoms',
      'diagnosticTests',
      'consultations',
      'physicalInterpretation',
      'psychologicalInterpretation',
      'overallConsistency',
      'overallRationale',
      'conclusions',
      'recommendations',
      'limitations',
      'examinedFreely',
      'restrictionsDetails',
      'truthfulness',
      'noFindingOmitted',
    ]);
    expect(opinionSection.fields.filter((f) => f.heading !== undefined).map((f) => text(f.heading))).toEqual([
      'Symptoms and disabilities',
      'Tests and consultations',
      'Interpretation',
      'Opinion, conclusions and recommendations',
      'Restrictions',
      'Declarations',
    ]);
  });

  it('gives every field a help text', () => {
    for (const f of opinionSection.fields) expect(text(f.help), f.path).toMatch(/\p{L}{3}/u);
  });

  it('explains the five levels of the scale at the overall opinion, as at each lesion', () => {
    expect(field('overallConsistency')).toMatchObject({ kind: 'select', vocabulary: 'consistency' });
    const help = text(field('overallConsistency').help);
    for (const level of ['Not consistent with:', 'Consistent with:', 'Highly consistent with:', 'Typical of:', 'Diagnostic of:']) expect(help).toContain(level);
    expect(help).toMatch(/all the evidence together/);
    expect(help).toMatch(/many other possible causes/);
    expect(help).toMatch(/few other possible causes/);
    expect(help).toMatch(/could not have been caused in any way other than the one described/);
  });

  it('states the declarations in full, as yes or no answers', () => {
    expect(field('truthfulness').kind).toBe('yesno');
    expect(field('noFindingOmitted').kind).toBe('yesno');
    expect(field('examinedFreely').kind).toBe('yesno');
    expect(text(field('truthfulness').label)).toBe(
      'I make this report on the basis of facts personally known to me, except those given on information and belief, which I believe to be true; I am willing to testify to its content.',
    );
    expect(text(field('noFindingOmitted').label)).toMatch(/omitted no finding.*adverse to whoever requested/);
    expect(text(field('examinedFreely').label)).toMatch(/freely, independently, in private and without coercion/);
  });
});

group('the restrictions details appear exactly when E12 asks for them', () => {
  const cases: readonly (readonly [string, Examination])[] = [
    ['examined freely, nobody else present', exam({})],
    ['not examined freely', exam({ opinion: { examinedFreely: false } })],
    ['an officer out of hearing and sight', exam({ setting: { personsPresent: [{ name: null, role: 'prison_officer', inEarshot: false, inSight: false }], securityPresentReason: 'Escort' } })],
    ['a police officer in sight', exam({ setting: { personsPresent: [{ name: null, role: 'police', inEarshot: false, inSight: true }], securityPresentReason: 'Escort' } })],
    ['restrained', exam({ setting: { restraint: { restrained: true, how: 'Handcuffs', why: 'Escort' } } })],
    ['restrictions recorded', exam({ setting: { restrictions: { any: true, kinds: ['threats'], details: null } } })],
    ['stale restriction kinds after "no"', exam({ setting: { restrictions: { any: false, kinds: ['threats'], details: null } } })],
    ['no opinion yet', exam({ opinion: null })],
  ];

  it.each(cases)('%s', (_name, record) => {
    const asked = evaluateRules(record, FIXTURE_CONTEXT).some((f) => f.field === 'opinion.restrictionsDetails');
    expect(shown('restrictionsDetails', record)).toBe(asked);
  });

  it('is hidden for the complete fixture and shown once the examination is not free', () => {
    expect(shown('restrictionsDetails', exam({}))).toBe(false);
    expect(shown('restrictionsDetails', exam({ opinion: { examinedFreely: false } }))).toBe(true);
  });
});

group('the complete fixture fills the opinion through the form', () => {
  it('every value of the fixture’s opinion has a visible field, so a form fill reproduces it', () => {
    const record = buildAdmissionExam();
    const patterns = allFields(admissionExaminationV1).filter(({ section }) => section.id === 'opinion');
    const filled = Object.entries(record.opinion ?? {}).filter(([, value]) => value !== null && value !== undefined);
    expect(filled.length).toBeGreaterThan(10);
    for (const [key] of filled) {
      const entry = patterns.find(({ pattern }) => pattern === `opinion.${key}`);
      expect(entry, key).toBeDefined();
      expect(shown(key, record), key).toBe(true);
      expect(getAt(record, `opinion.${key}`)).not.toBeNull();
    }
  });
});
