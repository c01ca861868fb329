/**
 * Text for print: making any string drawable with a given font, measuring it and wrapping it.
 *
 * Free text is stored exactly as typed (shared/domain/text.ts), so anything may arrive here: markup,
 * control characters, bidi overrides, emoji, scripts the font lacks, 100,000 characters without a
 * space. Printing must never fail and never silently drop a character a reader should know about:
 * - a character the font cannot draw becomes a visible replacement mark (□);
 * - control characters (other than line breaks) and explicit bidi embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069) also become □: PDF text has no bidi processing here, and an
 *   override that silently reorders text in some other viewer has no place in evidence;
 * - invisible formatting with no printed meaning (soft hyphen, zero-width space and joiners, word
 *   joiner, BOM, variation selectors, LRM/RLM/ALM) is removed;
 * - text is put in Unicode NFC, so an accent typed as a combining mark prints as one letter.
 * This is the fast path for text in the body font's left-to-right scripts, and what the signature
 * widget uses; the report's other text (right-to-left, Chinese, other fonts) goes through typeset.ts.
 */
import type { PDFFont } from '@cantoo/pdf-lib';

export const REPLACEMENT = '\u25A1';
const FALLBACK_REPLACEMENT = '?';

const REMOVED = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x200e, 0x200f, 0x061c, 0x180e]);
const isVariationSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const isBidiControl = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
const isControl = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;

/** A font with its character set and a cache of advance widths (per 1000 units of size). */
export class Face {
  readonly font: PDFFont;
  private readonly supported: Set<number>;
  private readonly widths = new Map<number, number>();
  readonly replacement: string;

  constructor(font: PDFFont) {
    this.font = font;
    this.supported = new Set(font.getCharacterSet());
    this.replacement = this.supported.has(REPLACEMENT.codePointAt(0) ?? 0) ? REPLACEMENT : FALLBACK_REPLACEMENT;
  }

  /** Whether the font has a glyph for the code point. */
  has(codePoint: number): boolean {
    return this.supported.has(codePoint);
  }

  /** The string made drawable with this font; line breaks become `\n`, tabs a space. */
  clean(value: string): string {
    const normalised = value.normalize('NFC').replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/\t/g, ' ');
    let out = '';
    for (const ch of normalised) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0x0a) out += '\n';
      else if (REMOVED.has(cp) || isVariationSelector(cp)) continue;
      else if (isControl(cp) || isBidiControl(cp) || isSurrogate(cp) || !this.supported.has(cp)) out += this.replacement;
      else out += ch;
    }
    return out;
  }

  /** Width of a cleaned string at `size` points. No kerning: pdf-lib draws none either. */
  width(value: string, size: number): number {
    let total = 0;
    for (const ch of value) total += this.charWidth(ch);
    return (total * size) / 1000;
  }

  private charWidth(ch: string): number {
    const cp = ch.codePointAt(0) ?? 0;
    let w = this.widths.get(cp);
    if (w === undefined) {
      w = this.font.widthOfTextAtSize(ch, 1000);
      this.widths.set(cp, w);
    }
    return w;
  }

  /**
   * Wraps cleaned text to `maxWidth` points: at spaces where possible, inside a word when the word
   * alone is wider than the line. Line breaks in the text are kept; an empty line stays empty.
   */
  wrap(value: string, size: number, maxWidth: number): string[] {
    const lines: string[] = [];
    const space = this.width(' ', size);
    for (const para of value.split('\n')) {
      let line = '';
      let lineWidth = 0;
      let started = false;
      for (const word of para.split(' ')) {
        const w = this.width(word, size);
        if (started && lineWidth + space + w <= maxWidth) {
          line += ` ${word}`;
          lineWidth += space + w;
          continue;
        }
        if (started) lines.push(line);
        if (w <= maxWidth) {
          line = word;
          lineWidth = w;
        } else {
          // A word wider than the line (a URL, a hash, hostile input): cut it between characters.
          line = '';
          lineWidth = 0;
          for (const ch of word) {
            const cw = this.width(ch, size);
            if (line !== '' && lineWidth + cw > maxWidth) {
              lines.push(line);
              line = '';
              lineWidth = 0;
            }
            line += ch;
            lineWidth += cw;
          }
        }
        started = true;
      }
      lines.push(line);
    }
    return lines;
  }
}
