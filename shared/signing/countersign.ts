/**
 * Countersignature (issue #17 item 4): what the app and `attest sign --countersign` agree on. A
 * countersignature is an approval signature by a clinician other than the author, in the report's
 * next empty countersignature box, stating its role (/AttestRole) and, in its /Reason, the role and
 * the countersigner's comment: "Countersignature (second reader): Agree with the findings".
 *
 * Also how a countersigned file is matched to the version its author stored: the author's signed
 * revision is a prefix of the file (signing appends), so each signature's signed bytes are a
 * candidate, longest first.
 */
import type { PdfVerification } from './verify';
import type { SignatureField } from './fields';
import { equalBytes } from './bytes';
import type { CountersignRole } from './verdict';

/** The role in the /Reason, in English (the stable words other verifiers show). */
export const COUNTERSIGN_ROLE_TEXT: Readonly<Record<CountersignRole, string>> = { 'second-reader': 'second reader', 'peer-review': 'peer review', supervisor: 'supervisor' };

/** The longest comment kept: a paragraph, not a second report. */
export const MAX_COUNTERSIGN_COMMENT = 500;

/** The /Reason of a countersignature: its role, then the comment when there is one. */
export function countersignReason(role: CountersignRole, comment?: string | null): string {
  const text = comment?.trim() ?? '';
  return `Countersignature (${COUNTERSIGN_ROLE_TEXT[role]})${text === '' ? '' : `: ${text}`}`;
}

/** The comment a countersignature's /Reason carries (as `countersignReason` writes it), or the whole reason when it is worded otherwise; null when none. */
export function countersignComment(reason: string | null, role: CountersignRole | null): string | null {
  if (reason === null) return null;
  const prefix = role === null ? null : `Countersignature (${COUNTERSIGN_ROLE_TEXT[role]})`;
  if (prefix !== null && reason.startsWith(prefix)) {
    const rest = reason.slice(prefix.length);
    if (rest === '') return null;
    if (rest.startsWith(': ')) return rest.slice(2).trim() || null;
  }
  return reason.trim() || null;
}

/** Why this install cannot countersign a verified file, or null when it can. */
export type CountersignRefusal =
  /** Not signed, not a PDF, unreadable: there is no author's signature to countersign. */
  | 'not-signed'
  /** A signature does not verify. */
  | 'invalid'
  /** Changed after signing in a way the signatures do not allow, or a signature hidden. */
  | 'modified'
  /** The author's signature is this install's own. */
  | 'own-report'
  /** This install's identity has already countersigned this file. */
  | 'already-countersigned'
  /** Every countersignature box is signed, or the document prepared none. */
  | 'no-box';

/**
 * Whether `own` (this install's certificate) may countersign the verified file, and in which box:
 * the first signature must be a certification by someone else, the file INTACT (VALID or SIGNER NOT
 * TRUSTED: a MODIFIED or INVALID file is never countersigned), and a countersignature box empty.
 */
export function countersignPlan(result: PdfVerification, fields: readonly SignatureField[], own: Uint8Array): { readonly field: string } | { readonly refusal: CountersignRefusal } {
  if (result.kind !== 'signed') return { refusal: 'not-signed' };
  if (result.verdict === 'invalid') return { refusal: 'invalid' };
  if (result.verdict === 'modified') return { refusal: 'modified' };
  const author = result.signatures.find((s) => s.kind !== 'timestamp');
  if (!author) return { refusal: 'not-signed' };
  if (author.signerCertificate !== null && equalBytes(author.signerCertificate, own)) return { refusal: 'own-report' };
  if (result.signatures.some((s) => s.kind === 'approval' && s.signerCertificate !== null && equalBytes(s.signerCertificate, own))) return { refusal: 'already-countersigned' };
  const box = fields.find((f) => !f.signed && f.locked && f.visible);
  return box ? { field: box.name } : { refusal: 'no-box' };
}

/**
 * Where each signature's signed bytes end, short of the whole file, longest first: the candidates for
 * "the version as its author stored it", each then looked up by its SHA-256.
 */
export function signedPrefixes(result: PdfVerification, fileLength: number): number[] {
  const ends = new Set<number>();
  for (const s of result.signatures) {
    const range = s.byteRange;
    if (range === null || range.length !== 4 || s.revision === null) continue;
    const end = (range[2] ?? 0) + (range[3] ?? 0);
    if (end > 0 && end < fileLength) ends.add(end);
  }
  return [...ends].sort((a, b) => b - a);
}
