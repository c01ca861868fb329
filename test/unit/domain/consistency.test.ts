/**
 * E16–E20, the consistency rules: each contradiction blocks with a message naming both fields, and
 * the consistent record next to it (the other side) passes. The fixture is consistent throughout.
 */
import { describe, expect, it } from 'vitest';
import {
  allegationConsistencyRule,
  copyConsistencyRule,
  injuriesConsistencyRule,
  refusalConsistencyRule,
  restrictionsConsistencyRule,
} from '../../../shared/domain/rules/consistency';
import { evaluateRules } from '../../../shared/domain/rules/evaluate';
import { sectionStatus } from '../../../shared/domain/rules/sectionStatus';
import type { RuleFinding } from '../../../shared/domain/rules/types';
import { buildAdmissionExam, buildLesion, FIXTURE_CONTEXT } from './fixtures';
import { englishOf, summary } from './helpers';

/** The English text of the finding at `index`; fails the test when there is none. */
function englishAt(findings: readonly RuleFinding[], index: number): string {
  const finding = findings[index];
  if (finding === undefined) throw new Error(`no finding at ${String(index)}`);
  return englishOf(finding);
}

const officer = { name: 'Cpl Dubois', role: 'prison_officer', affiliation: 'Escort', gender: 'male', inEarshot: false, inSight: false } as const;

describe('the fixture is consistent', () => {
  it('raises no E16–E20 finding', () => {
    const ids = evaluateRules(buildAdmissionExam(), FIXTURE_CONTEXT).map((f) => f.ruleId);
    expect(ids.filter((id) => ['E16', 'E17', 'E18', 'E19', 'E20'].includes(id))).toEqual([]);
  });
});

describe('E16 restrictions and persons present', () => {
  const setting = (patch: object) => buildAdmissionExam({ setting: { personsPresent: [officer], securityPresentReason: 'Escort policy', restrictions: { any: false }, ...patch } });

  it('blocks "no restrictions" while an officer could see, naming both fields and the officer', () => {
    const findings = restrictionsConsistencyRule(setting({ personsPresent: [{ ...officer, inSight: true }] }));
    expect(summary(findings)).toEqual(['blocking domain.rule.restrictionsVsOfficers @setting.restrictions.any']);
    const text = englishAt(findings, 0);
    expect(text).toContain('"Restrictions on the examination"');
    expect(text).toContain('"Persons present"');
    expect(text).toContain('Cpl Dubois');
  });

  it('blocks "no restrictions" while the person was restrained', () => {
    const findings = restrictionsConsistencyRule(setting({ restraint: { restrained: true, how: 'Handcuffs', why: 'Policy' } }));
    expect(summary(findings)).toEqual(['blocking domain.rule.restrictionsVsRestraint @setting.restrictions.any']);
    expect(englishAt(findings, 0)).toContain('"Restrained during the examination"');
  });

  it('accepts an officer out of hearing and sight, and restrictions answered yes', () => {
    expect(restrictionsConsistencyRule(setting({}))).toEqual([]);
    expect(restrictionsConsistencyRule(setting({ personsPresent: [{ ...officer, inSight: true }], restraint: { restrained: true }, restrictions: { any: true, details: 'Officer at the door' } }))).toEqual([]);
  });

  it('shows in the outline as a blocked setting section', () => {
    const status = sectionStatus(setting({ personsPresent: [{ ...officer, inEarshot: true }] }), FIXTURE_CONTEXT);
    expect(status.setting.state).toBe('blocked');
    expect(status.setting.blocking.map((f) => f.ruleId)).toContain('E16');
  });
});

describe('E17 injuries seen and lesions charted', () => {
  it('blocks "injuries seen" with no lesion, and "no injuries" with lesions, naming both', () => {
    const seenNone = injuriesConsistencyRule(buildAdmissionExam({ findings: { noInjuriesSeen: false, lesions: [], photographs: [] } }));
    expect(summary(seenNone)).toEqual(['blocking domain.rule.lesionsRequired @findings.lesions']);
    expect(englishAt(seenNone, 0)).toMatch(/"Were injuries seen\?" is answered yes, but no lesion is charted under "Lesions"/);
    // The schema refuses this in a draft; a record that skipped it is still caught.
    const noneSeen = injuriesConsistencyRule(buildAdmissionExam({ findings: { noInjuriesSeen: true }, provenance: { registerInjuries: { noted: false } } }));
    expect(summary(noneSeen)).toEqual(['blocking domain.rule.noInjuriesContradiction @findings.noInjuriesSeen']);
    expect(englishAt(noneSeen, 0)).toContain('3 lesions are charted under "Lesions" (L1, L2, L3)');
  });

  it('warns when the reception register noted injuries the examination did not see', () => {
    const findings = injuriesConsistencyRule(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] }, provenance: { registerInjuries: { noted: true } } }));
    expect(summary(findings)).toEqual(['warning domain.rule.registerInjuriesNotSeen @findings.noInjuriesSeen']);
  });

  it('accepts injuries seen with lesions, and no injuries with none', () => {
    expect(injuriesConsistencyRule(buildAdmissionExam())).toEqual([]);
    expect(injuriesConsistencyRule(buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [], photographs: [] }, provenance: { registerInjuries: { noted: false } } }))).toEqual([]);
  });
});

describe('E18 allegation and account', () => {
  it('blocks "no allegation" with episodes recorded, and with a lesion attributed to a method of ill-treatment', () => {
    const findings = allegationConsistencyRule(buildAdmissionExam({ account: { allegationPresent: 'no' } }));
    expect(summary(findings)).toEqual([
      'blocking domain.rule.allegationVsEpisodes @account.allegationPresent',
      'blocking domain.rule.allegationVsAttribution @findings.lesions.0.attribution',
      'blocking domain.rule.allegationVsAttribution @findings.lesions.1.attribution',
      'blocking domain.rule.allegationVsAttribution @findings.lesions.2.attribution',
    ]);
    expect(englishAt(findings, 0)).toContain('"Alleges ill-treatment" is not answered yes, but 1 episode of ill-treatment is recorded');
    expect(englishAt(findings, 1)).toMatch(/^L1: "Cause according to the person" names a method of ill-treatment, but "Alleges ill-treatment" is answered no/);
  });

  it('blocks a declined allegation with episodes recorded', () => {
    expect(summary(allegationConsistencyRule(buildAdmissionExam({ account: { allegationPresent: 'declined' } })))).toEqual(['blocking domain.rule.allegationVsEpisodes @account.allegationPresent']);
  });

  it('accepts "no allegation" with no episode and lesions explained otherwise, and an allegation with its account', () => {
    const accident = buildAdmissionExam({
      account: { allegationPresent: 'no', episodes: [] },
      findings: { lesions: [buildLesion({ attribution: 'accident' }), buildLesion({ id: 'l2', lesionNo: 2, attribution: 'none_given', consistency: null })], lastLesionNo: 2 },
    });
    expect(allegationConsistencyRule(accident)).toEqual([]);
    expect(allegationConsistencyRule(buildAdmissionExam())).toEqual([]);
  });
});

describe('E19 physical examination not consented and findings', () => {
  it('blocks findings recorded without consent to the physical examination', () => {
    const findings = refusalConsistencyRule(buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'Does not want it' } } }));
    expect(summary(findings)).toEqual(['blocking domain.rule.findingsWithoutPhysicalConsent @findings']);
    expect(englishAt(findings, 0)).toContain('"Consent to the physical examination" is not given, but physical findings are recorded');
  });

  it('blocks a lesion in a region the partial consent excludes, and one in an intimate region without its consent', () => {
    const exam = buildAdmissionExam({
      consent: { physicalExam: { decision: 'partial', limits: 'Not the arms', excludedRegions: ['upper_arm'] }, intimateExam: { decision: 'refused', reason: 'No' } },
      findings: { lesions: [buildLesion({ region: 'upper_arm' }), buildLesion({ id: 'g', lesionNo: 2, region: 'genital', mark: null })], lastLesionNo: 2 },
    });
    expect(summary(refusalConsistencyRule(exam))).toEqual([
      'blocking domain.rule.lesionInExcludedRegion @findings.lesions.0.region',
      'blocking domain.rule.lesionWithoutIntimateConsent @findings.lesions.1.region',
    ]);
  });

  it('accepts a refusal with nothing recorded, and findings within the consent', () => {
    const refused = buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No', independentExamOffered: true } }, findings: { noInjuriesSeen: null, lesions: [], photographs: [] } });
    expect(refusalConsistencyRule(refused)).toEqual([]);
    expect(refusalConsistencyRule(buildAdmissionExam())).toEqual([]);
  });
});

describe('E20 consent to a copy and the copy given', () => {
  const copy = (patch: object) => buildAdmissionExam({ consent: { copyToPerson: patch } });

  it('blocks a copy given although the person refused one', () => {
    const findings = copyConsistencyRule(copy({ decision: 'refused', reason: 'Fears it is found in the cell', wantsCopy: null, copyGiven: true }));
    expect(summary(findings)).toEqual(['blocking domain.rule.copyGivenWithoutConsent @consent.copyToPerson.copyGiven']);
    expect(englishAt(findings, 0)).toContain('"Has a copy been given?" is answered yes');
    expect(englishAt(findings, 0)).toContain('"Consent to receive a copy of the report"');
  });

  it('blocks a consent given while the person is recorded as not wanting a copy, and the reverse', () => {
    expect(summary(copyConsistencyRule(copy({ decision: 'given', wantsCopy: false, copyGiven: null })))).toEqual(['blocking domain.rule.copyConsentVsWish @consent.copyToPerson.wantsCopy']);
    expect(summary(copyConsistencyRule(copy({ decision: 'refused', reason: 'No', wantsCopy: true, copyGiven: false })))).toEqual(['blocking domain.rule.copyRefusedVsWish @consent.copyToPerson.wantsCopy']);
  });

  it('accepts a consent with its copy given, and a refusal with none', () => {
    expect(copyConsistencyRule(buildAdmissionExam())).toEqual([]);
    expect(copyConsistencyRule(copy({ decision: 'refused', reason: 'No', wantsCopy: false, copyGiven: null }))).toEqual([]);
  });
});
