/**
 * Identity (domain guide B2; Mandela r.7(a)). A date of birth is preferred; the estimated age and its
 * method appear only without one. The person's languages decide whether an interpreter is needed (E6).
 */
import { MAX_AGE_YEARS } from '../../shared/domain/identity';
import type { SectionDefinition } from '../model';
import { NAME, NOTE, SHORT } from './limits';

const noDateOfBirth = { path: 'identity.dateOfBirth', answered: false } as const;

export const identitySection: SectionDefinition = {
  id: 'identity',
  title: 'identity.title',
  fields: [
    { path: 'identity.givenName', kind: 'text', label: 'identity.givenName', maxLength: NAME, width: 'half' },
    { path: 'identity.familyName', kind: 'text', label: 'identity.familyName', maxLength: NAME, width: 'half' },
    {
      path: 'identity.aliases',
      kind: 'list',
      label: 'identity.aliases',
      help: 'identity.help.aliases',
      addLabel: 'identity.add.alias',
      item: [{ path: '', kind: 'text', label: 'identity.alias', maxLength: NAME }],
    },

    { path: 'identity.dateOfBirth', kind: 'date', label: 'identity.dateOfBirth', help: 'identity.help.dateOfBirth', width: 'third' },
    {
      path: 'identity.ageEstimate.years',
      kind: 'number',
      label: 'identity.ageEstimate.years',
      min: 0,
      max: MAX_AGE_YEARS,
      step: 1,
      width: 'third',
      visibleWhen: noDateOfBirth,
    },
    {
      path: 'identity.ageEstimate.method',
      kind: 'select',
      vocabulary: 'ageEstimateMethod',
      label: 'identity.ageEstimate.method',
      width: 'third',
      visibleWhen: noDateOfBirth,
    },
    {
      path: 'identity.ageEstimate.methodDetail',
      kind: 'textarea',
      label: 'identity.ageEstimate.methodDetail',
      help: 'identity.help.ageMethodDetail',
      maxLength: NOTE,
      visibleWhen: { all: [noDateOfBirth, { path: 'identity.ageEstimate.method', answered: true }] },
    },
    { path: 'identity.sex', kind: 'select', vocabulary: 'sex', label: 'identity.sex', help: 'identity.help.sex', width: 'third' },
    { path: 'identity.genderIdentity', kind: 'text', label: 'identity.genderIdentity', help: 'identity.help.genderIdentity', maxLength: SHORT, width: 'third' },

    { path: 'identity.birthplace', kind: 'text', label: 'identity.birthplace', maxLength: SHORT, width: 'third' },
    { path: 'identity.nationality', kind: 'text', label: 'identity.nationality', maxLength: SHORT, width: 'third' },
    { path: 'identity.idNumber', kind: 'text', label: 'identity.idNumber', help: 'identity.help.idNumber', maxLength: SHORT, width: 'third' },

    {
      path: 'identity.languages',
      kind: 'list',
      label: 'identity.languages',
      help: 'identity.help.languages',
      addLabel: 'identity.add.language',
      width: 'half',
      heading: 'identity.heading.communication',
      item: [{ path: '', kind: 'text', input: 'language', label: 'identity.language', help: 'common.help.languageTag' }],
    },
    { path: 'identity.literacy', kind: 'select', vocabulary: 'literacy', label: 'identity.literacy', width: 'half' },
    {
      path: 'identity.disabilityCommunicationNeeds',
      kind: 'textarea',
      label: 'identity.disabilityCommunicationNeeds',
      help: 'identity.help.disabilityCommunicationNeeds',
      maxLength: NOTE,
    },

    { path: 'identity.emergencyContact.name', kind: 'text', label: 'identity.emergencyContact.name', maxLength: NAME, width: 'third', heading: 'identity.heading.emergencyContact' },
    { path: 'identity.emergencyContact.relationship', kind: 'text', label: 'identity.emergencyContact.relationship', maxLength: SHORT, width: 'third' },
    { path: 'identity.emergencyContact.contact', kind: 'text', label: 'identity.emergencyContact.contact', help: 'identity.help.emergencyContact', maxLength: SHORT, width: 'third' },

    {
      path: 'identity.dependentChildren.count',
      kind: 'number',
      label: 'identity.dependentChildren.count',
      help: 'identity.help.dependentChildren',
      min: 0,
      max: 30,
      step: 1,
      width: 'third',
      heading: 'identity.heading.dependentChildren',
    },
    {
      path: 'identity.dependentChildren.arrangements',
      kind: 'textarea',
      label: 'identity.dependentChildren.arrangements',
      help: 'identity.help.childArrangements',
      maxLength: NOTE,
      visibleWhen: { all: [{ path: 'identity.dependentChildren.count', answered: true }, { not: { path: 'identity.dependentChildren.count', equals: 0 } }] },
    },
  ],
};
