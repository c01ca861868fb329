/**
 * Folding text for matching identifiers (issue #19): two spellings of one name or number compare
 * equal once folded, and every folded character remembers where it came from in the original, so a
 * match found in the folded text is replaced in the original. Pure.
 *
 * Per code point: NFKD (compatibility forms: full-width letters, ligatures, superscripts), marks
 * dropped ("Zoë" = "Zoe", also with a combining diaeresis), invisible format characters dropped (a
 * zero-width space or soft hyphen typed inside a name does not hide it), letters without a
 * decomposition spelled out (ß → ss, ø → o, ł → l, æ → ae…), lower case (final sigma as sigma),
 * decimal digits of any script as ASCII digits, and the Cyrillic and Greek letters drawn like Latin
 * ones as those (a name spelled with a Cyrillic "о" is the same name to a reader).
 */

/** Letters that NFKD leaves whole, spelled as a reader would compare them. */
const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', ł: 'l', Ł: 'l',
  ħ: 'h', Ħ: 'h', ı: 'i', þ: 'th', Þ: 'th', ŋ: 'n', Ŋ: 'n', ŧ: 't', Ŧ: 't', ƒ: 'f', ĸ: 'k', ſ: 's', 'ς': 'σ',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u2019': "'", '\u2018': "'", '\u02BC': "'",
};

/** Cyrillic and Greek lower-case letters drawn like Latin ones (homoglyphs). */
const LOOKALIKE: Readonly<Record<string, string>> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  ο: 'o', ι: 'i', κ: 'k', ν: 'v', ρ: 'p', χ: 'x', υ: 'u', α: 'a',
};

/** First code point of each run of ten decimal digits outside ASCII that people type. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810, 0xff10];

const MARK = /^[\p{M}\p{Cf}]$/u;

function foldLetter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  for (const zero of DIGIT_ZEROS) if (code >= zero && code <= zero + 9) return String(code - zero);
  const spelled = SPELLED[ch];
  if (spelled !== undefined) return spelled;
  let out = '';
  for (const part of ch.normalize('NFKD')) {
    if (MARK.test(part)) continue;
    const own = SPELLED[part];
    if (own !== undefined) {
      out += own;
      continue;
    }
    for (const lower of part.toLowerCase()) {
      const folded = SPELLED[lower] ?? lower;
      out += LOOKALIKE[folded] ?? folded;
    }
  }
  return out;
}

const cache = new Map<string, string>();
/** One code point folded (see the file comment); the empty string for marks and invisible characters. */
export function foldChar(ch: string): string {
  let folded = cache.get(ch);
  if (folded === undefined) {
    folded = foldLetter(ch);
    if (cache.size < 20_000) cache.set(ch, folded);
  }
  return folded;
}

/** A folded text and, for each of its UTF-16 units, the original range it came from. */
export interface Folded {
  readonly text: string;
  /** `from[i]`: start, in the original, of the code point folded unit `i` came from. */
  readonly from: readonly number[];
  /** `to[i]`: end, in the original, of that code point (and of marks and invisible characters right after it). */
  readonly to: readonly number[];
}

/** Folds `text` (see the file comment), keeping where each folded unit came from. */
export function fold(text: string): Folded {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  for (const ch of text) {
    const end = index + ch.length;
    const folded = foldChar(ch);
    if (folded === '') {
      // A combining mark belongs to the letter before it; an invisible character (a bidi control) to neither side.
      if (to.length > 0 && /^\p{M}/u.test(ch)) to[to.length - 1] = end;
    } else {
      for (let i = 0; i < folded.length; i += 1) {
        from.push(index);
        to.push(end);
      }
      out += folded;
    }
    index = end;
  }
  return { text: out, from, to };
}

/** `text` folded, without the positions: for comparing values. */
export function foldString(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}

/** The original range of folded units `[start, end)`. */
export function originalRange(folded: Folded, start: number, end: number): readonly [number, number] {
  return [folded.from[start] ?? 0, folded.to[end - 1] ?? folded.from[start] ?? 0];
}
