/**
 * The revision structure of a PDF as a conforming reader sees it (ISO 32000-1 §7.5.4–7.5.8): the
 * chain of cross-reference sections from the last `startxref` back through every `/Prev`, each
 * section grouped into the revision (incremental update) that ends at its own `%%EOF`, and the state
 * of the document after each revision (which bytes define which object).
 *
 * Objects are read only through a state, at the offset its cross-reference gives, and only from the
 * bytes of the revision that defined them: an object "defined" by revision 3 that runs on into
 * revision 4's bytes is an error, not a repair.
 */
import { Unzlib, Inflate } from 'fflate';
import { latin1 } from './bytes';

/** Offset of the ASCII `text` in `bytes` at or after `from`, or -1 (native indexOf on the first byte, then a compare). */
export function indexOfAscii(bytes: Uint8Array, text: string, from = 0, until = bytes.length): number {
  const first = text.charCodeAt(0);
  for (let at = bytes.indexOf(first, from); at >= 0 && at + text.length <= until; at = bytes.indexOf(first, at + 1)) {
    let i = 1;
    while (i < text.length && bytes[at + i] === text.charCodeAt(i)) i += 1;
    if (i === text.length) return at;
  }
  return -1;
}

/** Offset of the last ASCII `text` in `bytes` starting at or before `from`, or -1. */
export function lastIndexOfAscii(bytes: Uint8Array, text: string, from = bytes.length - text.length): number {
  const first = text.charCodeAt(0);
  for (let at = bytes.lastIndexOf(first, from); at >= 0; at = at === 0 ? -1 : bytes.lastIndexOf(first, at - 1)) {
    let i = 1;
    while (i < text.length && bytes[at + i] === text.charCodeAt(i)) i += 1;
    if (i === text.length) return at;
  }
  return -1;
}

const PDF_WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
import { PdfArray, PdfDict, PdfLexer, PdfName, PdfRef, PdfStream, PdfSyntaxError, parseIndirectObject, type PdfValue } from './pdfObjects';

/** Where a cross-reference section says an object is. */
export type XrefEntry =
  | { readonly type: 'n'; readonly offset: number; readonly gen: number; readonly section: number }
  | { readonly type: 'c'; readonly stream: number; readonly index: number; readonly section: number }
  | { readonly type: 'f'; readonly section: number };

export interface XrefSection {
  /** Offset of `xref` or of the cross-reference stream object. */
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly trailer: PdfDict;
  /**
   * What in this section makes viewers abandon the cross-reference and rebuild it by scanning the
   * bytes (an entry type they refuse), or read it otherwise than the verifier (a repeated trailer key).
   */
  readonly anomalies: readonly string[];
}

export interface Revision {
  /** 1-based: revision 1 is the original file. */
  readonly number: number;
  /** Offset just after this revision's `%%EOF` (an end-of-line after it may or may not have been signed). */
  readonly end: number;
  /** Offset where this revision's bytes begin (0, or the end of the previous revision). */
  readonly start: number;
  /** Indexes into `PdfFile.sections` (oldest first) of the sections this revision added. */
  readonly sections: readonly number[];
}

export type State = ReadonlyMap<number, XrefEntry>;

/** Bounds for hostile input. */
const MAX_SECTIONS = 512;
const MAX_REVISIONS = 256;
/** Entries summed over every revision's state: copies of large states per revision are the cost. */
const MAX_STATE_WORK = 20_000_000;
const MAX_OBJECT_NUMBER = 8_388_607; // the implementation limit of ISO 32000-1 Annex C
const MAX_DECODED_BYTES = 256 * 1024 * 1024;
const MAX_OBJECTS_PER_STREAM = 100_000;

export class PdfStructureError extends Error {
  override readonly name = 'PdfStructureError';
}

function isEol(c: number | undefined): boolean {
  return c === 0x0a || c === 0x0d;
}

/** Decodes a stream's data: FlateDecode (with PNG/TIFF predictors) or none. Anything else is refused. */
export function decodeStream(stream: PdfStream, maxBytes = MAX_DECODED_BYTES): Uint8Array {
  const filter = stream.dict.get('Filter');
  const filters = filter === undefined || filter === null ? [] : filter instanceof PdfArray ? filter.items : [filter];
  const parmsValue = stream.dict.get('DecodeParms');
  const parmsList = parmsValue instanceof PdfArray ? parmsValue.items : [parmsValue ?? null];
  let data = stream.raw();
  filters.forEach((f, i) => {
    if (!(f instanceof PdfName) || f.name !== 'FlateDecode') throw new PdfStructureError(`unsupported stream filter ${f instanceof PdfName ? f.name : '?'}`);
    data = inflate(data, maxBytes);
    const parms = parmsList[i] ?? null;
    if (parms instanceof PdfDict) data = unpredict(data, parms);
  });
  return data;
}

function inflate(data: Uint8Array, maxBytes: number): Uint8Array {
  const run = (zlib: boolean): Uint8Array => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const onData = (chunk: Uint8Array): void => {
      total += chunk.length;
      if (total > maxBytes) throw new PdfStructureError('a compressed stream expands beyond the size limit');
      chunks.push(chunk);
    };
    const inflater = zlib ? new Unzlib(onData) : new Inflate(onData);
    const step = 4096;
    for (let at = 0; at < data.length; at += step) inflater.push(data.subarray(at, Math.min(data.length, at + step)), at + step >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  };
  try {
    return run(true);
  } catch (error) {
    if (error instanceof PdfStructureError) throw error;
    try {
      return run(false);
    } catch (inner) {
      if (inner instanceof PdfStructureError) throw inner;
      throw new PdfStructureError('a compressed stream cannot be decompressed');
    }
  }
}

/** PNG (10–15) and TIFF (2) predictors, as cross-reference streams use them. */
function unpredict(data: Uint8Array, parms: PdfDict): Uint8Array {
  const predictor = typeof parms.get('Predictor') === 'number' ? (parms.get('Predictor') as number) : 1;
  if (predictor <= 1) return data;
  const columns = typeof parms.get('Columns') === 'number' ? (parms.get('Columns') as number) : 1;
  const colors = typeof parms.get('Colors') === 'number' ? (parms.get('Colors') as number) : 1;
  const bpc = typeof parms.get('BitsPerComponent') === 'number' ? (parms.get('BitsPerComponent') as number) : 8;
  if (bpc !== 8 || !Number.isInteger(columns) || columns < 1 || columns > 1_000_000 || !Number.isInteger(colors) || colors < 1 || colors > 32) {
    throw new PdfStructureError('unsupported predictor parameters');
  }
  const bpp = colors;
  const rowLength = columns * colors;
  if (predictor === 2) {
    const out = data.slice();
    for (let row = 0; row + rowLength <= out.length; row += rowLength) {
      for (let i = bpp; i < rowLength; i += 1) out[row + i] = ((out[row + i] ?? 0) + (out[row + i - bpp] ?? 0)) & 0xff;
    }
    return out;
  }
  if (predictor < 10 || predictor > 15) throw new PdfStructureError('unsupported predictor');
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  let previous = new Uint8Array(rowLength);
  for (let r = 0; r < rows; r += 1) {
    const type = data[r * (rowLength + 1)] ?? 0;
    const row = data.subarray(r * (rowLength + 1) + 1, (r + 1) * (rowLength + 1));
    const current = new Uint8Array(rowLength);
    for (let i = 0; i < rowLength; i += 1) {
      const left = i >= bpp ? (current[i - bpp] ?? 0) : 0;
      const up = previous[i] ?? 0;
      const upLeft = i >= bpp ? (previous[i - bpp] ?? 0) : 0;
      const x = row[i] ?? 0;
      let value: number;
      switch (type) {
        case 0: value = x; break;
        case 1: value = x + left; break;
        case 2: value = x + up; break;
        case 3: value = x + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          value = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: throw new PdfStructureError('bad PNG predictor row type');
      }
      current[i] = value & 0xff;
    }
    out.set(current, r * rowLength);
    previous = current;
  }
  return out;
}

interface ParsedObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** For objects read from the file: where they are. Null for objects inside an object stream. */
  readonly span: { readonly start: number; readonly end: number } | null;
}

/**
 * A PDF read for verification: its sections, revisions and states. Construct with `PdfFile.open`,
 * which throws `PdfStructureError` when the file has no sound cross-reference chain.
 */
export class PdfFile {
  /** Oldest first. */
  readonly sections: XrefSection[] = [];
  readonly revisions: Revision[] = [];
  /** Bytes after the last revision's end that are not white space (appended without a cross-reference). */
  readonly trailingGarbage: boolean;
  private readonly cache = new Map<string, ParsedObject>();
  private readonly objectStreams = new Map<string, { readonly data: Uint8Array; readonly offsets: ReadonlyMap<number, number>; readonly first: number }>();
  private readonly states = new Map<number, State>();
  /** Where each `startxref N %%EOF` stands (by N): its position and the offset just after `%%EOF`. */
  private startxrefIndex: Map<number, { readonly at: number; readonly end: number }[]> | null = null;

  private constructor(readonly bytes: Uint8Array) {
    this.readChain();
    this.groupRevisions();
    const last = this.revisions.at(-1);
    let garbage = false;
    for (let i = last?.end ?? 0; i < bytes.length; i += 1) {
      const c = bytes[i] ?? 0;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x0c && c !== 0x00) {
        garbage = true;
        break;
      }
    }
    this.trailingGarbage = garbage;
  }

  static open(bytes: Uint8Array): PdfFile {
    return new PdfFile(bytes);
  }

  /** The value of the last `startxref` that is followed by `%%EOF`: where a reader starts. */
  private lastStartxref(): number {
    let at = lastIndexOfAscii(this.bytes, 'startxref');
    for (let tries = 0; at >= 0 && tries < 16; tries += 1) {
      const tail = latin1(this.bytes.subarray(at, Math.min(this.bytes.length, at + 64)));
      const match = /^startxref[\0\t\n\f\r ]+(\d{1,15})[\0\t\n\f\r ]+%%EOF/.exec(tail);
      if (match) return Number(match[1]);
      at = at === 0 ? -1 : lastIndexOfAscii(this.bytes, 'startxref', at - 1);
    }
    throw new PdfStructureError(lastIndexOfAscii(this.bytes, '%%EOF') < 0 ? 'no %%EOF: the file is cut short or is not a PDF' : 'no startxref followed by %%EOF');
  }

  private readChain(): void {
    const chain: XrefSection[] = [];
    const visited = new Set<number>();
    let offset: number | null = this.lastStartxref();
    while (offset !== null) {
      if (visited.has(offset)) throw new PdfStructureError('the cross-reference chain loops');
      if (visited.size >= MAX_SECTIONS) throw new PdfStructureError('too many cross-reference sections');
      visited.add(offset);
      const section = this.readSection(offset);
      chain.push(section);
      // A hybrid file's table names a cross-reference stream holding more entries (§7.5.8.4).
      const hybrid = section.trailer.get('XRefStm');
      if (section.kind === 'table' && typeof hybrid === 'number') {
        if (visited.has(hybrid)) throw new PdfStructureError('the cross-reference chain loops');
        visited.add(hybrid);
        const extra = this.readSection(hybrid);
        const merged = new Map(extra.entries);
        for (const [num, entry] of section.entries) merged.set(num, entry);
        chain[chain.length - 1] = { ...section, entries: merged, anomalies: [...section.anomalies, ...extra.anomalies] };
      }
      const prev = section.trailer.get('Prev');
      if (prev === undefined || prev === null) offset = null;
      else if (typeof prev === 'number' && Number.isSafeInteger(prev)) offset = prev;
      else throw new PdfStructureError('a /Prev is not a number');
    }
    chain.reverse();
    // Entries know the index of their section, oldest first.
    for (const [index, section] of chain.entries()) {
      const entries = new Map<number, XrefEntry>();
      for (const [num, entry] of section.entries) entries.set(num, { ...entry, section: index });
      this.sections.push({ ...section, entries });
    }
  }

  private readSection(offset: number): XrefSection {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= this.bytes.length) throw new PdfStructureError('a cross-reference offset points outside the file');
    const lexer = new PdfLexer(this.bytes, offset);
    if (lexer.peekKeyword() === 'xref') return this.readTable(lexer, offset);
    return this.readStreamSection(offset);
  }

  private readTable(lexer: PdfLexer, offset: number): XrefSection {
    try {
      lexer.expectKeyword('xref');
      const entries = new Map<number, XrefEntry>();
      for (;;) {
        const word = lexer.peekKeyword();
        if (word === 'trailer') break;
        const first = lexer.readInteger();
        const count = lexer.readInteger();
        if (first + count > MAX_OBJECT_NUMBER + 1 || count > this.bytes.length / 18) throw new PdfStructureError('a cross-reference subsection is too large');
        for (let i = 0; i < count; i += 1) {
          const field1 = lexer.readInteger();
          const gen = lexer.readInteger();
          const kind = lexer.peekKeyword();
          if (kind !== 'n' && kind !== 'f') throw new PdfStructureError('a cross-reference entry is neither n nor f');
          lexer.pos += 1;
          const num = first + i;
          if (num === 0) continue;
          // Within a section the first entry for a number counts; later ones are ignored as readers do.
          if (entries.has(num)) continue;
          entries.set(num, kind === 'n' ? { type: 'n', offset: field1, gen, section: 0 } : { type: 'f', section: 0 });
        }
      }
      lexer.expectKeyword('trailer');
      const trailer = lexer.readValue();
      if (!(trailer instanceof PdfDict)) throw new PdfStructureError('the trailer is not a dictionary');
      return { offset, kind: 'table', entries, trailer, anomalies: trailer.duplicates.length > 0 ? ['repeated trailer key'] : [] };
    } catch (error) {
      if (error instanceof PdfSyntaxError) throw new PdfStructureError(`unreadable cross-reference table: ${error.message}`);
      throw error;
    }
  }

  private readStreamSection(offset: number): XrefSection {
    let object;
    try {
      // A cross-reference stream's /Length must be direct (its entries are read before any object can be).
      object = parseIndirectObject(this.bytes, offset, this.bytes.length);
    } catch (error) {
      if (error instanceof PdfSyntaxError) throw new PdfStructureError(`no cross-reference at a startxref or /Prev offset: ${error.message}`);
      throw error;
    }
    const stream = object.value;
    if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'XRef') throw new PdfStructureError('no cross-reference at a startxref or /Prev offset');
    const w = stream.dict.get('W');
    const size = stream.dict.get('Size');
    if (!(w instanceof PdfArray) || w.items.length !== 3 || !w.items.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 8)) throw new PdfStructureError('bad /W in a cross-reference stream');
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_OBJECT_NUMBER + 1) throw new PdfStructureError('bad /Size in a cross-reference stream');
    const widths = w.items as number[];
    const indexValue = stream.dict.get('Index');
    const index = indexValue instanceof PdfArray ? indexValue.items : [0, size];
    if (index.length % 2 !== 0 || !index.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) throw new PdfStructureError('bad /Index in a cross-reference stream');
    const entryWidth = (widths[0] ?? 0) + (widths[1] ?? 0) + (widths[2] ?? 0);
    let total = 0;
    for (let i = 1; i < index.length; i += 2) total += index[i] as number;
    if (entryWidth === 0 || total > MAX_OBJECT_NUMBER + 1) throw new PdfStructureError('bad cross-reference stream dimensions');
    // An entry in use points at an object body of at least a few bytes; far more entries than the file could hold is an attack on time and memory.
    if (total > Math.max(100_000, this.bytes.length / 4)) throw new PdfStructureError('a cross-reference stream lists more entries than the file can hold');
    const data = decodeStream(stream, total * entryWidth + 1024);
    if (data.length < total * entryWidth) throw new PdfStructureError('a cross-reference stream is shorter than its /Index says');
    const entries = new Map<number, XrefEntry>();
    const anomalies: string[] = stream.dict.duplicates.length > 0 ? ['repeated key in the cross-reference stream dictionary'] : [];
    let at = 0;
    const field = (width: number, fallback: number): number => {
      if (width === 0) return fallback;
      let value = 0;
      for (let i = 0; i < width; i += 1) value = value * 256 + (data[at + i] ?? 0);
      at += width;
      return value;
    };
    for (let i = 0; i < index.length; i += 2) {
      const first = index[i] as number;
      const count = index[i + 1] as number;
      for (let j = 0; j < count; j += 1) {
        const type = field(widths[0] ?? 0, 1);
        const f2 = field(widths[1] ?? 0, 0);
        const f3 = field(widths[2] ?? 0, 0);
        const num = first + j;
        if (num === 0 || entries.has(num)) continue;
        if (type === 0) entries.set(num, { type: 'f', section: 0 });
        else if (type === 1) entries.set(num, { type: 'n', offset: f2, gen: f3, section: 0 });
        else if (type === 2) entries.set(num, { type: 'c', stream: f2, index: f3, section: 0 });
        // Other types are to be ignored (a reference to them is null), ISO 32000-1 Table 18; but viewers
        // refuse such a stream and rebuild the cross-reference by scanning, so it is an anomaly.
        else if (!anomalies.includes('unknown cross-reference entry type')) anomalies.push('unknown cross-reference entry type');
      }
    }
    const trailer = stream.dict;
    return { offset, kind: 'stream', entries, trailer, anomalies };
  }

  /**
   * Groups sections into revisions: a section ends its revision at the `%%EOF` that follows
   * `startxref <its offset>`; a section without one (the first-page section of a linearized file)
   * belongs to the next newer section's revision.
   */
  private groupRevisions(): void {
    let pending: number[] = [];
    let start = 0;
    for (const [index, section] of this.sections.entries()) {
      pending.push(index);
      const end = this.revisionEndOf(section.offset, index === this.sections.length - 1);
      if (end === null) continue;
      if (end <= start) throw new PdfStructureError('the revisions are not in file order');
      this.revisions.push({ number: this.revisions.length + 1, start, end, sections: pending });
      pending = [];
      start = end;
    }
    if (pending.length > 0) throw new PdfStructureError('the last cross-reference section has no %%EOF');
    if (this.revisions.length > MAX_REVISIONS) throw new PdfStructureError(`more than ${String(MAX_REVISIONS)} revisions`);
    let entries = 0;
    for (const section of this.sections) entries += section.entries.size;
    if (entries * this.revisions.length > MAX_STATE_WORK) throw new PdfStructureError('too many cross-reference entries for the number of revisions');
  }

  /** Every `startxref N %%EOF` in the file, found in one pass (a scan per section would be quadratic). */
  private indexStartxrefs(): Map<number, { readonly at: number; readonly end: number }[]> {
    if (this.startxrefIndex) return this.startxrefIndex;
    const index = new Map<number, { at: number; end: number }[]>();
    for (let at = indexOfAscii(this.bytes, 'startxref'); at >= 0; at = indexOfAscii(this.bytes, 'startxref', at + 9)) {
      let i = at + 9;
      const skip = (): boolean => {
        const from = i;
        while (i < this.bytes.length && i - from < 64 && PDF_WHITESPACE.has(this.bytes[i] ?? 0)) i += 1;
        return i > from;
      };
      if (!skip()) continue;
      let value = 0;
      const digitsFrom = i;
      while (i < this.bytes.length && i - digitsFrom < 16 && (this.bytes[i] ?? 0) >= 0x30 && (this.bytes[i] ?? 0) <= 0x39) {
        value = value * 10 + ((this.bytes[i] ?? 0x30) - 0x30);
        i += 1;
      }
      if (i === digitsFrom || !skip()) continue;
      if (indexOfAscii(this.bytes, '%%EOF', i, i + 5) !== i) continue;
      const list = index.get(value);
      if (list) list.push({ at, end: i + 5 });
      else index.set(value, [{ at, end: i + 5 }]);
    }
    this.startxrefIndex = index;
    return index;
  }

  private revisionEndOf(offset: number, last: boolean): number | null {
    // The first `startxref <offset> %%EOF` after the section.
    const found = this.indexStartxrefs().get(offset)?.find((entry) => entry.at >= offset);
    if (found) return found.end;
    if (last) throw new PdfStructureError('the last cross-reference section has no %%EOF');
    return null;
  }

  /** The revision whose bytes end at `end`: right after its `%%EOF`, or after the end-of-line that follows it. */
  revisionEndingAt(end: number): Revision | null {
    return (
      this.revisions.find((r) => {
        if (r.end === end) return true;
        const gap = this.bytes.subarray(r.end, end);
        return end > r.end && end - r.end <= 2 && (gap.length === 1 ? isEol(gap[0]) : gap[0] === 0x0d && gap[1] === 0x0a);
      }) ?? null
    );
  }

  /** The revision containing byte `offset`. */
  revisionAt(offset: number): Revision | null {
    return this.revisions.find((r) => offset >= r.start && offset < r.end) ?? null;
  }

  /** Which objects are where after revision `number` (1-based). */
  state(number: number): State {
    const cached = this.states.get(number);
    if (cached) return cached;
    const revision = this.revisions[number - 1];
    if (!revision) throw new PdfStructureError(`no revision ${String(number)}`);
    const previous = number > 1 ? this.state(number - 1) : new Map<number, XrefEntry>();
    const merged = new Map(previous);
    for (const index of revision.sections) {
      const section = this.sections[index];
      if (section) for (const [num, entry] of section.entries) merged.set(num, entry);
    }
    this.states.set(number, merged);
    return merged;
  }

  /** The trailer a reader uses for revision `number`: its newest section's. */
  trailer(number: number): PdfDict {
    const revision = this.revisions[number - 1];
    const index = revision?.sections.at(-1);
    const section = index === undefined ? undefined : this.sections[index];
    if (!section) throw new PdfStructureError(`no revision ${String(number)}`);
    return section.trailer;
  }

  /** The end of the revision whose section holds `entry`: no object may be read past it. */
  private limitOf(entry: XrefEntry): number {
    for (const revision of this.revisions) if (revision.sections.includes(entry.section)) return revision.end;
    return this.bytes.length;
  }

  /** Reads object `num` as `state` locates it; null for free or missing objects. Throws PdfStructureError for unreadable ones. */
  object(state: State, num: number): ParsedObject | null {
    const entry = state.get(num);
    if (!entry || entry.type === 'f') return null;
    return this.objectAt(state, num, entry);
  }

  /** Identity of an entry: two states that locate an object at the same place share its parse. */
  static entryKey(entry: XrefEntry): string {
    return entry.type === 'n' ? `n${String(entry.offset)}` : entry.type === 'c' ? `c${String(entry.stream)}:${String(entry.index)}@${String(entry.section)}` : 'f';
  }

  objectAt(state: State, num: number, entry: XrefEntry): ParsedObject | null {
    if (entry.type === 'f') return null;
    const key = this.cacheKey(state, num, entry);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let parsed: ParsedObject;
    if (entry.type === 'n') {
      let object;
      try {
        object = parseIndirectObject(this.bytes, entry.offset, this.limitOf(entry), (ref) => this.lengthOf(state, ref));
      } catch (error) {
        if (error instanceof PdfSyntaxError) throw new PdfStructureError(`object ${String(num)} cannot be read: ${error.message}`);
        throw error;
      }
      if (object.num !== num || object.gen !== entry.gen) throw new PdfStructureError(`the cross-reference entry for object ${String(num)} points at object ${String(object.num)}`);
      parsed = { num, gen: object.gen, value: object.value, span: { start: object.start, end: object.end } };
    } else {
      const value = this.fromObjectStream(state, entry.stream, num);
      parsed = { num, gen: 0, value, span: null };
    }
    this.cache.set(key, parsed);
    return parsed;
  }

  /**
   * Where an object's bytes come from in `state`. For an object in an object stream that includes
   * where the stream itself is: a later revision that redefines the container changes every object in
   * it without touching their entries.
   */
  cacheKey(state: State, num: number, entry: XrefEntry): string {
    if (entry.type !== 'c') return `${PdfFile.entryKey(entry)}#${String(num)}`;
    const container = state.get(entry.stream);
    return `${PdfFile.entryKey(entry)}|${container ? PdfFile.entryKey(container) : 'none'}#${String(num)}`;
  }

  private lengthOf(state: State, ref: PdfRef): number | null {
    const entry = state.get(ref.num);
    if (!entry || entry.type !== 'n') return null;
    try {
      const object = parseIndirectObject(this.bytes, entry.offset, this.limitOf(entry));
      return typeof object.value === 'number' && object.num === ref.num ? object.value : null;
    } catch {
      return null;
    }
  }

  private fromObjectStream(state: State, streamNum: number, num: number): PdfValue {
    const container = state.get(streamNum);
    if (!container || container.type !== 'n') throw new PdfStructureError(`object ${String(num)} is in object stream ${String(streamNum)}, which is not a plain object`);
    const key = `${PdfFile.entryKey(container)}#${String(streamNum)}`;
    let decoded = this.objectStreams.get(key);
    if (!decoded) {
      const object = this.objectAt(state, streamNum, container);
      const stream = object?.value;
      if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'ObjStm') throw new PdfStructureError(`object stream ${String(streamNum)} is not an object stream`);
      const n = stream.dict.get('N');
      const first = stream.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || !Number.isInteger(n) || !Number.isInteger(first) || n < 0 || n > MAX_OBJECTS_PER_STREAM || first < 0) {
        throw new PdfStructureError(`object stream ${String(streamNum)} has a bad /N or /First`);
      }
      const data = decodeStream(stream);
      const header = new PdfLexer(data, 0, Math.min(first, data.length));
      const offsets = new Map<number, number>();
      try {
        for (let i = 0; i < n; i += 1) {
          const objectNumber = header.readInteger();
          const offset = header.readInteger();
          if (!offsets.has(objectNumber)) offsets.set(objectNumber, offset);
        }
      } catch {
        throw new PdfStructureError(`object stream ${String(streamNum)} has an unreadable header`);
      }
      decoded = { data, offsets, first };
      this.objectStreams.set(key, decoded);
    }
    const offset = decoded.offsets.get(num);
    if (offset === undefined) throw new PdfStructureError(`object ${String(num)} is not in object stream ${String(streamNum)}`);
    try {
      const lexer = new PdfLexer(decoded.data, decoded.first + offset, decoded.data.length);
      const value = lexer.readValue();
      if (value instanceof PdfStream) throw new PdfStructureError('a stream inside an object stream');
      return value;
    } catch (error) {
      if (error instanceof PdfSyntaxError) throw new PdfStructureError(`object ${String(num)} in object stream ${String(streamNum)} cannot be read`);
      throw error;
    }
  }

  /** Follows a reference (once or through a chain of them); other values are returned as they are. */
  resolve(state: State, value: PdfValue | undefined): PdfValue {
    let current: PdfValue = value ?? null;
    for (let hops = 0; current instanceof PdfRef; hops += 1) {
      if (hops > 32) throw new PdfStructureError('references chain too long');
      current = this.object(state, current.num)?.value ?? null;
    }
    return current;
  }

  dict(state: State, value: PdfValue | undefined): PdfDict | null {
    const resolved = this.resolve(state, value);
    if (resolved instanceof PdfDict) return resolved;
    if (resolved instanceof PdfStream) return resolved.dict;
    return null;
  }

  /**
   * The bytes of revision `number` after its start, read object by object: every object there must
   * be one its own cross-reference lists at that offset. Catches an update that relies on a reader
   * repairing a broken cross-reference (and so showing objects the verifier would not see).
   */
  unlistedObjects(number: number): number[] {
    const revision = this.revisions[number - 1];
    if (!revision) return [];
    const listed = new Map<number, number>();
    for (const index of revision.sections) {
      const section = this.sections[index];
      if (!section) continue;
      for (const [num, entry] of section.entries) if (entry.type === 'n') listed.set(entry.offset, num);
    }
    const sectionOffsets = new Set(revision.sections.map((i) => this.sections[i]?.offset ?? -1));
    const pattern = /(?:^|[\0\t\n\f\r ])(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj\b/g;
    const text = latin1(this.bytes.subarray(revision.start, revision.end));
    const state = this.state(number);
    let at = revision.start;
    while (at < revision.end) {
      pattern.lastIndex = at - revision.start;
      const found = pattern.exec(text);
      if (!found) break;
      const matchEnd = found.index + revision.start + found[0].length;
      const objStart = found.index + revision.start + (found[0].length - found[0].trimStart().length);
      const num = Number(found[1]);
      if (sectionOffsets.has(objStart)) {
        // The revision's own cross-reference stream: skip over it.
        at = matchEnd;
        continue;
      }
      // One object the cross-reference does not list is enough to say so: stop there (a scan that
      // went on would cost a parse per header, quadratic on a file made of headers).
      if (listed.get(objStart) !== num) return [num];
      // A listed object: skip its body (stream data may contain anything), with the parse the diff uses.
      let end = matchEnd;
      try {
        const entry = state.get(num);
        const span = entry && entry.type === 'n' && entry.offset === objStart ? this.objectAt(state, num, entry)?.span : null;
        if (span) end = span.end;
      } catch {
        end = matchEnd;
      }
      at = end;
    }
    return [];
  }

  /** The first object of the file, when it is a linearization dictionary (ISO 32000-1 Annex F): its /L, /N and /O. */
  linearization(): { readonly length: number | null } | null {
    const header = indexOfAscii(this.bytes, '%PDF-');
    if (header < 0) return null;
    const text = latin1(this.bytes.subarray(header, Math.min(this.bytes.length, header + 2048)));
    const match = /(?:^|[\0\t\n\f\r ])(\d{1,10})[\0\t\n\f\r ]+\d{1,5}[\0\t\n\f\r ]+obj\b/.exec(text);
    if (!match) return null;
    try {
      const object = parseIndirectObject(this.bytes, header + match.index + (match[0].length - match[0].trimStart().length), this.bytes.length);
      if (!(object.value instanceof PdfDict) || object.value.get('Linearized') === undefined) return null;
      const length = object.value.get('L');
      return { length: typeof length === 'number' ? length : null };
    } catch {
      return null;
    }
  }

  /**
   * The indirect object whose bytes contain `offset`, read where it stands (not through any
   * cross-reference): for a signature dictionary that no cross-reference lists. Null when none parses.
   */
  objectAround(offset: number): { readonly num: number; readonly value: PdfValue; readonly start: number; readonly end: number } | null {
    const from = Math.max(0, offset - 65_536);
    const text = latin1(this.bytes.subarray(from, offset));
    const pattern = /(?:^|[\0\t\n\f\r ])(\d{1,10})[\0\t\n\f\r ]+\d{1,5}[\0\t\n\f\r ]+obj\b/g;
    let last: RegExpExecArray | null = null;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) last = match;
    if (!last) return null;
    const start = from + last.index + (last[0].length - last[0].trimStart().length);
    try {
      const object = parseIndirectObject(this.bytes, start, this.bytes.length);
      return object.end > offset ? { num: object.num, value: object.value, start, end: object.end } : null;
    } catch {
      return null;
    }
  }

  /** Whether the bytes hold a `/ByteRange` anywhere (a signature, or the remains of one). */
  mentionsByteRange(): boolean {
    return indexOfAscii(this.bytes, '/ByteRange') >= 0;
  }

  /** Offsets of every `/ByteRange` key in the bytes. */
  byteRangeOffsets(): number[] {
    const out: number[] = [];
    for (let at = indexOfAscii(this.bytes, '/ByteRange'); at >= 0; at = indexOfAscii(this.bytes, '/ByteRange', at + 10)) out.push(at);
    return out;
  }
}
