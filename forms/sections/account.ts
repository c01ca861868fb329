/**
 * The person's own account (domain guide B7; CPT §74(i); Annex IV V). The account is written in the
 * person's words first; episodes then structure it (when, where, who, how) with the same method
 * vocabulary as the lesion list, so the two can be compared for consistency. Locked until the person
 * agrees to be interviewed (E3).
 */
import type { SectionDefinition } from '../model';
import { NARRATIVE, NOTE, SHORT } from './limits';

const alleges = { path: 'account.allegationPresent', equals: 'yes' } as const;

export const accountSection: SectionDefinition = {
  id: 'account',
  title: 'account.title',
  intro: 'account.intro',
  gate: 'account',
  fields: [
    { path: 'account.allegationPresent', kind: 'select', vocabulary: 'allegationAnswer', label: 'account.allegationPresent', help: 'account.help.allegationPresent', width: 'half' },
    { path: 'account.ownWords', kind: 'textarea', label: 'account.ownWords', help: 'account.help.ownWords', maxLength: NARRATIVE, visibleWhen: alleges },
    {
      path: 'account.episodes',
      kind: 'list',
      label: 'account.episodes',
      help: 'account.help.episodes',
      addLabel: 'account.add.episode',
      visibleWhen: alleges,
      item: [
        { path: 'occurredAt', kind: 'datetime', label: 'account.episode.occurredAt', width: 'third' },
        { path: 'occurredOn', kind: 'date', label: 'account.episode.occurredOn', help: 'account.help.occurredOn', width: 'third', visibleWhen: { path: 'occurredAt', answered: false } },
        { path: 'whenDescription', kind: 'text', label: 'account.episode.whenDescription', help: 'account.help.whenDescription', maxLength: SHORT, width: 'third' },
        { path: 'place', kind: 'text', label: 'account.episode.place', maxLength: SHORT, width: 'half' },
        { path: 'perpetrators', kind: 'textarea', label: 'account.episode.perpetrators', help: 'account.help.perpetrators', maxLength: NOTE, width: 'half' },
        { path: 'methods', kind: 'multiselect', vocabulary: 'attribution', label: 'account.episode.methods', help: 'account.help.methods' },
        { path: 'methodsDetail', kind: 'textarea', label: 'account.episode.methodsDetail', maxLength: NOTE },
        { path: 'instrument', kind: 'textarea', label: 'account.episode.instrument', maxLength: NOTE, width: 'half' },
        { path: 'durationFrequency', kind: 'textarea', label: 'account.episode.durationFrequency', maxLength: NOTE, width: 'half' },
        { path: 'bodyParts', kind: 'textarea', label: 'account.episode.bodyParts', help: 'account.help.bodyParts', maxLength: NOTE, width: 'half' },
        { path: 'bodyRegions', kind: 'multiselect', vocabulary: 'bodyRegion', label: 'account.episode.bodyRegions', width: 'half' },
        { path: 'lossOfConsciousness', kind: 'select', vocabulary: 'yesNoUnknown', label: 'account.episode.lossOfConsciousness', width: 'half' },
        { path: 'sexualViolence', kind: 'select', vocabulary: 'disclosureAnswer', label: 'account.episode.sexualViolence', help: 'account.help.sexualViolence', width: 'half' },
        { path: 'threats', kind: 'textarea', label: 'account.episode.threats', maxLength: NOTE, width: 'half' },
        { path: 'witnesses', kind: 'textarea', label: 'account.episode.witnesses', maxLength: NOTE, width: 'half' },
      ],
    },
    { path: 'account.symptomsSince', kind: 'textarea', label: 'account.symptomsSince', help: 'account.help.symptomsSince', maxLength: NARRATIVE, visibleWhen: alleges },
    { path: 'account.treatmentReceived', kind: 'textarea', label: 'account.treatmentReceived', maxLength: NOTE, visibleWhen: alleges },
    {
      path: 'account.fearOfReprisal',
      kind: 'select',
      vocabulary: 'fearOfReprisal',
      label: 'account.fearOfReprisal',
      help: 'account.help.fearOfReprisal',
      width: 'half',
      // A person who declines to speak may do so out of fear: ask them too.
      visibleWhen: { path: 'account.allegationPresent', oneOf: ['yes', 'declined'] },
      heading: 'account.heading.reprisal',
    },
    {
      path: 'account.fearOfReprisalSource',
      kind: 'textarea',
      label: 'account.fearOfReprisalSource',
      maxLength: NOTE,
      width: 'half',
      visibleWhen: { all: [{ path: 'account.allegationPresent', oneOf: ['yes', 'declined'] }, { path: 'account.fearOfReprisal', oneOf: ['some', 'high'] }] },
    },
  ],
};
