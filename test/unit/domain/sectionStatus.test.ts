/** The outline: complete / incomplete / blocked / locked / not applicable, with the findings. */
import { describe, expect, it } from 'vitest';
import { emptyExamination, SECTION_IDS } from '../../../shared/domain/examination';
import { sectionOf, sectionStatus } from '../../../shared/domain/rules/sectionStatus';
import { buildAdmissionExam, buildWomanExam, FIXTURE_CONTEXT } from './fixtures';

const states = (exam: Parameters<typeof sectionStatus>[0]) => Object.fromEntries(Object.values(sectionStatus(exam, FIXTURE_CONTEXT)).map((s) => [s.section, s.state]));

describe('section status', () => {
  it('covers every section in outline order', () => {
    expect(Object.keys(sectionStatus(buildAdmissionExam(), FIXTURE_CONTEXT))).toEqual([...SECTION_IDS]);
  });

  it('shows a fresh draft as incomplete and locked, not blocked', () => {
    expect(states(emptyExamination('admission-examination', 1))).toEqual({
      encounter: 'incomplete',
      identity: 'incomplete',
      provenance: 'incomplete',
      setting: 'incomplete',
      interpreter: 'incomplete',
      consent: 'incomplete',
      account: 'locked',
      screening: 'incomplete',
      women: 'not_applicable',
      juvenile: 'not_applicable',
      psychological: 'locked',
      findings: 'locked',
      opinion: 'incomplete',
      outcome: 'incomplete',
    });
  });

  it('says why a section is locked', () => {
    const status = sectionStatus(emptyExamination('admission-examination', 1), FIXTURE_CONTEXT);
    expect(status.findings.lockReasonKey).toBe('domain.gate.consentNotRecorded');
    expect(status.encounter.lockReasonKey).toBeNull();
  });

  it('blocks a section whose answers trigger a requirement, listing the blocking findings', () => {
    const exam = buildAdmissionExam({
      setting: { personsPresent: [{ name: 'Officer', role: 'police', affiliation: null, gender: 'male', inEarshot: true, inSight: true }], securityPresentReason: null, restrictions: { any: true, details: 'Officer in the room' } },
    });
    const status = sectionStatus(exam, FIXTURE_CONTEXT).setting;
    expect(status.state).toBe('blocked');
    expect(status.blocking.map((f) => f.messageKey)).toEqual(['domain.rule.officerReasonRequired']);
    expect(status.warnings.map((f) => f.messageKey)).toEqual(['domain.rule.officerInEarshot']);
  });

  it('shows warnings on a complete section without changing its state', () => {
    const status = sectionStatus(buildAdmissionExam({ encounter: { type: 'post_incident' } }), FIXTURE_CONTEXT).encounter;
    expect(status.state).toBe('complete');
    expect(status.warnings.map((f) => f.ruleId)).toEqual(['E2']);
  });

  it('shows a refused physical examination as locked, and blocked if findings were charted anyway', () => {
    const refused = { consent: { physicalExam: { decision: 'refused', reason: 'Does not want it' } } } as const;
    expect(sectionStatus(buildAdmissionExam({ ...refused, findings: null }), FIXTURE_CONTEXT).findings.state).toBe('locked');
    expect(sectionStatus(buildAdmissionExam(refused), FIXTURE_CONTEXT).findings.state).toBe('blocked');
  });

  it('switches the women module on for a woman and reports its missing answers as incomplete', () => {
    expect(states(buildWomanExam()).women).toBe('complete');
    expect(states(buildWomanExam({ women: { pregnancy: null } })).women).toBe('incomplete');
    expect(states(buildWomanExam({ women: { sexualAbuseDiagnosed: true } })).women).toBe('blocked');
  });

  it('assigns a finding to the section named by the first segment of its field', () => {
    expect(sectionOf('consent.copyToPerson.wantsCopy')).toBe('consent');
    expect(sectionOf('findings')).toBe('findings');
    expect(sectionOf('nowhere.field')).toBeNull();
  });
});
