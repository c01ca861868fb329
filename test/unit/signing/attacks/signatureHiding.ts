/**
 * Hiding or removing a signature that is already there. CCS 2019 (Mladenov et al., "1 Trillion Dollar
 * Refund", §4.2, ISA stealth variants) observed that viewers build their signature panel from the
 * *latest* AcroForm: a revision that drops the field from /Fields, drops its widget from the page's
 * /Annots, empties its /V, or makes the widget invisible (/F Hidden, a /Rect off the page), removes the
 * signature from what a reader sees while its bytes, and its valid CMS, stay in the file. pyHanko
 * treats each as a disallowed modification of the earlier signature (`test_delete_signature`,
 * `test_delete_sig_annot`, `test_double_sig_delete_old_sig_annot` in its test_diff_analysis.py).
 *
 * For Attest the danger is a downgrade: a countersigned report that silently loses the second
 * reader's signature, or the author's, while the remaining signature still reads VALID. A verifier
 * must find signatures in every revision, not only through the latest catalog, and report the
 * latest revision's treatment of each as a change (`signature-field-changed`, `annotation-changed`).
 * All of these start from the countersigned report (Alice, then Bob).
 */
import { AUTHOR_FIELD, COUNTERSIGNATURE_FIELD_PREFIX } from '../../../../shared/report';
import type { Genuine } from './genuine';
import { annotsOf, refArray, rewritten } from './forge';
import { appendUpdate, mapDocument, type ObjectDef } from './pdfWriter';

function fieldsOf(g: Genuine): { pdf: Uint8Array; acroForm: number; alice: number; bob: number; all: readonly number[]; lastPage: number; firstPage: number } {
  const pdf = g.countersigned;
  const map = mapDocument(pdf);
  const alice = map.fields.get(AUTHOR_FIELD);
  const bob = map.fields.get(`${COUNTERSIGNATURE_FIELD_PREFIX}1`);
  const lastPage = map.pageNums[g.signatureBlock.pageIndex];
  const firstPage = map.pageNums[0];
  if (alice === undefined || bob === undefined || map.acroForm === null || lastPage === undefined || firstPage === undefined) throw new Error('countersigned report without its two fields');
  return { pdf, acroForm: map.acroForm, alice, bob, all: [...map.fields.values()], lastPage, firstPage };
}

function update(pdf: Uint8Array, objects: readonly ObjectDef[]): Uint8Array {
  return appendUpdate(pdf, { objects });
}

/** Alice's field dropped from /AcroForm /Fields (her widget still on page 9). */
export function authorFieldRemoved(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.acroForm, { Fields: refArray(f.all.filter((n) => n !== f.alice)) })]);
}

/** Bob's (the second reader's) field dropped from /Fields: the report looks signed by its author only. */
export function secondReaderFieldRemoved(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.acroForm, { Fields: refArray(f.all.filter((n) => n !== f.bob)) })]);
}

/** Alice's widget made hidden (/F 2, Hidden). */
export function authorWidgetHidden(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.alice, { F: '2' })]);
}

/** Alice's widget moved off the page. */
export function authorWidgetOffPage(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.alice, { Rect: '[-2000 -2000 -1810 -1914]' })]);
}

/** Alice's widget dropped from page 9's /Annots (the field stays in /Fields). */
export function authorAnnotRemoved(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.lastPage, { Annots: refArray(annotsOf(f.pdf, f.lastPage).filter((n) => n !== f.alice)) })]);
}

/** Alice's field emptied: its /V (the signature dictionary) removed. */
export function authorValueRemoved(g: Genuine): Uint8Array {
  const f = fieldsOf(g);
  return update(f.pdf, [rewritten(f.pdf, f.alice, { V: null })]);
}
