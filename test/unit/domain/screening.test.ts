/** E9: the r.30(c)/(d) screens completed or explicitly declined; key answers; warnings. */
import { describe, expect, it } from 'vitest';
import { screeningRule } from '../../../shared/domain/rules/screening';
import { REQUIRED_SCREENS } from '../../../shared/domain/screening';
import { buildAdmissionExam } from './fixtures';
import { summary } from './helpers';

describe('E9 screens must be completed or explicitly declined', () => {
  it('lists the three required screens', () => {
    expect(REQUIRED_SCREENS).toEqual(['infectious', 'suicideSelfHarm', 'substances']);
  });

  it.each(REQUIRED_SCREENS)('blocks %s when not done or not answered', (screen) => {
    for (const status of ['not_done', null] as const) {
      const exam = buildAdmissionExam({ screening: { [screen]: { status } } });
      expect(summary(screeningRule(exam))).toEqual([`blocking domain.rule.screenRequired @screening.${screen}.status`]);
    }
  });

  it('blocks every required screen when the screening section is missing, and warns about mental health', () => {
    expect(summary(screeningRule(buildAdmissionExam({ screening: null })))).toEqual([
      'blocking domain.rule.screenRequired @screening.infectious.status',
      'blocking domain.rule.screenRequired @screening.suicideSelfHarm.status',
      'blocking domain.rule.screenRequired @screening.substances.status',
      'warning domain.rule.mentalHealthScreenNotDone @screening.mentalHealth.status',
    ]);
  });

  it.each(REQUIRED_SCREENS)('accepts %s declined with the person’s reason', (screen) => {
    const exam = buildAdmissionExam({ screening: { [screen]: { status: 'declined', declinedReason: 'Does not want to answer today' } } });
    expect(screeningRule(exam)).toEqual([]);
  });

  it.each(REQUIRED_SCREENS)('asks for the reason when %s is declined without one', (screen) => {
    const exam = buildAdmissionExam({ screening: { [screen]: { status: 'declined', declinedReason: ' ' } } });
    expect(summary(screeningRule(exam))).toEqual([`blocking domain.rule.screenDeclinedReasonRequired @screening.${screen}.declinedReason`]);
  });
});

describe('E9 key answers of a completed screen', () => {
  it('needs the suicide risk level', () => {
    const exam = buildAdmissionExam({ screening: { suicideSelfHarm: { riskLevel: null } } });
    expect(summary(screeningRule(exam))).toEqual(['blocking domain.rule.suicideRiskLevelRequired @screening.suicideSelfHarm.riskLevel']);
  });

  it.each(['moderate', 'high'] as const)('needs an observation level when the risk is %s', (riskLevel) => {
    const exam = buildAdmissionExam({ screening: { suicideSelfHarm: { riskLevel, observationLevel: null } } });
    expect(summary(screeningRule(exam))).toEqual(['blocking domain.rule.observationLevelRequired @screening.suicideSelfHarm.observationLevel']);
    expect(screeningRule(buildAdmissionExam({ screening: { suicideSelfHarm: { riskLevel, observationLevel: 'continuous' } } }))).toEqual([]);
  });

  it('does not need an observation level when the risk is low', () => {
    expect(screeningRule(buildAdmissionExam({ screening: { suicideSelfHarm: { riskLevel: 'low', observationLevel: null } } }))).toEqual([]);
  });

  it('needs the withdrawal answer', () => {
    expect(summary(screeningRule(buildAdmissionExam({ screening: { substances: { withdrawalSigns: null } } })))).toEqual([
      'blocking domain.rule.withdrawalAnswerRequired @screening.substances.withdrawalSigns',
    ]);
  });

  it('needs the tuberculosis and isolation answers', () => {
    expect(summary(screeningRule(buildAdmissionExam({ screening: { infectious: { tbSymptoms: null, isolationRequired: null } } })))).toEqual([
      'blocking domain.rule.tbAnswerRequired @screening.infectious.tbSymptoms',
      'blocking domain.rule.isolationAnswerRequired @screening.infectious.isolationRequired',
    ]);
  });

  it('does not ask for key answers of a declined screen', () => {
    const exam = buildAdmissionExam({ screening: { suicideSelfHarm: { status: 'declined', declinedReason: 'Refused', riskLevel: null } } });
    expect(screeningRule(exam)).toEqual([]);
  });
});

describe('E9 warnings', () => {
  it('warns when the mental-health screen is not done, without blocking', () => {
    expect(summary(screeningRule(buildAdmissionExam({ screening: { mentalHealth: { status: 'not_done' } } })))).toEqual([
      'warning domain.rule.mentalHealthScreenNotDone @screening.mentalHealth.status',
    ]);
  });

  it('warns when a medication interrupted in custody has no continuity plan', () => {
    const medication = { drug: 'Insulin glargine', dose: '20 units at night', lastTakenAt: '2025-03-07T21:00:00+01:00', interruptedInCustody: true, continuityPlan: null };
    expect(summary(screeningRule(buildAdmissionExam({ screening: { medications: [medication] } })))).toEqual([
      'warning domain.rule.medicationContinuity @screening.medications.0.continuityPlan',
    ]);
    expect(screeningRule(buildAdmissionExam({ screening: { medications: [{ ...medication, continuityPlan: 'Restarted tonight' }] } }))).toEqual([]);
  });
});
