/**
 * Typesetting text of any script for the PDF: choosing a font for each character, shaping with the
 * font's OpenType tables (fontkit's layout: Arabic joining, marks, ligatures), ordering each line with
 * the Unicode Bidirectional Algorithm (bidi-js), breaking lines where no spaces are (Chinese), and
 * drawing glyph runs so that text extraction returns the characters that were typed.
 *
 * - Fonts: the body font (DejaVu Sans: Latin, Greek, Cyrillic, symbols) and, per script, fallbacks
 *   (Arabic, Simplified Chinese, emoji) that the caller provides and that are embedded only
 *   when the document uses their script, as subsets of the glyphs used.
 * - A character no embedded font has is drawn as a visible mark (□), carries the typed character as
 *   its /ActualText, and is listed in `missing` (with the section it is in) for the clinician to see
 *   before signing.
 * - Text made only of characters the body font draws left to right (all English reports) goes the
 *   fast way of before, glyph by glyph without shaping, so those reports do not change.
 * - Glyphs are drawn in visual order. Where a glyph's ToUnicode entry would not give back the typed
 *   characters (a shaped form shared by two letters, a mirrored bracket, a mark, a replacement mark),
 *   the glyph is wrapped in a marked-content span with /ActualText (ISO 32000-1 §14.9.4).
 */
import bidiFactory from 'bidi-js';
import { PDFHexString, PDFOperator, type Color, type PDFDocument, type PDFFont, type PDFName, type PDFPage } from '@cantoo/pdf-lib';
import { Face, REPLACEMENT } from './text';

const bidi = bidiFactory();

/** A TrueType font's bytes: the regular weight and, when there is one, the bold. */
export interface FontFiles {
  readonly regular: Uint8Array;
  readonly bold?: Uint8Array;
}

/** A font for one script, loaded only when a document uses it. */
export interface FallbackFont {
  /** `arabic`, `cjk`, `emoji`…: for messages and tests. */
  readonly name: string;
  /** Code point ranges (inclusive) this font is preferred for, even where the body font has a glyph. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly load: () => Promise<FontFiles>;
}

/** A character that no embedded font has: printed as □ and listed. */
export interface MissingCharacter {
  readonly character: string;
  /** `U+1F600`. */
  readonly codePoint: string;
  /** Heading of the section it is in (or `title`, `footer`). */
  readonly where: string;
}

/** Shaped glyphs of one run, in visual order, with the characters each glyph stands for. */
interface Shaped {
  readonly glyphs: readonly FontkitGlyph[];
  readonly positions: readonly { readonly xAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
  readonly chars: readonly string[];
  readonly width: number; // font units
}

export interface FontkitGlyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}

interface GlyphInfoLike {
  readonly codePoints: readonly number[];
}

/** The fontkit font behind a pdf-lib custom font, with the hooks `fontkitForPdf` adds. */
export interface ShapingFont {
  readonly unitsPerEm: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint: (cp: number) => FontkitGlyph;
  realLayout(text: string, features: undefined, script: undefined, language: undefined, direction: 'ltr' | 'rtl'): { glyphs: FontkitGlyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[]; direction: string };
  pendingRun: { glyphs: FontkitGlyph[]; positions: unknown[] } | null;
  readonly _layoutEngine: { engine?: { glyphInfos?: GlyphInfoLike[]; position: (run: unknown) => unknown; attestCaptured?: number[][] | null; attestHooked?: boolean } | null };
}

const shapingFontOf = (font: PDFFont): ShapingFont => (font as unknown as { embedder: { font: ShapingFont } }).embedder.font;

// ---------------------------------------------------------------------------------------------
// Character classes

const isRtlDocument = (language: string) => /^(ar|he|fa|ur|ps|yi|dv|ckb|sd|ug)(-|$)/i.test(language);
const isBidiControl = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
const isControl = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
/** Invisible characters kept for shaping and ordering (joiners, direction marks, variation selectors) and never drawn. */
const isInvisible = (cp: number) => cp === 0x200c || cp === 0x200d || cp === 0x200e || cp === 0x200f || cp === 0x061c || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
/** Removed, as before: no printed meaning. */
const REMOVED = new Set([0x00ad, 0x200b, 0x2060, 0xfeff, 0x180e]);
const MARK = /^[\p{Mn}\p{Me}]$/u;
const isCjk = (cp: number) =>
  (cp >= 0x2e80 && cp <= 0x2fdf) || (cp >= 0x3000 && cp <= 0x30ff) || (cp >= 0x3100 && cp <= 0x31ff) || (cp >= 0x3200 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3134f);
/** CJK punctuation that must not begin a line, and that must not end one. */
const NO_LINE_START = new Set(Array.from('、。，．：；！？）」』】〕〉》〗〙〛｝］ー…‥・ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％').map((c) => c.codePointAt(0) ?? 0));
const NO_LINE_END = new Set(Array.from('（「『【〔〈《〖〘〚｛［').map((c) => c.codePointAt(0) ?? 0));

/** Characters the fast path draws: the body font's left-to-right scripts and common symbols. */
const isSimple = (cp: number) => (cp >= 0x20 && cp < 0x0590) || (cp >= 0x1d00 && cp < 0x200b) || (cp >= 0x2010 && cp < 0x2028) || (cp >= 0x2030 && cp < 0x2060) || (cp >= 0x2070 && cp < 0x2e00 && cp !== 0x2066);

/** Strong direction of the first strong character (P2, P3), or null. */
function firstStrong(text: string): 'ltr' | 'rtl' | null {
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'L') return 'ltr';
    if (type === 'R' || type === 'AL') return 'rtl';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Lines

/** A laid-out line: either plain text for the fast path, or runs in visual order. */
export interface Line {
  readonly width: number;
  /** The line's paragraph reads right to left. */
  readonly rtl: boolean;
  /** @internal */ readonly simple?: string;
  /** @internal */ readonly runs?: readonly VisualRun[];
  /** @internal */ readonly size: number;
}

interface VisualRun {
  readonly font: PDFFont;
  readonly rtl: boolean;
  readonly shaped: Shaped;
  /** Typed text of the run when it is drawn as replacement marks. */
  readonly replaced: readonly string[] | null;
}

/** One weight: the body face and the fallbacks embedded for this document, in order of preference. */
interface Weight {
  readonly body: Face;
  readonly fallbacks: readonly { readonly spec: FallbackFont; readonly font: PDFFont; readonly shaping: ShapingFont }[];
}

/** Fonts of one document, regular and bold, with shaping caches and the list of missing characters. */
export class Typesetter {
  readonly rtl: boolean;
  readonly missing: MissingCharacter[] = [];
  private readonly seenMissing = new Set<string>();
  where = 'title';
  private readonly cache = new Map<string, Shaped>();
  private readonly graphemeUnits = new Map<string, number>();
  private readonly laidOut = new Map<string, Line[]>();
  private readonly fontIds = new Map<PDFFont, number>();
  private readonly pageKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

  constructor(
    readonly doc: PDFDocument,
    readonly regular: Weight,
    readonly bold: Weight,
    language: string,
  ) {
    this.rtl = isRtlDocument(language);
  }

  /**
   * Embeds the body fonts and the fallbacks whose script the document uses (`text` is every string
   * of it). A fallback is also loaded when the body font lacks a character of the text.
   */
  static async create(doc: PDFDocument, body: { regular: PDFFont; bold: PDFFont }, fallbacks: readonly FallbackFont[], text: string, boldText: string, language: string): Promise<Typesetter> {
    const regular = new Face(body.regular);
    const bold = new Face(body.bold);
    const codePoints = (value: string) => new Set(Array.from(value, (ch) => ch.codePointAt(0) ?? 0));
    const drawable = (cp: number) => cp >= 0x20 && !isControl(cp) && !isSurrogate(cp) && !isInvisible(cp) && !REMOVED.has(cp) && !isBidiControl(cp);
    /** The fallbacks a weight needs: those of the scripts it sets, all of them when its body font lacks a character. */
    const neededFor = (used: Set<number>, face: Face) => {
      const bodyLacks = [...used].some((cp) => drawable(cp) && !face.has(cp));
      return fallbacks.filter((f) => bodyLacks || [...used].some((cp) => f.ranges.some(([a, b]) => cp >= a && cp <= b)));
    };
    const regularNeeds = neededFor(codePoints(text), regular);
    const boldNeeds = new Set(neededFor(codePoints(boldText), bold));
    const loaded = await Promise.all(regularNeeds.map(async (spec) => ({ spec, files: await spec.load() })));
    // A bold font is embedded only when bold text uses its script (Noto Sans SC is 10 MB a weight to parse).
    const regularFallbacks = await Promise.all(loaded.map(async ({ spec, files }) => { const font = await doc.embedFont(files.regular, { subset: true }); return { spec, font, shaping: shapingFontOf(font) }; }));
    const boldFallbacks = await Promise.all(
      loaded.map(async ({ spec, files }, i) => {
        const same = regularFallbacks[i] as Weight['fallbacks'][number];
        if (!files.bold || !boldNeeds.has(spec)) return same;
        const font = await doc.embedFont(files.bold, { subset: true });
        return { spec, font, shaping: shapingFontOf(font) };
      }),
    );
    return new Typesetter(doc, { body: regular, fallbacks: regularFallbacks }, { body: bold, fallbacks: boldFallbacks }, language);
  }

  weight(bold: boolean): Weight {
    return bold ? this.bold : this.regular;
  }

  /** Cleans `value` (as `Face.clean`, keeping joiners and direction marks) and wraps it to `maxWidth` points. */
  lines(value: string, bold: boolean, size: number, maxWidth: number): Line[] {
    const weight = this.weight(bold);
    const normalised = value.normalize('NFC').replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/\t/g, ' ');
    if (!this.rtl && this.isSimple(normalised, weight.body)) {
      return weight.body.wrap(weight.body.clean(normalised), size, maxWidth).map((text) => ({ simple: text, width: weight.body.width(text, size), rtl: false, size }));
    }
    // Blocks are laid out twice (measured to keep them together, then drawn): the second time is free.
    const key = `${bold ? 'b' : 'r'}${String(size)}|${String(maxWidth)}|${value}`;
    const cached = this.laidOut.get(key);
    if (cached) return cached;
    const out: Line[] = [];
    for (const para of this.clean(normalised).split('\n')) out.push(...this.paragraphLines(para, weight, size, maxWidth));
    this.laidOut.set(key, out);
    return out;
  }

  /** One line, never wrapped (line breaks become spaces). */
  line(value: string, bold: boolean, size: number): Line {
    return this.lines(value.replace(/[\r\n\u2028\u2029\u0085]+/g, ' '), bold, size, Number.POSITIVE_INFINITY)[0] ?? { simple: '', width: 0, rtl: false, size };
  }

  private isSimple(value: string, body: Face): boolean {
    for (const ch of value) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x0a) continue;
      if (!isSimple(cp) || !body.has(cp)) return false;
    }
    return true;
  }

  private clean(value: string): string {
    let out = '';
    for (const ch of value) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x0a) out += '\n';
      else if (REMOVED.has(cp)) continue;
      // Policy kept from before: controls and explicit embeddings/overrides/isolates print as □.
      else if (isControl(cp) || isBidiControl(cp) || isSurrogate(cp)) out += REPLACEMENT;
      else out += ch;
    }
    return out;
  }

  /** Index of the font drawing `cp`: -1 the body font, ≥ 0 a fallback, null none. */
  private fontFor(cp: number, weight: Weight): number | null {
    for (let i = 0; i < weight.fallbacks.length; i++) {
      const f = weight.fallbacks[i];
      if (f && f.spec.ranges.some(([a, b]) => cp >= a && cp <= b) && f.shaping.hasGlyphForCodePoint(cp)) return i;
    }
    if (weight.body.has(cp)) return -1;
    for (let i = 0; i < weight.fallbacks.length; i++) if (weight.fallbacks[i]?.shaping.hasGlyphForCodePoint(cp)) return i;
    return null;
  }

  private paragraphLines(para: string, weight: Weight, size: number, maxWidth: number): Line[] {
    const base = firstStrong(para) ?? (this.rtl ? 'rtl' : 'ltr');
    if (para === '') return [{ runs: [], width: 0, rtl: base === 'rtl', size }];
    const { levels } = bidi.getEmbeddingLevels(para, base);
    // Font per UTF-16 unit: a mark, joiner or direction mark goes with the character before it.
    const fonts: (number | null)[] = new Array<number | null>(para.length);
    let prev: number | null = -1;
    for (let i = 0; i < para.length; ) {
      const cp = para.codePointAt(i) ?? 0;
      const len = cp > 0xffff ? 2 : 1;
      const ch = String.fromCodePoint(cp);
      let f: number | null;
      if ((isInvisible(cp) || MARK.test(ch)) && i > 0 && (prev === -1 ? weight.body.has(cp) || isInvisible(cp) : prev !== null && (weight.fallbacks[prev]?.shaping.hasGlyphForCodePoint(cp) || isInvisible(cp)))) f = prev;
      else if (isInvisible(cp)) f = -1;
      else f = this.fontFor(cp, weight);
      if (f === null) this.noteMissing(ch);
      for (let k = 0; k < len; k++) fonts[i + k] = f;
      prev = f;
      i += len;
    }
    // Break opportunities: after spaces, around CJK characters, and (for overlong words) between graphemes.
    const breaks = new Set<number>();
    for (let i = 1; i < para.length; i++) {
      const before = para.codePointAt(i - 1) ?? 0;
      const here = para.codePointAt(i) ?? 0;
      if (isSurrogate(here) && here >= 0xdc00) continue;
      const prevCp = before >= 0xdc00 && before <= 0xdfff && i >= 2 ? (para.codePointAt(i - 2) ?? 0) : before;
      if (prevCp === 0x20 && here !== 0x20) breaks.add(i);
      else if ((isCjk(prevCp) || isCjk(here)) && here !== 0x20 && prevCp !== 0x20 && !NO_LINE_START.has(here) && !NO_LINE_END.has(prevCp) && !MARK.test(String.fromCodePoint(here))) breaks.add(i);
    }
    breaks.add(para.length);
    const widthOf = (from: number, to: number) => (to <= from ? 0 : this.rangeWidth(para, levels, fonts, weight, from, to, size));
    const trimEnd = (from: number, to: number) => {
      let e = to;
      while (e > from && para[e - 1] === ' ') e--;
      return e;
    };
    const lines: [number, number][] = [];
    let lineStart = 0;
    let acc = 0;
    // Starts a line with the piece [a, b); a piece wider than the line is cut between graphemes.
    const startWith = (a: number, b: number) => {
      lineStart = a;
      if (widthOf(a, trimEnd(a, b)) <= maxWidth) {
        acc = widthOf(a, b);
        return;
      }
      acc = 0;
      for (const [gs, ge] of this.graphemes(para, a, b)) {
        const w = this.graphemeWidth(para, fonts, weight, gs, ge, size);
        if (acc > 0 && acc + w > maxWidth) {
          lines.push([lineStart, gs]);
          lineStart = gs;
          acc = 0;
        }
        acc += w;
      }
    };
    let a = 0;
    for (const b of [...breaks].sort((x, y) => x - y)) {
      if (a === lineStart) startWith(a, b);
      else if (acc + widthOf(a, trimEnd(a, b)) <= maxWidth) acc += widthOf(a, b);
      else {
        lines.push([lineStart, a]);
        startWith(a, b);
      }
      a = b;
    }
    lines.push([lineStart, para.length]);
    return lines.map(([from, to]) => this.layoutLine(para, levels, fonts, weight, from, to, size, base === 'rtl'));
  }

  /** Width of one grapheme shaped alone (for cutting an overlong word), cached. */
  private graphemeWidth(para: string, fonts: readonly (number | null)[], weight: Weight, from: number, to: number, size: number): number {
    const f = fonts[from] ?? null;
    const font = f === null ? weight.body.font : f >= 0 ? (weight.fallbacks[f]?.font ?? weight.body.font) : weight.body.font;
    const text = f === null ? REPLACEMENT : para.slice(from, to);
    const key = `${font.name}\u0000${text}`;
    let units = this.graphemeUnits.get(key);
    if (units === undefined) {
      units = this.shape(font, text, false, null).width;
      this.graphemeUnits.set(key, units);
    }
    return (units * size) / shapingFontOf(font).unitsPerEm;
  }

  private graphemes(text: string, from: number, to: number): [number, number][] {
    const out: [number, number][] = [];
    for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(from, to))) out.push([from + index, from + index + segment.length]);
    return out;
  }

  /** Logical runs of [from, to): maximal spans of one level and one font. */
  private logicalRuns(para: string, levels: Uint8Array, fonts: readonly (number | null)[], from: number, to: number, baseLevel: number, lineEnd: boolean): { from: number; to: number; level: number; font: number | null }[] {
    const runs: { from: number; to: number; level: number; font: number | null }[] = [];
    // L1: whitespace at the end of a line takes the paragraph level.
    let trail = to;
    if (lineEnd) while (trail > from && para[trail - 1] === ' ') trail--;
    for (let i = from; i < to; i++) {
      const level = i >= trail ? baseLevel : (levels[i] ?? baseLevel);
      const font = fonts[i] ?? null;
      const lastRun = runs[runs.length - 1];
      if (lastRun && lastRun.level === level && lastRun.font === font) lastRun.to = i + 1;
      else runs.push({ from: i, to: i + 1, level, font });
    }
    return runs;
  }

  private rangeWidth(para: string, levels: Uint8Array, fonts: readonly (number | null)[], weight: Weight, from: number, to: number, size: number): number {
    let total = 0;
    for (const run of this.logicalRuns(para, levels, fonts, from, to, 0, false)) {
      const { font, shaped } = this.shapeRun(para, run, weight, from, to);
      total += (shaped.width * size) / shapingFontOf(font).unitsPerEm;
    }
    return total;
  }

  /** Shapes one logical run; a cut inside a word keeps its joining forms (ZWJ at the cut). */
  private shapeRun(para: string, run: { from: number; to: number; level: number; font: number | null }, weight: Weight, lineFrom: number, lineTo: number): VisualRun {
    const rtl = (run.level & 1) === 1;
    if (run.font === null) {
      const chars = Array.from(para.slice(run.from, run.to));
      const font = weight.body.font;
      const shaped = this.shape(font, REPLACEMENT.repeat(chars.length), false, null);
      return { font, shaped, replaced: rtl ? chars.reverse() : chars, rtl };
    }
    const fallback = run.font >= 0 ? weight.fallbacks[run.font] : undefined;
    const font = fallback ? fallback.font : weight.body.font;
    const joinBefore = run.from === lineFrom && run.from > 0 && /\p{L}/u.test(para[run.from - 1] ?? '') && /\p{L}/u.test(para[run.from] ?? '');
    const joinAfter = run.to === lineTo && run.to < para.length && /\p{L}/u.test(para[run.to] ?? '') && /\p{L}/u.test(para[run.to - 1] ?? '');
    // Shaped word by word (no script here joins or kerns across a space), so that a word is shaped
    // once however often it is measured, laid out or repeated.
    const words = para.slice(run.from, run.to).split(/( +)/).filter((w) => w !== '');
    const parts = words.map((original, i) => {
      const text = rtl ? Array.from(original).map((ch) => bidi.getMirroredCharacter(ch) ?? ch).join('') : original;
      const before = i === 0 && joinBefore ? '\u200d' : '';
      const after = i === words.length - 1 && joinAfter ? '\u200d' : '';
      return this.shape(font, before + text + after, rtl, original);
    });
    if (parts.length === 1 && parts[0]) return { font, shaped: parts[0], replaced: null, rtl };
    if (rtl) parts.reverse();
    const shaped: Shaped = {
      glyphs: parts.flatMap((p) => p.glyphs),
      positions: parts.flatMap((p) => p.positions),
      chars: parts.flatMap((p) => p.chars),
      width: parts.reduce((n, p) => n + p.width, 0),
    };
    return { font, shaped, replaced: null, rtl };
  }

  /** Shapes `text` with fontkit's layout, recording the characters behind each glyph. */
  private shape(font: PDFFont, text: string, rtl: boolean, original: string | null): Shaped {
    let id = this.fontIds.get(font);
    if (id === undefined) {
      id = this.fontIds.size;
      this.fontIds.set(font, id);
    }
    const key = `${String(id)}${rtl ? 'r' : 'l'}${text}\u0000${original ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const fk = shapingFontOf(font);
    const engine = fk._layoutEngine.engine ?? null;
    if (engine && !engine.attestHooked) {
      // The characters behind each glyph after substitution: fontkit keeps them in its glyph infos,
      // while the glyph objects it returns are shared between the letters that use the same form.
      const position = engine.position.bind(engine);
      engine.position = (glyphRun: unknown) => {
        engine.attestCaptured = (engine.glyphInfos ?? []).map((info) => [...info.codePoints]);
        return position(glyphRun);
      };
      engine.attestHooked = true;
    }
    if (engine) engine.attestCaptured = null;
    // fontkit caches one glyph object per glyph id, with the characters of its first use: a letter
    // whose glyph another letter's decomposition reached first (ص inside ض) would be taken for it.
    // During shaping each character's glyph is a view carrying its own character.
    const glyphForCodePoint = fk.glyphForCodePoint;
    fk.glyphForCodePoint = (cp: number) => {
      const glyph = glyphForCodePoint.call(fk, cp);
      if (glyph.codePoints.length === 1 && glyph.codePoints[0] === cp) return glyph;
      return Object.create(glyph, { codePoints: { value: [cp] } }) as FontkitGlyph;
    };
    let run: ReturnType<ShapingFont['realLayout']>;
    try {
      run = fk.realLayout(text, undefined, undefined, undefined, rtl ? 'rtl' : 'ltr');
    } finally {
      fk.glyphForCodePoint = glyphForCodePoint;
    }
    let captured: number[][] = engine?.attestCaptured && engine.attestCaptured.length === run.glyphs.length ? engine.attestCaptured : run.glyphs.map((g) => [...g.codePoints]);
    if (engine?.attestCaptured && run.direction === 'rtl') captured = [...captured].reverse();
    const glyphs: FontkitGlyph[] = [];
    const positions: { xAdvance: number; xOffset: number; yOffset: number }[] = [];
    const chars: string[] = [];
    let width = 0;
    run.glyphs.forEach((glyph, i) => {
      const cps = captured[i] ?? [];
      const position = run.positions[i] ?? { xAdvance: glyph.advanceWidth, xOffset: 0, yOffset: 0 };
      // Joiners, direction marks and selectors shape but are not drawn.
      if (cps.length > 0 && cps.every(isInvisible)) return;
      glyphs.push(glyph);
      positions.push({ xAdvance: position.xAdvance, xOffset: position.xOffset, yOffset: position.yOffset });
      let chs = String.fromCodePoint(...cps.filter((c) => !isInvisible(c)));
      // Mirrored brackets are drawn mirrored and extracted as typed.
      if (rtl && chs.length > 0) chs = Array.from(chs).map((c) => bidi.getMirroredCharacter(c) ?? c).join('');
      chars.push(chs);
      width += position.xAdvance;
    });
    const shaped = { glyphs, positions, chars, width };
    this.cache.set(key, shaped);
    return shaped;
  }

  private layoutLine(para: string, levels: Uint8Array, fonts: readonly (number | null)[], weight: Weight, from: number, to: number, size: number, rtl: boolean): Line {
    const baseLevel = rtl ? 1 : 0;
    const runs = this.logicalRuns(para, levels, fonts, from, to, baseLevel, true);
    // L2: from the highest level down to the lowest odd one, reverse every sequence at that level or higher.
    const order = runs.map((_, i) => i);
    const maxLevel = Math.max(0, ...runs.map((r) => r.level));
    const minOdd = Math.min(...runs.map((r) => r.level).filter((l) => (l & 1) === 1), maxLevel + 1);
    for (let level = maxLevel; level >= minOdd && level > 0; level--) {
      for (let i = 0; i < order.length; ) {
        if ((runs[order[i] ?? 0]?.level ?? 0) >= level) {
          let j = i;
          while (j < order.length && (runs[order[j] ?? 0]?.level ?? 0) >= level) j++;
          const part = order.slice(i, j).reverse();
          order.splice(i, j - i, ...part);
          i = j;
        } else i++;
      }
    }
    let width = 0;
    const visual: VisualRun[] = [];
    for (const index of order) {
      const run = runs[index];
      if (!run) continue;
      const shaped = this.shapeRun(para, run, weight, from, to);
      width += (shaped.shaped.width * size) / shapingFontOf(shaped.font).unitsPerEm;
      visual.push(shaped);
    }
    return { runs: visual, width, rtl, size };
  }

  private noteMissing(ch: string): void {
    const key = `${ch}\u0000${this.where}`;
    if (this.seenMissing.has(key)) return;
    this.seenMissing.add(key);
    this.missing.push({ character: ch, codePoint: `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, where: this.where });
  }

  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let keys = this.pageKeys.get(page);
    if (!keys) {
      keys = new Map();
      this.pageKeys.set(page, keys);
    }
    let key = keys.get(font);
    if (!key) {
      key = page.node.newFontDictionary(font.name, font.ref);
      keys.set(font, key);
    }
    return key;
  }

  /** Draws `line` with its left edge at `x` and its baseline at `y`. */
  draw(page: PDFPage, line: Line, x: number, y: number, bold: boolean, color: Color): void {
    if (line.simple !== undefined) {
      if (line.simple !== '') page.drawText(line.simple, { x, y, size: line.size, font: this.weight(bold).body.font, color });
      return;
    }
    if (!line.runs || line.runs.length === 0) return;
    const size = line.size;
    // The operators are written as text: thousands of numbers as PDFNumber objects cost more than the shaping.
    const out: string[] = ['q', colorOp(color), 'BT'];
    let pen = x;
    for (const run of line.runs) {
      const fk = shapingFontOf(run.font);
      const scale = size / fk.unitsPerEm;
      const { glyphs, positions, chars } = run.shaped;
      if (glyphs.length === 0) continue;
      fk.pendingRun = { glyphs: [...glyphs], positions: [...positions] };
      const hex = run.font.encodeText('\u0000').asString();
      out.push(`${this.fontKey(page, run.font).toString()} ${fmt(size)} Tf`);
      let open: string[] | null = null;
      const flush = () => {
        if (open && open.length > 0) out.push(`[${open.join(' ')}] TJ`);
        open = null;
      };
      // Pen position of each glyph, in visual order.
      const xs: number[] = [];
      for (const pos of positions) {
        xs.push(pen);
        pen += pos.xAdvance * scale;
      }
      // Right to left, a mark comes before its base in visual order; it is drawn after it, so that
      // text extraction (poppler) finds it after its base rather than after the letter before.
      const order: number[] = [];
      let marks: number[] = [];
      for (let i = 0; i < glyphs.length; i++) {
        const isMark = (positions[i]?.xAdvance ?? 0) === 0 && (chars[i] ?? '') !== '' && Array.from(chars[i] ?? '').every((c) => MARK.test(c));
        if (run.rtl && isMark) marks.push(i);
        else {
          order.push(i, ...marks);
          marks = [];
        }
      }
      order.push(...marks);
      let previous = -2;
      for (const i of order) {
        const glyph = glyphs[i] as FontkitGlyph;
        const pos = positions[i] ?? { xAdvance: 0, xOffset: 0, yOffset: 0 };
        const code = `<${hex.slice(i * 4, i * 4 + 4)}>`;
        const typed = run.replaced ? (run.replaced[i] ?? '') : (chars[i] ?? '');
        const mapped = String.fromCodePoint(...glyph.codePoints);
        const span = typed !== mapped;
        const alone = span || pos.xOffset !== 0 || pos.yOffset !== 0 || i !== previous + 1;
        previous = i;
        if (alone || open === null) {
          flush();
          out.push(`1 0 0 1 ${fmt((xs[i] ?? 0) + pos.xOffset * scale)} ${fmt(y + pos.yOffset * scale)} Tm`);
        }
        if (alone) {
          if (span) out.push(`/Span <</ActualText ${PDFHexString.fromText(typed).toString()}>> BDC ${code} Tj EMC`);
          else out.push(`${code} Tj`);
          open = null;
          // The glyph after one drawn alone starts with its own text matrix.
          previous = -2;
          continue;
        }
        const list: string[] = open ?? [];
        list.push(code);
        const adjust = ((glyph.advanceWidth - pos.xAdvance) * 1000) / fk.unitsPerEm;
        if (Math.abs(adjust) > 0.01) list.push(fmt(adjust));
        open = list;
      }
      flush();
    }
    out.push('ET', 'Q');
    page.pushOperators(PDFOperator.of(out.join('\n') as never));
  }
}

/** A number for a content stream: at most three decimals, no exponent. */
function fmt(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

function colorOp(color: Color): string {
  const c = color as { red?: number; green?: number; blue?: number };
  return c.red === undefined ? '' : `${fmt(c.red)} ${fmt(c.green ?? 0)} ${fmt(c.blue ?? 0)} rg`;
}
