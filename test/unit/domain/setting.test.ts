/** E5 (officer present) and E6 (language and interpreter). */
import { describe, expect, it } from 'vitest';
import type { Interpreter } from '../../../shared/domain/interpreter';
import type { PersonPresent } from '../../../shared/domain/setting';
import { languageRule, needsInterpreter, shareLanguage } from '../../../shared/domain/rules/language';
import { officerPresentRule } from '../../../shared/domain/rules/officers';
import { buildAdmissionExam, FIXTURE_CONTEXT, type DeepPatch } from './fixtures';
import { englishOf, summary } from './helpers';

const officer = (patch: Partial<PersonPresent> = {}): PersonPresent => ({
  name: 'Officer on duty',
  role: 'prison_officer',
  affiliation: 'Reception',
  gender: 'male',
  inEarshot: false,
  inSight: true,
  ...patch,
});

const withPersons = (personsPresent: PersonPresent[], securityPresentReason: string | null = null) => buildAdmissionExam({ setting: { personsPresent, securityPresentReason } });

describe('E5 officer present', () => {
  it.each(['prison_officer', 'police'] as const)('requires a reason when a %s is present', (role) => {
    const findings = officerPresentRule(withPersons([officer({ role })]));
    expect(summary(findings)).toEqual(['blocking domain.rule.officerReasonRequired @setting.securityPresentReason']);
    expect(findings[0]?.params).toEqual({ count: 1 });
    expect(findings[0] && englishOf(findings[0])).toMatch(/Record why/);
  });

  it('is satisfied by a reason', () => {
    expect(officerPresentRule(withPersons([officer()], 'The person had assaulted staff that morning; the officer stood at the door, out of hearing.'))).toEqual([]);
  });

  it('does not take white space as a reason', () => {
    expect(summary(officerPresentRule(withPersons([officer()], ' \t')))).toEqual(['blocking domain.rule.officerReasonRequired @setting.securityPresentReason']);
  });

  it.each(['clinician', 'chaperone', 'interpreter', 'nurse', 'lawyer', 'guardian', 'other'] as const)('needs no reason for a %s', (role) => {
    expect(officerPresentRule(withPersons([officer({ role })]))).toEqual([]);
  });

  it('requires explicit "in earshot" and "in sight" answers for each officer', () => {
    const findings = officerPresentRule(withPersons([officer(), officer({ role: 'police', inEarshot: null, inSight: null })], 'Escort policy'));
    expect(summary(findings)).toEqual(['blocking domain.rule.officerEarshotRequired @setting.personsPresent.1.inEarshot', 'blocking domain.rule.officerSightRequired @setting.personsPresent.1.inSight']);
  });

  it('warns that an officer in earshot will be listed as a restriction', () => {
    expect(summary(officerPresentRule(withPersons([officer({ inEarshot: true })], 'Escort policy')))).toEqual(['warning domain.rule.officerInEarshot @setting.personsPresent.0.inEarshot']);
  });

  it('counts several officers in one reason', () => {
    expect(officerPresentRule(withPersons([officer(), officer({ role: 'police' })]))[0]?.params).toEqual({ count: 2 });
  });
});

describe('E6 language and interpreter', () => {
  const speaking = (languages: string[], interpreter: DeepPatch<Interpreter> = {}) => buildAdmissionExam({ identity: { languages }, interpreter });

  it('matches language tags by their primary language', () => {
    expect(shareLanguage(['fr-CA'], ['fr'])).toBe(true);
    expect(shareLanguage(['AR'], ['ar-MA'])).toBe(true);
    expect(shareLanguage(['ar'], ['fr', 'en'])).toBe(false);
  });

  it('needs no interpreter when a language is shared', () => {
    const exam = speaking(['fr', 'wo'], { status: 'not_needed', name: null, type: null, language: null, confidentialityUndertaking: null });
    expect(needsInterpreter(exam, FIXTURE_CONTEXT)).toBe(false);
    expect(languageRule(exam, FIXTURE_CONTEXT)).toEqual([]);
  });

  it('requires an interpreter, or "none available", when no language is shared', () => {
    for (const status of [null, 'not_needed'] as const) {
      const exam = speaking(['ar'], { status });
      expect(summary(languageRule(exam, FIXTURE_CONTEXT))).toEqual(['blocking domain.rule.interpreterRequired @interpreter.status']);
    }
  });

  it('accepts "none available" only with a reason', () => {
    const none = (noneAvailableReason: string | null) => speaking(['ar'], { status: 'none_available', noneAvailableReason });
    expect(summary(languageRule(none(null), FIXTURE_CONTEXT))).toEqual(['blocking domain.rule.noInterpreterReasonRequired @interpreter.noneAvailableReason']);
    expect(languageRule(none('No Arabic interpreter reachable at night; communicated through written French with difficulty.'), FIXTURE_CONTEXT)).toEqual([]);
  });

  it('prefers the examiner languages of the context (settings) over the record', () => {
    const exam = speaking(['ar'], { status: 'not_needed' });
    expect(needsInterpreter(exam, { ...FIXTURE_CONTEXT, examinerLanguages: ['ar'] })).toBe(false);
    expect(languageRule(exam, { ...FIXTURE_CONTEXT, examinerLanguages: ['ar'] })).toEqual([]);
  });

  it('warns when the examiner languages are unknown and no interpreter was used', () => {
    const exam = buildAdmissionExam({ encounter: { examiner: { languages: [] } }, interpreter: { status: 'not_needed' } });
    expect(needsInterpreter(exam, FIXTURE_CONTEXT)).toBeNull();
    expect(summary(languageRule(exam, FIXTURE_CONTEXT))).toEqual(['warning domain.rule.examinerLanguagesUnknown @encounter.examiner.languages']);
  });

  it('requires the language interpreted', () => {
    expect(summary(languageRule(speaking(['ar'], { language: null }), FIXTURE_CONTEXT))).toEqual(['blocking domain.rule.interpreterLanguageRequired @interpreter.language']);
  });

  it.each(['staff', 'co_detainee'] as const)('warns against a %s interpreter', (type) => {
    expect(summary(languageRule(speaking(['ar'], { type }), FIXTURE_CONTEXT))).toEqual(['warning domain.rule.interpreterNotIndependent @interpreter.type']);
  });

  it('warns when the interpreter gave no confidentiality undertaking', () => {
    expect(summary(languageRule(speaking(['ar'], { confidentialityUndertaking: false }), FIXTURE_CONTEXT))).toEqual([
      'warning domain.rule.interpreterConfidentiality @interpreter.confidentialityUndertaking',
    ]);
  });
});
