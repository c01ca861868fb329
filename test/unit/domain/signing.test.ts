/**
 * E12 Signing: the signer's identity with registration, the date and place, the declarations and the
 * restrictions statement, and nothing else blocking (the finalisation check).
 */
import { describe, expect, it } from 'vitest';
import { validateForFinalisation } from '../../../shared/domain/finalisation';
import { sectionOf } from '../../../shared/domain/rules/sectionStatus';
import { restrictionsStatement as fromSigning, signingBlockers, type SigningClinician, type SigningContext } from '../../../shared/domain/rules/signing';
import { restrictionsStatement } from '../../../shared/domain/rules/opinion';
import { buildAdmissionExam, FIXTURE_CONTEXT } from './fixtures';
import { englishOf, summary } from './helpers';

const CLINICIAN: SigningClinician = { name: 'Dr Amal Haddad', registrationBody: 'Conseil national de l’Ordre des médecins', registrationNumber: 'MED-12345' };
const CTX: SigningContext = { ...FIXTURE_CONTEXT, place: 'Lyon' };

describe('signingBlockers', () => {
  it('lets the complete fixture be signed by an identified clinician, with a place', () => {
    expect(signingBlockers(buildAdmissionExam(), CLINICIAN, CTX)).toEqual([]);
  });

  it('needs the signer’s name, registration body and number', () => {
    const findings = signingBlockers(buildAdmissionExam(), null, CTX);
    expect(summary(findings)).toEqual([
      'blocking domain.rule.signerNameRequired @signature.clinician.name',
      'blocking domain.rule.signerRegistrationBodyRequired @signature.clinician.registrationBody',
      'blocking domain.rule.signerRegistrationNumberRequired @signature.clinician.registrationNumber',
    ]);
    expect(findings.every((f) => f.ruleId === 'E12' && sectionOf(f.field) === null)).toBe(true);
    for (const finding of findings) englishOf(finding);
  });

  it('takes blank text as missing', () => {
    expect(summary(signingBlockers(buildAdmissionExam(), { ...CLINICIAN, registrationNumber: '  ' }, CTX))).toEqual([
      'blocking domain.rule.signerRegistrationNumberRequired @signature.clinician.registrationNumber',
    ]);
    expect(summary(signingBlockers(buildAdmissionExam(), { name: 'Dr Amal Haddad' }, CTX))).toHaveLength(2);
  });

  it('needs the place of signing', () => {
    for (const place of [undefined, null, '', ' \t']) {
      const ctx: SigningContext = place === undefined ? FIXTURE_CONTEXT : { ...FIXTURE_CONTEXT, place };
      expect(summary(signingBlockers(buildAdmissionExam(), CLINICIAN, ctx)), String(place)).toEqual(['blocking domain.rule.signingPlaceRequired @signature.place']);
    }
  });

  it('needs a real date from the clock, and then says nothing else (no date to check the record against)', () => {
    expect(summary(signingBlockers(buildAdmissionExam({ opinion: null }), CLINICIAN, { now: new Date(Number.NaN), place: 'Lyon' }))).toEqual([
      'blocking domain.rule.signingDateInvalid @signature.date',
    ]);
  });

  it('needs the declarations and the restrictions statement (every examination here is in custody)', () => {
    const exam = buildAdmissionExam({ opinion: { truthfulness: null, examinedFreely: null } });
    expect(summary(signingBlockers(exam, CLINICIAN, CTX))).toEqual([
      'blocking domain.rule.examinedFreelyRequired @opinion.examinedFreely',
      'blocking domain.rule.truthfulnessRequired @opinion.truthfulness',
    ]);
    const unfree = buildAdmissionExam({ opinion: { examinedFreely: false } });
    expect(summary(signingBlockers(unfree, CLINICIAN, CTX))).toEqual(['blocking domain.rule.restrictionsDetailsRequired @opinion.restrictionsDetails']);
  });

  it('lists everything that blocks finalisation, after the signer, the date and the place', () => {
    const exam = buildAdmissionExam({ opinion: { overallConsistency: null }, setting: { restraint: { restrained: true, how: null, why: 'Escort policy' } } });
    const lines = summary(signingBlockers(exam, null, { ...FIXTURE_CONTEXT, place: null }));
    expect(lines.slice(0, 4)).toEqual([
      'blocking domain.rule.signerNameRequired @signature.clinician.name',
      'blocking domain.rule.signerRegistrationBodyRequired @signature.clinician.registrationBody',
      'blocking domain.rule.signerRegistrationNumberRequired @signature.clinician.registrationNumber',
      'blocking domain.rule.signingPlaceRequired @signature.place',
    ]);
    const rest = lines.slice(4);
    expect(rest).toContain('blocking domain.rule.required @setting.restraint.how');
    expect(rest).toContain('blocking domain.rule.overallConsistencyRequired @opinion.overallConsistency');
    expect(rest).toContain('blocking domain.rule.examinedFreelyContradiction @opinion.examinedFreely');
  });

  it('blocks at the same fields as the finalisation check, never fewer', () => {
    const exam = buildAdmissionExam({ opinion: { noFindingOmitted: false }, setting: { personsPresent: [{ name: 'Officer', role: 'police', affiliation: null, gender: 'male', inEarshot: null, inSight: true }] } });
    const finalisation = validateForFinalisation(exam, CTX);
    const expected = finalisation.success ? [] : finalisation.issues.map((i) => `${i.path} ${i.messageKey}`);
    expect(expected.length).toBeGreaterThan(2);
    expect(signingBlockers(exam, CLINICIAN, CTX).map((f) => `${f.field} ${f.messageKey}`).sort()).toEqual(expected.sort());
  });

  it('refuses a record with a value the schema refuses against the clock, at that value', () => {
    const future = buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-03-12T08:00:00+01:00', examStartAt: null, examEndAt: null } } });
    const findings = signingBlockers(future, CLINICIAN, CTX);
    expect(summary(findings)).toContain('blocking domain.rule.invalidAnswer @encounter.timing.arrivalAt');
    expect(findings.every((f) => f.severity === 'blocking')).toBe(true);
  });

  it('offers the restrictions statement for the report too', () => {
    expect(fromSigning).toBe(restrictionsStatement);
  });
});
