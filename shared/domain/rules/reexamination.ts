/**
 * E2 Re-examination prompt. A person returned from police custody or examined after an incident
 * may carry new injuries: the CPT (§73) expects a fresh examination, compared with the earlier one.
 */
import type { Examination } from '../examination';
import type { EncounterType } from '../vocab';
import { warning, type RuleFinding } from './types';

/** Encounter types after which the person must be examined again for new injuries. */
export const REEXAMINATION_ENCOUNTERS = ['return_from_police_custody', 'post_incident'] as const satisfies readonly EncounterType[];

/** E2: a reminder (warning) to examine for new injuries and compare with the previous record. */
export function reexaminationRule(exam: Examination): RuleFinding[] {
  const type = exam.encounter?.type;
  if (type === undefined || type === null || !(REEXAMINATION_ENCOUNTERS as readonly string[]).includes(type)) return [];
  return [warning('E2', 'domain.rule.reexaminationPrompt', 'encounter.type', { encounterType: type })];
}
