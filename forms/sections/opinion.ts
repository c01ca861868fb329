/**
 * The clinician's opinion and declarations (report sections VI, X–XV; domain guide D1, D2), in the
 * order of the report: symptoms and disabilities, tests and consultations, interpretation,
 * conclusions with the overall opinion on the consistency scale, limitations, the restrictions
 * statement and the declarations. Rules E7 (overall opinion) and E12 (declarations) say what a
 * finalised record needs. Not gated by consent: this is the clinician's own work.
 *
 * The restrictions details are asked whenever rule E12 requires them: the clinician answers that the
 * examination was not free, or the setting records an officer, a restraint or a restriction. A form
 * is data and cannot prefill them; the renderer can show `restrictionsStatement(exam).restrictions`
 * beside the field as a reminder.
 */
import { OFFICER_ROLES } from '../../shared/domain/vocab';
import type { SectionDefinition } from '../model';
import { NARRATIVE, NOTE } from './limits';

export const opinionSection: SectionDefinition = {
  id: 'opinion',
  title: 'opinion.title',
  intro: 'opinion.intro',
  fields: [
    { path: 'opinion.physicalSymptoms', kind: 'textarea', label: 'opinion.physicalSymptoms', help: 'opinion.help.physicalSymptoms', maxLength: NARRATIVE, heading: 'opinion.heading.symptoms' },

    { path: 'opinion.diagnosticTests', kind: 'textarea', label: 'opinion.diagnosticTests', help: 'opinion.help.diagnosticTests', maxLength: NOTE, heading: 'opinion.heading.tests' },
    { path: 'opinion.consultations', kind: 'textarea', label: 'opinion.consultations', help: 'opinion.help.consultations', maxLength: NOTE },

    {
      path: 'opinion.physicalInterpretation',
      kind: 'textarea',
      label: 'opinion.physicalInterpretation',
      help: 'opinion.help.physicalInterpretation',
      maxLength: NARRATIVE,
      heading: 'opinion.heading.interpretation',
    },
    { path: 'opinion.psychologicalInterpretation', kind: 'textarea', label: 'opinion.psychologicalInterpretation', help: 'opinion.help.psychologicalInterpretation', maxLength: NARRATIVE },

    {
      path: 'opinion.overallConsistency',
      kind: 'select',
      vocabulary: 'consistency',
      label: 'opinion.overallConsistency',
      help: 'opinion.help.overallConsistency',
      width: 'half',
      heading: 'opinion.heading.conclusions',
    },
    { path: 'opinion.overallRationale', kind: 'textarea', label: 'opinion.overallRationale', help: 'opinion.help.overallRationale', maxLength: NARRATIVE },
    { path: 'opinion.conclusions', kind: 'textarea', label: 'opinion.conclusions', help: 'opinion.help.conclusions', maxLength: NARRATIVE },
    { path: 'opinion.recommendations', kind: 'textarea', label: 'opinion.recommendations', help: 'opinion.help.recommendations', maxLength: NOTE },
    { path: 'opinion.limitations', kind: 'textarea', label: 'opinion.limitations', help: 'opinion.help.limitations', maxLength: NOTE },

    { path: 'opinion.examinedFreely', kind: 'yesno', label: 'opinion.examinedFreely', help: 'opinion.help.examinedFreely', heading: 'opinion.heading.restrictions' },
    {
      path: 'opinion.restrictionsDetails',
      kind: 'textarea',
      label: 'opinion.restrictionsDetails',
      help: 'opinion.help.restrictionsDetails',
      maxLength: NOTE,
      visibleWhen: {
        any: [
          { path: 'opinion.examinedFreely', equals: false },
          { path: 'setting.personsPresent.*.role', oneOf: OFFICER_ROLES },
          { path: 'setting.restraint.restrained', equals: true },
          { path: 'setting.restrictions.any', equals: true },
        ],
      },
    },

    { path: 'opinion.truthfulness', kind: 'yesno', label: 'opinion.truthfulness', help: 'opinion.help.declaration', heading: 'opinion.heading.declarations' },
    { path: 'opinion.noFindingOmitted', kind: 'yesno', label: 'opinion.noFindingOmitted', help: 'opinion.help.declaration' },
  ],
};
