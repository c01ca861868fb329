/** Sections XVI (signature, date and place; D3) and XVII (annexes), and the footer of every page. */
import { plural } from '../../i18n';
import { fmt, formatDateTime, formatNumber, text } from '../format';
import { reportLanguage } from '../language';
import type { ReportInput } from '../input';
import type { KeyValueRow, ReportModel, ReportSection } from '../model';
import { R, heading, keyValue, optional, paragraph, required } from './common';
import { chartFigures } from './lesions';
import { reportPhotos } from './photographs';

/** The rows of the signature block (D3). */
export function signatureRows(input: Pick<ReportInput, 'clinician' | 'issuedAt' | 'place' | 'certificateFingerprint'>): KeyValueRow[] {
  const c = input.clinician;
  return [
    ...required([
      [R.label.name, c.name],
      [R.label.profession, c.profession],
      [R.label.qualifications, c.qualifications],
      [R.label.registration, fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber })],
      [R.label.institution, c.institution],
    ]),
    ...optional([[R.label.role, c.role ? R.value.examinerRole[c.role] : null]]),
    ...required([
      [R.label.date, formatDateTime(input.issuedAt)],
      [R.label.signedAt, input.place],
    ]),
    { label: R.label.certificate, value: text(input.certificateFingerprint) ?? R.label.certificateNone },
  ];
}

export function signature(input: ReportInput): ReportSection {
  const cosigners = input.cosigners ?? [];
  return {
    key: 'signature',
    heading: R.sections.signature,
    blocks: [
      ...paragraph(R.statement.signatureNote),
      ...(cosigners.length > 0 ? [heading(R.sub.cosigners), ...keyValue(cosigners.map((c) => ({ label: text(c.name) ?? R.value.notRecorded, value: text(c.qualifications) ?? R.value.notRecorded })))] : []),
      {
        kind: 'signature',
        rows: signatureRows(input),
        boxLabel: R.label.signatureBox,
        boxNote: R.label.signatureBoxNote,
        countersignatures: { count: 2, label: R.label.countersignatureBox, note: R.label.countersignatureBoxNote },
      },
    ],
  };
}

export function annexes(input: ReportInput): ReportSection {
  const figures = chartFigures(input.exam.findings?.lesions ?? []);
  const photos = reportPhotos(input).length;
  return {
    key: 'annexes',
    heading: R.sections.annexes,
    blocks: keyValue([
      { label: R.label.bodyDiagramsAnnex, value: figures.length > 0 ? fmt(plural(R.value, 'annexDiagrams', figures.length, reportLanguage()), { count: formatNumber(figures.length) }) : R.value.annexNone },
      { label: R.label.photographsAnnex, value: photos > 0 ? fmt(plural(R.value, 'annexPhotos', photos, reportLanguage()), { count: formatNumber(photos) }) : R.value.annexNone },
      { label: R.label.cv, value: R.value.annexCv },
      ...(input.previousVersion
        ? [{ label: R.label.previousVersion, value: fmt(R.label.previousVersionValue, { version: input.previousVersion.version, signedAt: formatDateTime(input.previousVersion.signedAt) ?? input.previousVersion.signedAt, sha256: input.previousVersion.sha256 }) }]
        : []),
      ...(input.caseFile ? [{ label: R.label.caseFileAnnex, value: fmt(R.value.caseFileAnnexValue, { name: input.caseFile.name, sha256: input.caseFile.sha256 }) }] : []),
      { label: R.label.auditHead, value: input.auditHead === null ? R.value.notRecorded : `${fmt(R.label.auditHeadValue, { seq: input.auditHead.seq, hash: input.auditHead.hash })}\n${R.value.auditHeadNote}` },
    ]),
  };
}

export function footer(input: ReportInput): Pick<ReportModel, 'footerLeft' | 'footerPage' | 'lastPageFooter'> {
  return {
    footerLeft: fmt(R.footer.left, { caseNumber: input.caseNumber, version: input.reportVersion, documentId: input.documentId }),
    footerPage: R.footer.page,
    lastPageFooter: input.auditHead === null ? null : fmt(R.footer.auditHead, { seq: input.auditHead.seq, hash: input.auditHead.hash }),
  };
}
