/**
 * The person's identifiers, found in free text in every form they take (issue #19). Pure.
 *
 * `identifiersOfExamination` reads from the record what identifies the person: their names (given,
 * family, aliases), the names of relatives and of others named in it (emergency contact, guardian,
 * persons present, interpreter, requester, witnesses, officers, photographers), identity and prisoner
 * numbers and other references, phone numbers and addresses, the date of birth and the days of what
 * happened to them, the place of birth and nationality. `identifierMatcher` finds them in a text:
 *
 * - names token by token and whole, folded (./fold.ts: case, accents, compatibility forms,
 *   invisible characters, homoglyphs), Cyrillic and Greek names also in Latin letters; a part of a
 *   double name alone ("Brandtvik" of "Brandtvik-Okonkwo"); particles (van, de, al) only inside a
 *   whole name;
 * - numbers with their separators ignored ("RT-5510-233" = "RT 5510 233" = "rt5510233"), and
 *   their digits alone ("5510233"); phone numbers also without the country code;
 * - dates in their written forms (./writtenDates.ts); the date of birth also as month and year, or
 *   day and month;
 * - what the clinician chose to withhold in the review (`terms`).
 *
 * Each such match is `replace`d with the withheld mark, except names that are ordinary words or the
 * report's own words ("Rose", "Hope", "Will"), of one or two letters, or shared with the signing
 * clinician or a kept institution: these are replaced only where the text shows they are the name
 * (after a title, beside another of the names, and for words capitalised inside a sentence), and
 * otherwise `flag`ged for the clinician. The matcher also flags what looks identifying but matched
 * nothing known: capitalised words outside the report's vocabulary, words one letter away from a
 * name, runs of digits, dates, e-mail addresses.
 */
import type { Examination } from '../domain/examination';
import { fold, foldString, originalRange, type Folded } from './fold';
import { NAME_PARTICLES, TITLES } from './lexicon';
import { findWrittenDates, isoDay } from './writtenDates';

type Value = string | null | undefined;

/** A value from the record and where it is (a path such as `identity.familyName`). */
export interface IdentifierSource {
  readonly value: string;
  readonly source: string;
}

/** Whose name: the person's own, or another person's named in the record. */
export type NameRole = 'person' | 'other';

/** What identifies the person, read from the record. */
export interface IdentifierSpec {
  /** Names; `tokensOnlyCapitalised`: a free-text field of names, whose capitalised words only are taken. */
  readonly names: readonly (IdentifierSource & { readonly role: NameRole; readonly tokensOnlyCapitalised?: boolean })[];
  /** Identity, prisoner, reference and phone numbers. */
  readonly numbers: readonly IdentifierSource[];
  /** ISO dates or datetimes; `birth` for the date of birth (also matched as month-year and day-month). */
  readonly dates: readonly (IdentifierSource & { readonly birth: boolean })[];
  /** Addresses, places and other values matched whole. */
  readonly phrases: readonly IdentifierSource[];
}

const present = (value: Value): value is string => value !== null && value !== undefined && value.trim() !== '';

/** The identifying values of an examination record (see the file comment). */
export function identifiersOfExamination(exam: Examination): IdentifierSpec {
  const names: (IdentifierSource & { role: NameRole; tokensOnlyCapitalised?: boolean })[] = [];
  const numbers: IdentifierSource[] = [];
  const dates: (IdentifierSource & { birth: boolean })[] = [];
  const phrases: IdentifierSource[] = [];
  const name = (value: Value, source: string, role: NameRole, tokensOnlyCapitalised = false) => {
    if (present(value)) names.push({ value, source, role, ...(tokensOnlyCapitalised ? { tokensOnlyCapitalised } : {}) });
  };
  const number = (value: Value, source: string) => { if (present(value)) numbers.push({ value, source }); };
  const date = (value: Value, source: string, birth = false) => { if (present(value) && isoDay(value) !== null) dates.push({ value, source, birth }); };
  const phrase = (value: Value, source: string) => { if (present(value)) phrases.push({ value, source }); };
  /** A contact: a phone number when it has enough digits, and the whole value (an address, an e-mail). */
  const contact = (value: Value, source: string) => {
    if (!present(value)) return;
    if ((value.match(/\p{Nd}/gu) ?? []).length >= 6) number(value, source);
    phrase(value, source);
  };

  const id = exam.identity;
  name(id?.givenName, 'identity.givenName', 'person');
  name(id?.familyName, 'identity.familyName', 'person');
  (id?.aliases ?? []).forEach((alias, i) => { name(alias, `identity.aliases.${String(i)}`, 'person'); });
  date(id?.dateOfBirth, 'identity.dateOfBirth', true);
  number(id?.idNumber, 'identity.idNumber');
  name(id?.birthplace, 'identity.birthplace', 'other');
  phrase(id?.birthplace, 'identity.birthplace');
  name(id?.nationality, 'identity.nationality', 'other');
  name(id?.emergencyContact?.name, 'identity.emergencyContact.name', 'other');
  contact(id?.emergencyContact?.contact, 'identity.emergencyContact.contact');
  name(id?.dependentChildren?.arrangements, 'identity.dependentChildren.arrangements', 'other', true);

  const e = exam.encounter;
  name(e?.unit, 'encounter.unit', 'other', true);
  phrase(e?.unit, 'encounter.unit');
  for (const m of e?.unit?.match(/\p{Nd}{2,}/gu) ?? []) number(m, 'encounter.unit');
  name(e?.requester?.name, 'encounter.requester.name', 'other');
  number(e?.requester?.reference, 'encounter.requester.reference');
  date(e?.timing?.arrivalAt, 'encounter.timing.arrivalAt');
  date(e?.timing?.examStartAt, 'encounter.timing.examStartAt');
  date(e?.timing?.examEndAt, 'encounter.timing.examEndAt');

  const p = exam.provenance;
  name(p?.arrestingAuthority?.officers, 'provenance.arrestingAuthority.officers', 'other', true);
  date(p?.arrestAt, 'provenance.arrestAt');
  phrase(p?.arrestPlace, 'provenance.arrestPlace');
  number(p?.commitmentOrder?.reference, 'provenance.commitmentOrder.reference');
  date(p?.commitmentOrder?.issuedOn, 'provenance.commitmentOrder.issuedOn');
  (p?.priorPlacesOfDetention ?? []).forEach((pl, i) => {
    date(pl.from, `provenance.priorPlacesOfDetention.${String(i)}.from`);
    date(pl.to, `provenance.priorPlacesOfDetention.${String(i)}.to`);
  });
  name(p?.escort, 'provenance.escort', 'other', true);

  const s = exam.setting;
  (s?.personsPresent ?? []).forEach((person, i) => { name(person.name, `setting.personsPresent.${String(i)}.name`, 'other'); });
  phrase(s?.locationDetail, 'setting.locationDetail');
  name(exam.interpreter?.name, 'interpreter.name', 'other');

  const consent = exam.consent;
  if (consent) {
    for (const [key, item] of Object.entries(consent)) {
      if (item === null || item === undefined || typeof item !== 'object') continue;
      const it = item as { witness?: Value; decidedAt?: Value; deliveredAt?: Value };
      name(it.witness, `consent.${key}.witness`, 'other');
      date(it.decidedAt, `consent.${key}.decidedAt`);
      date(it.deliveredAt, `consent.${key}.deliveredAt`);
    }
  }

  (exam.account?.episodes ?? []).forEach((ep, i) => {
    const at = `account.episodes.${String(i)}`;
    date(ep.occurredAt, `${at}.occurredAt`);
    date(ep.occurredOn, `${at}.occurredOn`);
    name(ep.witnesses, `${at}.witnesses`, 'other', true);
    name(ep.perpetrators, `${at}.perpetrators`, 'other', true);
    phrase(ep.place, `${at}.place`);
  });

  (exam.findings?.photographs ?? []).forEach((ph, i) => {
    name(ph.takenBy, `findings.photographs.${String(i)}.takenBy`, 'other');
    date(ph.takenAt, `findings.photographs.${String(i)}.takenAt`);
  });
  date(exam.screening?.vitals?.measuredAt, 'screening.vitals.measuredAt');

  const j = exam.juvenile;
  name(j?.guardianName, 'juvenile.guardianName', 'other');
  date(j?.guardianNotifiedAt, 'juvenile.guardianNotifiedAt');

  return { names, numbers, dates, phrases };
}

// ---------------------------------------------------------------------------------------------
// Transliteration: a name recorded in Cyrillic or Greek letters, written in Latin ones

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', ђ: 'dj', џ: 'dz',
};
const GREEK: Readonly<Record<string, string>> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p',
  ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** The Latin spelling of a Cyrillic or Greek word (lower case, accents removed first), or null for another script. */
export function transliterate(word: string): string | null {
  const plain = word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (!/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(plain)) return null;
  let out = '';
  for (const ch of plain) out += CYRILLIC[ch] ?? GREEK[ch] ?? ch;
  return /^[a-z]+$/.test(out) ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Why a passage of text was replaced or flagged. */
export type MatchReason =
  /** Replaced: one of the person's or others' names, a number, a known date, a place or contact, a term the clinician withheld. */
  | 'name'
  | 'number'
  | 'date'
  | 'phrase'
  | 'term'
  /** Flagged, known: a name that is also an ordinary word, of one or two letters, or the clinician's or an institution's; a number too short to replace blindly. */
  | 'ambiguousName'
  | 'shortName'
  | 'sharedName'
  | 'shortNumber'
  /** Flagged, unknown: a capitalised word outside the report's vocabulary, a word one letter from a name, digits, a date, an e-mail address, the year of birth. */
  | 'capitalised'
  | 'nearName'
  | 'digits'
  | 'unknownDate'
  | 'email'
  | 'birthYear';

/** A passage of a text to replace or to show the clinician. Offsets are UTF-16 indices into the original text. */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
  readonly action: 'replace' | 'flag';
  readonly reason: MatchReason;
  /** The record field it comes from, when it matched a known value. */
  readonly source: string | null;
}

export interface MatcherOptions {
  /** Words of the report's vocabulary and ordinary words that can be names (folded): such names are not replaced blindly. */
  readonly vocabulary: ReadonlySet<string>;
  /** Text that must stay whole (the clinician's name, institutions kept in the document): its words are not replaced alone. */
  readonly protectedText?: readonly string[];
  /** More values to withhold (chosen by the clinician in the review): matched like names, whole. */
  readonly terms?: readonly string[];
  /** Languages of the date and title tables (`en`). */
  readonly languages?: readonly string[];
}

export interface ScanOptions {
  /** Also flag what looks identifying but matched nothing known (default true). */
  readonly flags?: boolean;
}

export interface IdentifierMatcher {
  /** Replacements and flags in `text`, in order, not overlapping. */
  scan(text: string, options?: ScanOptions): TextMatch[];
  /** `text` with every replacement made (flags left as they are). */
  redact(text: string, mark: string): string;
}

type NameClass = {
  readonly action: 'replace' | 'flag';
  readonly reason: 'name' | 'ambiguousName' | 'shortName' | 'sharedName';
  readonly source: string;
  /** Taken from the first word of a sentence in a note: replaced after a title only. */
  readonly weak?: boolean;
};

const WORD = /[\p{L}\p{N}]+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
/** Scripts written without spaces between words: a name is found inside a run of letters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/**
 * Between the characters of a number: up to three separators people type (folded text: dashes are
 * all "-"). Listed rather than "not a letter or digit": a Unicode property class repeated between
 * every character makes a regular expression that takes seconds to compile.
 */
const SEP = "[\\s\\-./_:,·()#]{0,3}";
/** Compiled patterns, shared between matchers (the same record gives the same patterns at every render). */
const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (re === undefined) {
    re = new RegExp(source, 'gu');
    if (compiled.size > 2_000) compiled.clear();
    compiled.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether `gap` can stand between `word` and the next word of one name: a space, a hyphen, an apostrophe, or the dot of an initial. */
function nameGap(word: string, gap: string): boolean {
  return /^[\s\-']{1,3}$/u.test(gap) || (Array.from(word).length === 1 && /^\.\s?$/u.test(gap));
}
/** Endings of ordinary English words: such a word opening a sentence is not taken for a name. */
const ORDINARY_ENDING = /(?:ed|ing|ly|tion|sion|ment|ness|ity|ous|ive|ful|less|able|ible|ance|ence|ies|ise|ize|ised|ized|ist|ism|er|ers|est)$/u;
/** Between two replacements in the original text that become one mark. */
const MERGE_GAP = /^[\s\-'’‐‑–]{1,3}$/u;
/** Units after a number that make it a measurement, not an identifier. */
const UNIT_AFTER = /^\s?(?:mm|cm|m|km|mg|mcg|g|kg|ml|l|min|mins|minutes?|s|sec|h|hrs?|hours?|days?|weeks?|months?|years?|yrs?|%|mmhg|bpm|\/min|°c|°|c|x|times|cigarettes|units|iu)(?![\p{L}\p{N}])/u;

/** Damerau–Levenshtein (optimal string alignment) distance, stopping past 1. */
function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j += 1;
  const ra = a.slice(i, a.length - j);
  const rb = b.slice(i, b.length - j);
  if (ra.length <= 1 && rb.length <= 1) return true;
  return ra.length === 2 && rb.length === 2 && ra[0] === rb[1] && ra[1] === rb[0];
}

/** A regular expression matching the folded `value` with any of up to three separators between its characters (numbers). */
function spacedPattern(compact: string): RegExp {
  return regex(Array.from(compact).map(escape).join(SEP));
}

/** A regular expression matching the words of `value` in order, separated by anything but letters and digits. */
function wordsPattern(words: readonly string[]): RegExp {
  return regex(words.map(escape).join("[\\s\\-'.,/()·]{1,5}"));
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * Each match of `re` in `text` that stands alone: not preceded or followed by a letter or digit.
 * (Checked here rather than with look-arounds, whose Unicode classes are slow to compile.)
 */
function* wholeMatches(re: RegExp, text: string): Generator<{ readonly start: number; readonly end: number }> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length > 0 && !WORD_CHAR.test(text[start - 1] ?? '') && !WORD_CHAR.test(text[end] ?? '')) yield { start, end };
    else re.lastIndex = start + 1;
  }
}

interface NumberRule { readonly re: RegExp; readonly action: 'replace' | 'flag'; readonly source: string }
interface PhraseRule { readonly re: RegExp; readonly reason: 'phrase' | 'term'; readonly source: string | null }
interface DateRule { readonly year: number; readonly month: number; readonly day: number; readonly birth: boolean; readonly source: string }

/** Builds the matcher of `spec` (see the file comment). */
export function identifierMatcher(spec: IdentifierSpec, options: MatcherOptions): IdentifierMatcher {
  const vocabulary = options.vocabulary;
  const languages = options.languages ?? ['en'];
  const titles = new Set(languages.flatMap((l) => TITLES[l] ?? []));
  const protectedWords = new Set((options.protectedText ?? []).flatMap((t) => foldString(t).split(NOT_WORD)).filter((w) => w !== ''));

  // Names, by folded word.
  const names = new Map<string, NameClass>();
  const unspaced: { readonly word: string; readonly cls: NameClass }[] = [];
  /** Name words that are replaced wherever they stand (for "one letter away" flags). */
  const strongWords: string[] = [];
  const classify = (word: string, source: string): NameClass => {
    if (protectedWords.has(word)) return { action: 'flag', reason: 'sharedName', source };
    const length = Array.from(word).length;
    if (length <= 1 || (length <= 2 && !UNSPACED.test(word))) return { action: 'flag', reason: 'shortName', source };
    if (vocabulary.has(word)) return { action: 'flag', reason: 'ambiguousName', source };
    return { action: 'replace', reason: 'name', source };
  };
  const addName = (word: string, source: string) => {
    if (word === '' || NAME_PARTICLES.has(word) || /^\p{N}+$/u.test(word)) return;
    const cls = classify(word, source);
    const existing = names.get(word);
    // A word both ambiguous and not (two fields) is treated as the weaker: flagged unless the context says.
    if (existing === undefined || (existing.action === 'replace' && cls.action === 'flag')) names.set(word, cls);
    if (UNSPACED.test(word)) unspaced.push({ word, cls });
  };
  const phraseRules: PhraseRule[] = [];
  const protectedFolded = (options.protectedText ?? []).map((t) => foldString(t).split(NOT_WORD).filter((w) => w !== '').join(' '));
  /** A name of several words the document keeps whole (the clinician's name among the persons present). */
  const isProtected = (words: readonly string[]) => words.length > 1 && protectedFolded.some((t) => ` ${t} `.includes(` ${words.join(' ')} `));
  for (const n of spec.names) {
    if (n.tokensOnlyCapitalised) {
      // Names written in a note ("With his partner, Agnès Dupré"): its capitalised words; the first
      // word of a sentence is as likely an ordinary word, so it is only flagged where it stands.
      for (const m of n.value.matchAll(/[\p{L}\p{N}]+/gu)) {
        if (!/^\p{Lu}/u.test(m[0])) continue;
        const before = n.value.slice(0, m.index).trimEnd();
        const word = foldString(m[0]);
        if (before === '' || /[.!?:;]$/u.test(before)) {
          if (word !== '' && !NAME_PARTICLES.has(word) && !names.has(word) && !vocabulary.has(word)) names.set(word, { action: 'flag', reason: 'ambiguousName', source: n.source, weak: true });
        } else addName(word, n.source);
      }
      continue;
    }
    const folded = foldString(n.value).split(NOT_WORD).filter((w) => w !== '');
    if (isProtected(folded)) continue;
    for (const raw of n.value.split(NOT_WORD)) {
      const word = foldString(raw);
      addName(word, n.source);
      const latin = transliterate(raw);
      if (latin !== null && latin !== word) addName(latin, n.source);
    }
    if (folded.length > 1) phraseRules.push({ re: wordsPattern(folded), reason: 'phrase', source: n.source });
  }
  for (const [word, cls] of names) if (cls.action === 'replace' && Array.from(word).length >= 5) strongWords.push(word);

  for (const ph of spec.phrases) {
    const words = foldString(ph.value).split(NOT_WORD).filter((w) => w !== '');
    // A one-word value that is an ordinary or kept word ("Reception" as a unit) is not replaced everywhere.
    const ordinary = words.length === 1 && (vocabulary.has(words[0] ?? '') || protectedWords.has(words[0] ?? ''));
    if (words.join('').length >= 4 && !ordinary && !isProtected(words)) phraseRules.push({ re: wordsPattern(words), reason: 'phrase', source: ph.source });
  }
  for (const term of options.terms ?? []) {
    const words = foldString(term).split(NOT_WORD).filter((w) => w !== '');
    if (words.length > 0) phraseRules.push({ re: wordsPattern(words), reason: 'term', source: null });
  }

  // Numbers: the whole value with separators ignored; its digits alone; a phone number without its country code.
  const numberRules: NumberRule[] = [];
  const seenNumbers = new Set<string>();
  const addNumber = (compact: string, source: string, allowShort = false) => {
    if (compact === '' || seenNumbers.has(compact)) return;
    seenNumbers.add(compact);
    const short = Array.from(compact).length < 4;
    if (short && !allowShort) return;
    numberRules.push({ re: spacedPattern(compact), action: short ? 'flag' : 'replace', source });
  };
  for (const n of spec.numbers) {
    const compact = foldString(n.value).replace(/[^\p{L}\p{N}]/gu, '');
    addNumber(compact, n.source, true);
    const digits = compact.replace(/\D/g, '');
    if (digits !== compact && digits.length >= 5) addNumber(digits, n.source);
    const unpadded = digits.replace(/^0+/, '');
    if (unpadded.length >= 5) addNumber(unpadded, n.source);
    // A phone number as written at home: without +CC or 00CC, with or without a trunk 0.
    if (digits.length >= 9 && /^\s*(?:\+|00)/.test(n.value)) {
      for (const cc of [1, 2, 3]) {
        const national = digits.slice(cc + (n.value.trim().startsWith('00') ? 2 : 0));
        if (national.length >= 7) {
          addNumber(national, n.source);
          addNumber(`0${national}`, n.source);
        }
      }
    }
  }

  const dateRules: DateRule[] = spec.dates.flatMap((d) => {
    const day = isoDay(d.value);
    return day === null ? [] : [{ ...day, birth: d.birth, source: d.source }];
  });
  const birthYears = new Set(dateRules.filter((d) => d.birth).map((d) => d.year));

  function scan(text: string, scanOptions: ScanOptions = {}): TextMatch[] {
    const flags = scanOptions.flags ?? true;
    if (text === '') return [];
    const f: Folded = fold(text);
    const ft = f.text;
    const found: TextMatch[] = [];
    const at = (start: number, end: number, action: 'replace' | 'flag', reason: MatchReason, source: string | null) => {
      const [s, e] = originalRange(f, start, end);
      if (e > s) found.push({ start: s, end: e, action, reason, source });
    };

    // Words, and the names among them.
    const words: { start: number; end: number; word: string; cls: NameClass | undefined }[] = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(ft); m !== null; m = WORD.exec(ft)) words.push({ start: m.index, end: m.index + m[0].length, word: m[0], cls: names.get(m[0]) });
    const decided: ('replace' | 'flag' | null)[] = words.map((w) => (w.cls === undefined ? null : w.cls.action));
    const gapBefore = (i: number) => {
      const w = words[i];
      const prev = words[i - 1];
      return w === undefined || prev === undefined ? null : ft.slice(prev.end, w.start);
    };
    const capitalisedInSentence = (i: number): boolean => {
      const w = words[i];
      if (w === undefined) return false;
      const [s] = originalRange(f, w.start, w.end);
      if (!/^\p{Lu}/u.test(text.slice(s, s + 2))) return false;
      // Not the first word of a sentence, a line or the text.
      const before = text.slice(Math.max(0, s - 24), s).replace(/[\s"'“”‘’«»([]+$/u, '');
      return (before !== '' || s > 24) && !/[.!?:;•\n]$/u.test(before);
    };
    // A name that is also a word is the name after a title, beside another name, or (three letters or more) capitalised inside a sentence.
    for (let pass = 0; pass < 3; pass += 1) {
      words.forEach((w, i) => {
        if (w.cls === undefined || decided[i] === 'replace') return;
        const prevGap = gapBefore(i);
        const afterTitle = prevGap !== null && /^\.?\s+$/u.test(prevGap) && titles.has(words[i - 1]?.word ?? '');
        const nextGap = gapBefore(i + 1);
        const besideName = (prevGap !== null && nameGap(words[i - 1]?.word ?? '', prevGap) && decided[i - 1] === 'replace' && words[i - 1]?.cls !== undefined) || (nextGap !== null && nameGap(w.word, nextGap) && decided[i + 1] === 'replace' && words[i + 1]?.cls !== undefined);
        const capitalised = w.cls.reason === 'ambiguousName' && capitalisedInSentence(i);
        if (afterTitle || (w.cls.weak !== true && (besideName || capitalised))) decided[i] = 'replace';
      });
    }
    words.forEach((w, i) => {
      const action = decided[i];
      if (w.cls === undefined || action === null) return;
      if (action === 'replace') at(w.start, w.end, 'replace', 'name', w.cls.source);
      else if (flags) at(w.start, w.end, 'flag', w.cls.reason, w.cls.source);
    });
    for (const { word, cls } of unspaced) {
      for (let i = ft.indexOf(word); i >= 0; i = ft.indexOf(word, i + word.length)) at(i, i + word.length, cls.action, cls.action === 'replace' ? 'name' : cls.reason, cls.source);
    }

    for (const rule of phraseRules) for (const m of wholeMatches(rule.re, ft)) at(m.start, m.end, 'replace', rule.reason, rule.source);
    for (const rule of numberRules) {
      for (const m of wholeMatches(rule.re, ft)) {
        if (rule.action === 'replace') at(m.start, m.end, 'replace', 'number', rule.source);
        else if (flags) at(m.start, m.end, 'flag', 'shortNumber', rule.source);
      }
    }

    const dates = findWrittenDates(ft, languages);
    for (const d of dates) {
      const known = dateRules.find((r) =>
        d.readings.some((x) => x.month === r.month && (x.day === null ? r.birth && x.year === r.year : x.day === r.day && (x.year === r.year || (x.year === null && r.birth)))),
      );
      if (known) at(d.start, d.end, 'replace', 'date', known.source);
      else if (flags) at(d.start, d.end, 'flag', 'unknownDate', null);
    }

    if (flags) {
      const inDate = (i: number) => dates.some((d) => i >= d.start && i < d.end);
      // Capitalised words outside the vocabulary, and words one letter away from a name.
      for (const w of words) {
        if (w.cls !== undefined || !/\p{L}/u.test(w.word) || inDate(w.start)) continue;
        const [s] = originalRange(f, w.start, w.end);
        if (!/^\p{Lu}/u.test(text.slice(s, s + 2))) continue;
        if (strongWords.some((name) => Array.from(w.word).length >= 4 && withinOne(w.word, name))) at(w.start, w.end, 'flag', 'nearName', null);
        else if (Array.from(w.word).length >= 2 && !vocabulary.has(w.word) && !protectedWords.has(w.word) && (capitalisedInSentence(words.indexOf(w)) || !ORDINARY_ENDING.test(w.word))) {
          at(w.start, w.end, 'flag', 'capitalised', null);
        }
      }
      // Digit runs (three digits or more, not a measurement, not a plain year), with a letter prefix of their own (AB-123).
      const DIGITS = /(?<!\p{N})\p{N}+(?:[\s\-./]{1,2}\p{N}+)*/gu;
      for (let m = DIGITS.exec(ft); m !== null; m = DIGITS.exec(ft)) {
        const run = m[0];
        const digits = run.replace(/\D/g, '');
        if (digits.length < 3 || inDate(m.index)) continue;
        if (UNIT_AFTER.test(ft.slice(m.index + run.length, m.index + run.length + 12))) continue;
        if (/^\d{4}$/.test(run) && Number(run) >= 1900 && Number(run) <= 2100) {
          if (birthYears.has(Number(run))) at(m.index, m.index + run.length, 'flag', 'birthYear', 'identity.dateOfBirth');
          continue;
        }
        const prefix = /(?:^|[^\p{L}\p{N}])(\p{L}{1,4}-?)$/u.exec(ft.slice(Math.max(0, m.index - 6), m.index));
        at(m.index - (prefix?.[1]?.length ?? 0), m.index + run.length, 'flag', 'digits', null);
      }
      const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[\p{L}\p{N}]+/gu;
      for (let m = EMAIL.exec(ft); m !== null; m = EMAIL.exec(ft)) at(m.index, m.index + m[0].length, 'flag', 'email', null);
    }
    return settle(text, found);
  }

  return {
    scan,
    redact(text, mark) {
      return applyMatches(text, scan(text, { flags: false }), mark);
    },
  };
}

/**
 * Orders matches and removes overlaps: a replacement wins over a flag; overlapping replacements
 * become one; replacements separated only by white space, hyphens or apostrophes become one, so a
 * whole name is one mark.
 */
export function settle(text: string, matches: readonly TextMatch[]): TextMatch[] {
  const replaces = matches.filter((m) => m.action === 'replace').sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextMatch[] = [];
  for (const m of replaces) {
    const last = merged.at(-1);
    if (last !== undefined && (m.start <= last.end || MERGE_GAP.test(text.slice(last.end, m.start)))) {
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, m.end) };
    } else merged.push(m);
  }
  const overlaps = (m: TextMatch, list: readonly TextMatch[]) => list.some((r) => m.start < r.end && r.start < m.end);
  const flags: TextMatch[] = [];
  for (const m of matches.filter((x) => x.action === 'flag').sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (overlaps(m, merged) || overlaps(m, flags)) continue;
    flags.push(m);
  }
  return [...merged, ...flags].sort((a, b) => a.start - b.start);
}

/** `text` with each `replace` match replaced by `mark`. */
export function applyMatches(text: string, matches: readonly TextMatch[], mark: string): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    if (m.action !== 'replace' || m.start < at) continue;
    out += text.slice(at, m.start) + mark;
    at = m.end;
  }
  return out + text.slice(at);
}
