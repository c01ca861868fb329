/**
 * The health screening on admission (Mandela r.24, r.30(a)–(e); domain guide B8) and the women's
 * module (Bangkok r.6–11; B9), as rows for the sections D1 places them in:
 * - chronic conditions, medication (whether interrupted in custody, the plan to continue it),
 *   allergies, fitness, and the woman's reproductive history or its refusal → IV;
 * - infection and withdrawal → VI; mental health and suicide or self-harm → VIII;
 * - tests offered and their results → X;
 * - what follows from them (continuity of medication, observation, isolation, withdrawal care) → XIII.
 * Each screen prints its status in words ("Declined: …") before its answers.
 */
import type { Examination } from '../../domain/examination';
import type { DeclinableAnswer } from '../../domain/women';
import { fmt, formatDateTime, formatNumber, text, vocabLabel } from '../format';
import type { KeyValueRow } from '../model';
import { R, RR, join, optional, parts, yesNoWith, yn, type Value } from './common';

/** A screen's status in words, with the person's reason when declined. */
function screenStatus(status: string | null | undefined, declinedReason: Value): string | null {
  return join([vocabLabel('screenStatus', status), text(declinedReason) ? fmt(R.label.consentReason, { reason: declinedReason ?? '' }) : null], '. ');
}

/** Label: value pairs inside one row ("TB symptoms: No"), the empty ones left out. */
function answers(items: readonly (readonly [string, Value])[]): string | null {
  return join(
    items.map(([label, value]) => (text(value) === null ? null : `${label}: ${value ?? ''}`)),
    '\n',
  );
}

/** Chronic diseases, medication, allergies and fitness (IV). */
export function medicalHistoryRows(exam: Examination): KeyValueRow[] {
  const s = exam.screening;
  return optional([
    [R.label.chronicDiseases, (s?.chronicDiseases ?? []).map((d) => join([d.icdCode, d.description, vocabLabel('chronicDiseaseStatus', d.status)], ', ')).filter(Boolean).join('\n') || null],
    [R.label.medications, medicationText(exam)],
    [R.label.allergies, join([vocabLabel('allergyStatus', s?.allergies?.status), s?.allergies?.details], ': ')],
    [R.label.fitness, join([vocabLabel('fitness', s?.fitness?.level), s?.fitness?.reason], ': ')],
  ]);
}

/** Each medication with its dose, when last taken, whether interrupted in custody and the plan to continue it (r.24(2)). */
export function medicationText(exam: Examination): string | null {
  return (
    (exam.screening?.medications ?? [])
      .map((m) =>
        join(
          [
            parts([[m.drug, RR.part.drug], [m.dose, RR.part.dose]], ' '),
            m.lastTakenAt ? fmt(RR.value.lastTaken, { at: formatDateTime(m.lastTakenAt) ?? m.lastTakenAt }) : null,
            m.interruptedInCustody == null ? null : fmt(RR.value.interrupted, { answer: yn(m.interruptedInCustody) ?? '' }),
            text(m.continuityPlan) ? fmt(RR.value.continuityPlan, { plan: m.continuityPlan ?? '' }) : m.interruptedInCustody === true ? fmt(RR.value.continuityPlan, { plan: R.value.notRecorded }) : null,
          ],
          '; ',
        ),
      )
      .filter(Boolean)
      .join('\n') || null
  );
}

/** The infectious-disease screen (VI): status, tuberculosis, testing, isolation. */
export function infectiousRows(exam: Examination): KeyValueRow[] {
  const i = exam.screening?.infectious;
  if (!i) return [];
  return optional([
    [
      R.label.infectious,
      join(
        [
          screenStatus(i.status, i.declinedReason),
          answers([
            [RR.label.tbSymptoms, yesNoWith(i.tbSymptoms, i.tbNotes)],
            [RR.label.testingOffered, yn(i.testingOffered)],
            [RR.label.testingAccepted, yn(i.testingAccepted)],
            [RR.label.isolationRequired, yesNoWith(i.isolationRequired, i.isolationPeriod)],
          ]),
        ],
        '\n',
      ),
    ],
  ]);
}

/** The substances and withdrawal screen (VI): what is used and when last, withdrawal, opioid substitution. */
export function substancesRows(exam: Examination): KeyValueRow[] {
  const s = exam.screening?.substances;
  if (!s) return [];
  const uses = (s.uses ?? [])
    .map((u) => join([vocabLabel('substance', u.substance), u.lastUseAt ? fmt(RR.value.lastUse, { at: formatDateTime(u.lastUseAt) ?? u.lastUseAt }) : null, u.pattern], ', '))
    .filter(Boolean)
    .join('\n');
  return optional([
    [
      R.label.substances,
      join(
        [
          screenStatus(s.status, s.declinedReason),
          uses || null,
          answers([
            [RR.label.withdrawalSigns, yesNoWith(s.withdrawalSigns, s.withdrawalNotes)],
            [RR.label.opioidSubstitutionBefore, yn(s.opioidSubstitutionBefore)],
            [RR.label.opioidSubstitutionContinued, yn(s.opioidSubstitutionContinued)],
          ]),
        ],
        '\n',
      ),
    ],
  ]);
}

/** The mental-health screen and the suicide and self-harm screen (VIII). */
export function mentalHealthRows(exam: Examination): KeyValueRow[] {
  const m = exam.screening?.mentalHealth;
  const s = exam.screening?.suicideSelfHarm;
  return optional([
    [
      R.label.mentalHealth,
      m
        ? join(
            [
              screenStatus(m.status, m.declinedReason),
              answers([
                [RR.label.symptoms, m.symptoms],
                [RR.label.ptsdScreen, vocabLabel('screenResult', m.ptsdScreen)],
                [RR.label.depressionScreen, vocabLabel('screenResult', m.depressionScreen)],
                [RR.label.capacityConcerns, m.capacityConcerns],
              ]),
            ],
            '\n',
          )
        : null,
    ],
    [R.label.psychiatricHistory, m?.psychiatricHistory],
    [
      R.label.suicideSelfHarm,
      s
        ? join(
            [
              screenStatus(s.status, s.declinedReason),
              answers([
                [RR.label.riskLevel, vocabLabel('riskLevel', s.riskLevel)],
                [RR.label.priorAttempts, yn(s.priorAttempts)],
                [RR.label.ideation, yn(s.ideation)],
                [RR.label.suicidePlan, yn(s.plan)],
                [RR.label.observationLevel, vocabLabel('observationLevel', s.observationLevel)],
                [RR.label.notes, s.notes],
              ]),
            ],
            '\n',
          )
        : null,
    ],
  ]);
}

/** Vital signs (VII), with when they were measured. */
export function vitalsRows(exam: Examination): KeyValueRow[] {
  const v = exam.screening?.vitals;
  if (!v) return [];
  const n = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? null : `${formatNumber(value)} ${unit}`);
  const bp = v.bpSystolic != null || v.bpDiastolic != null ? `${v.bpSystolic == null ? '?' : String(v.bpSystolic)}/${v.bpDiastolic == null ? '?' : String(v.bpDiastolic)} mmHg` : null;
  return optional([
    [RR.label.measuredAt, formatDateTime(v.measuredAt)],
    [R.label.bloodPressure, bp],
    [R.label.pulse, n(v.pulse, '/min')],
    [R.label.temperature, n(v.temperatureC, '°C')],
    [R.label.respiratoryRate, n(v.respiratoryRate, '/min')],
    [R.label.spo2, n(v.spo2, '%')],
    [R.label.weight, n(v.weightKg, 'kg')],
    [R.label.height, n(v.heightCm, 'cm')],
  ]);
}

/** Blood-borne virus and STI tests offered on admission and their results (X). */
export function testResultRows(exam: Examination): KeyValueRow[] {
  const results = (exam.screening?.infectious?.testResults ?? []).map((t) => join([vocabLabel('bbvStiTest', t.test), vocabLabel('testResult', t.result)], ': ')).filter((t): t is string => t !== null);
  return optional([[R.label.testResults, results.join('\n') || null]]);
}

/** A women's-module answer: the answer and its details, or that she declined (her right, Bangkok r.8). */
export function declinable(item: DeclinableAnswer | null | undefined): string | null {
  if (!item) return null;
  if (item.status === 'declined') return join([RR.value.declinedToAnswer, item.details], '. ');
  const answer = vocabLabel('yesNoUnknown', item.answer);
  return join([answer ?? (item.status === 'answered' ? R.value.notRecorded : null), item.details], '. ');
}

/**
 * The women's health answers (IV; Bangkok r.6, r.8, r.9): screening accepted, reproductive history
 * (or that she declined), mental health and dependency, an accompanying child. Whether the module
 * was applied to a person whose recorded sex is not female is stated.
 */
export function womenHealthRows(exam: Examination): KeyValueRow[] {
  const w = exam.women;
  if (!w) return [];
  return optional([
    [RR.label.womenApplies, yn(w.applies)],
    [RR.label.stiBbvScreening, declinable(w.stiBbvScreening)],
    [RR.label.pregnancy, declinable(w.pregnancy)],
    [RR.label.recentChildbirth, declinable(w.recentChildbirth)],
    [RR.label.miscarriageOrAbortion, declinable(w.miscarriageOrAbortion)],
    [RR.label.breastfeeding, declinable(w.breastfeeding)],
    [RR.label.drugDependency, declinable(w.drugDependency)],
    [RR.label.accompanyingChild, join([yn(w.accompanyingChildPresent), w.accompanyingChildScreened == null ? null : fmt(RR.value.childScreened, { answer: yn(w.accompanyingChildScreened) ?? '' })], '; ')],
  ]);
}

/** Post-traumatic stress and suicide risk as the woman answered (VIII; Bangkok r.6(b)). */
export function womenMentalHealthRows(exam: Examination): KeyValueRow[] {
  return optional([[RR.label.womenMentalHealth, declinable(exam.women?.mentalHealthSuicideRisk)]]);
}

/** Sexual abuse or violence before admission, the diagnosis, judicial recourse, legal action, referral (V; Bangkok r.6(e), r.7). */
export function womenAbuseRows(exam: Examination): KeyValueRow[] {
  const w = exam.women;
  if (!w) return [];
  return optional([
    [RR.label.sexualAbuseBeforeAdmission, declinable(w.sexualAbuseBeforeAdmission)],
    [RR.label.sexualAbuseDiagnosed, yn(w.sexualAbuseDiagnosed)],
    [
      RR.label.judicialRecourse,
      w.informedOfJudicialRecourse == null && !w.informedOfJudicialRecourseAt
        ? null
        : join([yn(w.informedOfJudicialRecourse) ?? R.value.notRecorded, formatDateTime(w.informedOfJudicialRecourseAt)], ', '),
    ],
    [RR.label.wantsLegalAction, declinable(w.wantsLegalAction)],
    [RR.label.womenReferral, w.referral],
  ]);
}

/**
 * What the screening asks to be done (XIII; r.24(2), r.30): each medication interrupted in custody
 * with its plan, observation for suicide risk, isolation, withdrawal care and opioid substitution,
 * and psychological support offered to a woman (Bangkok r.7).
 */
export function continuityRows(exam: Examination): KeyValueRow[] {
  const s = exam.screening;
  const interrupted = (s?.medications ?? [])
    .filter((m) => m.interruptedInCustody === true)
    .map((m) => fmt(RR.value.resume, { drug: join([m.drug, m.dose], ' ') ?? RR.value.medicationUnnamed, plan: text(m.continuityPlan) ?? R.value.notRecorded }))
    .join('\n');
  const observation = s?.suicideSelfHarm?.observationLevel;
  return optional([
    [RR.label.medicationContinuity, interrupted || null],
    [RR.label.observation, observation ? vocabLabel('observationLevel', observation) : null],
    [RR.label.isolation, s?.infectious?.isolationRequired === true ? join([R.value.yes, s.infectious.isolationPeriod], ': ') : null],
    [RR.label.withdrawalCare, s?.substances?.withdrawalSigns === true ? (text(s.substances.withdrawalNotes) ?? R.value.notRecorded) : null],
    [RR.label.opioidSubstitutionContinued, s?.substances?.opioidSubstitutionBefore === true ? (yn(s.substances.opioidSubstitutionContinued) ?? R.value.notRecorded) : null],
    [RR.label.psychologicalSupportOffered, yn(exam.women?.psychologicalSupportOffered)],
  ]);
}
