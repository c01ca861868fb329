/**
 * Parser differentials: files on which the verifier's reading of the document and the viewer's differ.
 * Not a paper of their own; they follow from the Shadow Attacks' lesson (Mainka et al., NDSS 2021:
 * what is shown is what the latest cross-reference locates) and from pyHanko's strict xref checks
 * (pyhanko/pdf_utils/xref.py: hybrid-reference files, `test_sign_with_hybrid_sneaky_edit`;
 * freed and reused object numbers). Each is a way to make a verifier compare the wrong objects:
 *  - a decoy body: the malicious body is the one the cross-reference points at, and a copy of the
 *    signed body follows it in the file, listed nowhere. A parser that keeps the last body it reads
 *    (pdf-lib's, which the signer uses) sees the signed page; poppler sees the malicious one;
 *  - a hybrid-reference update: the classic table lists nothing, its trailer's /XRefStm names a
 *    cross-reference stream that redefines page 1. Readers that ignore /XRefStm see no change;
 *    conforming readers (poppler) apply it;
 *  - one object listed twice in the same cross-reference section: readers disagree on which entry
 *    wins.
 * Each must come out MODIFIED (the change named, or `revision-structure` when the structure itself is
 * the problem): never VALID.
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, overlayOnPage, whiteBoxWithText } from './forge';
import { appendUpdate, bodyOffsets, bytesOf, concatBytes, latin1, mapDocument, rawBody, readXref, type ObjectDef } from './pdfWriter';

function falsePage(pdf: Uint8Array): { readonly page: number; readonly objects: ObjectDef[] } {
  const page = mapDocument(pdf).pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  return { page, objects: overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT)) };
}

/** The malicious page 1 is listed; an unlisted copy of the signed page 1 follows it in the same update. */
export function decoyBodyAfterLiveOne(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const { page, objects } = falsePage(pdf);
  return appendUpdate(pdf, { objects: [...objects, { num: page, orphan: true, body: rawBody(pdf, page) }] });
}

/** A hybrid-reference update: an empty classic table whose trailer's /XRefStm names a cross-reference stream redefining page 1. */
export function hybridXRefStm(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const previous = readXref(pdf);
  const { objects } = falsePage(pdf);
  const bodies = appendUpdate(pdf, { objects: objects.map((o) => ({ ...o, orphan: true })), xref: 'none' });
  const repoint = objects.map((o) => ({ num: o.num, offset: bodyOffsets(bodies, o.num).at(-1) ?? 0 }));
  // A cross-reference stream for those bodies, written as by appendUpdate, then cut before its startxref.
  const withStream = appendUpdate(bodies, { repoint, xref: 'stream', trailer: { prev: null } });
  const text = latin1(withStream);
  const startxrefAt = text.lastIndexOf('startxref');
  const streamAt = Number(/startxref\s+(\d+)/.exec(text.slice(startxrefAt))?.[1]);
  const head = withStream.subarray(0, startxrefAt);
  const tableAt = head.length;
  const size = Math.max(previous.size, ...repoint.map((r) => r.num + 1)) + 1;
  const tail = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${String(size)} /Root ${previous.root ?? ''} /Info ${previous.info ?? ''} /Prev ${String(previous.startxref)} /XRefStm ${String(streamAt)} >>\nstartxref\n${String(tableAt)}\n%%EOF\n`;
  return concatBytes([head, bytesOf(tail)]);
}

/** Page 1 listed twice in one cross-reference section: the malicious body first, the signed body second. */
export function duplicateXrefEntry(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const { page, objects } = falsePage(pdf);
  const signedOffset = readXref(pdf).entries.get(page)?.offset ?? 0;
  const update = appendUpdate(pdf, { objects });
  // Add a second subsection for the page, pointing at the signed body, after the first.
  const text = latin1(update);
  const xrefAt = text.lastIndexOf('\nxref\n') + 1;
  const trailerAt = text.indexOf('trailer', xrefAt);
  const startxref = `startxref\n${String(xrefAt)}\n%%EOF\n`;
  const second = `${String(page)} 1\n${String(signedOffset).padStart(10, '0')} 00000 n \n`;
  return concatBytes([update.subarray(0, trailerAt), bytesOf(second), bytesOf(text.slice(trailerAt, text.lastIndexOf('startxref'))), bytesOf(startxref)]);
}
