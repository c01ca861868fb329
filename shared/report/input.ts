/**
 * What the printed documents are made from: the examination, the case's numbers, the clinician who
 * signs, the photographs' display copies and the policy the report is issued under. Shared by the
 * report, its variants and the admission record (build.ts, sections/, anonymise.ts, summary.ts).
 */
import type { Examination } from '../domain/examination';
import type { ConsistencyLevel, ReportingPolicy } from '../domain/vocab';
import type { Language } from '../i18n';
import type { ReportPhoto } from './model';
import { text } from './format';

/** The clinician who signs the report (domain guide D3). */
export interface ReportClinician {
  readonly name: string;
  readonly profession: string;
  readonly qualifications: string;
  readonly registrationBody: string;
  readonly registrationNumber: string;
  readonly institution: string;
  readonly role?: 'treating' | 'forensic';
}

/** Everything a report is made from. */
export interface ReportInput {
  /** The language of the document's headings, labels and structured values (default English); free text stays as typed. */
  readonly language?: Language;
  readonly exam: Examination;
  /** e.g. `A-2026-00042`. */
  readonly caseNumber: string;
  /** UUID of this report document. */
  readonly documentId: string;
  /** 1, then 2, 3… for versions carrying addenda. */
  readonly reportVersion: number;
  /** Date of the report, ISO 8601 with offset. */
  readonly issuedAt: string;
  /** Place of signing. */
  readonly place: string;
  readonly clinician: ReportClinician;
  /** SHA-256 fingerprint of the signing certificate (`AB:CD:…`), printed in the signature block. */
  readonly certificateFingerprint: string | null;
  /** The head of the examination's audit chain when the report was made; null for a record made outside the app (a case file without one). */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
  readonly previousVersion?: { readonly version: number; readonly sha256: string; readonly signedAt: string };
  readonly addenda?: readonly { readonly at: string; readonly reason: string; readonly text: string }[];
  readonly photos: readonly ReportPhoto[];
  readonly cosigners?: readonly { readonly name: string; readonly qualifications: string }[];
  /**
   * The case file attached to the PDF (PDF/A-3 associated file): its name inside the PDF and its
   * SHA-256, printed in section XVII so that the signed pages state which data travel with them.
   */
  readonly caseFile?: { readonly name: string; readonly sha256: string };
  /**
   * The jurisdiction's reporting policy the report is issued under (rule E13: the clinic's setting,
   * or the referral's policy for a variant made for a referral). Required: the report states it.
   */
  readonly reportingPolicy: ReportingPolicy;
  /**
   * The arrival → examination limit in force, in hours (rule E1; Settings). Section I states it next
   * to the interval; absent (a case file), the app's default limit is stated as such.
   */
  readonly thresholdHours?: number;
  /**
   * Answers of a draft set aside because they are not valid yet (the admission record can be printed
   * from a draft): each is named, with how much text it holds, so nothing vanishes silently.
   */
  readonly setAside?: readonly SetAsideValue[];
}

/** An answer of a draft that is not printed because it is not valid yet (too long, out of range…). */
export interface SetAsideValue {
  /** Dot path of the answer (`account.ownWords`). */
  readonly path: string;
  /** Its label, as the form shows it. */
  readonly label: string;
  /** Characters it holds, for text. */
  readonly characters?: number;
}

/**
 * The clinician's opinion section (report sections VI, X–XV). Read defensively: an older record has
 * none, and a case file may carry any JSON there.
 */
export interface Opinion {
  readonly physicalSymptoms: string | null;
  readonly diagnosticTests: string | null;
  readonly consultations: string | null;
  readonly physicalInterpretation: string | null;
  readonly psychologicalInterpretation: string | null;
  readonly overallConsistency: ConsistencyLevel | null;
  readonly overallRationale: string | null;
  readonly conclusions: string | null;
  readonly recommendations: string | null;
  readonly limitations: string | null;
  readonly examinedFreely: boolean | null;
  readonly restrictionsDetails: string | null;
  readonly truthfulness: boolean | null;
  readonly noFindingOmitted: boolean | null;
}

export function readOpinion(exam: Examination): Opinion {
  const raw: unknown = (exam as { readonly opinion?: unknown }).opinion;
  const o = typeof raw === 'object' && raw !== null ? (raw as Readonly<Record<string, unknown>>) : {};
  const str = (key: string) => (typeof o[key] === 'string' ? text(o[key]) : null);
  const bool = (key: string) => (typeof o[key] === 'boolean' ? o[key] : null);
  const level = o['overallConsistency'];
  return {
    physicalSymptoms: str('physicalSymptoms'),
    diagnosticTests: str('diagnosticTests'),
    consultations: str('consultations'),
    physicalInterpretation: str('physicalInterpretation'),
    psychologicalInterpretation: str('psychologicalInterpretation'),
    overallConsistency: typeof level === 'string' ? (level as ConsistencyLevel) : null,
    overallRationale: str('overallRationale'),
    conclusions: str('conclusions'),
    recommendations: str('recommendations'),
    limitations: str('limitations'),
    examinedFreely: bool('examinedFreely'),
    restrictionsDetails: str('restrictionsDetails'),
    truthfulness: bool('truthfulness'),
    noFindingOmitted: bool('noFindingOmitted'),
  };
}
