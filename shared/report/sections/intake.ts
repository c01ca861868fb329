/**
 * The admission-examination record (medical file, and the person's copy; CPT three-part record):
 * examination and timing, the person, consent (with the juvenile module's guardian and assent),
 * the person's account in full, the health screening with medication and the women's health
 * answers, the findings (or the refusal of the physical examination) with the lesion table and the
 * photographs listed by number and fingerprint, the opinion, the plan and what must follow from the
 * screening, and the clinician. Printed from a draft too: answers set aside because they are not
 * valid yet are named at the top, never dropped silently.
 */
import { defaultLanguage, plural } from '../../i18n';
import { fmt, formatDate, formatDateTime, formatNumber, vocabLabel } from '../format';
import { inLanguage, reportLanguage, reportTag } from '../language';
import { readOpinion, type ReportInput } from '../input';
import type { ReportBlock, ReportModel } from '../model';
import { R, RR, group, heading, join, keyValue, optional, paragraph, required, statement } from './common';
import { consentRows, juvenileConsentRows } from './consent';
import { identityRows, interpreterValue, personsPresentInFull, policyBlocks, restraintValue, timingRows } from './caseInformation';
import { childProtectionRows, overallRows, planRows } from './opinion';
import { findingsBlocks } from './physicalExamination';
import { reportPhotos } from './photographs';
import { continuityRows, infectiousRows, medicalHistoryRows, mentalHealthRows, substancesRows, testResultRows, vitalsRows, womenHealthRows, womenMentalHealthRows } from './screening';
import { footer, signatureRows } from './signature';

/** The statement naming what a draft holds that is not printed because it is not valid yet. */
function setAsideBlocks(input: ReportInput): ReportBlock[] {
  const items = input.setAside ?? [];
  if (items.length === 0) return [];
  const list = items.map((item) => (item.characters === undefined ? fmt(RR.value.setAsideItem, { label: item.label, path: item.path }) : fmt(RR.value.setAsideText, { label: item.label, path: item.path, characters: item.characters.toLocaleString('en') })));
  return [statement(fmt(plural(RR.statement, 'setAside', items.length, reportLanguage()), { count: formatNumber(items.length) })), ...paragraph(list.join('\n'))];
}

function buildIntakeRecordModelIn(input: ReportInput): ReportModel {
  const exam = input.exam;
  const opinion = readOpinion(exam);
  const S = R.intake.sections;
  const e = exam.encounter;
  const t = e?.timing;
  const a = exam.account;
  const photos = reportPhotos(input).map((p) => ({ label: fmt(R.photo.title, { number: p.number }), value: join([p.photograph.caption, p.photograph.sha256], '\n') ?? p.photograph.sha256 }));
  const juvenile = juvenileConsentRows(exam);
  const history = [...medicalHistoryRows(exam), ...infectiousRows(exam), ...testResultRows(exam), ...substancesRows(exam), ...mentalHealthRows(exam)];
  const plan = [...planRows(exam), ...continuityRows(exam), ...childProtectionRows(exam)];
  return {
    kind: 'intake',
    language: reportTag(),
    title: R.intake.title,
    subtitle: R.intake.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      { label: R.label.reportVersion, value: String(input.reportVersion) },
      { label: R.label.issuedAt, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
    ],
    notice: R.confidential,
    metadataTitle: fmt(R.intake.metadataTitle, { caseNumber: input.caseNumber, version: input.reportVersion }),
    issuedAt: input.issuedAt,
    runningHead: fmt(R.intake.runningHead, { caseNumber: input.caseNumber }),
    ...footer(input),
    sections: [
      {
        key: 'examination',
        heading: S.examination,
        blocks: [
          ...setAsideBlocks(input),
          ...keyValue([
            ...required([
              [R.label.encounterType, vocabLabel('encounterType', e?.type)],
              [R.label.facility, join([e?.facilityCode, e?.unit], ', ')],
            ]),
            ...timingRows(input),
            ...required([
              [R.label.clinician, input.clinician.name],
              [R.label.interpreter, interpreterValue(exam)],
              [R.label.personsPresent, personsPresentInFull(exam)],
            ]),
            ...optional([[R.label.restraint, restraintValue(exam)]]),
          ]),
          heading(R.sub.identity),
          ...keyValue(identityRows(exam, formatDate(t?.examStartAt ?? t?.arrivalAt))),
        ],
      },
      {
        key: 'consent',
        heading: S.consent,
        blocks: [...keyValue(consentRows(exam)), ...(juvenile.length > 0 ? [heading(RR.sub.juvenile), ...keyValue(juvenile)] : []), ...policyBlocks(input.reportingPolicy)],
      },
      {
        key: 'account',
        heading: S.account,
        blocks: [
          ...keyValue(required([[R.label.allegationPresent, vocabLabel('allegationAnswer', a?.allegationPresent)]])),
          ...paragraph(a?.ownWords, true),
          ...keyValue(
            optional([
              [R.label.symptomsSince, a?.symptomsSince],
              [R.label.treatmentReceived, a?.treatmentReceived],
              [R.label.fearOfReprisal, join([vocabLabel('fearOfReprisal', a?.fearOfReprisal), a?.fearOfReprisalSource], ': ')],
            ]),
          ),
        ],
      },
      {
        key: 'screening',
        heading: S.screening,
        blocks: [...group(R.sub.vitals, vitalsRows(exam)), ...group(R.sub.medicalHistory, history), ...group(RR.sub.womenHealth, [...womenHealthRows(exam), ...womenMentalHealthRows(exam)])],
      },
      {
        key: 'findings',
        heading: S.findings,
        blocks: [...findingsBlocks(exam, true), ...(photos.length > 0 ? [heading(R.label.photos), ...keyValue(photos)] : [])],
      },
      { key: 'opinion', heading: S.opinion, blocks: [...keyValue(overallRows(opinion)), ...paragraph(opinion.conclusions)] },
      { key: 'plan', heading: S.plan, blocks: plan.length > 0 ? keyValue(plan) : paragraph(R.value.noneRecorded) },
      { key: 'signature', heading: S.signature, blocks: [{ kind: 'signature', rows: signatureRows(input), boxLabel: R.label.signatureBox, boxNote: R.label.signatureBoxNote }] },
    ],
  };
}

/** `buildIntakeRecordModel` in the language of `input.language` (default: the default language). */
export function buildIntakeRecordModel(input: ReportInput): ReportModel {
  return inLanguage(input.language ?? defaultLanguage, () => buildIntakeRecordModelIn(input));
}
