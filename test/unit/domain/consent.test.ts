/** E3 (consent gates, reasons, limits) and E4 (photographs). */
import { describe, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { consentRule, gates, isRegionExcluded, isSectionLocked } from '../../../shared/domain/rules/consent';
import { canTakePhotographs, photographyRule } from '../../../shared/domain/rules/photography';
import { CONSENT_ITEMS, type ConsentDecision } from '../../../shared/domain/vocab';
import { buildAdmissionExam, buildPhotograph, type DeepPatch } from './fixtures';
import { englishOf, findingsOf, summary } from './helpers';

function withConsent(patch: DeepPatch<NonNullable<Examination['consent']>>): Examination {
  return buildAdmissionExam({ consent: patch });
}

describe('E3 the physical examination is locked until consent is given or partly given', () => {
  it.each<[ConsentDecision | null, boolean, string | null]>([
    ['given', false, null],
    ['partial', false, null],
    ['refused', true, 'domain.gate.consentRefused'],
    ['not_capable', true, 'domain.gate.consentNotCapable'],
    [null, true, 'domain.gate.consentNotRecorded'],
  ])('decision %s → locked %s', (decision, locked, reasonKey) => {
    const exam = withConsent({ physicalExam: { decision, reason: 'Stated reason', limits: 'Not the back' } });
    expect(gates(exam).findings).toEqual({ locked, consent: 'physicalExam', reasonKey });
    expect(isSectionLocked(exam, 'findings')).toBe(locked);
  });

  it('locks when there is no consent section at all', () => {
    const exam = buildAdmissionExam({ consent: null });
    expect(Object.values(gates(exam)).every((g) => g.locked)).toBe(true);
  });

  it('locks photographs and the intimate examination behind the physical examination first', () => {
    const exam = withConsent({ physicalExam: { decision: 'refused', reason: 'Does not want it' }, intimateExam: { decision: 'given' } });
    expect(gates(exam).photographs).toEqual({ locked: true, consent: 'physicalExam', reasonKey: 'domain.gate.physicalExamFirst' });
    expect(gates(exam).intimateExam).toEqual({ locked: true, consent: 'physicalExam', reasonKey: 'domain.gate.physicalExamFirst' });
  });

  it('locks the account and the psychological evaluation until the interview is agreed', () => {
    const exam = withConsent({ interview: { decision: 'refused', reason: 'Fears the officers will read it' } });
    expect(isSectionLocked(exam, 'account')).toBe(true);
    expect(isSectionLocked(exam, 'psychological')).toBe(true);
    expect(isSectionLocked(exam, 'findings')).toBe(false);
  });

  it('never locks the health-needs screening: care is not conditional on the medico-legal examination', () => {
    const exam = buildAdmissionExam({ consent: null });
    expect(isSectionLocked(exam, 'screening')).toBe(false);
    expect(isSectionLocked(exam, 'identity')).toBe(false);
  });

  it('locks samples behind their own consent', () => {
    expect(isSectionLocked(withConsent({ samplesTests: { decision: 'refused', reason: 'No' } }), 'samples')).toBe(true);
    expect(isSectionLocked(buildAdmissionExam(), 'samples')).toBe(false);
  });
});

/** E3 findings about the consent section itself (a refusal also locks sections; that is tested below). */
function aboutConsent(exam: Examination): string[] {
  return summary(consentRule(exam)).filter((line) => line.includes('@consent.'));
}

describe('E3 partial consent limits the chartable regions', () => {
  it('excludes the regions the person did not agree to', () => {
    const exam = withConsent({ physicalExam: { decision: 'partial', excludedRegions: ['genital', 'perineal_anal'] } });
    expect(isRegionExcluded(exam, 'genital')).toBe(true);
    expect(isRegionExcluded(exam, 'upper_back')).toBe(false);
  });

  it('excludes every region when the physical examination is locked', () => {
    expect(isRegionExcluded(withConsent({ physicalExam: { decision: 'refused', reason: 'No' } }), 'upper_back')).toBe(true);
    expect(isRegionExcluded(buildAdmissionExam(), 'upper_back')).toBe(false);
  });
});

describe('E3 a refusal needs a reason', () => {
  it.each(CONSENT_ITEMS)('blocks a refusal of %s without a reason, at its reason field', (item) => {
    const exam = withConsent({ [item]: { decision: 'refused', reason: null } });
    const independent = item === 'physicalExam' ? ['blocking domain.rule.independentExamOfferedRequired @consent.physicalExam.independentExamOffered'] : [];
    expect(aboutConsent(exam)).toEqual([`blocking domain.rule.refusalReasonRequired @consent.${item}.reason`, ...independent]);
  });

  it('asks, after a refused physical examination, whether an independent one was offered (stated in VII and XV)', () => {
    const refused = { decision: 'refused', reason: 'Does not want to undress' } as const;
    expect(aboutConsent(withConsent({ physicalExam: refused }))).toEqual(['blocking domain.rule.independentExamOfferedRequired @consent.physicalExam.independentExamOffered']);
    expect(aboutConsent(withConsent({ physicalExam: { ...refused, independentExamOffered: false } }))).toEqual([]);
  });

  it.each(['not_sought', 'not_applicable'] as const)('records "%s" without a reason, a time or a method, and locks what it gates', (decision) => {
    const exam = buildAdmissionExam({ consent: { samplesTests: { decision, decidedAt: null, method: null, reason: null } } });
    expect(aboutConsent(exam)).toEqual([]);
    expect(findingsOf(exam).filter((f) => f.field.startsWith('consent.samplesTests'))).toEqual([]);
    expect(gates(exam).samples).toMatchObject({ locked: true, reasonKey: decision === 'not_sought' ? 'domain.gate.consentNotSought' : 'domain.gate.consentNotApplicable' });
  });

  it.each(['', '  ', '\n'])('does not take %j as a reason', (reason) => {
    expect(aboutConsent(withConsent({ interview: { decision: 'refused', reason } }))).toEqual(['blocking domain.rule.refusalReasonRequired @consent.interview.reason']);
  });

  it('accepts a refusal with a reason', () => {
    expect(aboutConsent(withConsent({ interview: { decision: 'refused', reason: 'Afraid of reprisals' } }))).toEqual([]);
  });

  it('asks why a person cannot decide', () => {
    expect(aboutConsent(withConsent({ physicalExam: { decision: 'not_capable', reason: null } }))).toEqual([
      'blocking domain.rule.incapacityReasonRequired @consent.physicalExam.reason',
    ]);
  });

  it('asks what a partial consent covers, unless excluded body regions say it', () => {
    expect(summary(consentRule(withConsent({ photography: { decision: 'partial', limits: null } })))).toEqual(['blocking domain.rule.partialConsentLimitsRequired @consent.photography.limits']);
    expect(summary(consentRule(withConsent({ physicalExam: { decision: 'partial', limits: null, excludedRegions: [] } })))).toEqual([
      'blocking domain.rule.partialConsentLimitsRequired @consent.physicalExam.limits',
    ]);
    expect(consentRule(withConsent({ physicalExam: { decision: 'partial', limits: null, excludedRegions: ['genital', 'breast'] } }))).toEqual([]);
  });

  it('has readable English for every consent message', () => {
    const exam = withConsent({ interview: { decision: 'refused', reason: null }, physicalExam: { decision: 'not_capable', reason: null }, photography: { decision: 'partial', limits: null } });
    for (const finding of consentRule(exam)) englishOf(finding);
  });
});

describe('E3 explanations and witnesses', () => {
  it('warns when an item was explicitly not explained', () => {
    expect(summary(consentRule(withConsent({ explained: { rightToIndependentExam: false } })))).toEqual([
      'warning domain.rule.notExplained @consent.explained.rightToIndependentExam',
    ]);
  });

  it('warns when a thumbprint has no witness', () => {
    expect(summary(consentRule(withConsent({ interview: { method: 'thumbprint', witness: null } })))).toEqual(['warning domain.rule.thumbprintWithoutWitness @consent.interview.witness']);
    expect(consentRule(withConsent({ interview: { method: 'thumbprint', witness: 'Léa Martin' } }))).toEqual([]);
  });
});

describe('E3 nothing is recorded behind a locked gate', () => {
  it('leaves findings charted without consent to the physical examination to E19', () => {
    const exam = withConsent({ physicalExam: { decision: 'refused', reason: 'Does not want it', independentExamOffered: true } });
    expect(summary(consentRule(exam))).toEqual([]);
  });

  it('blocks an account recorded without consent to the interview', () => {
    const exam = withConsent({ interview: { decision: null } });
    expect(summary(consentRule(exam))).toEqual(['blocking domain.rule.recordedWithoutConsent @account', 'blocking domain.rule.recordedWithoutConsent @psychological']);
  });

  it('is satisfied once the locked sections are empty', () => {
    const exam = buildAdmissionExam({
      consent: { physicalExam: { decision: 'refused', reason: 'Does not want it', independentExamOffered: true } },
      findings: { noInjuriesSeen: null, lesions: [], photographs: [] },
    });
    expect(consentRule(exam)).toEqual([]);
    // And the findings rule does not ask for an answer the person did not allow.
    expect(summary(findingsOf(exam)).filter((s) => s.includes('@findings'))).toEqual([]);
  });
});

describe('E4 photographs', () => {
  it('are allowed by the complete fixture, intimate images not', () => {
    expect(canTakePhotographs(buildAdmissionExam())).toEqual({ allowed: true, intimateAllowed: false, reasonKey: null, intimateReasonKey: 'domain.gate.intimateImagesNotConsented' });
  });

  it.each(['refused', 'not_capable', null] as const)('are blocked when photo consent is %s', (decision) => {
    const exam = withConsent({ photography: { decision, reason: 'x' } });
    expect(canTakePhotographs(exam).allowed).toBe(false);
    expect(summary(photographyRule(exam))).toEqual([
      'blocking domain.rule.photographWithoutConsent @findings.photographs.0',
      'blocking domain.rule.photographWithoutConsent @findings.photographs.1',
    ]);
  });

  it('are blocked without consent to the physical examination, even with photo consent', () => {
    const exam = buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No' } }, findings: { noInjuriesSeen: null, lesions: [] } });
    expect(canTakePhotographs(exam)).toMatchObject({ allowed: false, reasonKey: 'domain.gate.physicalExamFirst' });
  });

  it('allow a partial photo consent', () => {
    expect(canTakePhotographs(withConsent({ photography: { decision: 'partial', limits: 'No face' } })).allowed).toBe(true);
  });

  it('need the intimate-images sub-consent and the intimate examination consent for an intimate image', () => {
    const intimatePhoto: DeepPatch<Examination> = { findings: { photographs: [buildPhotograph({ id: 'p-2', intimate: true, lesionIds: [] })] } };
    const noSub = buildAdmissionExam({ ...intimatePhoto, consent: { intimateExam: { decision: 'given' }, photography: { intimateImages: false } } });
    expect(summary(photographyRule(noSub))).toEqual(['blocking domain.rule.intimatePhotographWithoutConsent @findings.photographs.0']);

    const noExam = buildAdmissionExam({ ...intimatePhoto, consent: { photography: { intimateImages: true } } });
    expect(canTakePhotographs(noExam)).toMatchObject({ intimateAllowed: false, intimateReasonKey: 'domain.gate.intimateExamNotConsented' });
    expect(summary(photographyRule(noExam))).toEqual(['blocking domain.rule.intimatePhotographWithoutConsent @findings.photographs.0']);

    const both = buildAdmissionExam({ ...intimatePhoto, consent: { intimateExam: { decision: 'given', reason: null }, photography: { intimateImages: true } } });
    expect(canTakePhotographs(both)).toMatchObject({ allowed: true, intimateAllowed: true });
    expect(photographyRule(both)).toEqual([]);
  });

  it('say nothing when there are no photographs', () => {
    expect(photographyRule(buildAdmissionExam({ consent: { photography: { decision: 'refused', reason: 'No' } }, findings: { photographs: [] } }))).toEqual([]);
  });
});
