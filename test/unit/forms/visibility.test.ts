/**
 * What the clinician sees: dependent questions appear when the answer they depend on is given, and
 * `*` in a condition means "some item of the list".
 */
import { describe as group, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { admissionExaminationV1 } from '../../../forms/admissionExamination';
import { allFields, evaluateCondition, valuesAt } from '../../../forms/model';
import { buildAdmissionExam, buildWomanExam, type DeepPatch } from '../domain/fixtures';

const fields = allFields(admissionExaminationV1);

/** Whether the section-level field `pattern` is shown for this record (list item fields: in item `scope`). */
function shown(pattern: string, record: Examination, scope = ''): boolean {
  const entry = fields.find((f) => f.pattern === pattern);
  if (entry === undefined) throw new Error(`no field ${pattern}`);
  return entry.field.visibleWhen === undefined || evaluateCondition(entry.field.visibleWhen, record, scope);
}

const exam = (patch: DeepPatch<Examination>) => buildAdmissionExam(patch);

group('conditions over lists', () => {
  const record = { setting: { personsPresent: [{ role: 'nurse' }, { role: 'police', inSight: true }] } };

  it('valuesAt fans out over the items of a list', () => {
    expect(valuesAt(record, 'setting.personsPresent.*.role')).toEqual(['nurse', 'police']);
    expect(valuesAt(record, 'setting.personsPresent.*.inSight')).toEqual([undefined, true]);
    expect(valuesAt(record, 'setting.missing.*.role')).toEqual([]);
    expect(valuesAt(record, 'setting.personsPresent.1.role')).toEqual(['police']);
  });

  it('a condition with * holds when some item matches, and not for an empty list', () => {
    expect(evaluateCondition({ path: 'setting.personsPresent.*.role', oneOf: ['police'] }, record)).toBe(true);
    expect(evaluateCondition({ path: 'setting.personsPresent.*.role', equals: 'lawyer' }, record)).toBe(false);
    expect(evaluateCondition({ path: 'setting.personsPresent.*.role', equals: 'police' }, { setting: { personsPresent: [] } })).toBe(false);
    expect(evaluateCondition({ not: { path: 'setting.personsPresent.*.role', equals: 'police' } }, { setting: {} })).toBe(true);
  });

  it('paths without * read as before, relative to the item scope or absolute with /', () => {
    expect(evaluateCondition({ path: 'role', equals: 'police' }, record, 'setting.personsPresent.1')).toBe(true);
    expect(evaluateCondition({ path: '/setting.personsPresent.0.role', equals: 'nurse' }, record, 'setting.personsPresent.1')).toBe(true);
    expect(evaluateCondition({ path: 'nothing', equals: null }, record)).toBe(true);
  });
});

group('dependent questions of the admission examination', () => {
  it('the delay reason is always in view', () => {
    expect(shown('encounter.timing.delayReason', exam({}))).toBe(true);
    expect(shown('encounter.timing.delayReason', { schemaVersion: 1, formId: 'admission-examination', formVersion: 1 })).toBe(true);
  });

  it('the reason for an officer’s presence appears when a prison officer or police officer is present', () => {
    expect(shown('setting.securityPresentReason', exam({}))).toBe(false);
    const officer = exam({ setting: { personsPresent: [{ name: null, role: 'nurse' }, { name: null, role: 'prison_officer' }] } });
    expect(shown('setting.securityPresentReason', officer)).toBe(true);
    expect(shown('setting.securityPresentReason', exam({ setting: { personsPresent: [{ name: null, role: 'police' }] } }))).toBe(true);
  });

  it('a refusal or incapacity asks for the reason; a partial consent for its limits and, for the body, the excluded regions', () => {
    for (const decision of ['refused', 'not_capable'] as const) {
      const record = exam({ consent: { physicalExam: { decision } } });
      expect(shown('consent.physicalExam.reason', record), decision).toBe(true);
      expect(shown('consent.physicalExam.limits', record), decision).toBe(false);
    }
    const partial = exam({ consent: { physicalExam: { decision: 'partial' } } });
    expect(shown('consent.physicalExam.limits', partial)).toBe(true);
    expect(shown('consent.physicalExam.excludedRegions', partial)).toBe(true);
    expect(shown('consent.physicalExam.reason', partial)).toBe(false);
    expect(shown('consent.physicalExam.reason', exam({}))).toBe(false);
    expect(shown('juvenile.guardianConsent.reason', exam({ juvenile: { guardianConsent: { decision: 'refused' } } }))).toBe(true);
  });

  it('the time and method of a consent appear once a decision is recorded', () => {
    expect(shown('consent.interview.decidedAt', exam({ consent: { interview: { decision: null } } }))).toBe(false);
    expect(shown('consent.interview.decidedAt', exam({}))).toBe(true);
  });

  it('episodes and the account are asked only when the person alleges ill-treatment; fear of reprisal also when they decline', () => {
    expect(shown('account.episodes', exam({}))).toBe(true);
    const declined = exam({ account: { allegationPresent: 'declined' } });
    expect(shown('account.episodes', declined)).toBe(false);
    expect(shown('account.ownWords', declined)).toBe(false);
    expect(shown('account.fearOfReprisal', declined)).toBe(true);
    expect(shown('account.fearOfReprisal', exam({ account: { allegationPresent: 'no' } }))).toBe(false);
  });

  it('within an episode, the date alone is asked only when the time is not known', () => {
    const record = exam({});
    expect(shown('account.episodes.*.occurredOn', record, 'account.episodes.0')).toBe(false);
    const dayOnly = exam({ account: { episodes: [{ occurredAt: null, occurredOn: '2025-03-08' }] } });
    expect(shown('account.episodes.*.occurredOn', dayOnly, 'account.episodes.0')).toBe(true);
  });

  it('interpreter details appear when one is used; "none available" asks why', () => {
    expect(shown('interpreter.language', exam({}))).toBe(true);
    const none = exam({ interpreter: { status: 'none_available' } });
    expect(shown('interpreter.language', none)).toBe(false);
    expect(shown('interpreter.noneAvailableReason', none)).toBe(true);
    expect(shown('interpreter.noneAvailableReason', exam({}))).toBe(false);
  });

  it('the women-specific answers appear once she answers, not when she declines', () => {
    const woman = buildWomanExam({ women: { pregnancy: { status: 'declined', answer: null, details: null } } });
    expect(shown('women.pregnancy.answer', woman)).toBe(false);
    expect(shown('women.breastfeeding.answer', woman)).toBe(true);
    expect(shown('women.applies', woman)).toBe(false);
    expect(shown('women.applies', exam({}))).toBe(true);
    expect(shown('women.informedOfJudicialRecourse', woman)).toBe(false);
    expect(shown('women.informedOfJudicialRecourse', buildWomanExam({ women: { sexualAbuseDiagnosed: true } }))).toBe(true);
  });

  it('a declined screen hides its questions and asks for the reason', () => {
    const declined = exam({ screening: { suicideSelfHarm: { status: 'declined' } } });
    expect(shown('screening.suicideSelfHarm.riskLevel', declined)).toBe(false);
    expect(shown('screening.suicideSelfHarm.declinedReason', declined)).toBe(true);
    expect(shown('screening.suicideSelfHarm.riskLevel', exam({}))).toBe(true);
  });

  it('the copy of the report: delivery when given, the reason when not', () => {
    expect(shown('consent.copyToPerson.deliveryMethod', exam({}))).toBe(true);
    const notGiven = exam({ consent: { copyToPerson: { copyGiven: false } } });
    expect(shown('consent.copyToPerson.deliveryMethod', notGiven)).toBe(false);
    expect(shown('consent.copyToPerson.notGivenReason', notGiven)).toBe(true);
  });

  it('"do not return to the place of alleged abuse" is asked when there is an allegation', () => {
    expect(shown('outcome.doNotReturnToPlaceOfAbuse', exam({}))).toBe(true);
    expect(shown('outcome.doNotReturnToPlaceOfAbuse', exam({ account: { allegationPresent: 'no' } }))).toBe(false);
  });
});
