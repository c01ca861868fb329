/**
 * The data each signed document carries as its PDF/A-3 associated file (issue #18), attached before
 * signing so the signature covers it, its SHA-256 printed in section XVII:
 * - the report: its case file (`attest-case` v1), the record it was made from;
 * - the anonymised report: a case file of the anonymised examination only (`AnonymisedReport.exam`),
 *   never the record;
 * - the summary and the cover letter: nothing (what they print is not a case file; see the README).
 */
import { sha256Hex } from '../bytes';
import type { ClinicianProfile } from '../identity/profile';
import type { AnonymisedReport } from './anonymise';
import { ANONYMISED_CASE_FILE_ATTACHMENT_NAME, CASE_FILE_ATTACHMENT_NAME, CASE_FILE_FORMAT, CASE_FILE_FORMAT_VERSION, caseFileBytes, reportCaseFile, type CaseFile, type ReportCaseFileSource } from './caseFile';
import type { ReportInput } from './input';
import { R, inLanguage } from './language';
import type { PdfAttachment } from './pdfa';
import { defaultLanguage } from '../i18n';

/** Largest attachment `attest import` reads (and that a report should ever carry). */
export const MAX_CASE_FILE_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** An attachment ready for `renderPdf`, and what the report prints about it (`ReportInput.caseFile`). */
export interface CaseFileAttachment {
  readonly attachment: PdfAttachment;
  readonly printed: { readonly name: string; readonly sha256: string };
}

export async function caseFileAttachment(file: CaseFile, name: string = CASE_FILE_ATTACHMENT_NAME): Promise<CaseFileAttachment> {
  const bytes = caseFileBytes(file);
  const sha256 = await sha256Hex(bytes);
  return {
    attachment: { name, bytes, mimeType: 'application/json', description: `Attest case file (${CASE_FILE_FORMAT} version ${String(CASE_FILE_FORMAT_VERSION)}): the data this document was made from` },
    printed: { name, sha256 },
  };
}

/** The report's attachment: its case file (see `reportCaseFile`). */
export function reportAttachment(source: ReportCaseFileSource): Promise<CaseFileAttachment> {
  return caseFileAttachment(reportCaseFile(source));
}

/**
 * The anonymised report's attachment: a case file of what the anonymised document discloses (the
 * anonymised examination, the withheld place and addenda as printed), made from a first pass of
 * `anonymiseReport` over `input` with the same decisions.
 */
export function anonymisedAttachment(input: ReportInput, anonymised: AnonymisedReport, clinician: ClinicianProfile): Promise<CaseFileAttachment> {
  const withheld = inLanguage(input.language ?? defaultLanguage, () => R.anonymised.redacted);
  const freeTextWithheld = inLanguage(input.language ?? defaultLanguage, () => R.anonymised.freeTextWithheld);
  return caseFileAttachment(
    reportCaseFile({
      caseNumber: anonymised.caseNumber,
      documentId: input.documentId,
      reportVersion: input.reportVersion,
      issuedAt: input.issuedAt,
      place: withheld,
      clinician,
      examination: anonymised.exam,
      auditHead: input.auditHead,
      addenda: (input.addenda ?? []).map((a) => ({ at: a.at, reason: freeTextWithheld, text: freeTextWithheld })),
    }),
    ANONYMISED_CASE_FILE_ATTACHMENT_NAME,
  );
}
