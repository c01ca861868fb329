/**
 * Encounter and timing (domain guide B1). Arrival, start and end first: they drive the 24 h clock
 * of rule E1, and the delay reason stays in view so it is written while the reason is known.
 */
import type { SectionDefinition } from '../model';
import { NAME, NOTE, SHORT } from './limits';

export const encounterSection: SectionDefinition = {
  id: 'encounter',
  title: 'encounter.title',
  intro: 'encounter.intro',
  fields: [
    { path: 'encounter.type', kind: 'select', vocabulary: 'encounterType', label: 'encounter.type', help: 'encounter.help.type', width: 'third' },
    { path: 'encounter.facilityCode', kind: 'text', label: 'encounter.facilityCode', help: 'encounter.help.facilityCode', width: 'third' },
    { path: 'encounter.unit', kind: 'text', label: 'encounter.unit', maxLength: NAME, width: 'third' },

    { path: 'encounter.timing.arrivalAt', kind: 'datetime', label: 'encounter.timing.arrivalAt', help: 'encounter.help.arrivalAt', width: 'third', heading: 'encounter.heading.timing' },
    { path: 'encounter.timing.examStartAt', kind: 'datetime', label: 'encounter.timing.examStartAt', width: 'third' },
    { path: 'encounter.timing.examEndAt', kind: 'datetime', label: 'encounter.timing.examEndAt', width: 'third' },
    // Always shown: the rule's threshold is a setting, so the form cannot know when it applies.
    { path: 'encounter.timing.delayReason', kind: 'textarea', label: 'encounter.timing.delayReason', help: 'encounter.help.delayReason', maxLength: NOTE },

    { path: 'encounter.requester.type', kind: 'select', vocabulary: 'requesterType', label: 'encounter.requester.type', width: 'third', heading: 'encounter.heading.requester' },
    {
      path: 'encounter.requester.name',
      kind: 'text',
      label: 'encounter.requester.name',
      maxLength: NAME,
      width: 'third',
      visibleWhen: { not: { path: 'encounter.requester.type', equals: 'routine_intake' } },
    },
    { path: 'encounter.requester.reference', kind: 'text', label: 'encounter.requester.reference', help: 'encounter.help.requesterReference', maxLength: SHORT, width: 'third' },

    { path: 'encounter.examiner.name', kind: 'text', label: 'encounter.examiner.name', maxLength: NAME, width: 'half', heading: 'encounter.heading.examiner' },
    { path: 'encounter.examiner.profession', kind: 'select', vocabulary: 'examinerProfession', label: 'encounter.examiner.profession', width: 'half' },
    { path: 'encounter.examiner.registrationNo', kind: 'text', label: 'encounter.examiner.registrationNo', help: 'encounter.help.registrationNo', maxLength: SHORT, width: 'third' },
    { path: 'encounter.examiner.gender', kind: 'select', vocabulary: 'gender', label: 'encounter.examiner.gender', help: 'encounter.help.examinerGender', width: 'third' },
    {
      path: 'encounter.examiner.languages',
      kind: 'list',
      label: 'encounter.examiner.languages',
      help: 'encounter.help.examinerLanguages',
      addLabel: 'encounter.add.language',
      width: 'third',
      item: [{ path: '', kind: 'text', input: 'language', label: 'encounter.examiner.language', help: 'common.help.languageTag' }],
    },
  ],
};
