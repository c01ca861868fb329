/**
 * The referral cover letter (issue #7; domain guide D4; rules E13, E14): the signed letter that goes
 * with a report to a competent authority. It says what is enclosed (which signed report version, by
 * its SHA-256 in full, and which variant), on what legal basis and under which reporting policy,
 * that the person was informed and whether they or their lawyer have a copy, and asks for an
 * acknowledgement quoting the reference. It ends with the clinician's signature block, so `signPdf`
 * places its widget there as on the report. Rendered with the report's `renderPdf`. Pure.
 *
 * The letter never names the person: it refers to them by the case number. With `anonymised`, it
 * also leaves out the free text that could name them (the reason for not giving a copy) and gives
 * the month, not the day, the person was informed, like the anonymised report.
 */
import type { AuthorityType, LegalBasis, ReferralChannel, ReferralContent, ReferralCopyTo, ReportingPolicy } from '../domain/vocab';
import type { ReportClinician } from './build';
import { fmt, formatDateTime, text, vocabLabel } from './format';
import { defaultLanguage, type Language } from '../i18n';
import { inLanguage, L, R, reportTag } from './language';
import type { KeyValueRow, ReportBlock, ReportModel, ReportSection } from './model';


/** Everything a cover letter is made from: the referral as recorded, and the authority as it was when the letter was issued. */
export interface CoverLetterInput {
  /** The language of the document's headings, labels and structured values (default English); free text stays as typed. */
  readonly language?: Language;
  readonly caseNumber: string;
  /** UUID of this letter. */
  readonly documentId: string;
  /** Date of the letter, ISO 8601 with offset. */
  readonly issuedAt: string;
  /** Place of signing. */
  readonly place: string;
  readonly clinician: ReportClinician;
  readonly authority: { readonly name: string; readonly type: AuthorityType; readonly contact: string };
  readonly referral: {
    readonly legalBasis: LegalBasis | null;
    readonly content: ReferralContent;
    readonly channel: ReferralChannel | null;
    readonly referenceNo?: string | null;
    /** The signed report version referred. */
    readonly reportVersion: number;
    /** SHA-256 of the signed report version (lowercase hex). */
    readonly reportSha256: string;
    /** SHA-256 of the file enclosed when it is not that signed report (the signed anonymised variant or summary), if known. */
    readonly enclosureSha256?: string | null;
    readonly personInformed: boolean;
    readonly personInformedAt?: string | null;
    readonly copyTo: ReferralCopyTo | null;
    readonly noCopyReason?: string | null;
    readonly policy: ReportingPolicy;
  };
  /** The letter goes with the anonymised report: it must not help identify the person either. */
  readonly anonymised: boolean;
}

const paragraph = (t: string): ReportBlock => ({ kind: 'paragraph', text: t });
const statement = (t: string): ReportBlock => ({ kind: 'statement', text: t });
const keyValue = (rows: readonly KeyValueRow[]): ReportBlock => ({ kind: 'keyValue', rows });

function informedValue(input: CoverLetterInput): string {
  const r = input.referral;
  if (!r.personInformed) return L.value.informedNo;
  const at = text(r.personInformedAt);
  if (at === null) return L.value.informedYesUndated;
  return fmt(L.value.informedYes, { at: input.anonymised ? (/^\d{4}-\d{2}/.exec(at)?.[0] ?? at) : (formatDateTime(at) ?? at) });
}

function copyValue(input: CoverLetterInput): string {
  switch (input.referral.copyTo) {
    case 'person':
      return L.value.copyPerson;
    case 'lawyer':
      return L.value.copyLawyer;
    case 'none':
      // The reason is free text and may name the person or their family.
      return input.anonymised ? L.value.copyNoneAnonymised : fmt(L.value.copyNone, { reason: text(input.referral.noCopyReason) ?? R.value.notRecorded });
    default:
      return L.value.copyNotRecorded;
  }
}

function signatureRows(input: CoverLetterInput): KeyValueRow[] {
  const c = input.clinician;
  return [
    { label: R.label.name, value: c.name },
    { label: R.label.profession, value: c.profession },
    { label: R.label.registration, value: fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber }) },
    { label: R.label.institution, value: c.institution },
    ...(c.role ? [{ label: R.label.role, value: R.value.examinerRole[c.role] }] : []),
    { label: R.label.date, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
    // The letter that goes with the anonymised report names no place: it can point at the facility, hence the person.
    ...(input.anonymised ? [] : [{ label: R.label.signedAt, value: input.place }]),
  ];
}

/**
 * The referral cover letter as a printable model (one or two pages with `renderPdf`). Its last
 * section, `signature`, holds the signature block whose rectangle `renderPdf` returns for `signPdf`.
 */
function buildCoverLetterModelIn(input: CoverLetterInput): ReportModel {
  const r = input.referral;
  const version = r.reportVersion;
  const reference = text(r.referenceNo);
  const ackReference = reference !== null ? fmt(L.acknowledgementReference, { referenceNo: reference, caseNumber: input.caseNumber }) : fmt(L.acknowledgementCase, { caseNumber: input.caseNumber, documentId: input.documentId });
  const enclosure = text(r.enclosureSha256);
  const sections: ReportSection[] = [
    {
      key: 'addressee',
      heading: L.sections.addressee,
      blocks: [
        keyValue([
          { label: L.label.authority, value: input.authority.name },
          { label: L.label.authorityType, value: vocabLabel('authorityType', input.authority.type) ?? input.authority.type },
          { label: L.label.contact, value: text(input.authority.contact) ?? R.value.notRecorded },
        ]),
      ],
    },
    {
      key: 'subject',
      heading: L.sections.subject,
      blocks: [paragraph(fmt(L.subject, { caseNumber: input.caseNumber, version })), paragraph(L.body), ...(input.anonymised ? [statement(L.anonymisedBody)] : [])],
    },
    {
      key: 'enclosure',
      heading: L.sections.enclosure,
      blocks: [
        keyValue([
          { label: L.label.document, value: fmt(L.value.documentValue, { caseNumber: input.caseNumber }) },
          { label: L.label.version, value: fmt(L.value.versionValue, { version }) },
          { label: L.label.variant, value: L.value.variant[r.content] },
          { label: L.label.reportSha256, value: r.reportSha256 },
          ...(enclosure !== null && enclosure !== r.reportSha256 ? [{ label: L.label.enclosureSha256, value: enclosure }] : []),
          { label: L.label.channel, value: vocabLabel('referralChannel', r.channel) ?? R.value.notRecorded },
        ]),
        { kind: 'paragraph', text: L.value.sha256Note },
      ],
    },
    { key: 'legalBasis', heading: L.sections.legalBasis, blocks: [paragraph(r.legalBasis === null ? L.legalBasis.missing : L.legalBasis[r.legalBasis])] },
    { key: 'policy', heading: L.sections.policy, blocks: [paragraph(L.policy[r.policy])] },
    {
      key: 'person',
      heading: L.sections.person,
      blocks: [
        keyValue([
          { label: L.label.informed, value: informedValue(input) },
          { label: L.label.copy, value: copyValue(input) },
        ]),
      ],
    },
    { key: 'acknowledgement', heading: L.sections.acknowledgement, blocks: [paragraph(fmt(L.acknowledgement, { reference: ackReference }))] },
    {
      key: 'signature',
      heading: L.sections.signature,
      blocks: [paragraph(L.signatureNote), { kind: 'signature', rows: signatureRows(input), boxLabel: R.label.signatureBox, boxNote: R.label.signatureBoxNote }],
    },
  ];
  return {
    kind: 'coverLetter',
    language: reportTag(),
    title: L.title,
    subtitle: L.subtitle,
    lead: [
      { label: R.label.caseNumber, value: input.caseNumber },
      ...(reference === null ? [] : [{ label: L.label.reference, value: reference }]),
      { label: L.label.date, value: formatDateTime(input.issuedAt) ?? input.issuedAt },
      ...(input.anonymised ? [] : [{ label: L.label.place, value: input.place }]),
      { label: R.label.documentId, value: input.documentId },
    ],
    notice: R.confidential,
    metadataTitle: fmt(L.metadataTitle, { caseNumber: input.caseNumber, version }),
    issuedAt: input.issuedAt,
    runningHead: fmt(L.runningHead, { caseNumber: input.caseNumber }),
    footerLeft: fmt(L.footerLeft, { caseNumber: input.caseNumber, version, documentId: input.documentId }),
    footerPage: R.footer.page,
    lastPageFooter: null,
    sections,
  };
}

/** `buildCoverLetterModel` in the language of `input.language` (default: the default language). */
export function buildCoverLetterModel(input: CoverLetterInput): ReportModel {
  return inLanguage(input.language ?? defaultLanguage, () => buildCoverLetterModelIn(input));
}
