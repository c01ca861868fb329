/**
 * Object streams that redefine signed objects. Since PDF 1.5 an update may use a cross-reference
 * stream whose type-2 entries place objects inside a compressed /Type /ObjStm. The incremental saving
 * attacks of CCS 2019 (Mladenov et al.) work the same way through one, and the text is no longer
 * visible to anyone grepping the file: the page dictionary is deflated. pyHanko allows object streams
 * in later revisions only as long as they do not override existing objects (`ObjectStreamRule` in
 * pyhanko/sign/diff_analysis/rules/file_structure_rules.py); a verifier that reads only classic
 * tables, or only uncompressed bodies, misses the change. Our signer writes classic tables, so the
 * mix (a cross-reference stream whose /Prev is a classic table) is also what a hostile tool would
 * append.
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, overlayOnPage, rewrite, whiteBoxWithText } from './forge';
import { appendUpdate, dictOf, mapDocument } from './pdfWriter';

/** Page 1's dictionary redefined inside a new object stream (with the overlay's two content streams as plain objects), through a cross-reference stream. */
export function objStmRedefinesPage(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const page = mapDocument(pdf).pageNums[0];
  const objects = overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT));
  const pageObject = objects.find((o) => o.num === page);
  const streams = objects.filter((o) => o.num !== page);
  if (pageObject === undefined || typeof pageObject.body !== 'string') throw new Error('no page object');
  const objStm = Math.max(...streams.map((o) => o.num)) + 1;
  return appendUpdate(pdf, { objects: streams, objectStreams: [{ num: objStm, objects: [{ num: pageObject.num, body: pageObject.body }] }], xref: 'stream' });
}

/** Alice's signature widget redefined inside an object stream as hidden (/F 2). */
export function objStmHidesSignatureWidget(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const field = map.fields.get('Signature1');
  if (field === undefined) throw new Error('no Signature1');
  const body = rewrite(dictOf(pdf, field), { F: '2' });
  return appendUpdate(pdf, { objectStreams: [{ num: map.next, objects: [{ num: field, body }] }], xref: 'stream' });
}
