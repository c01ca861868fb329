/**
 * What a verification concludes, in the same words and exit codes in the app and the CLI (issue #13).
 *
 *   VALID               every signature intact, no disallowed change after any of them, every signer trusted   exit 0
 *   SIGNER NOT TRUSTED  intact and unchanged, but a signer's certificate is not trusted here                   exit 3
 *   MODIFIED            a disallowed change after a signature, or a signature hidden or removed               exit 1
 *   INVALID             a digest or a signature does not verify                                               exit 1
 *   NOT A PDF / UNREADABLE / NOT SIGNED                                                                        exit 2
 *
 * When several apply, the worst wins in this order: INVALID, MODIFIED, SIGNER NOT TRUSTED, VALID.
 */

export type Verdict = 'valid' | 'signer-not-trusted' | 'modified' | 'invalid' | 'not-pdf' | 'unreadable' | 'unsigned';

/** The words printed by the CLI and shown (translated) by the app. */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  valid: 'VALID',
  'signer-not-trusted': 'SIGNER NOT TRUSTED',
  modified: 'MODIFIED',
  invalid: 'INVALID',
  'not-pdf': 'NOT A PDF',
  unreadable: 'UNREADABLE',
  unsigned: 'NOT SIGNED',
};

export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, 0 | 1 | 2 | 3>> = {
  valid: 0,
  'signer-not-trusted': 3,
  modified: 1,
  invalid: 1,
  'not-pdf': 2,
  unreadable: 2,
  unsigned: 2,
};

/**
 * A change made by a later revision that the signatures before it do not allow, in words a court
 * can read: `page-content` on page 1 after signature 1 reads "page 1 content changed after signature 1".
 */
export type ChangeCode =
  /** A page's content streams (what is drawn) changed. */
  | 'page-content'
  /** A page's resources (fonts, images, forms it draws) or other page attributes changed. */
  | 'page-resources'
  /** Pages added, removed or reordered. */
  | 'page-tree'
  /** An annotation other than a signature widget was added to a page. */
  | 'annotation-added'
  /** An existing annotation changed or was removed (including a signature widget). */
  | 'annotation-changed'
  /** A form field's value or attributes changed, or a non-signature field was added. */
  | 'form-field-changed'
  /** A signature field that held a signature changed or was removed from the form. */
  | 'signature-field-changed'
  /** A signature widget that can be seen was added after a certification signature, outside a field the author prepared. */
  | 'visible-widget-added'
  /** The catalog changed other than by the form, a DSS or the DocMDP entry. */
  | 'catalog-changed'
  /** The trailer points at another catalog: the document shown is not the one signed. */
  | 'root-replaced'
  /** Document information or XMP metadata changed. */
  | 'metadata-changed'
  /** Encryption added or changed. */
  | 'encryption-changed'
  /** An object stream in a later revision redefines an object the signature covered. */
  | 'object-stream-redefines'
  /** Any other object the signed revision used changed or was deleted. */
  | 'object-changed'
  /** A signature was added although an earlier certification signature permits no changes (DocMDP /P 1). */
  | 'docmdp-no-changes'
  /** A second certification signature, or a DocMDP entry changed after certification. */
  | 'certification-changed'
  /** The revisions do not chain soundly: a signature's range does not end at a revision, or the latest cross-reference does not lead back through the signed one. */
  | 'revision-structure';

export interface Change {
  readonly code: ChangeCode;
  /** 1-based index (file order) of the last signature before the revision that made the change. */
  readonly afterSignature: number;
  /** 1-based revision (incremental update) that made the change; revision 1 is the original file. */
  readonly revision: number;
  /** 1-based page, when the change is on a page. */
  readonly page?: number;
  /** Fully qualified field name, when the change is to a form field. */
  readonly field?: string;
  /** The object number concerned, for a reader who opens the file with a PDF tool. */
  readonly object?: number;
  /** The catalog or trailer key concerned (without the slash), e.g. `OpenAction`. */
  readonly key?: string;
}

/** Why a signer's certificate is not trusted here. */
export type TrustProblem =
  /** Not one of this install's identities, not imported under Settings › Trusted certificates, not given with --trust, and not issued under a trusted institution CA. */
  | 'not-trusted'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  /** Its key usage allows neither digitalSignature nor nonRepudiation. */
  | 'key-usage'
  /** A chain to a trusted CA was found but a certificate on it is not a CA (basicConstraints) or the path is otherwise invalid. */
  | 'chain-invalid'
  /** The OCSP responder the file or this install asked answered "unknown": it does not know the certificate. */
  | 'revocation-unknown';

export type SignatureKind = 'certification' | 'approval' | 'timestamp';

/** The role a countersignature states (`attest sign --countersign ROLE`, the app's countersign). */
export type CountersignRole = 'second-reader' | 'peer-review' | 'supervisor';
export const COUNTERSIGN_ROLES: readonly CountersignRole[] = ['second-reader', 'peer-review', 'supervisor'];

export function verdictOf(input: { readonly invalid: boolean; readonly modified: boolean; readonly untrusted: boolean }): Verdict {
  if (input.invalid) return 'invalid';
  if (input.modified) return 'modified';
  if (input.untrusted) return 'signer-not-trusted';
  return 'valid';
}
