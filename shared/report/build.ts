/**
 * Builds the printed documents from an examination record: the Istanbul Protocol medico-legal
 * report (Annex IV outline, sections I–XVII; domain guide D1–D3) and the shorter admission
 * examination record (CPT three-part record). Pure: the caller passes everything, including the
 * photographs' display copies; nothing here reads a clock or a file.
 *
 * Each section has its own builder in ./sections (one file per Annex IV section or group of short
 * ones), reading the examination where domain guide D1 places it; ./coverage.ts lists, for every
 * field of the examination, the section that prints it or why none does, and a property test holds
 * the builders to it. What is missing from the record prints as "Not recorded" where Annex IV
 * expects an answer; a partly recorded answer prints what is there and names what is missing.
 *
 * The helpers other documents share (the summary, the anonymised variant) are re-exported here.
 */
import { fmt, formatDateTime } from './format';
import { readOpinion, type ReportInput } from './input';
import { defaultLanguage } from '../i18n';
import { inLanguage, reportTag } from './language';
import type { ReportModel } from './model';
import { allegations } from './sections/allegations';
import { background } from './sections/background';
import { caseInformation } from './sections/caseInformation';
import { R } from './sections/common';
import { conclusions, consultations, diagnosticTests, interpretation, restrictions, truthfulness } from './sections/opinion';
import { photographs } from './sections/photographs';
import { physicalExamination } from './sections/physicalExamination';
import { physicalSymptoms } from './sections/physicalSymptoms';
import { psychologicalSection } from './sections/psychological';
import { qualifications, veracity } from './sections/qualifications';
import { annexes, footer, signature } from './sections/signature';

export type { ReportPhoto } from './model';
export { readOpinion, type Opinion, type ReportClinician, type ReportInput, type SetAsideValue } from './input';
export { fullName, join } from './sections/common';
export { consentValue } from './sections/consent';
export { ageValue, interpreterValue, personsPresent, policyBlocks, restraintValue, restrictionsValue } from './sections/caseInformation';
export { chartFigures, lesionSize, lesionTable } from './sections/lesions';
export { signatureRows } from './sections/signature';
export { buildIntakeRecordModel } from './sections/intake';

/**
 * The medico-legal report: sections I–XVII of the Istanbul Protocol's Annex IV, in order, as data.
 * Section XVI ends with the signature block; `renderPdf` keeps XVI and XVII on the last page.
 */
function buildReportModelIn(input: ReportInput): ReportModel {
  const exam = input.exam;
  const opinion = readOpinion(exam);
  return {
    kind: 'report',
    language: reportTag(),
    title: R.title,
    subtitle: R.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      { label: R.label.reportVersion, value: String(input.reportVersion) },
      { label: R.label.issuedAt, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
    ],
    notice: R.confidential,
    metadataTitle: fmt(R.metadataTitle, { caseNumber: input.caseNumber, version: input.reportVersion }),
    issuedAt: input.issuedAt,
    runningHead: fmt(R.runningHead, { caseNumber: input.caseNumber }),
    ...footer(input),
    sections: [
      caseInformation(input, opinion),
      qualifications(input),
      veracity(input),
      background(exam),
      allegations(exam),
      physicalSymptoms(exam, opinion),
      physicalExamination(exam),
      psychologicalSection(exam),
      photographs(input),
      diagnosticTests(exam, opinion),
      consultations(opinion),
      interpretation(exam, opinion),
      conclusions(exam, opinion),
      truthfulness(opinion),
      restrictions(exam, opinion),
      signature(input),
      annexes(input),
    ],
  };
}

/** `buildReportModel` in the language of `input.language` (default: the default language). */
export function buildReportModel(input: ReportInput): ReportModel {
  return inLanguage(input.language ?? defaultLanguage, () => buildReportModelIn(input));
}
