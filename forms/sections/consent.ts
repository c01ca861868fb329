/**
 * Consent (domain guide B6; IP22 ¶169, ¶181, ¶623; rule E3). First what was explained, then eight
 * separate consents, each with its own decision: a person may agree to talk but not to be
 * photographed. Once a decision is recorded, its time, method and witness follow; a refusal or an
 * inability to decide asks for the reason, a partial consent for its limits.
 */
import type { Condition, FieldDefinition, SectionDefinition } from '../model';
import { NAME, NOTE } from './limits';

/** Where the extra questions of one consent item go. */
interface ConsentItemOptions {
  /** Subheading drawn before the item. */
  readonly heading?: string;
  /** Drawn right after the limits of a partial consent (what the partial consent covers). */
  readonly afterLimits?: readonly FieldDefinition[];
  /** Drawn after the notes. */
  readonly after?: readonly FieldDefinition[];
}

/** The consent allows the procedure, at least in part (`allows` in shared/domain/consent.ts). */
export function consentAllows(path: string): Condition {
  return { path: `${path}.decision`, oneOf: ['given', 'partial'] };
}

/**
 * The fields every consent item has (decision, time, method, witness, reason, limits, notes) for
 * the item at `path`. Shared with the juvenile module's guardian consent and child assent.
 */
export function consentItemFields(path: string, decisionLabel: string, options: ConsentItemOptions = {}): FieldDefinition[] {
  const decided: Condition = { path: `${path}.decision`, answered: true };
  const decision: FieldDefinition = { path: `${path}.decision`, kind: 'select', vocabulary: 'consentDecision', label: decisionLabel, width: 'third' };
  return [
    options.heading === undefined ? decision : { ...decision, heading: options.heading },
    { path: `${path}.decidedAt`, kind: 'datetime', label: 'consent.item.decidedAt', width: 'third', visibleWhen: decided },
    { path: `${path}.method`, kind: 'select', vocabulary: 'consentMethod', label: 'consent.item.method', width: 'third', visibleWhen: decided },
    {
      path: `${path}.reason`,
      kind: 'textarea',
      label: 'consent.item.reason',
      help: 'consent.help.reason',
      maxLength: NOTE,
      visibleWhen: { path: `${path}.decision`, oneOf: ['refused', 'not_capable'] },
    },
    {
      path: `${path}.limits`,
      kind: 'textarea',
      label: 'consent.item.limits',
      help: 'consent.help.limits',
      maxLength: NOTE,
      visibleWhen: { path: `${path}.decision`, equals: 'partial' },
    },
    ...(options.afterLimits ?? []),
    { path: `${path}.witness`, kind: 'text', label: 'consent.item.witness', help: 'consent.help.witness', maxLength: NAME, width: 'half', visibleWhen: decided },
    { path: `${path}.notes`, kind: 'textarea', label: 'consent.item.notes', maxLength: NOTE, width: 'half', visibleWhen: decided },
    ...(options.after ?? []),
  ];
}

const explained = (key: string, help?: string): FieldDefinition => ({
  path: `consent.explained.${key}`,
  kind: 'yesno',
  label: `consent.explained.${key}`,
  ...(help === undefined ? {} : { help }),
  width: 'half',
});

export const consentSection: SectionDefinition = {
  id: 'consent',
  title: 'consent.title',
  intro: 'consent.intro',
  fields: [
    { ...explained('purpose'), heading: 'consent.heading.explained' },
    explained('whoReadsReport'),
    explained('storage'),
    explained('rightToRefuse', 'consent.help.rightToRefuse'),
    explained('mandatoryReportingDuty', 'consent.help.mandatoryReportingDuty'),
    explained('consequences'),
    explained('rightToIndependentExam', 'consent.help.rightToIndependentExam'),

    ...consentItemFields('consent.interview', 'consent.decision.interview', { heading: 'consent.heading.interview' }),
    ...consentItemFields('consent.physicalExam', 'consent.decision.physicalExam', {
      heading: 'consent.heading.physicalExam',
      afterLimits: [
        {
          path: 'consent.physicalExam.excludedRegions',
          kind: 'multiselect',
          vocabulary: 'bodyRegion',
          label: 'consent.physicalExam.excludedRegions',
          help: 'consent.help.excludedRegions',
          visibleWhen: { path: 'consent.physicalExam.decision', equals: 'partial' },
        },
        {
          path: 'consent.physicalExam.independentExamOffered',
          kind: 'yesno',
          label: 'consent.physicalExam.independentExamOffered',
          help: 'consent.help.independentExamOffered',
          width: 'half',
          visibleWhen: { path: 'consent.physicalExam.decision', equals: 'refused' },
        },
      ],
    }),
    ...consentItemFields('consent.intimateExam', 'consent.decision.intimateExam', { heading: 'consent.heading.intimateExam' }),
    ...consentItemFields('consent.photography', 'consent.decision.photography', {
      heading: 'consent.heading.photography',
      after: [
        {
          path: 'consent.photography.intimateImages',
          kind: 'yesno',
          label: 'consent.photography.intimateImages',
          help: 'consent.help.intimateImages',
          width: 'half',
          visibleWhen: consentAllows('consent.photography'),
        },
        {
          path: 'consent.photography.teachingPublication',
          kind: 'yesno',
          label: 'consent.photography.teachingPublication',
          help: 'consent.help.teachingPublication',
          width: 'half',
          visibleWhen: consentAllows('consent.photography'),
        },
      ],
    }),
    ...consentItemFields('consent.samplesTests', 'consent.decision.samplesTests', { heading: 'consent.heading.samplesTests' }),
    ...consentItemFields('consent.disclosureAuthorities', 'consent.decision.disclosureAuthorities', {
      heading: 'consent.heading.disclosureAuthorities',
      after: [
        {
          path: 'consent.disclosureAuthorities.authorityTypes',
          kind: 'multiselect',
          vocabulary: 'authorityType',
          label: 'consent.disclosureAuthorities.authorityTypes',
          help: 'consent.help.authorityTypes',
          visibleWhen: consentAllows('consent.disclosureAuthorities'),
        },
      ],
    }),
    ...consentItemFields('consent.shareWithLawyerFamily', 'consent.decision.shareWithLawyerFamily', {
      heading: 'consent.heading.shareWithLawyerFamily',
      after: [
        {
          path: 'consent.shareWithLawyerFamily.recipients',
          kind: 'multiselect',
          vocabulary: 'shareRecipient',
          label: 'consent.shareWithLawyerFamily.recipients',
          visibleWhen: consentAllows('consent.shareWithLawyerFamily'),
        },
      ],
    }),
    ...consentItemFields('consent.copyToPerson', 'consent.decision.copyToPerson', {
      heading: 'consent.heading.copyToPerson',
      // The wish for a copy and its delivery are asked whatever the decision (rule E14).
      after: [
        { path: 'consent.copyToPerson.wantsCopy', kind: 'yesno', label: 'consent.copyToPerson.wantsCopy', width: 'half' },
        {
          path: 'consent.copyToPerson.copyGiven',
          kind: 'yesno',
          label: 'consent.copyToPerson.copyGiven',
          help: 'consent.help.copyGiven',
          width: 'half',
          visibleWhen: { path: 'consent.copyToPerson.wantsCopy', equals: true },
        },
        {
          path: 'consent.copyToPerson.givenTo',
          kind: 'multiselect',
          vocabulary: 'copyRecipient',
          label: 'consent.copyToPerson.givenTo',
          width: 'third',
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: true },
        },
        {
          path: 'consent.copyToPerson.deliveryMethod',
          kind: 'select',
          vocabulary: 'deliveryMethod',
          label: 'consent.copyToPerson.deliveryMethod',
          help: 'consent.help.deliveryMethod',
          width: 'third',
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: true },
        },
        {
          path: 'consent.copyToPerson.deliveredAt',
          kind: 'datetime',
          label: 'consent.copyToPerson.deliveredAt',
          width: 'third',
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: true },
        },
        {
          path: 'consent.copyToPerson.copyVersion',
          kind: 'number',
          label: 'consent.copyToPerson.copyVersion',
          min: 1,
          max: 999,
          step: 1,
          width: 'third',
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: true },
        },
        {
          path: 'consent.copyToPerson.copyLanguage',
          kind: 'text',
          input: 'language',
          label: 'consent.copyToPerson.copyLanguage',
          help: 'common.help.languageTag',
          width: 'third',
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: true },
        },
        {
          path: 'consent.copyToPerson.notGivenReason',
          kind: 'textarea',
          label: 'consent.copyToPerson.notGivenReason',
          maxLength: NOTE,
          visibleWhen: { path: 'consent.copyToPerson.copyGiven', equals: false },
        },
      ],
    }),
  ],
};
