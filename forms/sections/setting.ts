/**
 * Setting and persons present (domain guide B4; IP22 ¶200, ¶313–315; rule E5). Whether each person
 * could hear or see is an explicit answer: the report prints it in sections I and XV.
 */
import { OFFICER_ROLES } from '../../shared/domain/vocab';
import type { SectionDefinition } from '../model';
import { NAME, NOTE, SHORT } from './limits';

export const settingSection: SectionDefinition = {
  id: 'setting',
  title: 'setting.title',
  intro: 'setting.intro',
  fields: [
    { path: 'setting.location', kind: 'select', vocabulary: 'examLocation', label: 'setting.location', width: 'half' },
    { path: 'setting.locationDetail', kind: 'text', label: 'setting.locationDetail', help: 'setting.help.locationDetail', maxLength: SHORT, width: 'half' },

    {
      path: 'setting.personsPresent',
      kind: 'list',
      label: 'setting.personsPresent',
      help: 'setting.help.personsPresent',
      addLabel: 'setting.add.person',
      heading: 'setting.heading.persons',
      item: [
        { path: 'role', kind: 'select', vocabulary: 'personRole', label: 'setting.person.role', width: 'third' },
        { path: 'name', kind: 'text', label: 'setting.person.name', maxLength: NAME, width: 'third' },
        { path: 'gender', kind: 'select', vocabulary: 'gender', label: 'setting.person.gender', help: 'setting.help.personGender', width: 'third' },
        { path: 'affiliation', kind: 'text', label: 'setting.person.affiliation', maxLength: SHORT, width: 'third' },
        { path: 'inEarshot', kind: 'yesno', label: 'setting.person.inEarshot', width: 'third' },
        { path: 'inSight', kind: 'yesno', label: 'setting.person.inSight', width: 'third' },
      ],
    },
    {
      path: 'setting.securityPresentReason',
      kind: 'textarea',
      label: 'setting.securityPresentReason',
      help: 'setting.help.securityPresentReason',
      maxLength: NOTE,
      visibleWhen: { path: 'setting.personsPresent.*.role', oneOf: OFFICER_ROLES },
    },

    { path: 'setting.restraint.restrained', kind: 'yesno', label: 'setting.restraint.restrained', width: 'third', heading: 'setting.heading.restraint' },
    { path: 'setting.restraint.how', kind: 'textarea', label: 'setting.restraint.how', maxLength: NOTE, width: 'half', visibleWhen: { path: 'setting.restraint.restrained', equals: true } },
    { path: 'setting.restraint.why', kind: 'textarea', label: 'setting.restraint.why', maxLength: NOTE, width: 'half', visibleWhen: { path: 'setting.restraint.restrained', equals: true } },

    { path: 'setting.restrictions.any', kind: 'yesno', label: 'setting.restrictions.any', help: 'setting.help.restrictions', width: 'third' },
    {
      path: 'setting.restrictions.kinds',
      kind: 'multiselect',
      vocabulary: 'examRestriction',
      label: 'setting.restrictions.kinds',
      visibleWhen: { path: 'setting.restrictions.any', equals: true },
    },
    {
      path: 'setting.restrictions.details',
      kind: 'textarea',
      label: 'setting.restrictions.details',
      maxLength: NOTE,
      visibleWhen: { path: 'setting.restrictions.any', equals: true },
    },

    { path: 'setting.chaperoneOffered', kind: 'yesno', label: 'setting.chaperoneOffered', width: 'half', heading: 'setting.heading.offers' },
    { path: 'setting.sameGenderExaminerOffered', kind: 'yesno', label: 'setting.sameGenderExaminerOffered', help: 'setting.help.sameGenderExaminer', width: 'half' },
  ],
};
