/**
 * Provenance and custody chain (domain guide B3; Mandela r.7(b)–(d)). Asked in the order of events:
 * where from, the arrest, the order, earlier places of detention, the escort, and the injuries the
 * reception register already noted.
 */
import type { SectionDefinition } from '../model';
import { NAME, NOTE, SHORT } from './limits';

const orderSeen = { path: 'provenance.commitmentOrder.seen', equals: true } as const;

export const provenanceSection: SectionDefinition = {
  id: 'provenance',
  title: 'provenance.title',
  intro: 'provenance.intro',
  fields: [
    { path: 'provenance.arrivedFromType', kind: 'select', vocabulary: 'arrivedFromType', label: 'provenance.arrivedFromType', width: 'half' },
    { path: 'provenance.arrivedFromName', kind: 'text', label: 'provenance.arrivedFromName', help: 'provenance.help.arrivedFromName', maxLength: SHORT, width: 'half' },

    { path: 'provenance.arrestAt', kind: 'datetime', label: 'provenance.arrestAt', width: 'half', heading: 'provenance.heading.arrest' },
    { path: 'provenance.arrestPlace', kind: 'text', label: 'provenance.arrestPlace', maxLength: SHORT, width: 'half' },
    { path: 'provenance.arrestingAuthority.unit', kind: 'text', label: 'provenance.arrestingAuthority.unit', help: 'provenance.help.arrestingUnit', maxLength: SHORT, width: 'half' },
    { path: 'provenance.arrestingAuthority.officers', kind: 'textarea', label: 'provenance.arrestingAuthority.officers', help: 'provenance.help.arrestingOfficers', maxLength: NOTE },

    { path: 'provenance.commitmentOrder.seen', kind: 'yesno', label: 'provenance.commitmentOrder.seen', help: 'provenance.help.commitmentOrder', width: 'third', heading: 'provenance.heading.commitmentOrder' },
    { path: 'provenance.commitmentOrder.reference', kind: 'text', label: 'provenance.commitmentOrder.reference', maxLength: SHORT, width: 'third', visibleWhen: orderSeen },
    { path: 'provenance.commitmentOrder.issuedBy', kind: 'text', label: 'provenance.commitmentOrder.issuedBy', maxLength: NAME, width: 'third', visibleWhen: orderSeen },
    { path: 'provenance.commitmentOrder.issuedOn', kind: 'date', label: 'provenance.commitmentOrder.issuedOn', width: 'third', visibleWhen: orderSeen },

    {
      path: 'provenance.priorPlacesOfDetention',
      kind: 'list',
      label: 'provenance.priorPlacesOfDetention',
      help: 'provenance.help.priorPlaces',
      addLabel: 'provenance.add.priorPlace',
      heading: 'provenance.heading.priorPlaces',
      item: [
        { path: 'place', kind: 'text', label: 'provenance.priorPlace.place', maxLength: SHORT, width: 'half' },
        { path: 'authority', kind: 'text', label: 'provenance.priorPlace.authority', help: 'provenance.help.priorPlaceAuthority', maxLength: SHORT, width: 'half' },
        { path: 'from', kind: 'datetime', label: 'provenance.priorPlace.from', width: 'half' },
        { path: 'to', kind: 'datetime', label: 'provenance.priorPlace.to', width: 'half' },
      ],
    },
    { path: 'provenance.escort', kind: 'textarea', label: 'provenance.escort', help: 'provenance.help.escort', maxLength: NOTE },

    { path: 'provenance.registerInjuries.noted', kind: 'yesno', label: 'provenance.registerInjuries.noted', help: 'provenance.help.registerInjuries', width: 'third', heading: 'provenance.heading.registerInjuries' },
    {
      path: 'provenance.registerInjuries.details',
      kind: 'textarea',
      label: 'provenance.registerInjuries.details',
      help: 'provenance.help.registerInjuryDetails',
      maxLength: NOTE,
      visibleWhen: { path: 'provenance.registerInjuries.noted', equals: true },
    },
  ],
};
