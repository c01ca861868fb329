/**
 * A small, strict reader of PDF object syntax (ISO 32000-1 §7.2–7.5) for verification.
 *
 * Why not pdf-lib's parser: it reads a file front to back and keeps the last definition of each
 * object, ignoring the cross-reference sections. A verifier must see what a viewer sees (objects as
 * the latest cross-reference locates them) and what each signature saw (objects as the signed
 * revision's cross-reference located them); the shadow attacks live exactly in that difference. This
 * reader parses one object at one offset, never scans, never repairs, and records the byte span of
 * every string so that a signature's /Contents can be matched to its /ByteRange gap.
 *
 * Input is hostile: depth, sizes and counts are bounded, and every failure is a `PdfSyntaxError`.
 */

export class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${String(offset)})`);
  }
}

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfString {
  constructor(
    /** The decoded bytes (escapes resolved, hex decoded). */
    readonly bytes: Uint8Array,
    readonly hex: boolean,
    /** Offset of the opening `(` or `<` in the buffer parsed. */
    readonly start: number,
    /** Offset just after the closing `)` or `>`. */
    readonly end: number,
  ) {}

  /** Text strings (§7.9.2.2): UTF-16BE with a BOM, UTF-8 with a BOM, else PDFDocEncoding (read as Latin-1). */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
    let out = '';
    for (const byte of b) out += String.fromCharCode(byte);
    return out;
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  key(): string {
    return `${String(this.num)} ${String(this.gen)}`;
  }
}

export class PdfArray {
  constructor(readonly items: readonly PdfValue[]) {}
}

export class PdfDict {
  constructor(
    readonly map: ReadonlyMap<string, PdfValue>,
    readonly start: number,
    readonly end: number,
    /** Earlier values of a key the dictionary repeats (the map holds the last, as viewers read it). */
    readonly duplicates: readonly (readonly [string, PdfValue])[] = [],
  ) {}
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  name(key: string): string | null {
    const value = this.map.get(key);
    return value instanceof PdfName ? value.name : null;
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** Offsets of the raw (still encoded) data in the buffer parsed. */
    readonly dataStart: number,
    readonly dataEnd: number,
    /** The buffer the offsets refer to (the file, or a decoded object stream). */
    readonly source: Uint8Array,
  ) {}
  raw(): Uint8Array {
    return this.source.subarray(this.dataStart, this.dataEnd);
  }
}

export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfArray | PdfDict | PdfStream;

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** Offset of the object's first byte (its number). */
  readonly start: number;
  /** Offset just after `endobj`. */
  readonly end: number;
}

/** Resolves an indirect /Length of a stream (the object must be a plain integer). */
export type LengthResolver = (ref: PdfRef) => number | null;

const MAX_DEPTH = 64;
const MAX_ARRAY_ITEMS = 200_000;
const MAX_DICT_ENTRIES = 20_000;
const MAX_NAME_LENGTH = 4096;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;

function isRegular(c: number): boolean {
  return WHITESPACE[c] === 0 && DELIMITER[c] === 0;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** A cursor over `bytes` that never reads at or past `limit`. */
export class PdfLexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly limit: number = bytes.length,
    private readonly resolveLength: LengthResolver = () => null,
  ) {
    this.pos = start;
  }

  private fail(message: string): never {
    throw new PdfSyntaxError(message, this.pos);
  }

  private peek(offset = 0): number {
    const at = this.pos + offset;
    return at < this.limit ? (this.bytes[at] ?? -1) : -1;
  }

  skipWhitespace(): void {
    for (;;) {
      const c = this.peek();
      if (c === -1) return;
      if (WHITESPACE[c] === 1) {
        this.pos += 1;
      } else if (c === 0x25) {
        // A comment runs to the end of the line.
        while (this.pos < this.limit && this.bytes[this.pos] !== 0x0a && this.bytes[this.pos] !== 0x0d) this.pos += 1;
      } else {
        return;
      }
    }
  }

  atEnd(): boolean {
    this.skipWhitespace();
    return this.pos >= this.limit;
  }

  /** The next run of regular characters, without consuming it (after whitespace). */
  peekKeyword(): string {
    this.skipWhitespace();
    let end = this.pos;
    while (end < this.limit && end - this.pos < 32 && isRegular(this.bytes[end] ?? 0)) end += 1;
    let out = '';
    for (let i = this.pos; i < end; i += 1) out += String.fromCharCode(this.bytes[i] ?? 0);
    return out;
  }

  expectKeyword(word: string): void {
    const found = this.peekKeyword();
    if (found !== word) this.fail(`expected "${word}", found "${found.slice(0, 20)}"`);
    this.pos += word.length;
  }

  /** A non-negative integer token (object numbers, generations, offsets). */
  readInteger(): number {
    this.skipWhitespace();
    const start = this.pos;
    while (this.pos < this.limit && (this.bytes[this.pos] ?? 0) >= 0x30 && (this.bytes[this.pos] ?? 0) <= 0x39 && this.pos - start < 16) this.pos += 1;
    if (this.pos === start) this.fail('expected a whole number');
    if (this.pos < this.limit && isRegular(this.bytes[this.pos] ?? 0)) this.fail('expected a whole number');
    let value = 0;
    for (let i = start; i < this.pos; i += 1) value = value * 10 + ((this.bytes[i] ?? 0x30) - 0x30);
    if (!Number.isSafeInteger(value)) this.fail('number too large');
    return value;
  }

  /** Whether the next three tokens are `int int R` (an indirect reference), without consuming them. */
  private looksLikeReference(): boolean {
    let at = this.pos;
    const digits = (): boolean => {
      const start = at;
      while (at < this.limit && (this.bytes[at] ?? 0) >= 0x30 && (this.bytes[at] ?? 0) <= 0x39) at += 1;
      return at > start && at - start <= 16 && (at >= this.limit || !isRegular(this.bytes[at] ?? 0));
    };
    const space = (): void => {
      while (at < this.limit && WHITESPACE[this.bytes[at] ?? 0] === 1) at += 1;
    };
    if (!digits()) return false;
    space();
    if (!digits()) return false;
    space();
    return this.bytes[at] === 0x52 && at < this.limit && (at + 1 >= this.limit || !isRegular(this.bytes[at + 1] ?? 0));
  }

  readValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) this.fail('objects nested too deeply');
    this.skipWhitespace();
    const c = this.peek();
    if (c === -1) this.fail('unexpected end of data');
    if (c === 0x2f) return this.readName();
    if (c === 0x28) return this.readLiteralString();
    if (c === 0x3c) {
      if (this.peek(1) === 0x3c) return this.readDict(depth);
      return this.readHexString();
    }
    if (c === 0x5b) return this.readArray(depth);
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (c >= 0x30 && c <= 0x39 && this.looksLikeReference()) {
        const num = this.readInteger();
        const gen = this.readInteger();
        this.skipWhitespace();
        this.pos += 1; // R
        return new PdfRef(num, gen);
      }
      return this.readNumber();
    }
    const word = this.peekKeyword();
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      return word === 'null' ? null : word === 'true';
    }
    this.fail(`unexpected "${word.slice(0, 20) || String.fromCharCode(c)}"`);
  }

  private readNumber(): number {
    const start = this.pos;
    while (this.pos < this.limit && isRegular(this.bytes[this.pos] ?? 0) && this.pos - start < 64) this.pos += 1;
    let text = '';
    for (let i = start; i < this.pos; i += 1) text += String.fromCharCode(this.bytes[i] ?? 0);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new PdfSyntaxError(`not a number: "${text.slice(0, 20)}"`, start);
    const value = Number(text);
    if (!Number.isFinite(value)) throw new PdfSyntaxError('number out of range', start);
    return value;
  }

  private readName(): PdfName {
    this.pos += 1;
    const parts: number[] = [];
    while (this.pos < this.limit && isRegular(this.bytes[this.pos] ?? 0)) {
      const c = this.bytes[this.pos] ?? 0;
      if (c === 0x23) {
        const hi = hexValue(this.peek(1));
        const lo = hexValue(this.peek(2));
        if (hi < 0 || lo < 0) this.fail('bad #xx escape in a name');
        parts.push(hi * 16 + lo);
        this.pos += 3;
      } else {
        parts.push(c);
        this.pos += 1;
      }
      if (parts.length > MAX_NAME_LENGTH) this.fail('name too long');
    }
    let name = '';
    for (const c of parts) name += String.fromCharCode(c);
    return new PdfName(name);
  }

  private readLiteralString(): PdfString {
    const start = this.pos;
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (this.pos >= this.limit) this.fail('unterminated string');
      const c = this.bytes[this.pos] ?? 0;
      this.pos += 1;
      if (c === 0x5c) {
        const e = this.peek();
        if (e === -1) this.fail('unterminated string');
        this.pos += 1;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30;
          for (let i = 0; i < 2 && this.peek() >= 0x30 && this.peek() <= 0x37; i += 1) {
            value = value * 8 + (this.peek() - 0x30);
            this.pos += 1;
          }
          out.push(value & 0xff);
        } else if (e === 0x0d) {
          if (this.peek() === 0x0a) this.pos += 1;
        } else if (e !== 0x0a) {
          out.push(e);
        }
      } else if (c === 0x28) {
        depth += 1;
        out.push(c);
      } else if (c === 0x29) {
        depth -= 1;
        if (depth === 0) break;
        out.push(c);
      } else {
        out.push(c);
      }
    }
    return new PdfString(new Uint8Array(out), false, start, this.pos);
  }

  private readHexString(): PdfString {
    const start = this.pos;
    this.pos += 1;
    const end = this.bytes.indexOf(0x3e, this.pos);
    if (end < 0 || end >= this.limit) this.fail('unterminated hex string');
    const out = new Uint8Array(Math.ceil((end - this.pos) / 2));
    let count = 0;
    let high = -1;
    for (let i = this.pos; i < end; i += 1) {
      const c = this.bytes[i] ?? 0;
      if (WHITESPACE[c] === 1) continue;
      const v = hexValue(c);
      if (v < 0) throw new PdfSyntaxError('not a hex digit in a hex string', i);
      if (high < 0) high = v;
      else {
        out[count] = high * 16 + v;
        count += 1;
        high = -1;
      }
    }
    if (high >= 0) {
      out[count] = high * 16;
      count += 1;
    }
    this.pos = end + 1;
    return new PdfString(out.subarray(0, count), true, start, this.pos);
  }

  private readArray(depth: number): PdfArray {
    this.pos += 1;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === 0x5d) {
        this.pos += 1;
        return new PdfArray(items);
      }
      if (items.length >= MAX_ARRAY_ITEMS) this.fail('array too long');
      items.push(this.readValue(depth + 1));
    }
  }

  private readDict(depth: number): PdfDict {
    const start = this.pos;
    this.pos += 2;
    const map = new Map<string, PdfValue>();
    const duplicates: [string, PdfValue][] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
        this.pos += 2;
        return new PdfDict(map, start, this.pos, duplicates);
      }
      if (this.peek() !== 0x2f) this.fail('expected a name as a dictionary key');
      const key = this.readName().name;
      const value = this.readValue(depth + 1);
      if (map.size + duplicates.length >= MAX_DICT_ENTRIES) this.fail('dictionary too large');
      // Viewers (poppler, pdf.js) read the last value of a repeated key: so does the map. The earlier
      // values are kept too, followed and compared, and a repeated key after signing is a change.
      const earlier = map.get(key);
      if (map.has(key)) duplicates.push([key, earlier ?? null]);
      map.set(key, value);
    }
  }

  /** After a dictionary: `stream` EOL data `endstream`, using /Length (direct, or resolved). */
  private readStreamAfter(dict: PdfDict): PdfStream {
    this.expectKeyword('stream');
    // The keyword is followed by CRLF or LF (§7.3.8.1).
    if (this.peek() === 0x0d && this.peek(1) === 0x0a) this.pos += 2;
    else if (this.peek() === 0x0a) this.pos += 1;
    else this.fail('stream keyword not followed by an end of line');
    const lengthValue = dict.get('Length');
    const length = typeof lengthValue === 'number' ? lengthValue : lengthValue instanceof PdfRef ? this.resolveLength(lengthValue) : null;
    if (length === null || !Number.isSafeInteger(length) || length < 0) this.fail('stream without a usable /Length');
    const dataStart = this.pos;
    const dataEnd = dataStart + length;
    if (dataEnd > this.limit) this.fail('stream data runs past the end');
    this.pos = dataEnd;
    this.expectKeyword('endstream');
    return new PdfStream(dict, dataStart, dataEnd, this.bytes);
  }

  /** `num gen obj value [stream…] endobj` starting at the cursor. */
  readIndirectObject(): IndirectObject {
    this.skipWhitespace();
    const start = this.pos;
    const num = this.readInteger();
    const gen = this.readInteger();
    this.expectKeyword('obj');
    let value = this.readValue();
    if (value instanceof PdfDict && this.peekKeyword() === 'stream') value = this.readStreamAfter(value);
    this.expectKeyword('endobj');
    return { num, gen, value, start, end: this.pos };
  }
}

/** Parses the indirect object at `offset`, reading nothing at or after `limit`. */
export function parseIndirectObject(bytes: Uint8Array, offset: number, limit: number, resolveLength?: LengthResolver): IndirectObject {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= limit) throw new PdfSyntaxError('object offset outside the file', offset);
  return new PdfLexer(bytes, offset, limit, resolveLength).readIndirectObject();
}

/** Structural equality of two values, indirect references compared by number and generation, streams by dictionary and raw bytes. */
export function sameValue(a: PdfValue, b: PdfValue, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && equalArrays(a.bytes, b.bytes);
  if (a instanceof PdfArray) return b instanceof PdfArray && a.items.length === b.items.length && a.items.every((item, i) => sameValue(item, b.items[i] ?? null, depth + 1));
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b, depth);
  if (a instanceof PdfStream) return b instanceof PdfStream && sameDict(a.dict, b.dict, depth) && equalArrays(a.raw(), b.raw());
  return false;
}

function sameDict(a: PdfDict, b: PdfDict, depth: number): boolean {
  if (a.map.size !== b.map.size || a.duplicates.length !== b.duplicates.length) return false;
  for (const [i, [key, value]] of a.duplicates.entries()) {
    const other = b.duplicates[i];
    if (!other || other[0] !== key || !sameValue(value, other[1], depth + 1)) return false;
  }
  for (const [key, value] of a.map) {
    if (!b.map.has(key) || !sameValue(value, b.map.get(key) ?? null, depth + 1)) return false;
  }
  return true;
}

function equalArrays(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a value holds a dictionary that repeats a key (directly, not through references). */
export function hasRepeatedKeys(value: PdfValue, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (value instanceof PdfStream) return hasRepeatedKeys(value.dict, depth + 1);
  if (value instanceof PdfDict) return value.duplicates.length > 0 || [...value.map.values()].some((v) => hasRepeatedKeys(v, depth + 1));
  if (value instanceof PdfArray) return value.items.some((v) => hasRepeatedKeys(v, depth + 1));
  return false;
}

/** Keys whose values differ between two dictionaries (added, removed or changed, repeated values included). */
export function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const valuesOf = (d: PdfDict, key: string): PdfValue[] => [...(d.map.has(key) ? [d.map.get(key) ?? null] : []), ...d.duplicates.filter(([k]) => k === key).map(([, v]) => v)];
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((key) => {
    const x = valuesOf(a, key);
    const y = valuesOf(b, key);
    return x.length !== y.length || x.some((value, i) => !sameValue(value, y[i] ?? null));
  });
}
