/**
 * What may follow a signature that is not a change at all, and what may not. ISO 32000-1 §7.5.6: an
 * incremental update is a body, a cross-reference section and a trailer ending in `%%EOF`; after that,
 * only an end-of-line. CCS 2019 (Mladenov et al., ISA variants) and pyHanko's coverage checks
 * (`test_anomalous_coverage`, SignatureCoverageLevel in pyhanko/sign/validation) separate three cases:
 *  - bytes after `%%EOF` that are not a revision (garbage, an HTML or ZIP tail, a half update): the
 *    viewer ignores them or repairs the file with them, so what it shows is no longer defined by the
 *    signed revisions: `revision-structure`, never silently ignored;
 *  - a sound revision that changes nothing the signatures cover (a cross-reference section with no
 *    entry, or objects rewritten byte for byte as they were): allowed, VALID (pyHanko
 *    `test_allow_identical_object_replacement`);
 *  - a trailing end-of-line, which transports add: not a change.
 */
import type { Genuine } from './genuine';
import { appendUpdate, bytesOf, concatBytes, mapDocument, rawBody, readXref } from './pdfWriter';

/** Junk after the last %%EOF: text that is not PDF syntax. */
export function junkAfterEof(g: Genuine): Uint8Array {
  return concatBytes([g.certified, bytesOf('<html><body>No injuries consistent with the allegation.</body></html>\n')]);
}

/** An update whose cross-reference lists only object 0 (free): a sound revision that changes nothing. */
export function emptyRevision(g: Genuine): Uint8Array {
  return appendUpdate(g.certified, {});
}

/** An update that rewrites the catalog and the document information exactly as they were. */
export function identicalObjectsRevision(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const info = Number((readXref(pdf).info ?? '').split(' ')[0]);
  const root = mapDocument(pdf).root;
  return appendUpdate(pdf, { objects: [{ num: root, body: rawBody(pdf, root) }, { num: info, body: rawBody(pdf, info) }] });
}

/** One more end-of-line after the last %%EOF. */
export function trailingEndOfLine(g: Genuine): Uint8Array {
  return concatBytes([g.certified, bytesOf('\r\n')]);
}
