/**
 * Consent as printed in section I and in the admission record (domain guide B6, D1 "consent (+why
 * not)"): what was explained, the eight consents each in the words of its decision ("Not sought" is
 * printed as such, never as a refusal), with its time, method, witness, reason, limits and notes;
 * the sub-consents; and the copy of the report, the consent to receive one kept apart from the fact
 * that one was given (when, which version, which language). The juvenile module's guardian consent
 * and child assent sit beside them (Havana r.21(d); IP22 ≈¶169, ≈¶286).
 */
import type { ConsentItem } from '../../domain/consent';
import type { Examination } from '../../domain/examination';
import { isMinor } from '../../domain/rules/juvenile';
import { CONSENT_ITEMS, EXPLAINED_ITEMS, type ConsentItemKey } from '../../domain/vocab';
import { fmt, formatDateTime, text, vocabLabel, vocabList } from '../format';
import type { KeyValueRow } from '../model';
import { R, RR, join, languageName, optional, parts, yn } from './common';

/** One consent item as printed: decision, time and method, witness, reason, limits, notes; null when no decision is recorded. */
export function consentItemValue(item: ConsentItem | null | undefined, extra: readonly (string | null)[] = []): string | null {
  if (!item?.decision) {
    // Details without a decision (a draft) are still printed, after "Not recorded".
    const details = join([text(item?.reason) ? fmt(R.label.consentReason, { reason: item?.reason ?? '' }) : null, text(item?.notes) ? fmt(RR.label.consentNotes, { notes: item?.notes ?? '' }) : null], '. ');
    return details === null ? null : `${R.value.notRecorded}. ${details}`;
  }
  return join(
    [
      fmt(R.label.consentValue, {
        decision: vocabLabel('consentDecision', item.decision) ?? item.decision,
        when: item.decidedAt ? fmt(R.value.at, { at: formatDateTime(item.decidedAt) ?? '' }) : '',
        method: item.method ? fmt(R.value.method, { method: vocabLabel('consentMethod', item.method) ?? item.method }) : '',
      }),
      text(item.witness) ? fmt(RR.label.consentWitness, { witness: item.witness ?? '' }) : null,
      text(item.reason) ? fmt(R.label.consentReason, { reason: item.reason ?? '' }) : null,
      text(item.limits) ? fmt(R.label.consentLimits, { limits: item.limits ?? '' }) : null,
      ...extra,
      text(item.notes) ? fmt(RR.label.consentNotes, { notes: item.notes ?? '' }) : null,
    ],
    '. ',
  );
}

/** The kinds of authority a disclosure consent covers, or null when none are recorded. */
function consentScope(exam: Examination): string | null {
  const types = exam.consent?.disclosureAuthorities?.authorityTypes ?? [];
  if (types.length === 0) return null;
  return fmt(R.label.consentScope, { types: types.map((type) => vocabLabel('authorityType', type) ?? type).join('; ') });
}

/** What each item adds after its limits: regions excluded, sub-consents, scope, recipients. */
function extras(exam: Examination, key: ConsentItemKey): (string | null)[] {
  const c = exam.consent;
  switch (key) {
    case 'physicalExam': {
      const p = c?.physicalExam;
      return [
        p?.excludedRegions && p.excludedRegions.length > 0 ? fmt(RR.label.excludedRegionsValue, { regions: vocabList('bodyRegion', p.excludedRegions) ?? '' }) : null,
        p?.independentExamOffered === null || p?.independentExamOffered === undefined ? null : fmt(RR.label.independentExamOfferedValue, { answer: yn(p.independentExamOffered) ?? '' }),
      ];
    }
    case 'photography': {
      const p = c?.photography;
      return [
        p?.intimateImages === null || p?.intimateImages === undefined ? null : fmt(RR.label.intimateImagesValue, { answer: yn(p.intimateImages) ?? '' }),
        p?.teachingPublication === null || p?.teachingPublication === undefined ? null : fmt(RR.label.teachingPublicationValue, { answer: yn(p.teachingPublication) ?? '' }),
      ];
    }
    case 'disclosureAuthorities':
      // To which kinds of authority the person agreed (a referral elsewhere needs a legal basis).
      return [c?.disclosureAuthorities?.decision !== 'refused' ? consentScope(exam) : null];
    case 'shareWithLawyerFamily': {
      const recipients = vocabList('shareRecipient', c?.shareWithLawyerFamily?.recipients);
      return [recipients === null ? null : fmt(RR.label.recipientsValue, { recipients })];
    }
    default:
      return [];
  }
}

/** One consent as printed: decision, time and method, reason and limits; null when not recorded. */
export function consentValue(exam: Examination, key: ConsentItemKey): string | null {
  return consentItemValue(exam.consent?.[key], extras(exam, key));
}

/** The label of a consent item in the report: the copy's consent is named as a consent to receive one. */
function consentLabel(key: ConsentItemKey): string {
  return key === 'copyToPerson' ? RR.label.copyConsent : (vocabLabel('consentItem', key) ?? key);
}

/**
 * The copy of the report as a fact, apart from the consent: given (to whom, how, when, which version,
 * in which language, each part named when missing), not given and why, or not recorded.
 */
export function copyGivenValue(exam: Examination): string | null {
  const c = exam.consent?.copyToPerson;
  if (c?.copyGiven === true) {
    const detail = parts([
      [vocabList('copyRecipient', c.givenTo), RR.part.recipient],
      [vocabLabel('deliveryMethod', c.deliveryMethod), RR.part.deliveryMethod],
      [formatDateTime(c.deliveredAt), RR.part.deliveredAt],
      [c.copyVersion === null || c.copyVersion === undefined ? null : fmt(RR.value.copyVersion, { version: c.copyVersion }), RR.part.version],
      [c.copyLanguage ? languageName(c.copyLanguage) : null, RR.part.language],
    ]);
    return detail === null ? R.value.yes : `${R.value.yes}: ${detail}`;
  }
  if (c?.copyGiven === false) return fmt(RR.value.copyNotGiven, { reason: text(c.notGivenReason) ?? R.value.notRecorded });
  return null;
}

/** The rows of the copy of the report: the wish, and the fact. */
function copyRows(exam: Examination): KeyValueRow[] {
  const c = exam.consent?.copyToPerson;
  return [
    ...optional([[RR.label.wantsCopy, yn(c?.wantsCopy)]]),
    { label: RR.label.copyGiven, value: copyGivenValue(exam) ?? R.value.notRecorded },
  ];
}

/** What was explained before consent was asked: explained, and not explained (the report says which). */
export function explainedRows(exam: Examination): KeyValueRow[] {
  const explained = exam.consent?.explained;
  if (!explained) return [];
  const label = (k: string) => vocabLabel('explainedItem', k) ?? k;
  const said = EXPLAINED_ITEMS.filter((k) => explained[k] === true).map(label);
  const notSaid = EXPLAINED_ITEMS.filter((k) => explained[k] === false).map(label);
  return [...optional([[RR.label.explained, said.join(', ') || null]]), ...(notSaid.length === 0 ? [] : [{ label: R.label.notExplained, value: notSaid.join(', ') }])];
}

/** Every consent row, the copy rows and what was explained. */
export function consentRows(exam: Examination): KeyValueRow[] {
  return [
    ...explainedRows(exam),
    ...CONSENT_ITEMS.map((key) => ({ label: consentLabel(key), value: consentValue(exam, key) ?? R.value.notRecorded })),
    ...copyRows(exam),
  ];
}

/**
 * The juvenile module beside the consent (D1: guardian notified, guardian consent, child assent → I):
 * whether the person is examined as a minor, the guardian, when notified, the guardian's consent and
 * the child's assent, the examiner's training. Printed whenever the module holds an answer.
 */
export function juvenileConsentRows(exam: Examination): KeyValueRow[] {
  const j = exam.juvenile ?? {};
  const minor = isMinor(exam);
  const guardian = parts([
    [j.guardianName, RR.part.name],
    [j.guardianRelationship, RR.part.relationship],
  ]);
  const rows = optional([
    [RR.label.isMinor, yn(j.isMinor)],
    [RR.label.guardian, guardian],
    [RR.label.guardianNotifiedAt, formatDateTime(j.guardianNotifiedAt)],
    [RR.label.guardianConsent, consentItemValue(j.guardianConsent)],
    [RR.label.childAssent, consentItemValue(j.childAssent)],
    [RR.label.paediatricExaminer, yn(j.paediatricExaminer)],
  ]);
  // A minor's guardian notification, consent and assent are printed even when missing: the court must see the gap.
  if (minor) {
    for (const label of [RR.label.guardianNotifiedAt, RR.label.guardianConsent, RR.label.childAssent]) {
      if (!rows.some((row) => row.label === label)) rows.push({ label, value: R.value.notRecorded });
    }
  }
  return rows;
}
