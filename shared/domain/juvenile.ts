/**
 * Juvenile module (domain guide B10; Havana Rules r.21, r.50; IP22 ≈¶169, ≈¶286). A child is
 * examined immediately on admission; the guardian is notified, consents, and the child assents.
 * The module switches on when the person is under 18 (`isMinor` in rules/juvenile.ts).
 */
import { z } from 'zod';
import { consentItemSchema } from './consent';
import { NameText, NoteText, ShortText } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { YesNo } from './vocab';

/** Builds the juvenile module schema over the given time checks. */
export function juvenileSchema(t: TimeChecks) {
  return z.strictObject({
    /**
     * The clinician's determination that the person is a minor. `true` applies the module even if
     * the recorded age says otherwise (when in doubt, treat as a child); `false` with a recorded age
     * under 18 is a contradiction that blocks finalisation (E11).
     */
    isMinor: YesNo.nullish(),
    guardianName: NameText.nullish(),
    guardianRelationship: ShortText.nullish(),
    /** When the parent or guardian was notified of the admission (Havana r.21(d)). */
    guardianNotifiedAt: t.pastDateTime.nullish(),
    guardianConsent: consentItemSchema(t).nullish(),
    childAssent: consentItemSchema(t).nullish(),
    bestInterestNote: NoteText.nullish(),
    /** Whether the examiner is trained in examining children. */
    paediatricExaminer: YesNo.nullish(),
    safeguardingPlan: NoteText.nullish(),
  });
}

/** The juvenile module of a draft (no clock checks). */
export const Juvenile = juvenileSchema(DRAFT_TIME_CHECKS);
export type Juvenile = z.infer<typeof Juvenile>;
