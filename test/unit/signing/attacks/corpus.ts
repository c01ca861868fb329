/**
 * The attack corpus (handbook habit 14): every file made by a generator from the genuine report, with
 * the verdict a court must get from `attest verify` (shared/signing/verdict.ts) and the change it must
 * name. attacks.test.ts runs each generator, checks that the attack works on a real viewer (poppler:
 * the false text is on the page, or the true text is gone), and that verifyPdf, trusting Alice and Bob,
 * says what this table says.
 *
 * `pdfsig` records what poppler's pdfsig 22.12 says about the file (one clause per signature, in its
 * order: signer common name, validation, whole document or not). It says "Signature is Valid." for
 * almost every attack: a digest over the signed range is not a verdict on the document.
 */
import type { ChangeCode, Verdict } from '../../../../shared/signing/verdict';
import * as certification from './certification';
import { FALSE_TEXT, PERSONS_PRESENT_RECT, type Rect } from './forge';
import { forgedCountersignature } from './forgedSigner';
import * as differential from './differential';
import { formFieldGenuine, formValueChanged, GENUINE_OPINION, OPINION_FIELD } from './formField';
import type { Genuine } from './genuine';
import * as isa from './isa';
import * as objectStream from './objectStream';
import * as revisionStructure from './revisionStructure';
import * as shadow from './shadow';
import * as hiding from './signatureHiding';
import * as wrapping from './wrapping';
import * as bypass from './bypass';

export type ExpectedVerdict = Extract<Verdict, 'valid' | 'signer-not-trusted' | 'modified' | 'invalid'>;
export type Party = 'alice' | 'bob' | 'mallory';

export interface ExpectedChange {
  readonly code: ChangeCode;
  /** Other codes that name the same change fairly (a font is a page resource and an object). */
  readonly alsoAccept?: readonly ChangeCode[];
  /** 1-based page, when the change is on a page. */
  readonly page?: number;
  /** Fully qualified field name, when the change is to a form field. */
  readonly field?: string;
  readonly afterSignature?: number;
  /** A signature problem that names the same finding instead of a change (the structure is the problem, not one object). */
  readonly orProblem?: string;
}

export interface Effect {
  /** 1-based page to look at; absent: the whole document. */
  readonly page?: number;
  /** pdftotext finds this in the attack file. */
  readonly shows?: string;
  /** pdftotext does not find this in the attack file (the genuine file, or the signed shadow document, has it). */
  readonly hides?: string;
  /** This region (PDF points) has ink in the genuine certified report and none in the attack file. */
  readonly blanks?: Rect;
  /** pdftotext finds this on the page as printed (pdftocairo renders for print), not on screen. */
  readonly printShows?: string;
  /** pdf.js computes this visible area [x1 y1 x2 y2] for the page (the genuine page is the whole A4). */
  readonly pdfjsView?: readonly number[];
}

export interface CorpusEntry {
  readonly id: string;
  readonly title: string;
  readonly reference: string;
  /** From the genuine inputs to the attack file's bytes; pure (asynchronous where it signs). */
  readonly generate: (g: Genuine) => Uint8Array | Promise<Uint8Array>;
  readonly verdict: ExpectedVerdict;
  readonly change?: ExpectedChange;
  /** A SignatureProblem one of the signatures must report. */
  readonly problem?: string;
  /** Whose certificates the verifier trusts (default Alice and Bob). */
  readonly trusted?: readonly Party[];
  /** How the attack shows in poppler; absent where poppler ignores or repairs it away (see `note`). */
  readonly effect?: Effect;
  /** qpdf --check finds the file damaged (the attack is the damage). */
  readonly damaged?: boolean;
  /** Relies on a signPdf option the lead is adding (until then the generator makes an approval-signed variant). */
  readonly needs?: 'certify';
  readonly pdfsig: string;
  readonly note?: string;
}

const CCS19 = 'Mladenov et al., 1 Trillion Dollar Refund, CCS 2019';
const NDSS21 = 'Mainka et al., Shadow Attacks, NDSS 2021';
const SP21 = 'Rohlmann et al., Breaking the Specification: PDF Certification, IEEE S&P 2021';
const PYHANKO = 'pyHanko tests/test_diff_analysis.py';

const page1 = { page: 1, shows: FALSE_TEXT } as const;

export const CORPUS: readonly CorpusEntry[] = [
  // Controls: the genuine files must stay VALID, or the corpus proves nothing.
  { id: 'genuine-certified', title: 'Genuine report certified by Alice (P=2)', reference: 'control', generate: (g) => g.certified, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'genuine-countersigned', title: 'Genuine report certified by Alice and countersigned by Bob', reference: 'control', generate: (g) => g.countersigned, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 Dr Bob Second-Reader: Signature is Valid., total · #3 (no name): , coverage not said" },
  { id: 'genuine-untrusted', title: 'Genuine certified report, only Bob trusted', reference: 'control', generate: (g) => g.certified, verdict: 'signer-not-trusted', trusted: ['bob'], pdfsig: "#1 Dr Alice Examiner: Signature is Valid., total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'genuine-form-field', title: 'Genuine report with a filled Opinion field, certified', reference: 'control', generate: formFieldGenuine, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 1. Incremental saving attacks.
  { id: 'isa-page-content', title: 'New content stream paints a white box and the false finding over page 1', reference: `${CCS19}, ISA`, generate: isa.isaPageContent, verdict: 'modified', change: { code: 'page-content', page: 1, afterSignature: 1 }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-page-content-resigned', title: 'The same, then signed by the forger (Alice\u2019s name, own key)', reference: `${CCS19}, ISA with a new signature`, generate: isa.isaPageContentResigned, verdict: 'modified', change: { code: 'page-content', page: 1, afterSignature: 1 }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Alice Examiner: Signature is Valid., total" },
  { id: 'isa-hide-signature-resigned', title: 'The same, Alice\u2019s field and widget removed, then signed by the forger', reference: `${CCS19}, ISA stealth`, generate: isa.isaHideSignatureResigned, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Signature1', alsoAccept: ['annotation-changed'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'pdfsig lists one signature, the forger\u2019s, as Dr Alice Examiner, valid, total document signed' },
  { id: 'isa-redefine-content-stream', title: 'Page 1\u2019s own content stream redefined: who was present is whited out', reference: `${CCS19}, ISA`, generate: isa.isaRedefineContentStream, verdict: 'modified', change: { code: 'page-content', page: 1 }, effect: { page: 1, blanks: PERSONS_PRESENT_RECT }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-free-content-stream', title: 'An update that only frees page 1\u2019s content stream', reference: `${PYHANKO}, test_sign_reject_freed`, generate: isa.isaFreeContentStream, verdict: 'modified', change: { code: 'page-content', page: 1, alsoAccept: ['object-changed'] }, damaged: true, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'poppler rebuilds the xref when the freed object is needed and shows the signed page; other viewers show a blank page 1' },
  { id: 'isa-no-xref', title: 'Redefined objects appended without xref, trailer or %%EOF', reference: `${CCS19}, ISA variant without xref/trailer`, generate: isa.isaNoXref, verdict: 'modified', change: { code: 'revision-structure' }, damaged: true, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'poppler reads the last sound xref and ignores the bodies; repairing viewers (and a last-body-wins parser such as pdf-lib) take them' },
  { id: 'isa-no-prev', title: 'A complete xref of its own, trailer without /Prev', reference: `${CCS19}, ISA variant`, generate: isa.isaNoPrev, verdict: 'modified', change: { code: 'revision-structure', alsoAccept: ['page-content'], orProblem: 'range-not-revision' }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-prev-skips-signed-revision', title: '/Prev points past the signed revision to the original file', reference: `${CCS19}, ISA variant`, generate: isa.isaPrevSkipsSignedRevision, verdict: 'modified', change: { code: 'revision-structure' }, effect: page1, pdfsig: "#1 (no name): , coverage not said · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'pdfsig finds no signature at all; the bytes still hold Alice\u2019s valid one' },
  { id: 'isa-backdate-signature', title: 'Alice\u2019s signature dictionary redefined: /M a year earlier, another /Reason', reference: `${PYHANKO}, test_tamper_sig_obj`, generate: isa.isaBackdateSignature, verdict: 'invalid', change: { code: 'signature-field-changed', field: 'Signature1', alsoAccept: ['object-changed'] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'INVALID: the redefined dictionary the form now shows has a ByteRange whose gap is not its own /Contents; Alice\u2019s original signature, found in its revision, keeps its true time' },
  { id: 'isa-recycled-signature-value', title: 'A new visible signature field on page 1 whose /V is Alice\u2019s signature, painting the false finding', reference: `${PYHANKO}, test_maliciously_recycled_sig_add_visible_field_approval`, generate: isa.isaRecycledSignatureValue, verdict: 'modified', change: { code: 'visible-widget-added', page: 1, alsoAccept: ['signature-field-changed', 'annotation-added'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Alice Examiner: Signature is Valid., not total", note: 'pdfsig counts two valid signatures by Dr Alice Examiner' },
  { id: 'isa-mediabox', title: 'Page 1\u2019s /MediaBox cut above the persons present', reference: `${CCS19}, ISA`, generate: isa.isaMediaBox, verdict: 'modified', change: { code: 'page-resources', page: 1 }, effect: { page: 1, hides: 'Persons present' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-page-removed', title: 'Page 3 (medical history) dropped from the page tree', reference: `${CCS19}, ISA`, generate: isa.isaPageRemoved, verdict: 'modified', change: { code: 'page-tree' }, effect: { hides: 'Medical history' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-info-title', title: 'Document information /Title changed to another case', reference: `${CCS19}, ISA`, generate: isa.isaInfoTitle, verdict: 'modified', change: { code: 'metadata-changed' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'isa-open-action', title: 'Catalog gains a JavaScript /OpenAction', reference: `${CCS19}, ISA`, generate: isa.isaOpenAction, verdict: 'modified', change: { code: 'catalog-changed' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'poppler runs no JavaScript: nothing shows' },

  // 2. A forged second signature, nothing else changed.
  { id: 'forged-countersignature', title: 'Forger signs with Alice\u2019s name and her own key; nothing else changes', reference: `${CCS19}; ${SP21}`, generate: forgedCountersignature, verdict: 'signer-not-trusted', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Alice Examiner: Signature is Valid., total" },
  { id: 'forged-countersignature-trusted', title: 'The same, the forger\u2019s certificate trusted', reference: 'control', generate: forgedCountersignature, verdict: 'valid', trusted: ['alice', 'bob', 'mallory'], pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Alice Examiner: Signature is Valid., total" },

  // 3. A signature removed or hidden in a later revision (countersigned report).
  { id: 'author-field-removed', title: 'Alice\u2019s field dropped from /AcroForm /Fields', reference: `${CCS19}; ${PYHANKO}`, generate: hiding.authorFieldRemoved, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Signature1' }, pdfsig: "#1 Dr Bob Second-Reader: Signature is Valid., not total · #2 (no name): , coverage not said · #3 Dr Alice Examiner: Signature is Valid., not total" },
  { id: 'second-reader-field-removed', title: 'Bob\u2019s field dropped from /Fields', reference: `${CCS19}; ${PYHANKO}`, generate: hiding.secondReaderFieldRemoved, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Countersignature1' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 Dr Bob Second-Reader: Signature is Valid., not total" },
  { id: 'author-widget-hidden', title: 'Alice\u2019s widget flagged Hidden', reference: CCS19, generate: hiding.authorWidgetHidden, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Signature1', alsoAccept: ['annotation-changed'] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 Dr Bob Second-Reader: Signature is Valid., not total · #3 (no name): , coverage not said" },
  { id: 'author-widget-off-page', title: 'Alice\u2019s widget /Rect moved off the page', reference: CCS19, generate: hiding.authorWidgetOffPage, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Signature1', alsoAccept: ['annotation-changed'] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 Dr Bob Second-Reader: Signature is Valid., not total · #3 (no name): , coverage not said" },
  { id: 'author-annot-removed', title: 'Alice\u2019s widget dropped from page 9\u2019s /Annots', reference: `${PYHANKO}, test_delete_sig_annot`, generate: hiding.authorAnnotRemoved, verdict: 'modified', change: { code: 'annotation-changed', page: 9, alsoAccept: ['signature-field-changed'] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 Dr Bob Second-Reader: Signature is Valid., not total · #3 (no name): , coverage not said" },
  { id: 'author-value-removed', title: 'Alice\u2019s field emptied (/V removed)', reference: `${PYHANKO}, test_delete_signature`, generate: hiding.authorValueRemoved, verdict: 'modified', change: { code: 'signature-field-changed', field: 'Signature1' }, pdfsig: "#1 (no name): , coverage not said · #2 Dr Bob Second-Reader: Signature is Valid., not total · #3 (no name): , coverage not said" },

  // 4, 5, 9. Certification: Evil Annotation, Sneaky Signature, DocMDP breaches.
  { id: 'eaa-free-text', title: 'FreeText annotation with the false finding after certification (P=2)', reference: `${SP21}, EAA`, generate: certification.eaaFreeText, verdict: 'modified', change: { code: 'annotation-added', page: 1 }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'eaa-stamp-appearance', title: 'Stamp annotation whose appearance paints the false finding (P=2)', reference: `${SP21}, EAA`, generate: certification.eaaStampAppearance, verdict: 'modified', change: { code: 'annotation-added', page: 1 }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'eaa-free-text-p3', title: 'The FreeText annotation on a report certified with P=3', reference: `${SP21}, EAA`, generate: certification.eaaFreeTextP3, verdict: 'valid', effect: page1, needs: 'certify', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'allowed: the author permitted annotations (P=3); Attest authors certify with P=2, where the same file is MODIFIED' },
  { id: 'ssa-visible-widget', title: 'Forger adds a signature field whose visible widget paints the false finding, and signs', reference: `${SP21}, SSA`, generate: certification.ssaVisibleWidget, verdict: 'modified', change: { code: 'visible-widget-added', page: 1 }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Alice Examiner: Signature is Valid., total" },
  { id: 'docmdp-p1-countersigned', title: 'Bob signs a report Alice certified with P=1 (no changes)', reference: SP21, generate: certification.docMdpP1Countersigned, verdict: 'modified', change: { code: 'docmdp-no-changes' }, needs: 'certify', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Bob Second-Reader: Signature is Valid., total" },
  { id: 'second-certification', title: 'A second certification signature (Bob, DocMDP, /Perms) on the P=2 report', reference: SP21, generate: certification.secondCertification, verdict: 'modified', change: { code: 'certification-changed' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 Dr Bob Second-Reader: Signature is Valid., total" },
  { id: 'perms-removed', title: 'The catalog\u2019s /Perms (DocMDP link) removed after certification', reference: SP21, generate: certification.permsRemoved, verdict: 'modified', change: { code: 'certification-changed', alsoAccept: ['catalog-changed'] }, needs: 'certify', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 6. Form filling after signing.
  { id: 'form-value-changed', title: 'The Opinion field\u2019s /V and appearance changed to the false finding', reference: `${NDSS21}, replace; ${PYHANKO}, test_form_field_postsign_modify`, generate: formValueChanged, verdict: 'modified', change: { code: 'form-field-changed', field: OPINION_FIELD }, effect: { page: 1, shows: FALSE_TEXT, hides: GENUINE_OPINION }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 7. Object streams.
  { id: 'objstm-redefines-page', title: 'Page 1 redefined inside a new object stream (xref stream update)', reference: `${CCS19}; pyHanko ObjectStreamRule`, generate: objectStream.objStmRedefinesPage, verdict: 'modified', change: { code: 'object-stream-redefines', alsoAccept: ['page-content'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'objstm-hides-signature-widget', title: 'Alice\u2019s widget redefined as hidden inside an object stream', reference: 'pyHanko ObjectStreamRule', generate: objectStream.objStmHidesSignatureWidget, verdict: 'modified', change: { code: 'object-stream-redefines', alsoAccept: ['signature-field-changed', 'annotation-changed'] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 8. Shadow attacks, prepared before Alice signs.
  { id: 'shadow-hide-xref-only', title: 'Hide: xref-only update re-points the cover stream at its empty shadow body', reference: `${NDSS21}, hide`, generate: shadow.shadowHideXrefOnly, verdict: 'modified', change: { code: 'page-content', page: 1, alsoAccept: ['object-changed'] }, effect: { page: 1, shows: FALSE_TEXT, hides: GENUINE_OPINION }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'shadow-hide-overlay-removed', title: 'Hide: update drops the cover stream from page 1', reference: `${NDSS21}, hide`, generate: shadow.shadowHideOverlayRemoved, verdict: 'modified', change: { code: 'page-content', page: 1 }, effect: { page: 1, shows: FALSE_TEXT, hides: GENUINE_OPINION }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'shadow-replace-font', title: 'Replace: xref-only update re-points the font at a shadow encoding spelling the false finding', reference: `${NDSS21}, replace (font)`, generate: shadow.shadowReplaceFont, verdict: 'modified', change: { code: 'page-resources', page: 1, alsoAccept: ['object-changed'] }, effect: { page: 1, shows: FALSE_TEXT, hides: GENUINE_OPINION }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'shadow-replace-form-appearance', title: 'Replace: xref-only update re-points the Opinion field\u2019s appearance (its /V unchanged)', reference: `${NDSS21}, replace (form)`, generate: shadow.shadowReplaceFormAppearance, verdict: 'modified', change: { code: 'form-field-changed', field: OPINION_FIELD, alsoAccept: ['annotation-changed', 'object-changed'] }, effect: { page: 1, shows: FALSE_TEXT, hides: GENUINE_OPINION }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'shadow-hide-and-replace-root', title: 'Hide-and-replace: trailer-only update points /Root at a shadow catalog and page tree', reference: `${NDSS21}, hide-and-replace`, generate: shadow.shadowHideAndReplaceRoot, verdict: 'modified', change: { code: 'root-replaced' }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'shadow-hide-and-replace-pages', title: 'Hide-and-replace: xref-only update re-points /Pages at a shadow page tree', reference: `${NDSS21}, hide-and-replace (RUB-NDS variant 1)`, generate: shadow.shadowHideAndReplacePages, verdict: 'modified', change: { code: 'page-tree', alsoAccept: ['object-changed', 'page-content'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 10. Signature wrapping and universal signature forgery.
  { id: 'swa-moved-second-part', title: 'Signed part 2 moved; the gap holds a new page 1 and a rewrapped signature dictionary', reference: `${CCS19}, SWA`, generate: wrapping.swaMovedSecondPart, verdict: 'invalid', problem: 'byte-range-invalid', effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'INVALID: the dictionary the document shows has a ByteRange whose gap is not its /Contents, and the signed revision\u2019s own range no longer holds the signed bytes' },
  { id: 'usf-no-byterange', title: 'Alice\u2019s CMS copied into a signature dictionary without /ByteRange', reference: `${CCS19}, USF`, generate: wrapping.usfNoByteRange, verdict: 'invalid', problem: 'byte-range-invalid', effect: page1, pdfsig: "#1 (null): Signature has not yet been verified., coverage not said · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'usf-byterange-zero', title: 'The same with /ByteRange [0 0 0 0]', reference: `${CCS19}, USF`, generate: wrapping.usfByteRangeZero, verdict: 'invalid', problem: 'byte-range-invalid', effect: page1, pdfsig: "#1 Dr Alice Examiner: Digest Mismatch., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'usf-null-values', title: '/ByteRange null and /Contents null', reference: `${CCS19}, USF`, generate: wrapping.usfNullValues, verdict: 'invalid', effect: page1, pdfsig: "#1 (null): Signature has not yet been verified., coverage not said · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'usf-empty-contents', title: '/Contents <> with a /ByteRange that frames it exactly', reference: `${CCS19}, USF`, generate: wrapping.usfEmptyContents, verdict: 'invalid', problem: 'cms-unreadable', effect: page1, pdfsig: "#1 (no name): Unknown Validation Failure., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'usf-contents-not-a-string', title: '/Contents 0 (a number), /ByteRange copied from Alice\u2019s file', reference: `${CCS19}, USF`, generate: wrapping.usfContentsNotAString, verdict: 'invalid', effect: page1, pdfsig: "#1 (null): Signature has not yet been verified., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // 11. What may follow the last signature.
  { id: 'junk-after-eof', title: 'Bytes after %%EOF that are not a revision', reference: `${CCS19}; pyHanko coverage levels`, generate: revisionStructure.junkAfterEof, verdict: 'modified', change: { code: 'revision-structure' }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'empty-revision', title: 'A sound revision whose xref lists nothing', reference: 'ISO 32000-1 \u00a77.5.6', generate: revisionStructure.emptyRevision, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'identical-objects-revision', title: 'A revision rewriting the catalog and Info exactly as they were', reference: `${PYHANKO}, test_allow_identical_object_replacement`, generate: revisionStructure.identicalObjectsRevision, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'trailing-end-of-line', title: 'One more end-of-line after %%EOF', reference: 'ISO 32000-1 \u00a77.5.5', generate: revisionStructure.trailingEndOfLine, verdict: 'valid', pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // Parser differentials.
  { id: 'decoy-body-after-live-one', title: 'Malicious page 1 listed; an unlisted copy of the signed page 1 follows it', reference: `${NDSS21} (xref vs. last body)`, generate: differential.decoyBodyAfterLiveOne, verdict: 'modified', change: { code: 'page-content', page: 1, alsoAccept: ['revision-structure'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'hybrid-xrefstm', title: 'Empty classic table whose /XRefStm stream redefines page 1', reference: `${PYHANKO}, test_sign_with_hybrid_sneaky_edit`, generate: differential.hybridXRefStm, verdict: 'modified', change: { code: 'page-content', page: 1, alsoAccept: ['object-changed', 'object-stream-redefines', 'revision-structure'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'duplicate-xref-entry', title: 'Page 1 listed twice in one xref section (malicious first)', reference: 'pyHanko xref strictness', generate: differential.duplicateXrefEntry, verdict: 'modified', change: { code: 'revision-structure', alsoAccept: ['page-content'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },

  // Found by reading the verifier as an attacker (bypass.ts): each was VALID (or only SIGNER NOT TRUSTED) when written.
  { id: 'prepared-box-repainted', title: 'The empty countersignature box\u2019s appearance redefined with the forger\u2019s text; nobody signs', reference: 'review of diff.ts (fill rule)', generate: bypass.preparedBoxRepainted, verdict: 'modified', change: { code: 'annotation-changed', alsoAccept: ['form-field-changed', 'signature-field-changed', 'visible-widget-added'] }, effect: { shows: bypass.BOX_TEXT }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'prepared-box-new-appearance', title: 'The empty countersignature box\u2019s /AP pointed at a new appearance; nobody signs', reference: 'review of diff.ts (fill rule)', generate: bypass.preparedBoxNewAppearance, verdict: 'modified', change: { code: 'annotation-changed', alsoAccept: ['form-field-changed', 'signature-field-changed', 'visible-widget-added'] }, effect: { shows: bypass.BOX_TEXT }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said" },
  { id: 'print-only-widget', title: 'A signature widget flagged NoView|Print painting the false finding (printed, not shown)', reference: 'review of diff.ts (paints())', generate: bypass.printOnlyWidget, verdict: 'modified', change: { code: 'visible-widget-added', page: 1, alsoAccept: ['annotation-added'] }, effect: { page: 1, printShows: FALSE_TEXT }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said · #4 (no name): , coverage not said" },
  { id: 'legacy-unlisted-signature-widget', title: 'Approval-signed (legacy) report: an unsigned widget claiming /FT /Sig paints the false finding', reference: `${SP21}, SSA without a signature; review of diff.ts`, generate: bypass.legacyUnlistedSignatureWidget, verdict: 'modified', change: { code: 'annotation-added', page: 1, alsoAccept: ['visible-widget-added'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said" },
  { id: 'legacy-sneaky-signature', title: 'Approval-signed (legacy) report: the forger signs a visible field painting the false finding', reference: `${SP21}, SSA on an approval signature`, generate: bypass.legacySneakySignature, verdict: 'modified', change: { code: 'visible-widget-added', page: 1, alsoAccept: ['annotation-added'] }, effect: page1, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 Dr Alice Examiner: Signature is Valid., total", note: 'ISO 32000 allows signatures after an approval signature; what it paints is still a change to the page' },
  { id: 'shared-appearance-across-fields', title: 'Prepared: a countersignature box shares Alice\u2019s appearance and is listed first; that appearance redefined after signing', reference: `${NDSS21} (prepared); review of diff.ts (roles once per kind)`, generate: bypass.sharedAppearanceAcrossFields, verdict: 'modified', change: { code: 'signature-field-changed', alsoAccept: ['annotation-changed'] }, effect: { shows: 'WITHDRAWN by the author' }, pdfsig: "#1 (no name): , coverage not said · #2 Dr Alice Examiner: Signature is Valid., not total · #3 (no name): , coverage not said" },
  { id: 'orphan-parent-cropbox', title: 'Prepared: page 1\u2019s /Parent is a node outside the tree; it gains a /CropBox after signing', reference: `${NDSS21} (prepared); review of diff.ts (/Parent not followed)`, generate: bypass.orphanParentCropBox, verdict: 'modified', change: { code: 'page-resources', page: 1, alsoAccept: ['page-tree', 'object-changed'] }, effect: { pdfjsView: [0, 165, 595.28, 841.89] }, pdfsig: "#1 Dr Alice Examiner: Signature is Valid., not total · #2 (no name): , coverage not said · #3 (no name): , coverage not said", note: 'poppler follows the page tree and shows the page whole; pdf.js (the app\u2019s PDF library, Firefox) and pdfium (Chrome) inherit through /Parent and cut it' },
  { id: 'unreadable-form-shield', title: 'Prepared: a form XObject with a repeated key (unreadable to the verifier) draws an empty form, redefined after signing', reference: `${NDSS21} (prepared); review of diff.ts/pdfObjects.ts (unreadable objects end the walk)`, generate: bypass.unreadableFormShield, verdict: 'modified', change: { code: 'page-resources', page: 1, alsoAccept: ['page-content', 'object-changed', 'revision-structure'] }, effect: page1, damaged: true, pdfsig: '#1 Dr Alice Examiner: Signature is Valid., not total \u00b7 #2 (no name): , coverage not said \u00b7 #3 (no name): , coverage not said', note: 'qpdf only warns (duplicated key); poppler and pdf-lib read the form' },
  { id: 'orphan-signature-widget-moved', title: 'Prepared: an empty signature widget in no form; after signing it is moved over page 1 and repainted', reference: `${SP21} (SSA); review of diff.ts (signature widgets outside the form)`, generate: bypass.orphanSignatureWidgetMoved, verdict: 'modified', change: { code: 'annotation-changed', page: 1, alsoAccept: ['visible-widget-added', 'signature-field-changed'] }, effect: page1, pdfsig: '#1 Dr Alice Examiner: Signature is Valid., not total \u00b7 #2 (no name): , coverage not said \u00b7 #3 (no name): , coverage not said \u00b7 #4 (no name): , coverage not said' },
];
