/**
 * Health-needs screening (domain guide B8; Mandela r.24, r.30(a)–(e); rule E9). Care offered on
 * admission, so never locked by the medico-legal consents. Each screen of rule E9 starts with its
 * status: completed, or declined with the person's reason; its questions hide once declined.
 */
import { VITAL_RANGES, type VitalSign } from '../../shared/domain/screening';
import type { Condition, FieldDefinition, SectionDefinition } from '../model';
import { NOTE, SHORT } from './limits';

function vital(sign: VitalSign): FieldDefinition {
  const { min, max, unit, integer } = VITAL_RANGES[sign];
  return { path: `screening.vitals.${sign}`, kind: 'number', label: `screening.vitals.${sign}`, unit, min, max, step: integer ? 1 : 0.1, width: 'third' };
}

type ScreenKey = 'infectious' | 'mentalHealth' | 'suicideSelfHarm' | 'substances';

/** The screen is not declined: its questions are asked. */
function asked(screen: ScreenKey): Condition {
  return { not: { path: `screening.${screen}.status`, equals: 'declined' } };
}

/** The status of a screen, under its heading, and the reason when declined. */
function screenStatus(screen: ScreenKey): FieldDefinition[] {
  return [
    {
      path: `screening.${screen}.status`,
      kind: 'select',
      vocabulary: 'screenStatus',
      label: 'screening.screenStatus',
      help: 'screening.help.screenStatus',
      width: 'third',
      heading: `screening.heading.${screen}`,
    },
    {
      path: `screening.${screen}.declinedReason`,
      kind: 'textarea',
      label: 'screening.declinedReason',
      help: 'screening.help.declinedReason',
      maxLength: NOTE,
      visibleWhen: { path: `screening.${screen}.status`, equals: 'declined' },
    },
  ];
}

export const screeningSection: SectionDefinition = {
  id: 'screening',
  title: 'screening.title',
  intro: 'screening.intro',
  fields: [
    { path: 'screening.vitals.measuredAt', kind: 'datetime', label: 'screening.vitals.measuredAt', width: 'third', heading: 'screening.heading.vitals' },
    vital('bpSystolic'),
    vital('bpDiastolic'),
    vital('pulse'),
    vital('temperatureC'),
    vital('respiratoryRate'),
    vital('spo2'),
    vital('weightKg'),
    vital('heightCm'),

    {
      path: 'screening.allergies.status',
      kind: 'select',
      vocabulary: 'allergyStatus',
      label: 'screening.allergies.status',
      width: 'third',
      heading: 'screening.heading.history',
    },
    {
      path: 'screening.allergies.details',
      kind: 'textarea',
      label: 'screening.allergies.details',
      help: 'screening.help.allergyDetails',
      maxLength: NOTE,
      visibleWhen: { path: 'screening.allergies.status', equals: 'present' },
    },
    {
      path: 'screening.chronicDiseases',
      kind: 'list',
      label: 'screening.chronicDiseases',
      addLabel: 'screening.add.chronicDisease',
      item: [
        { path: 'description', kind: 'text', label: 'screening.chronicDisease.description', maxLength: SHORT, width: 'half' },
        { path: 'icdCode', kind: 'text', label: 'screening.chronicDisease.icdCode', help: 'screening.help.icdCode', width: 'third' },
        { path: 'status', kind: 'select', vocabulary: 'chronicDiseaseStatus', label: 'screening.chronicDisease.status', width: 'third' },
      ],
    },
    {
      path: 'screening.medications',
      kind: 'list',
      label: 'screening.medications',
      help: 'screening.help.medications',
      addLabel: 'screening.add.medication',
      item: [
        { path: 'drug', kind: 'text', label: 'screening.medication.drug', maxLength: SHORT, width: 'third' },
        { path: 'dose', kind: 'text', label: 'screening.medication.dose', maxLength: SHORT, width: 'third' },
        { path: 'lastTakenAt', kind: 'datetime', label: 'screening.medication.lastTakenAt', width: 'third' },
        { path: 'interruptedInCustody', kind: 'yesno', label: 'screening.medication.interruptedInCustody', width: 'third' },
        { path: 'continuityPlan', kind: 'textarea', label: 'screening.medication.continuityPlan', help: 'screening.help.continuityPlan', maxLength: NOTE },
      ],
    },

    ...screenStatus('infectious'),
    { path: 'screening.infectious.tbSymptoms', kind: 'yesno', label: 'screening.infectious.tbSymptoms', help: 'screening.help.tbSymptoms', width: 'third', visibleWhen: asked('infectious') },
    { path: 'screening.infectious.tbNotes', kind: 'textarea', label: 'screening.infectious.tbNotes', maxLength: NOTE, visibleWhen: asked('infectious') },
    { path: 'screening.infectious.testingOffered', kind: 'yesno', label: 'screening.infectious.testingOffered', help: 'screening.help.testingOffered', width: 'third', visibleWhen: asked('infectious') },
    {
      path: 'screening.infectious.testingAccepted',
      kind: 'yesno',
      label: 'screening.infectious.testingAccepted',
      width: 'third',
      visibleWhen: { all: [asked('infectious'), { path: 'screening.infectious.testingOffered', equals: true }] },
    },
    {
      path: 'screening.infectious.testResults',
      kind: 'list',
      label: 'screening.infectious.testResults',
      addLabel: 'screening.add.testResult',
      visibleWhen: { all: [asked('infectious'), { path: 'screening.infectious.testingAccepted', equals: true }] },
      item: [
        { path: 'test', kind: 'select', vocabulary: 'bbvStiTest', label: 'screening.testResult.test', width: 'half' },
        { path: 'result', kind: 'select', vocabulary: 'testResult', label: 'screening.testResult.result', width: 'half' },
      ],
    },
    { path: 'screening.infectious.isolationRequired', kind: 'yesno', label: 'screening.infectious.isolationRequired', width: 'third', visibleWhen: asked('infectious') },
    {
      path: 'screening.infectious.isolationPeriod',
      kind: 'text',
      label: 'screening.infectious.isolationPeriod',
      maxLength: SHORT,
      width: 'half',
      visibleWhen: { all: [asked('infectious'), { path: 'screening.infectious.isolationRequired', equals: true }] },
    },

    ...screenStatus('mentalHealth'),
    { path: 'screening.mentalHealth.symptoms', kind: 'textarea', label: 'screening.mentalHealth.symptoms', maxLength: NOTE, visibleWhen: asked('mentalHealth') },
    { path: 'screening.mentalHealth.psychiatricHistory', kind: 'textarea', label: 'screening.mentalHealth.psychiatricHistory', maxLength: NOTE, visibleWhen: asked('mentalHealth') },
    {
      path: 'screening.mentalHealth.ptsdScreen',
      kind: 'select',
      vocabulary: 'screenResult',
      label: 'screening.mentalHealth.ptsdScreen',
      width: 'third',
      visibleWhen: asked('mentalHealth'),
    },
    {
      path: 'screening.mentalHealth.depressionScreen',
      kind: 'select',
      vocabulary: 'screenResult',
      label: 'screening.mentalHealth.depressionScreen',
      width: 'third',
      visibleWhen: asked('mentalHealth'),
    },
    {
      path: 'screening.mentalHealth.capacityConcerns',
      kind: 'textarea',
      label: 'screening.mentalHealth.capacityConcerns',
      help: 'screening.help.capacityConcerns',
      maxLength: NOTE,
      visibleWhen: asked('mentalHealth'),
    },

    ...screenStatus('suicideSelfHarm'),
    { path: 'screening.suicideSelfHarm.priorAttempts', kind: 'yesno', label: 'screening.suicideSelfHarm.priorAttempts', width: 'third', visibleWhen: asked('suicideSelfHarm') },
    { path: 'screening.suicideSelfHarm.ideation', kind: 'yesno', label: 'screening.suicideSelfHarm.ideation', width: 'third', visibleWhen: asked('suicideSelfHarm') },
    { path: 'screening.suicideSelfHarm.plan', kind: 'yesno', label: 'screening.suicideSelfHarm.plan', width: 'third', visibleWhen: asked('suicideSelfHarm') },
    {
      path: 'screening.suicideSelfHarm.riskLevel',
      kind: 'select',
      vocabulary: 'riskLevel',
      label: 'screening.suicideSelfHarm.riskLevel',
      width: 'half',
      visibleWhen: asked('suicideSelfHarm'),
    },
    {
      path: 'screening.suicideSelfHarm.observationLevel',
      kind: 'select',
      vocabulary: 'observationLevel',
      label: 'screening.suicideSelfHarm.observationLevel',
      help: 'screening.help.observationLevel',
      width: 'half',
      visibleWhen: asked('suicideSelfHarm'),
    },
    { path: 'screening.suicideSelfHarm.notes', kind: 'textarea', label: 'screening.suicideSelfHarm.notes', maxLength: NOTE, visibleWhen: asked('suicideSelfHarm') },

    ...screenStatus('substances'),
    {
      path: 'screening.substances.uses',
      kind: 'list',
      label: 'screening.substances.uses',
      addLabel: 'screening.add.substanceUse',
      visibleWhen: asked('substances'),
      item: [
        { path: 'substance', kind: 'select', vocabulary: 'substance', label: 'screening.substanceUse.substance', width: 'third' },
        { path: 'lastUseAt', kind: 'datetime', label: 'screening.substanceUse.lastUseAt', width: 'third' },
        { path: 'pattern', kind: 'text', label: 'screening.substanceUse.pattern', help: 'screening.help.substancePattern', maxLength: SHORT, width: 'third' },
      ],
    },
    { path: 'screening.substances.withdrawalSigns', kind: 'yesno', label: 'screening.substances.withdrawalSigns', width: 'third', visibleWhen: asked('substances') },
    {
      path: 'screening.substances.withdrawalNotes',
      kind: 'textarea',
      label: 'screening.substances.withdrawalNotes',
      help: 'screening.help.withdrawalNotes',
      maxLength: NOTE,
      visibleWhen: { all: [asked('substances'), { path: 'screening.substances.withdrawalSigns', equals: true }] },
    },
    {
      path: 'screening.substances.opioidSubstitutionBefore',
      kind: 'yesno',
      label: 'screening.substances.opioidSubstitutionBefore',
      width: 'half',
      visibleWhen: asked('substances'),
    },
    {
      path: 'screening.substances.opioidSubstitutionContinued',
      kind: 'yesno',
      label: 'screening.substances.opioidSubstitutionContinued',
      help: 'screening.help.opioidSubstitution',
      width: 'half',
      visibleWhen: { all: [asked('substances'), { path: 'screening.substances.opioidSubstitutionBefore', equals: true }] },
    },

    { path: 'screening.fitness.level', kind: 'select', vocabulary: 'fitness', label: 'screening.fitness.level', width: 'third', heading: 'screening.heading.fitness' },
    {
      path: 'screening.fitness.reason',
      kind: 'textarea',
      label: 'screening.fitness.reason',
      maxLength: NOTE,
      visibleWhen: { path: 'screening.fitness.level', oneOf: ['restricted', 'no'] },
    },
  ],
};
