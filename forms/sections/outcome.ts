/**
 * Outcome (domain guide B8 plan, B11): plan and treatment, referrals for care, follow-up, whether a
 * report to a competent authority is triggered, and the "do not return" flag (IP22 ≈¶317), asked
 * when the person alleges ill-treatment.
 */
import type { SectionDefinition } from '../model';
import { NOTE, SHORT } from './limits';

export const outcomeSection: SectionDefinition = {
  id: 'outcome',
  title: 'outcome.title',
  fields: [
    { path: 'outcome.plan', kind: 'textarea', label: 'outcome.plan', help: 'outcome.help.plan', maxLength: NOTE },
    { path: 'outcome.treatment', kind: 'textarea', label: 'outcome.treatment', maxLength: NOTE },
    {
      path: 'outcome.referrals',
      kind: 'list',
      label: 'outcome.referrals',
      help: 'outcome.help.referrals',
      addLabel: 'outcome.add.referral',
      item: [
        { path: 'to', kind: 'text', label: 'outcome.referral.to', maxLength: SHORT, width: 'third' },
        { path: 'urgency', kind: 'select', vocabulary: 'referralUrgency', label: 'outcome.referral.urgency', width: 'third' },
        { path: 'reason', kind: 'textarea', label: 'outcome.referral.reason', maxLength: NOTE },
      ],
    },
    { path: 'outcome.followUpDate', kind: 'date', label: 'outcome.followUpDate', width: 'third' },

    { path: 'outcome.reportTriggered', kind: 'yesno', label: 'outcome.reportTriggered', help: 'outcome.help.reportTriggered', width: 'half', heading: 'outcome.heading.protection' },
    {
      path: 'outcome.doNotReturnToPlaceOfAbuse',
      kind: 'yesno',
      label: 'outcome.doNotReturnToPlaceOfAbuse',
      help: 'outcome.help.doNotReturn',
      width: 'half',
      visibleWhen: { path: '/account.allegationPresent', equals: 'yes' },
    },
    {
      path: 'outcome.doNotReturnNote',
      kind: 'textarea',
      label: 'outcome.doNotReturnNote',
      maxLength: NOTE,
      visibleWhen: { all: [{ path: '/account.allegationPresent', equals: 'yes' }, { path: 'outcome.doNotReturnToPlaceOfAbuse', equals: true }] },
    },
  ],
};
