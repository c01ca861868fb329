/**
 * Hand-made incremental updates for the attack corpus (ISO 32000-1 §7.5.6): the attacks need byte
 * layouts no honest writer produces (a cross-reference entry pointing back into signed bytes, a
 * trailer without /Prev, an object body the cross-reference does not list, an object stream that
 * redefines a signed object), so they are written here byte by byte rather than through pdf-lib.
 *
 * Reading is deliberately small: the latest classic cross-reference tables of files our signer and
 * these helpers write (no xref streams, no object streams), which is enough for the generators to
 * find the catalog, the pages, the AcroForm and the signature fields. Object values are parsed with
 * pdf-lib's object parser one body at a time, at the offset the cross-reference gives, never by
 * pdf-lib's whole-file parse (that one keeps the *last body in the file*, not the one the
 * cross-reference points at: the very difference the shadow attacks live in).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFContext, PDFDict, PDFHexString, PDFName, PDFObjectParser, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';

/** One character per byte, so string offsets are file offsets. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

export function bytesOf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}

export const ref = (num: number, gen = 0): string => `${String(num)} ${String(gen)} R`;

/** A PDF literal string with the three characters that need it escaped. */
export function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A text string as UTF-16BE hex with BOM (what signPdf writes for names and reasons). */
export function hexText(text: string): string {
  let hex = 'FEFF';
  for (const unit of text) {
    const code = unit.codePointAt(0) ?? 0;
    const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
    for (const u of units) hex += u.toString(16).toUpperCase().padStart(4, '0');
  }
  return `<${hex}>`;
}

/** A stream object's value: its dictionary entries (without /Length, added here) and its data. */
export interface StreamBody {
  /** Entries between `<<` and `>>`, e.g. `/Type /XObject /Subtype /Form /BBox [0 0 10 10]`. */
  readonly dict?: string;
  readonly data: Uint8Array | string;
  /** FlateDecode the data (and add /Filter). */
  readonly compress?: boolean;
}

/** An object's value as raw PDF syntax (`<< /Type /Annot … >>`, `[1 0 R]`, `42`), or a stream. */
export type Body = string | StreamBody;

export interface ObjectDef {
  readonly num: number;
  readonly gen?: number;
  readonly body: Body;
  /** Written into the update's bytes but not listed in its cross-reference: a shadow or a decoy body. */
  readonly orphan?: boolean;
}

export interface ObjectStreamDef {
  /** The object stream's own object number. */
  readonly num: number;
  /** Objects it holds (no streams, generation 0), in order. */
  readonly objects: readonly { readonly num: number; readonly body: string }[];
}

export interface UpdateSpec {
  /** Bodies written in this order; each is listed in the cross-reference unless `orphan`. */
  readonly objects?: readonly ObjectDef[];
  /** Object streams (/Type /ObjStm); only with `xref: 'stream'`, whose entries point into them. */
  readonly objectStreams?: readonly ObjectStreamDef[];
  /** Cross-reference entries that point at bytes already in the file (no new body). */
  readonly repoint?: readonly { readonly num: number; readonly offset: number; readonly gen?: number }[];
  /** Objects marked free (`f`, next generation 1). */
  readonly free?: readonly number[];
  /** 'table' (default), 'stream' (a /Type /XRef stream), or 'none': bodies only, no xref, trailer, startxref or %%EOF. */
  readonly xref?: 'table' | 'stream' | 'none';
  readonly trailer?: {
    /** `2 0 R`; default the latest trailer's. */
    readonly root?: string;
    /** Default the latest trailer's; null leaves it out. */
    readonly info?: string | null;
    /** Default the latest startxref; null leaves /Prev out (the history is cut). */
    readonly prev?: number | null;
    readonly size?: number;
    /** More trailer entries, raw (e.g. `/XRefStm 1234`). */
    readonly extra?: string;
  };
}

export interface XrefEntry {
  readonly offset: number;
  readonly gen: number;
  readonly inUse: boolean;
}

export interface XrefView {
  /** Latest entry of every object number the table chain lists. */
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly root: string | null;
  readonly info: string | null;
  readonly size: number;
  readonly startxref: number;
  /** Offsets of the `xref` keyword of each section, newest first. */
  readonly sections: readonly number[];
}

/** The `<< … >>` starting at `from` (balanced, skipping strings), as text. */
function dictAt(source: string, from: number): string {
  let depth = 0;
  for (let i = from; i < source.length; i += 1) {
    const c = source[i];
    if (c === '(') {
      let nest = 0;
      for (; i < source.length; i += 1) {
        if (source[i] === '\\') i += 1;
        else if (source[i] === '(') nest += 1;
        else if (source[i] === ')' && --nest === 0) break;
      }
    } else if (c === '<' && source[i + 1] === '<') {
      depth += 1;
      i += 1;
    } else if (c === '>' && source[i + 1] === '>') {
      depth -= 1;
      i += 1;
      if (depth === 0) return source.slice(from, i + 1);
    } else if (c === '<') {
      i = source.indexOf('>', i);
      if (i < 0) break;
    }
  }
  throw new Error(`unterminated dictionary at ${String(from)}`);
}

function trailerValue(trailer: string, key: string): string | null {
  const match = new RegExp(`/${key}\\s+(\\d+\\s+\\d+\\s+R|\\d+)`).exec(trailer);
  return match?.[1]?.replace(/\s+/g, ' ') ?? null;
}

/** The chain of classic cross-reference tables from the last `startxref` back through /Prev. */
export function readXref(pdf: Uint8Array): XrefView {
  const source = latin1(pdf);
  const at = source.lastIndexOf('startxref');
  if (at < 0) throw new Error('no startxref');
  const startxref = Number(/startxref\s+(\d+)/.exec(source.slice(at))?.[1] ?? Number.NaN);
  const entries = new Map<number, XrefEntry>();
  const sections: number[] = [];
  let root: string | null = null;
  let info: string | null = null;
  let size = 0;
  for (let offset: number | null = startxref; offset !== null; ) {
    if (sections.includes(offset) || sections.length > 64) throw new Error('xref /Prev loop');
    if (!source.startsWith('xref', offset)) throw new Error(`no classic xref table at ${String(offset)} (this reader reads tables only)`);
    sections.push(offset);
    const trailerAt = source.indexOf('trailer', offset);
    const lines = source.slice(offset + 4, trailerAt).split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');
    for (let i = 0; i < lines.length; ) {
      const [first = 0, count = 0] = (lines[i] ?? '').split(/\s+/).map(Number);
      for (let k = 0; k < count; k += 1) {
        const [off = '0', gen = '0', kind = 'f'] = (lines[i + 1 + k] ?? '').split(/\s+/);
        if (!entries.has(first + k)) entries.set(first + k, { offset: Number(off), gen: Number(gen), inUse: kind === 'n' });
      }
      i += 1 + count;
    }
    const trailer = dictAt(source, source.indexOf('<<', trailerAt));
    root ??= trailerValue(trailer, 'Root');
    info ??= trailerValue(trailer, 'Info');
    size = Math.max(size, Number(trailerValue(trailer, 'Size') ?? 0));
    const prev = trailerValue(trailer, 'Prev');
    offset = prev === null ? null : Number(prev);
  }
  return { entries, root, info, size, startxref, sections };
}

/** Offset of the latest body of object `num`, as the cross-reference chain locates it. */
export function offsetOf(pdf: Uint8Array, num: number): number {
  const entry = readXref(pdf).entries.get(num);
  if (!entry?.inUse) throw new Error(`object ${String(num)} is not in use`);
  return entry.offset;
}

/** Offsets of every `num gen obj` header in the file, in file order (shadow bodies included). */
export function bodyOffsets(pdf: Uint8Array, num: number, gen = 0): number[] {
  const source = latin1(pdf);
  const out: number[] = [];
  const pattern = new RegExp(`(^|[\\r\\n\\s])${String(num)} ${String(gen)} obj\\b`, 'g');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) out.push(m.index + (m[1] ?? '').length);
  return out;
}

/** The raw text between `N G obj` at `offset` and its `endobj` (streams included, as Latin-1). */
export function rawBodyAt(pdf: Uint8Array, offset: number): string {
  const source = latin1(pdf);
  const header = /^\d+\s+\d+\s+obj/.exec(source.slice(offset, offset + 40));
  if (!header) throw new Error(`no object header at ${String(offset)}`);
  const start = offset + header[0].length;
  const end = source.indexOf('endobj', start);
  return source.slice(start, end).trim();
}

/** The raw body of object `num` as the latest cross-reference locates it. */
export function rawBody(pdf: Uint8Array, num: number): string {
  return rawBodyAt(pdf, offsetOf(pdf, num));
}

/** Parses one raw body (no stream) into a pdf-lib object, for reading and re-serialising dictionaries. */
export function parseValue(raw: string): PDFObject {
  return PDFObjectParser.forBytes(bytesOf(raw), PDFContext.create()).parseObject();
}

/** The dictionary of object `num` (latest), parsed. Its references are plain `PDFRef`s: follow them with `dictOf`. */
export function dictOf(pdf: Uint8Array, num: number): PDFDict {
  const raw = rawBody(pdf, num);
  const end = raw.startsWith('<<') ? dictAt(raw, 0) : raw;
  const value = parseValue(end);
  if (!(value instanceof PDFDict)) throw new Error(`object ${String(num)} is not a dictionary`);
  return value;
}

/** The decoded data of stream object `num` (FlateDecode or none), as the latest cross-reference locates it. */
export function streamData(pdf: Uint8Array, num: number): Uint8Array {
  const offset = offsetOf(pdf, num);
  const source = latin1(pdf);
  const streamAt = source.indexOf('stream', source.indexOf('>>', offset));
  let start = streamAt + 'stream'.length;
  if (source[start] === '\r') start += 1;
  if (source[start] === '\n') start += 1;
  const end = source.lastIndexOf('endstream', source.indexOf('endobj', start));
  let data = pdf.subarray(start, end);
  while (data.length > 0 && (data[data.length - 1] === 0x0a || data[data.length - 1] === 0x0d)) data = data.subarray(0, data.length - 1);
  const dict = source.slice(offset, streamAt);
  return /\/FlateDecode/.test(dict) ? new Uint8Array(inflateSync(data)) : data;
}

/** The object number of an indirect reference value in a dictionary. */
export function refNum(dict: PDFDict, key: string): number {
  const value = dict.get(PDFName.of(key));
  if (!(value instanceof PDFRef)) throw new Error(`/${key} is not an indirect reference`);
  return value.objectNumber;
}

export function refNums(array: PDFObject | undefined): number[] {
  if (!(array instanceof PDFArray)) return [];
  return array.asArray().flatMap((item) => (item instanceof PDFRef ? [item.objectNumber] : []));
}

/** What the generators need to know about a document, read through its latest cross-reference. */
export interface DocumentMap {
  readonly root: number;
  readonly pages: number;
  /** Object numbers of the pages, in order (a flat /Kids, as our renderer writes it). */
  readonly pageNums: readonly number[];
  readonly acroForm: number | null;
  /** Fields (top level of /Fields) by their /T. */
  readonly fields: ReadonlyMap<string, number>;
  /** The next free object number. */
  readonly next: number;
}

export function mapDocument(pdf: Uint8Array): DocumentMap {
  const xref = readXref(pdf);
  const root = Number((xref.root ?? '').split(' ')[0]);
  const catalog = dictOf(pdf, root);
  const pages = refNum(catalog, 'Pages');
  const pageNums = refNums(dictOf(pdf, pages).get(PDFName.of('Kids')));
  const acroFormValue = catalog.get(PDFName.of('AcroForm'));
  const acroForm = acroFormValue instanceof PDFRef ? acroFormValue.objectNumber : null;
  const fields = new Map<string, number>();
  if (acroForm !== null) {
    for (const num of refNums(dictOf(pdf, acroForm).get(PDFName.of('Fields')))) {
      const title = dictOf(pdf, num).get(PDFName.of('T'));
      const name = title instanceof PDFHexString || title instanceof PDFString ? title.decodeText() : `#${String(num)}`;
      fields.set(name, num);
    }
  }
  return { root, pages, pageNums, acroForm, fields, next: xref.size };
}

function streamBytes(body: StreamBody): { head: string; data: Uint8Array } {
  const raw = typeof body.data === 'string' ? bytesOf(body.data) : body.data;
  const data = body.compress ? new Uint8Array(deflateSync(raw)) : raw;
  const entries = `${body.dict ?? ''}${body.compress ? ' /Filter /FlateDecode' : ''} /Length ${String(data.length)}`;
  return { head: `<< ${entries.trim()} >>\nstream\n`, data };
}

function objectBytes(num: number, gen: number, body: Body): Uint8Array {
  if (typeof body === 'string') return bytesOf(`${String(num)} ${String(gen)} obj\n${body}\nendobj\n`);
  const { head, data } = streamBytes(body);
  return concatBytes([bytesOf(`${String(num)} ${String(gen)} obj\n${head}`), data, bytesOf('\nendstream\nendobj\n')]);
}

type Entry = { readonly kind: 'n'; readonly offset: number; readonly gen: number } | { readonly kind: 'c'; readonly stream: number; readonly index: number } | { readonly kind: 'f' };

/** Consecutive runs of object numbers, for /Index and table subsections. */
function runs(nums: readonly number[]): [number, number][] {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out.at(-1);
    if (last && last[0] + last[1] === n) last[1] += 1;
    else out.push([n, 1]);
  }
  return out;
}

/**
 * Appends one incremental update to `pdf` (an end-of-line first if the file does not end with one)
 * and returns the new bytes; `pdf` itself is never changed.
 */
export function appendUpdate(pdf: Uint8Array, spec: UpdateSpec): Uint8Array {
  const last = pdf[pdf.length - 1];
  const parts: Uint8Array[] = [pdf];
  let length = pdf.length;
  const push = (part: Uint8Array): number => {
    const at = length;
    parts.push(part);
    length += part.length;
    return at;
  };
  if (last !== 0x0a && last !== 0x0d) push(bytesOf('\n'));

  const xref = spec.xref ?? 'table';
  const entries = new Map<number, Entry>();
  for (const object of spec.objects ?? []) {
    const at = push(objectBytes(object.num, object.gen ?? 0, object.body));
    if (!object.orphan) entries.set(object.num, { kind: 'n', offset: at, gen: object.gen ?? 0 });
  }
  for (const stream of spec.objectStreams ?? []) {
    if (xref !== 'stream') throw new Error('object streams need an xref stream');
    let header = '';
    let payload = '';
    stream.objects.forEach((object, index) => {
      header += `${String(object.num)} ${String(payload.length)} `;
      payload += `${object.body}\n`;
      entries.set(object.num, { kind: 'c', stream: stream.num, index });
    });
    const at = push(objectBytes(stream.num, 0, { dict: `/Type /ObjStm /N ${String(stream.objects.length)} /First ${String(header.length)}`, data: header + payload, compress: true }));
    entries.set(stream.num, { kind: 'n', offset: at, gen: 0 });
  }
  for (const point of spec.repoint ?? []) entries.set(point.num, { kind: 'n', offset: point.offset, gen: point.gen ?? 0 });
  for (const num of spec.free ?? []) entries.set(num, { kind: 'f' });
  if (xref === 'none') return concatBytes(parts);

  const trailer = spec.trailer ?? {};
  // Read the file's own cross-reference only for what the spec leaves to it (a wrapped file has none that reads).
  const complete = trailer.prev !== undefined && trailer.info !== undefined && trailer.root !== undefined && trailer.size !== undefined;
  const previous = complete ? { startxref: 0, info: null, root: null, size: 0 } : readXref(pdf);
  const prev = trailer.prev === undefined ? previous.startxref : trailer.prev;
  const info = trailer.info === undefined ? previous.info : trailer.info;
  const root = trailer.root ?? previous.root;
  const maxNum = Math.max(0, ...entries.keys());
  let size = trailer.size ?? Math.max(previous.size, maxNum + 1);
  const common = `${root === null ? '' : ` /Root ${root}`}${info === null ? '' : ` /Info ${info}`}${prev === null ? '' : ` /Prev ${String(prev)}`}${trailer.extra ? ` ${trailer.extra}` : ''}`;

  let xrefAt: number;
  if (xref === 'table') {
    // An update that changes no entry still needs one subsection: object 0, free, as writers put it.
    let table = entries.size === 0 ? 'xref\n0 1\n0000000000 65535 f \n' : 'xref\n';
    for (const [first, count] of runs([...entries.keys()])) {
      table += `${String(first)} ${String(count)}\n`;
      for (let n = first; n < first + count; n += 1) {
        const entry = entries.get(n);
        if (entry?.kind === 'n') table += `${String(entry.offset).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n \n`;
        else table += '0000000000 00001 f \n';
      }
    }
    xrefAt = push(bytesOf(`${table}trailer\n<< /Size ${String(size)}${common} >>\n`));
  } else {
    // The xref stream is an object too: the next number, listed in itself.
    const self = Math.max(previous.size, maxNum + 1);
    size = trailer.size ?? self + 1;
    xrefAt = length;
    entries.set(self, { kind: 'n', offset: xrefAt, gen: 0 });
    const index = runs([...entries.keys()]);
    const rows: number[] = [];
    for (const [first, count] of index) {
      for (let n = first; n < first + count; n += 1) {
        const entry = entries.get(n) ?? { kind: 'f' };
        const [type, a, b] = entry.kind === 'n' ? [1, entry.offset, entry.gen] : entry.kind === 'c' ? [2, entry.stream, entry.index] : [0, 0, 1];
        rows.push(type, (a >>> 24) & 0xff, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, (b >>> 8) & 0xff, b & 0xff);
      }
    }
    push(objectBytes(self, 0, { dict: `/Type /XRef /Size ${String(size)} /W [1 4 2] /Index [${index.flat().join(' ')}]${common}`, data: new Uint8Array(rows), compress: true }));
  }
  push(bytesOf(`startxref\n${String(xrefAt)}\n%%EOF\n`));
  return concatBytes(parts);
}
