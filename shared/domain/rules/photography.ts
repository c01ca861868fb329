/**
 * E4 Photographs. No photograph without consent to photography (and to the physical examination
 * it belongs to); an intimate image also needs its own sub-consent and consent to the intimate
 * examination, and is shown only to those allowed to see it (`intimate` on the photograph).
 * A photograph of a lesion in the genital or perineal area that is not marked intimate is flagged,
 * so restricted access is not lost by a forgotten tick.
 *
 * Photographs supplement the written description of each lesion, never replace it: E7 requires the
 * description whether or not a photograph exists. A photograph linked to no lesion is not flagged:
 * the identifying shot and the overview that IP22 ¶402 asks for come before the close-ups and show
 * no single lesion.
 */
import { allows } from '../consent';
import type { Examination } from '../examination';
import { lesionLabel, type Lesion } from '../findings';
import type { BodyRegion } from '../vocab';
import { gates, type GateReasonKey } from './consent';
import { blocking, warning, type RuleFinding } from './types';

/** Body regions whose photographs are intimate images (IP22 ¶283; the genital/perineal chart). */
export const INTIMATE_REGIONS = ['genital', 'perineal_anal'] as const satisfies readonly BodyRegion[];

/** Whether a lesion lies in an intimate area: by its region, or by its mark on the genital/perineal chart. */
export function isIntimateSite(lesion: Pick<Lesion, 'region' | 'mark'>): boolean {
  return (INTIMATE_REGIONS as readonly string[]).includes(lesion.region ?? '') || lesion.mark?.chart === 'genital_perineal';
}

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
  const lesions = exam.findings?.lesions ?? [];
  const out: RuleFinding[] = [];
  photographs.forEach((photo, index) => {
    const field = `findings.photographs.${String(index)}`;
    if (!permission.allowed) out.push(blocking('E4', 'domain.rule.photographWithoutConsent', field));
    else if (photo.intimate && !permission.intimateAllowed) out.push(blocking('E4', 'domain.rule.intimatePhotographWithoutConsent', field));
    if (!photo.intimate) {
      const intimateLesion = lesions.find((lesion) => photo.lesionIds.includes(lesion.id) && isIntimateSite(lesion));
      if (intimateLesion !== undefined) out.push(warning('E4', 'domain.rule.photographOfIntimateRegion', `${field}.intimate`, { lesion: lesionLabel(intimateLesion) }));
    }
  });
  return out;
}
