/**
 * E9 Screens. The Mandela r.30(c)/(d) screens (suicide and self-harm, substances and withdrawal,
 * infectious disease) must be completed or explicitly declined; a declined screen records the
 * person's reason. A completed screen records its key answer. The mental-health screen and
 * medication continuity (r.24(2)) are checked as warnings.
 */
import type { Examination } from '../examination';
import { REQUIRED_SCREENS } from '../screening';
import { isBlank } from '../text';
import { blocking, missing, warning, type RuleFinding } from './types';

/** E9: each required screen completed (with its key answer) or declined with a reason. */
export function screeningRule(exam: Examination): RuleFinding[] {
  const screening = exam.screening;
  const out: RuleFinding[] = [];
  for (const key of REQUIRED_SCREENS) {
    const screen = screening?.[key];
    const status = screen?.status;
    if (status === null || status === undefined || status === 'not_done') {
      out.push(missing('E9', 'domain.rule.screenRequired', `screening.${key}.status`, { screen: key }));
    } else if (status === 'declined' && isBlank(screen?.declinedReason)) {
      out.push(blocking('E9', 'domain.rule.screenDeclinedReasonRequired', `screening.${key}.declinedReason`, { screen: key }));
    }
  }
  const suicide = screening?.suicideSelfHarm;
  if (suicide?.status === 'completed') {
    if (suicide.riskLevel === null || suicide.riskLevel === undefined) {
      out.push(blocking('E9', 'domain.rule.suicideRiskLevelRequired', 'screening.suicideSelfHarm.riskLevel'));
    } else if (suicide.riskLevel !== 'low' && (suicide.observationLevel === null || suicide.observationLevel === undefined)) {
      out.push(blocking('E9', 'domain.rule.observationLevelRequired', 'screening.suicideSelfHarm.observationLevel', { riskLevel: suicide.riskLevel }));
    }
  }
  const substances = screening?.substances;
  if (substances?.status === 'completed' && (substances.withdrawalSigns === null || substances.withdrawalSigns === undefined)) {
    out.push(blocking('E9', 'domain.rule.withdrawalAnswerRequired', 'screening.substances.withdrawalSigns'));
  }
  const infectious = screening?.infectious;
  if (infectious?.status === 'completed') {
    if (infectious.tbSymptoms === null || infectious.tbSymptoms === undefined) out.push(blocking('E9', 'domain.rule.tbAnswerRequired', 'screening.infectious.tbSymptoms'));
    if (infectious.isolationRequired === null || infectious.isolationRequired === undefined) out.push(blocking('E9', 'domain.rule.isolationAnswerRequired', 'screening.infectious.isolationRequired'));
  }
  const mental = screening?.mentalHealth?.status;
  if (mental === null || mental === undefined || mental === 'not_done') out.push(warning('E9', 'domain.rule.mentalHealthScreenNotDone', 'screening.mentalHealth.status'));
  (screening?.medications ?? []).forEach((medication, index) => {
    if (medication.interruptedInCustody === true && isBlank(medication.continuityPlan)) {
      out.push(warning('E9', 'domain.rule.medicationContinuity', `screening.medications.${index}.continuityPlan`));
    }
  });
  return out;
}
