/**
 * E3 Consent gates. The physical examination and its findings stay locked until the person has
 * given (or partly given) consent to it; the account and the psychological evaluation until they
 * agreed to be interviewed. A refusal, or an inability to decide, needs its reason (IP22 ¶181), and
 * a partial consent needs its limits, since they bound what can be charted. A refused physical
 * examination also records whether an independent examination was offered. "Not sought" and "not
 * applicable" lock what they gate like a refusal, but need no reason: nothing was asked.
 *
 * The health-needs screening is not gated: it is care the person is offered on admission
 * (Mandela r.30), and a refusal of the medico-legal examination must not withdraw it.
 */
import { allows, type ConsentItem } from '../consent';
import type { Examination, SectionId } from '../examination';
import type { GateReasonName } from '../messageKeys';
import { hasText, isBlank } from '../text';
import { CONSENT_ITEMS, EXPLAINED_ITEMS, type BodyRegion, type ConsentItemKey } from '../vocab';
import { blocking, missing, warning, type RuleFinding, type RuleId } from './types';

/** Parts of the examination that a consent unlocks. */
export const GATED_AREAS = ['account', 'psychological', 'findings', 'photographs', 'intimateExam', 'samples'] as const;
export type GatedArea = (typeof GATED_AREAS)[number];

/** Why a part is locked, as a message key. */
export type GateReasonKey = `domain.gate.${GateReasonName}`;

/** Whether a part of the examination is locked, by which consent, and why. */
export interface Gate {
  readonly locked: boolean;
  /** The consent item that unlocks it. */
  readonly consent: ConsentItemKey;
  readonly reasonKey: GateReasonKey | null;
}

function gateFor(item: ConsentItem | null | undefined, consent: ConsentItemKey): Gate {
  if (allows(item)) return { locked: false, consent, reasonKey: null };
  switch (item?.decision) {
    case 'refused':
      return { locked: true, consent, reasonKey: 'domain.gate.consentRefused' };
    case 'not_capable':
      return { locked: true, consent, reasonKey: 'domain.gate.consentNotCapable' };
    case 'not_sought':
      return { locked: true, consent, reasonKey: 'domain.gate.consentNotSought' };
    case 'not_applicable':
      return { locked: true, consent, reasonKey: 'domain.gate.consentNotApplicable' };
    default:
      return { locked: true, consent, reasonKey: 'domain.gate.consentNotRecorded' };
  }
}

/** Which parts of the examination are locked and why. */
export function gates(exam: Examination): Readonly<Record<GatedArea, Gate>> {
  const consent = exam.consent;
  const findings = gateFor(consent?.physicalExam, 'physicalExam');
  // Photographs and the intimate examination are part of the physical examination: its consent comes first.
  const afterPhysical = (item: ConsentItem | null | undefined, key: ConsentItemKey): Gate =>
    findings.locked ? { locked: true, consent: 'physicalExam', reasonKey: 'domain.gate.physicalExamFirst' } : gateFor(item, key);
  return {
    account: gateFor(consent?.interview, 'interview'),
    psychological: gateFor(consent?.interview, 'interview'),
    findings,
    photographs: afterPhysical(consent?.photography, 'photography'),
    intimateExam: afterPhysical(consent?.intimateExam, 'intimateExam'),
    samples: gateFor(consent?.samplesTests, 'samplesTests'),
  };
}

function isGatedArea(id: string): id is GatedArea {
  return (GATED_AREAS as readonly string[]).includes(id);
}

/** Whether a section of the outline, or a gated part of it, is locked for lack of consent. */
export function isSectionLocked(exam: Examination, sectionId: SectionId | GatedArea): boolean {
  return isGatedArea(sectionId) ? gates(exam)[sectionId].locked : false;
}

/**
 * Whether a body region may not be examined or charted: the physical examination is locked, or the
 * person's partial consent excludes the region. The body chart and the lesion list ask this.
 */
export function isRegionExcluded(exam: Examination, region: BodyRegion): boolean {
  if (gates(exam).findings.locked) return true;
  return exam.consent?.physicalExam?.excludedRegions?.includes(region) ?? false;
}

/**
 * Checks one consent item: the reason for a refusal or incapacity, the limits of a partial consent,
 * a witness to a thumbprint. Shared with the juvenile module's guardian consent and child assent.
 */
export function checkConsentItem(ruleId: RuleId, item: ConsentItem | null | undefined, path: string, extraLimits = false): RuleFinding[] {
  const out: RuleFinding[] = [];
  if (item === null || item === undefined) return out;
  if (item.decision === 'refused' && isBlank(item.reason)) out.push(blocking(ruleId, 'domain.rule.refusalReasonRequired', `${path}.reason`));
  if (item.decision === 'not_capable' && isBlank(item.reason)) out.push(blocking(ruleId, 'domain.rule.incapacityReasonRequired', `${path}.reason`));
  if (item.decision === 'partial' && isBlank(item.limits) && !extraLimits) out.push(blocking(ruleId, 'domain.rule.partialConsentLimitsRequired', `${path}.limits`));
  // A thumbprint cannot be attributed later without someone who saw it given.
  if (item.method === 'thumbprint' && isBlank(item.witness)) out.push(warning(ruleId, 'domain.rule.thumbprintWithoutWitness', `${path}.witness`));
  return out;
}

function hasAccountData(exam: Examination): boolean {
  const account = exam.account;
  if (account === null || account === undefined) return false;
  return (
    (account.allegationPresent !== null && account.allegationPresent !== undefined) ||
    hasText(account.ownWords) ||
    (account.episodes?.length ?? 0) > 0 ||
    hasText(account.symptomsSince)
  );
}

function hasPsychologicalData(exam: Examination): boolean {
  const p = exam.psychological;
  if (p === null || p === undefined) return false;
  return p.performed === true || hasText(p.complaints) || hasText(p.history) || hasText(p.mentalStatus) || hasText(p.freeText) || (p.tests?.length ?? 0) > 0;
}


/** E3: refusal and incapacity reasons, partial-consent limits, explanations, and no account or psychological evaluation recorded behind a locked gate. */
export function consentRule(exam: Examination): RuleFinding[] {
  const consent = exam.consent;
  const out: RuleFinding[] = [];
  for (const key of CONSENT_ITEMS) {
    const item = consent?.[key];
    // For the physical examination, the excluded body regions state the limits as well as a note.
    const regionsGiven = key === 'physicalExam' && (consent?.physicalExam?.excludedRegions?.length ?? 0) > 0;
    out.push(...checkConsentItem('E3', item, `consent.${key}`, regionsGiven));
  }
  // A refused physical examination is stated in the report with whether an independent one was offered.
  const physical = consent?.physicalExam;
  if (physical?.decision === 'refused' && (physical.independentExamOffered === null || physical.independentExamOffered === undefined)) {
    out.push(missing('E3', 'domain.rule.independentExamOfferedRequired', 'consent.physicalExam.independentExamOffered'));
  }
  for (const key of EXPLAINED_ITEMS) {
    if (consent?.explained?.[key] === false) out.push(warning('E3', 'domain.rule.notExplained', `consent.explained.${key}`, { item: key }));
  }
  const gate = gates(exam);
  if (gate.account.locked && hasAccountData(exam)) out.push(blocking('E3', 'domain.rule.recordedWithoutConsent', 'account', { consent: 'interview' }));
  if (gate.psychological.locked && hasPsychologicalData(exam)) out.push(blocking('E3', 'domain.rule.recordedWithoutConsent', 'psychological', { consent: 'interview' }));
  // Findings recorded without consent to the physical examination: E19 (rules/consistency.ts).
  return out;
}
