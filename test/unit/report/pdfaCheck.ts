/**
 * A PDF/A-3b check of our own, for want of veraPDF here (neither Debian nor npm ships it): the
 * requirements of ISO 19005-3 that Attest's documents could break, read from the file as qpdf
 * parses it (`qpdf --json=2`, streams decoded), the XMP parsed by an XML parser (@xmldom/xmldom).
 * Each problem names the clause. It reads the final revision (after signing, the incremental update
 * included). It does not check the content streams' operators against their resources, the glyph
 * widths against the embedded programs, or ICC-based colour spaces beyond the output intent: see
 * the README's note on PDF/A.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface QObject {
  readonly value?: Json;
  readonly stream?: { readonly dict: Record<string, Json>; readonly data?: string };
}

export interface PdfAAttachment {
  readonly name: string;
  readonly mimeType: string;
  readonly relationship: string;
  readonly description: string;
  readonly bytes: Buffer;
}

export interface PdfAReport {
  readonly problems: string[];
  readonly attachments: PdfAAttachment[];
  /** What the XMP says (pdfaid:part, conformance, title). */
  readonly xmp: { readonly part: string | null; readonly conformance: string | null; readonly title: string | null };
  /** Number of font dictionaries checked. */
  readonly fonts: number;
}

const XMP_NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
};

/** qpdf's JSON string forms: `u:text`, `b:hex`, `/Name`. */
function str(value: Json | undefined): string | null {
  if (typeof value !== 'string') return null;
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) {
    const bytes = Buffer.from(value.slice(2), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return value;
}

/** `D:20261207231441Z` or `D:20261207231441+01'00'` → epoch ms. */
function pdfDate(value: string | null): number | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(value ?? '');
  if (!m) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  const base = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6));
  if (!m[8]) return base;
  const offset = (n(9) * 60 + n(10)) * 60_000;
  return m[8] === '+' ? base - offset : base + offset;
}

export function checkPdfA(file: string): PdfAReport {
  const problems: string[] = [];
  const raw = readFileSync(file);
  const run = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', file], { maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 3) throw new Error(`qpdf --json failed: ${run.stderr.toString()}`);
  const parsed = JSON.parse(run.stdout.toString()) as { qpdf: [Record<string, Json>, Record<string, QObject>] };
  const objects = parsed.qpdf[1];
  const trailer = (objects.trailer?.value ?? {}) as Record<string, Json>;
  const get = (ref: Json | undefined): QObject | undefined => (typeof ref === 'string' && / 0 R$/.test(ref) ? objects[`obj:${ref}`] : undefined);
  /** A dictionary: direct, or the object (or stream dictionary) a reference points at. */
  const dict = (value: Json | undefined): Record<string, Json> | null => {
    const target = get(value);
    const v = target ? (target.stream?.dict ?? target.value) : value;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
  };
  const arr = (value: Json | undefined): Json[] => {
    const target = get(value);
    const v = target ? target.value : value;
    return Array.isArray(v) ? v : [];
  };
  const streamBytes = (ref: Json | undefined): Buffer | null => {
    const data = get(ref)?.stream?.data;
    return typeof data === 'string' ? Buffer.from(data, 'base64') : null;
  };

  // 6.1.2 File header: %PDF-1.n, then a comment line of at least four bytes above 127.
  const head = raw.subarray(0, 64).toString('latin1');
  if (!/^%PDF-1\.[0-7]\r?\n/.test(head)) problems.push('6.1.2: the header is not %PDF-1.n on its own line');
  const second = raw.subarray(head.indexOf('\n') + 1, head.indexOf('\n') + 6);
  if (second[0] !== 0x25 || [...second.subarray(1, 5)].some((b) => b < 128)) problems.push('6.1.2: no binary comment (4 bytes > 127) after the header');
  // 6.1.3 File trailer: an /ID, no /Encrypt.
  if (!Array.isArray(trailer['/ID']) || trailer['/ID'].length !== 2) problems.push('6.1.3: the trailer has no /ID');
  if (trailer['/Encrypt'] !== undefined) problems.push('6.1.3: the file is encrypted');
  if (!raw.subarray(-32).toString('latin1').includes('%%EOF')) problems.push('6.1.3: no %%EOF at the end');

  // Walk every object once.
  let fonts = 0;
  for (const [key, object] of Object.entries(objects)) {
    if (key === 'trailer') continue;
    const d = object.stream?.dict ?? (object.value !== null && typeof object.value === 'object' && !Array.isArray(object.value) ? object.value : null);
    if (!d) continue;
    const type = d['/Type'];
    const subtype = d['/Subtype'];
    // 6.1.7 Streams: no external data, no LZW.
    if (object.stream) {
      if (d['/F'] !== undefined && type !== '/EmbeddedFile') problems.push(`6.1.7: ${key} refers to external stream data`);
      const filters = Array.isArray(d['/Filter']) ? d['/Filter'] : [d['/Filter']];
      if (filters.includes('/LZWDecode')) problems.push(`6.1.7: ${key} uses LZWDecode`);
    }
    // 6.6.1/6.6.2 Actions: no JavaScript, no Launch, no additional actions.
    if (d['/S'] === '/JavaScript' || d['/JS'] !== undefined) problems.push(`6.6.1: ${key} holds JavaScript`);
    if (['/Launch', '/Sound', '/Movie', '/ResetForm', '/ImportData', '/Hide', '/SetOCGState', '/Rendition', '/Trans', '/GoTo3DView'].includes(d['/S'] as string)) problems.push(`6.6.1: ${key} is a forbidden action ${JSON.stringify(d['/S'] ?? null)}`);
    if (d['/AA'] !== undefined) problems.push(`6.6.2: ${key} has additional actions (/AA)`);
    // 6.2.10 Transparency: none used at all (stricter than PDF/A-3 asks).
    if (type === '/ExtGState') {
      for (const k of ['/CA', '/ca']) if (typeof d[k] === 'number' && d[k] < 1) problems.push(`6.2.10: ${key} sets ${k} ${String(d[k])}`);
      if (d['/SMask'] !== undefined && d['/SMask'] !== '/None') problems.push(`6.2.10: ${key} has a soft mask`);
      if (d['/TR'] !== undefined) problems.push(`6.2.5: ${key} has a transfer function /TR`);
    }
    // 6.2.8 Images.
    if (subtype === '/Image') {
      if (d['/Interpolate'] === true) problems.push(`6.2.8: ${key} sets /Interpolate true`);
      if (d['/Alternates'] !== undefined || d['/OPI'] !== undefined) problems.push(`6.2.8: ${key} has /Alternates or /OPI`);
      if (d['/SMask'] !== undefined) problems.push(`6.2.10: ${key} has a soft mask`);
    }
    // 6.2.11.4 Fonts: every font program embedded.
    if (type === '/Font') {
      fonts += 1;
      if (subtype === '/Type3') continue;
      const descendant = subtype === '/Type0' ? dict(arr(d['/DescendantFonts'])[0]) : d;
      const descriptor = dict(descendant?.['/FontDescriptor']);
      if (!descriptor || !['/FontFile', '/FontFile2', '/FontFile3'].some((k) => get(descriptor[k])?.stream)) problems.push(`6.2.11.4: font ${key} (${JSON.stringify(d['/BaseFont'] ?? null)}) is not embedded`);
      // 6.2.11.3.2 A CIDFontType2 has a /CIDToGIDMap.
      if (descendant?.['/Subtype'] === '/CIDFontType2' && descendant['/CIDToGIDMap'] === undefined) problems.push(`6.2.11.3.2: font ${key} has no /CIDToGIDMap`);
      // 6.2.11.7 ToUnicode for text to be extractable (level B asks it only for some fonts; we give it always).
      const isDescendant = subtype === '/CIDFontType2' || subtype === '/CIDFontType0';
      if (!isDescendant && d['/ToUnicode'] === undefined) problems.push(`6.2.11.7: font ${key} has no /ToUnicode`);
    }
    // 6.3 Annotations: printed, not hidden; only a normal appearance; widgets have one.
    if (type === '/Annot' || d['/Subtype'] === '/Widget') {
      const flags = typeof d['/F'] === 'number' ? d['/F'] : 0;
      if ((flags & 4) === 0 || (flags & (1 | 2 | 32)) !== 0) problems.push(`6.3.2: annotation ${key} has flags ${String(flags)} (Print must be set, Hidden/Invisible/NoView clear)`);
      const ap = dict(d['/AP']);
      if (ap && Object.keys(ap).some((k) => k !== '/N')) problems.push(`6.3.3: annotation ${key} has appearances other than /N`);
      const rect = arr(d['/Rect']).map(Number);
      const empty = rect.length === 4 && rect[0] === rect[2] && rect[1] === rect[3];
      if (!empty && !ap && subtype !== '/Popup' && subtype !== '/Link') problems.push(`6.3.3: annotation ${key} has no appearance`);
    }
  }

  const root = dict(trailer['/Root']);
  if (!root) throw new Error('no catalog');
  // 6.4.1 Forms: no NeedAppearances.
  const acro = dict(root['/AcroForm']);
  if (acro?.['/NeedAppearances'] === true) problems.push('6.4.1: /NeedAppearances is true');
  if (acro?.['/XFA'] !== undefined) problems.push('6.4.2: the form has XFA');
  if (root['/OpenAction'] !== undefined) {
    const open = dict(root['/OpenAction']);
    if (open && open['/S'] !== '/GoTo') problems.push('6.6.1: /OpenAction is not a GoTo');
  }
  if (dict(root['/Names'])?.['/JavaScript'] !== undefined) problems.push('6.6.1: the catalog names JavaScript');

  // 6.2.3 Output intent: one GTS_PDFA1 with an ICC profile whose components match /N.
  const intents = arr(root['/OutputIntents']).map(dict).filter((d) => d?.['/S'] === '/GTS_PDFA1');
  if (intents.length !== 1) problems.push(`6.2.3: ${String(intents.length)} GTS_PDFA1 output intents (one expected)`);
  const intent = intents[0];
  if (intent) {
    const ref = intent['/DestOutputProfile'];
    const icc = streamBytes(ref);
    const n = dict(ref)?.['/N'];
    if (!icc || icc.length < 132) problems.push('6.2.3: the output intent has no ICC profile');
    else {
      if (icc.toString('latin1', 36, 40) !== 'acsp') problems.push('6.2.3: the output profile is not an ICC profile');
      const space = icc.toString('latin1', 16, 20);
      if (!(space === 'RGB ' && n === 3)) problems.push(`6.2.3: the output profile's colour space ${space} does not match /N ${JSON.stringify(n ?? null)}`);
      if (!['mntr', 'prtr'].includes(icc.toString('latin1', 12, 16))) problems.push('6.2.3: the output profile is neither an output nor a monitor profile');
      const major = icc[8] ?? 0;
      if (major < 2 || major > 4) problems.push(`6.2.3: ICC profile version ${String(major)} not allowed`);
      if (icc.readUInt32BE(0) !== icc.length) problems.push('6.2.3: the ICC profile length does not match its header');
    }
    if (str(intent['/OutputConditionIdentifier']) === null) problems.push('6.2.3: the output intent has no /OutputConditionIdentifier');
  }

  // 6.6.2 Metadata: an uncompressed XMP stream, parseable, with the PDF/A identification, agreeing with Info.
  const metaRef = root['/Metadata'];
  const metaDict = dict(metaRef);
  const xmpBytes = streamBytes(metaRef);
  let xmp: PdfAReport['xmp'] = { part: null, conformance: null, title: null };
  if (!metaDict || !xmpBytes) problems.push('6.6.2: the catalog has no /Metadata stream');
  else {
    if (metaDict['/Type'] !== '/Metadata' || metaDict['/Subtype'] !== '/XML') problems.push('6.6.2: /Metadata is not /Type /Metadata /Subtype /XML');
    if (metaDict['/Filter'] !== undefined) problems.push('6.6.2: the XMP stream is filtered (kept plain for any reader)');
    const text = xmpBytes.toString('utf8');
    if (!/^<\?xpacket begin="\uFEFF"/.test(text) || !/<\?xpacket end="w"\?>\s*$/.test(text)) problems.push('6.6.2.1: the XMP is not wrapped in an xpacket');
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (message: string) => { errors.push(message); }, fatalError: (message: string) => { errors.push(message); } } }).parseFromString(text.replace(/<\?xpacket[^>]*\?>/g, ''), 'application/xml');
    if (errors.length > 0) problems.push(`6.6.2: the XMP is not well-formed XML (${errors.join('; ')})`);
    const one = (ns: string, local: string): string | null => {
      const nodes = doc.getElementsByTagNameNS(ns, local);
      return nodes.length === 1 ? (nodes.item(0)?.textContent ?? null) : nodes.length === 0 ? null : `(${String(nodes.length)} values)`;
    };
    const titleNodes = doc.getElementsByTagNameNS(XMP_NS.dc, 'title');
    let title: string | null = null;
    if (titleNodes.length > 0) {
      const lis = titleNodes.item(0)?.getElementsByTagNameNS(XMP_NS.rdf, 'li');
      for (let i = 0; lis && i < lis.length; i += 1) if (lis.item(i)?.getAttribute('xml:lang') === 'x-default') title = lis.item(i)?.textContent ?? null;
    }
    xmp = { part: one(XMP_NS.pdfaid, 'part'), conformance: one(XMP_NS.pdfaid, 'conformance'), title };
    if (xmp.part !== '3') problems.push(`6.6.4: pdfaid:part is ${String(xmp.part)}, not 3`);
    if (xmp.conformance !== 'B') problems.push(`6.6.4: pdfaid:conformance is ${String(xmp.conformance)}, not B`);
    // 6.6.2.3.1 Info and XMP agree (ISO 19005-3 Table 1).
    const info = dict(trailer['/Info']) ?? {};
    const pairs: [string, string | null, string | null][] = [
      ['/Title ↔ dc:title', str(info['/Title']), title],
      ['/Creator ↔ xmp:CreatorTool', str(info['/Creator']), one(XMP_NS.xmp, 'CreatorTool')],
      ['/Producer ↔ pdf:Producer', str(info['/Producer']), one(XMP_NS.pdf, 'Producer')],
      ['/Keywords ↔ pdf:Keywords', str(info['/Keywords']), one(XMP_NS.pdf, 'Keywords')],
    ];
    const authorNodes = doc.getElementsByTagNameNS(XMP_NS.dc, 'creator');
    pairs.push(['/Author ↔ dc:creator', str(info['/Author']), authorNodes.length === 0 ? null : (authorNodes.item(0)?.textContent.trim() ?? '')]);
    const subjectNodes = doc.getElementsByTagNameNS(XMP_NS.dc, 'description');
    pairs.push(['/Subject ↔ dc:description', str(info['/Subject']), subjectNodes.length === 0 ? null : (subjectNodes.item(0)?.textContent.trim() ?? '')]);
    for (const [what, a, b] of pairs) if (a !== b) problems.push(`6.6.2.3.1: Info and XMP disagree on ${what}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    const dates: [string, string | null, string | null][] = [
      ['/CreationDate ↔ xmp:CreateDate', str(info['/CreationDate']), one(XMP_NS.xmp, 'CreateDate')],
      ['/ModDate ↔ xmp:ModifyDate', str(info['/ModDate']), one(XMP_NS.xmp, 'ModifyDate')],
    ];
    for (const [what, a, b] of dates) {
      if ((a === null) !== (b === null) || (a !== null && b !== null && pdfDate(a) !== Date.parse(b))) problems.push(`6.6.2.3.1: Info and XMP disagree on ${what}: ${String(a)} vs ${String(b)}`);
    }
  }

  // 6.8 Embedded files: each an associated file (catalog /AF) with a relationship, a MIME type and a modification date.
  const attachments: PdfAAttachment[] = [];
  const af = new Set(arr(root['/AF']).map((v) => JSON.stringify(v)));
  const names = arr(dict(dict(root['/Names'])?.['/EmbeddedFiles'])?.['/Names']);
  for (let i = 0; i + 1 < names.length; i += 2) {
    const specRef = names[i + 1];
    const spec = dict(specRef);
    const label = str(names[i] ?? null) ?? '?';
    if (!spec) { problems.push(`6.8: embedded file ${label} has no file specification`); continue; }
    if (!af.has(JSON.stringify(specRef ?? null))) problems.push(`6.8: embedded file ${label} is not in the catalog's /AF`);
    const relationship = typeof spec['/AFRelationship'] === 'string' ? spec['/AFRelationship'].slice(1) : '';
    if (!['Source', 'Data', 'Alternative', 'Supplement', 'Unspecified'].includes(relationship)) problems.push(`6.8: embedded file ${label} has no valid /AFRelationship`);
    const fileName = str(spec['/F']);
    const uf = str(spec['/UF']);
    if (fileName === null || uf === null) problems.push(`6.8: embedded file ${label} lacks /F or /UF`);
    const description = str(spec['/Desc']) ?? '';
    if (description === '') problems.push(`6.8: embedded file ${label} has no /Desc`);
    const efRef = dict(spec['/EF'])?.['/F'];
    const ef = dict(efRef);
    const bytes = streamBytes(efRef);
    if (!ef || !bytes) { problems.push(`6.8: embedded file ${label} has no /EF stream`); continue; }
    const mime = typeof ef['/Subtype'] === 'string' ? ef['/Subtype'].slice(1).replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : '';
    if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(mime)) problems.push(`6.8: embedded file ${label} has no MIME type /Subtype`);
    const params = dict(ef['/Params']);
    if (!params || str(params['/ModDate']) === null || pdfDate(str(params['/ModDate'])) === null) problems.push(`6.8: embedded file ${label} has no /Params /ModDate`);
    if (params?.['/Size'] !== undefined && params['/Size'] !== bytes.length) problems.push(`6.8: embedded file ${label} /Size ${JSON.stringify(params['/Size'])} is not its length ${String(bytes.length)}`);
    attachments.push({ name: uf ?? fileName ?? label, mimeType: mime, relationship, description, bytes });
  }
  if (names.length === 0 && af.size > 0) problems.push('6.8: /AF lists files the /EmbeddedFiles name tree does not');
  return { problems, attachments, xmp, fonts };
}
