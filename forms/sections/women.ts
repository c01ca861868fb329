/**
 * Women-specific module (domain guide B9; Bangkok Rules r.6–11; rule E10). Each question may be
 * declined (r.8): its answer and details appear only once she answers, and declining never blocks
 * the record. If sexual abuse is diagnosed, she is informed of her right to judicial recourse (r.7),
 * and when. The module applies when the recorded sex is female; `applies` extends it to others.
 */
import type { WomenItem } from '../../shared/domain/women';
import type { Condition, FieldDefinition, SectionDefinition } from '../model';
import { NOTE } from './limits';

/** A question she answers or declines: status, then the answer and details once answered. */
function declinable(key: WomenItem | 'wantsLegalAction', options: { heading?: string; visibleWhen?: Condition } = {}): FieldDefinition[] {
  const answered: Condition = { path: `women.${key}.status`, equals: 'answered' };
  const when = (extra: Condition): Condition => (options.visibleWhen === undefined ? extra : { all: [options.visibleWhen, extra] });
  const status: FieldDefinition = {
    path: `women.${key}.status`,
    kind: 'select',
    vocabulary: 'declinableStatus',
    label: `women.question.${key}`,
    help: `women.help.${key}`,
    width: 'third',
    ...(options.heading === undefined ? {} : { heading: options.heading }),
    ...(options.visibleWhen === undefined ? {} : { visibleWhen: options.visibleWhen }),
  };
  return [
    status,
    { path: `women.${key}.answer`, kind: 'select', vocabulary: 'yesNoUnknown', label: 'women.item.answer', width: 'third', visibleWhen: when(answered) },
    { path: `women.${key}.details`, kind: 'textarea', label: 'women.item.details', maxLength: NOTE, width: 'third', visibleWhen: when(answered) },
  ];
}

const diagnosed = { path: 'women.sexualAbuseDiagnosed', equals: true } as const;

export const womenSection: SectionDefinition = {
  id: 'women',
  title: 'women.title',
  intro: 'women.intro',
  fields: [
    {
      path: 'women.applies',
      kind: 'yesno',
      label: 'women.applies',
      help: 'women.help.applies',
      width: 'half',
      visibleWhen: { not: { path: '/identity.sex', equals: 'female' } },
    },

    ...declinable('stiBbvScreening', { heading: 'women.heading.health' }),
    ...declinable('pregnancy', { heading: 'women.heading.reproductive' }),
    ...declinable('recentChildbirth'),
    ...declinable('miscarriageOrAbortion'),
    ...declinable('breastfeeding'),
    ...declinable('mentalHealthSuicideRisk', { heading: 'women.heading.wellbeing' }),
    ...declinable('drugDependency'),
    ...declinable('sexualAbuseBeforeAdmission', { heading: 'women.heading.sexualAbuse' }),

    // Asked of the clinician, not of her: a diagnosis may follow the findings as well as a disclosure.
    { path: 'women.sexualAbuseDiagnosed', kind: 'yesno', label: 'women.sexualAbuseDiagnosed', help: 'women.help.sexualAbuseDiagnosed', width: 'half' },
    {
      path: 'women.informedOfJudicialRecourse',
      kind: 'yesno',
      label: 'women.informedOfJudicialRecourse',
      help: 'women.help.judicialRecourse',
      width: 'half',
      visibleWhen: diagnosed,
    },
    {
      path: 'women.informedOfJudicialRecourseAt',
      kind: 'datetime',
      label: 'women.informedOfJudicialRecourseAt',
      width: 'half',
      visibleWhen: { all: [diagnosed, { path: 'women.informedOfJudicialRecourse', equals: true }] },
    },
    ...declinable('wantsLegalAction', { visibleWhen: diagnosed }),
    { path: 'women.psychologicalSupportOffered', kind: 'yesno', label: 'women.psychologicalSupportOffered', width: 'half', visibleWhen: diagnosed },
    { path: 'women.referral', kind: 'textarea', label: 'women.referral', help: 'women.help.referral', maxLength: NOTE, visibleWhen: diagnosed },

    { path: 'women.accompanyingChildPresent', kind: 'yesno', label: 'women.accompanyingChildPresent', width: 'half', heading: 'women.heading.childAndExaminer' },
    {
      path: 'women.accompanyingChildScreened',
      kind: 'yesno',
      label: 'women.accompanyingChildScreened',
      help: 'women.help.accompanyingChild',
      width: 'half',
      visibleWhen: { path: 'women.accompanyingChildPresent', equals: true },
    },
    { path: 'women.femaleExaminerRequested', kind: 'yesno', label: 'women.femaleExaminerRequested', width: 'half' },
    {
      path: 'women.femaleExaminerProvided',
      kind: 'yesno',
      label: 'women.femaleExaminerProvided',
      help: 'women.help.femaleExaminer',
      width: 'half',
      visibleWhen: { path: 'women.femaleExaminerRequested', equals: true },
    },
  ],
};
