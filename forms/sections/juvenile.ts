/**
 * Juvenile module (domain guide B10; Havana Rules r.21, r.50; IP22 ≈¶169, ≈¶286; rule E11). Applies
 * when the person is under 18 or the clinician says so (when in doubt, treat as a child). The
 * guardian is notified, consents, and the child assents, each recorded like a consent item.
 */
import type { SectionDefinition } from '../model';
import { consentItemFields } from './consent';
import { NAME, NOTE, SHORT } from './limits';

export const juvenileSection: SectionDefinition = {
  id: 'juvenile',
  title: 'juvenile.title',
  intro: 'juvenile.intro',
  fields: [
    { path: 'juvenile.isMinor', kind: 'yesno', label: 'juvenile.isMinor', help: 'juvenile.help.isMinor', width: 'half' },
    { path: 'juvenile.paediatricExaminer', kind: 'yesno', label: 'juvenile.paediatricExaminer', help: 'juvenile.help.paediatricExaminer', width: 'half' },

    { path: 'juvenile.guardianName', kind: 'text', label: 'juvenile.guardianName', maxLength: NAME, width: 'third', heading: 'juvenile.heading.guardian' },
    { path: 'juvenile.guardianRelationship', kind: 'text', label: 'juvenile.guardianRelationship', maxLength: SHORT, width: 'third' },
    { path: 'juvenile.guardianNotifiedAt', kind: 'datetime', label: 'juvenile.guardianNotifiedAt', help: 'juvenile.help.guardianNotifiedAt', width: 'third' },

    ...consentItemFields('juvenile.guardianConsent', 'juvenile.guardianConsent', { heading: 'juvenile.heading.guardianConsent' }),
    ...consentItemFields('juvenile.childAssent', 'juvenile.childAssent', { heading: 'juvenile.heading.childAssent' }),

    { path: 'juvenile.bestInterestNote', kind: 'textarea', label: 'juvenile.bestInterestNote', help: 'juvenile.help.bestInterestNote', maxLength: NOTE, heading: 'juvenile.heading.protection' },
    { path: 'juvenile.safeguardingPlan', kind: 'textarea', label: 'juvenile.safeguardingPlan', help: 'juvenile.help.safeguardingPlan', maxLength: NOTE },
  ],
};
