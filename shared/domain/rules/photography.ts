/**
 * E4 Photographs. No photograph without consent to photography (and to the physical examination
 * it belongs to); an intimate image also needs its own sub-consent and consent to the intimate
 * examination. Photographs supplement the written description of each lesion, never replace it.
 */
import { allows } from '../consent';
import type { Examination } from '../examination';
import { gates, type GateReasonKey } from './consent';
import { blocking, type RuleFinding } from './types';

/** What the recorded consents allow the camera to do. */
export interface PhotographPermission {
  readonly allowed: boolean;
  readonly intimateAllowed: boolean;
  /** Why photographs are not allowed, or null. */
  readonly reasonKey: GateReasonKey | null;
  /** Why intimate images are not allowed, or null. */
  readonly intimateReasonKey: GateReasonKey | null;
}

/** Whether photographs, and intimate images, may be taken now. The camera asks this first. */
export function canTakePhotographs(exam: Examination): PhotographPermission {
  const gate = gates(exam).photographs;
  if (gate.locked) return { allowed: false, intimateAllowed: false, reasonKey: gate.reasonKey, intimateReasonKey: gate.reasonKey };
  const consent = exam.consent;
  let intimateReasonKey: GateReasonKey | null = null;
  if (consent?.photography?.intimateImages !== true) intimateReasonKey = 'domain.gate.intimateImagesNotConsented';
  else if (!allows(consent.intimateExam)) intimateReasonKey = 'domain.gate.intimateExamNotConsented';
  return { allowed: true, intimateAllowed: intimateReasonKey === null, reasonKey: null, intimateReasonKey };
}

/** E4: every photograph on record must have been allowed by the consents. */
export function photographyRule(exam: Examination): RuleFinding[] {
  const photographs = exam.findings?.photographs ?? [];
  if (photographs.length === 0) return [];
  const permission = canTakePhotographs(exam);
  const out: RuleFinding[] = [];
  photographs.forEach((photo, index) => {
    const field = `findings.photographs.${index}`;
    if (!permission.allowed) out.push(blocking('E4', 'domain.rule.photographWithoutConsent', field));
    else if (photo.intimate && !permission.intimateAllowed) out.push(blocking('E4', 'domain.rule.intimatePhotographWithoutConsent', field));
  });
  return out;
}
