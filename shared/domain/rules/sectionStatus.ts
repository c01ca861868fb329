/**
 * The state of each section for the form outline. In order of precedence:
 * - `not_applicable`: the women or juvenile module does not apply to this person;
 * - `blocked`: a rule finding blocks finalisation because of something recorded (a refusal without
 *   its reason, an officer present without a reason…);
 * - `locked`: the consent that unlocks the section is missing or refused (E3);
 * - `incomplete`: answers every finalised record needs are still missing;
 * - `complete`: nothing blocks (warnings may remain).
 */
import { SECTION_IDS, type Examination, type SectionId } from '../examination';
import { gates, GATED_AREAS, type GateReasonKey, type GatedArea } from './consent';
import { evaluateRules } from './evaluate';
import { isMinor } from './juvenile';
import type { RuleContext, RuleFinding } from './types';
import { isWomenModuleApplicable } from './women';

/** The states a section of the outline can be in. */
export const SECTION_STATES = ['complete', 'incomplete', 'blocked', 'locked', 'not_applicable'] as const;
export type SectionState = (typeof SECTION_STATES)[number];

/** One line of the outline. */
export interface SectionStatus {
  readonly section: SectionId;
  readonly state: SectionState;
  /** Blocking findings about this section's fields. */
  readonly blocking: RuleFinding[];
  readonly warnings: RuleFinding[];
  /** Why the section is locked, when it is. */
  readonly lockReasonKey: GateReasonKey | null;
}

/** The section a finding's field belongs to (the first segment of its path). */
export function sectionOf(field: string): SectionId | null {
  const head = field.split('.')[0] ?? '';
  return (SECTION_IDS as readonly string[]).includes(head) ? (head as SectionId) : null;
}

function isGated(section: SectionId): section is SectionId & GatedArea {
  return (GATED_AREAS as readonly string[]).includes(section);
}

/** The state of every section, with its findings, for the outline. */
export function sectionStatus(exam: Examination, ctx: RuleContext): Readonly<Record<SectionId, SectionStatus>> {
  const findings = evaluateRules(exam, ctx);
  const gate = gates(exam);
  const notApplicable: Partial<Record<SectionId, boolean>> = {
    women: !isWomenModuleApplicable(exam),
    juvenile: !isMinor(exam, ctx.now),
  };
  const entries = SECTION_IDS.map((section): [SectionId, SectionStatus] => {
    const own = findings.filter((f) => sectionOf(f.field) === section);
    const blocking = own.filter((f) => f.severity === 'blocking');
    const warnings = own.filter((f) => f.severity === 'warning');
    const lock = isGated(section) ? gate[section] : null;
    let state: SectionState;
    if (notApplicable[section] === true) state = 'not_applicable';
    else if (blocking.some((f) => f.unanswered !== true)) state = 'blocked';
    else if (lock?.locked === true) state = 'locked';
    else if (blocking.length > 0) state = 'incomplete';
    else state = 'complete';
    return [section, { section, state, blocking, warnings, lockReasonKey: lock?.locked === true ? lock.reasonKey : null }];
  });
  return Object.fromEntries(entries) as Record<SectionId, SectionStatus>;
}
