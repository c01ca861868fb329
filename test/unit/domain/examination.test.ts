import { describe, expect, it } from 'vitest';
import { emptyExamination, examinationDraftSchema, examinationSchema, SECTION_IDS, validateExamination } from '../../../shared/domain/examination';
import { validateForFinalisation } from '../../../shared/domain/finalisation';
import { canFinalise } from '../../../shared/domain/rules/evaluate';
import { sectionStatus } from '../../../shared/domain/rules/sectionStatus';
import { buildAdmissionExam, buildMinorExam, buildWomanExam, FIXTURE_CONTEXT, FIXTURE_NOW } from './fixtures';
import { findingsOf, summary } from './helpers';

describe('the complete admission examination fixture', () => {
  it('parses against the clock', () => {
    expect(examinationSchema({ now: FIXTURE_NOW }).safeParse(buildAdmissionExam()).error?.issues).toBeUndefined();
  });

  it('passes every rule with no finding at all, not even a warning', () => {
    expect(summary(findingsOf(buildAdmissionExam()))).toEqual([]);
  });

  it('can be finalised', () => {
    expect(canFinalise(buildAdmissionExam(), FIXTURE_CONTEXT)).toEqual({ ready: true, blocking: [], warnings: [] });
    expect(validateForFinalisation(buildAdmissionExam(), FIXTURE_CONTEXT).success).toBe(true);
  });

  it('shows every section complete, and the women and juvenile modules not applicable', () => {
    const status = sectionStatus(buildAdmissionExam(), FIXTURE_CONTEXT);
    for (const id of SECTION_IDS) {
      expect(status[id].state, id).toBe(id === 'women' || id === 'juvenile' ? 'not_applicable' : 'complete');
    }
  });

  it.each([
    ['a woman', buildWomanExam()],
    ['a minor', buildMinorExam()],
  ])('has a complete variant for %s with no blocking finding', (_name, exam) => {
    expect(examinationSchema({ now: FIXTURE_NOW }).safeParse(exam).error?.issues).toBeUndefined();
    expect(summary(findingsOf(exam))).toEqual([]);
  });

  it('returns a fresh copy each time, so tests cannot leak changes into each other', () => {
    const a = buildAdmissionExam();
    const b = buildAdmissionExam();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.encounter).not.toBe(b.encounter);
  });
});

describe('a draft', () => {
  it('may be empty apart from its form and schema version', () => {
    const empty = emptyExamination('admission-examination', 3);
    expect(examinationDraftSchema.parse(empty)).toEqual({ schemaVersion: 1, formId: 'admission-examination', formVersion: 3 });
    expect(validateExamination(empty, { now: FIXTURE_NOW }).success).toBe(true);
  });

  it('accepts null and missing answers everywhere', () => {
    const exam = buildAdmissionExam({ encounter: { type: null, timing: null }, identity: { sex: null, languages: null }, consent: { interview: null } });
    expect(examinationDraftSchema.safeParse(exam).success).toBe(true);
  });

  it('cannot be finalised while empty, and says what is missing without crashing', () => {
    const check = canFinalise(emptyExamination('admission-examination', 1), FIXTURE_CONTEXT);
    expect(check.ready).toBe(false);
    expect(check.blocking.map((f) => f.field)).toEqual(expect.arrayContaining(['encounter.type', 'encounter.timing.arrivalAt', 'consent.physicalExam.decision', 'screening.suicideSelfHarm.status', 'consent.copyToPerson.wantsCopy']));
  });

  it('must carry its form id, form version and schema version', () => {
    const result = validateExamination({ formVersion: 1 }, { now: FIXTURE_NOW });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'schemaVersion', messageKey: 'domain.error.schemaVersion', params: {} },
        { path: 'formId', messageKey: 'domain.error.required', params: {} },
      ]),
    );
  });
});
