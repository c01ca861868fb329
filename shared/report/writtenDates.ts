/**
 * Dates as people write them in free text (issue #19), found in folded text (./fold.ts: lower case,
 * no accents, ASCII digits): ISO (1991-02-14, 1991/2/14, 19910214), numeric day-month-year and
 * month-day-year with two- or four-digit years (14/02/1991, 14.2.91, 02/14/91, 14021991), and with
 * month names (14 February 1991, 14th of Feb. 1991, February 14, 1991, 14-Feb-91, February 1991,
 * 14 February). A numeric date is ambiguous; each reading is kept, and a two-digit year is read in
 * both centuries, so a caller asks "could this be that day?".
 *
 * Month names, ordinal suffixes and the word between a day and its month come from a table per
 * language (`DATE_LANGUAGES`): English now; the languages issue (#15) adds French, Spanish, Russian,
 * Arabic and Chinese rows (written folded: lower case, no accents), and a pattern of their own where
 * the order differs (Chinese 1991年2月14日).
 */

/** What one language writes around dates. Every string folded (lower case, no accents). */
export interface DateLanguage {
  /** For each month, January first: its names and abbreviations (a trailing dot is allowed after any). */
  readonly months: readonly (readonly string[])[];
  /** Suffixes written after a day number (1st, 2nd…). */
  readonly ordinals: readonly string[];
  /** Words written between a day and its month ("14th of February"). */
  readonly connectors: readonly string[];
}

export const DATE_LANGUAGES: Readonly<Record<string, DateLanguage>> = {
  en: {
    months: [
      ['january', 'jan'],
      ['february', 'feb', 'febr'],
      ['march', 'mar'],
      ['april', 'apr'],
      ['may'],
      ['june', 'jun'],
      ['july', 'jul'],
      ['august', 'aug'],
      ['september', 'sept', 'sep'],
      ['october', 'oct'],
      ['november', 'nov'],
      ['december', 'dec'],
    ],
    ordinals: ['st', 'nd', 'rd', 'th'],
    connectors: ['of', 'the'],
  },
};

/** One possible reading of a written date; `day` or `year` null when it was not written. */
export interface DateReading {
  readonly year: number | null;
  readonly month: number;
  readonly day: number | null;
}

/** A date found in folded text: where, and what it could mean. */
export interface WrittenDate {
  readonly start: number;
  readonly end: number;
  readonly readings: readonly DateReading[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function years(written: string): (number | null)[] {
  if (written === '') return [null];
  const digits = written.replace(/^'/, '');
  const n = Number(digits);
  if (digits.length === 4) return [n];
  // A two-digit year, read in both centuries.
  return [1900 + n, 2000 + n];
}

function valid(r: DateReading): boolean {
  if (r.month < 1 || r.month > 12) return false;
  if (r.day !== null && (r.day < 1 || r.day > 31)) return false;
  if (r.year !== null && (r.year < 1850 || r.year > 2150)) return false;
  return true;
}

interface Compiled {
  readonly patterns: readonly { readonly re: RegExp; readonly read: (m: RegExpExecArray) => DateReading[] }[];
}

const compiledCache = new Map<string, Compiled>();

function compile(languages: readonly string[]): Compiled {
  const key = languages.join(',');
  const cached = compiledCache.get(key);
  if (cached) return cached;
  const monthOf = new Map<string, number>();
  const ordinals = new Set<string>();
  const connectors = new Set<string>();
  for (const code of languages) {
    const lang = DATE_LANGUAGES[code];
    if (!lang) continue;
    lang.months.forEach((names, index) => { for (const name of names) monthOf.set(name, index + 1); });
    for (const o of lang.ordinals) ordinals.add(o);
    for (const c of lang.connectors) connectors.add(c);
  }
  const names = [...monthOf.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const ord = ordinals.size === 0 ? '' : `(?:${[...ordinals].map(escape).join('|')})?`;
  const conn = connectors.size === 0 ? '' : `(?:(?:${[...connectors].map(escape).join('|')})\\s+)*`;
  const B = '(?<![\\p{L}\\p{N}])';
  const E = '(?![\\p{L}\\p{N}])';
  const S = '\\s*[-/.]\\s*';
  const month = (m: string | undefined) => monthOf.get((m ?? '').replace(/\.$/, '')) ?? 0;
  const num = (s: string | undefined) => Number(s ?? 'NaN');
  const patterns: Compiled['patterns'][number][] = [
    // 1991-02-14, 1991/2/14, 1991.02.14
    { re: new RegExp(`${B}(\\d{4})\\s*([-/.])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{1,2})${E}`, 'gu'), read: (m) => [{ year: num(m[1]), month: num(m[3]), day: num(m[4]) }] },
    // 14/02/1991, 14.2.91, 02/14/91, 14-02-91: day-month and month-day
    {
      re: new RegExp(`${B}(\\d{1,2})\\s*([-/.])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{4}|\\d{2})${E}`, 'gu'),
      read: (m) => years(m[4] ?? '').flatMap((year) => [{ year, month: num(m[3]), day: num(m[1]) }, { year, month: num(m[1]), day: num(m[3]) }]),
    },
    // 19910214, 14021991, 02141991
    {
      re: new RegExp(`${B}(\\d{8})${E}`, 'gu'),
      read: (m) => {
        const s = m[1] ?? '';
        return [
          { year: num(s.slice(0, 4)), month: num(s.slice(4, 6)), day: num(s.slice(6, 8)) },
          { year: num(s.slice(4, 8)), month: num(s.slice(2, 4)), day: num(s.slice(0, 2)) },
          { year: num(s.slice(4, 8)), month: num(s.slice(0, 2)), day: num(s.slice(2, 4)) },
        ];
      },
    },
    // 140291 (a six-digit day-month-year or month-day-year)
    {
      re: new RegExp(`${B}(\\d{6})${E}`, 'gu'),
      read: (m) => {
        const s = m[1] ?? '';
        return years(s.slice(4, 6)).flatMap((year) => [
          { year, month: num(s.slice(2, 4)), day: num(s.slice(0, 2)) },
          { year, month: num(s.slice(0, 2)), day: num(s.slice(2, 4)) },
        ]);
      },
    },
  ];
  if (names !== '') {
    patterns.push(
      // 14 February 1991, 14th of Feb. 1991, 14-Feb-91, 14 February
      {
        re: new RegExp(`${B}(\\d{1,2})${ord}(?:${S}|\\s+|\\s*,\\s*)${conn}(${names})\\.?(?:(?:${S}|\\s*,\\s*|\\s+)('?\\d{4}|'?\\d{2}))?${E}`, 'gu'),
        read: (m) => years(m[3] ?? '').map((year) => ({ year, month: month(m[2]), day: num(m[1]) })),
      },
      // February 14, 1991; Feb 14th 91; February 14
      {
        re: new RegExp(`${B}(${names})\\.?(?:${S}|\\s+)(\\d{1,2})${ord}(?:\\s*,\\s*|\\s+|${S})('?\\d{4}|'?\\d{2})${E}`, 'gu'),
        read: (m) => years(m[3] ?? '').map((year) => ({ year, month: month(m[1]), day: num(m[2]) })),
      },
      { re: new RegExp(`${B}(${names})\\.?\\s+(\\d{1,2})${ord}${E}`, 'gu'), read: (m) => [{ year: null, month: month(m[1]), day: num(m[2]) }] },
      // February 1991, Feb. 1991, Feb-1991
      { re: new RegExp(`${B}(${names})\\.?(?:\\s*,\\s*|\\s+|${S})(\\d{4})${E}`, 'gu'), read: (m) => [{ year: num(m[2]), month: month(m[1]), day: null }] },
    );
  }
  const result = { patterns };
  compiledCache.set(key, result);
  return result;
}

/**
 * Every date written in `folded` (text already folded), with its possible readings; where two
 * forms overlap, the longer is kept. `languages` chooses the month-name tables.
 */
export function findWrittenDates(folded: string, languages: readonly string[] = ['en']): WrittenDate[] {
  const found: WrittenDate[] = [];
  for (const { re, read } of compile(languages).patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
      const readings = read(m).filter(valid);
      if (readings.length > 0) found.push({ start: m.index, end: m.index + m[0].length, readings });
      if (m[0].length === 0) re.lastIndex += 1;
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: WrittenDate[] = [];
  for (const date of found) {
    const last = kept.at(-1);
    if (last !== undefined && date.start < last.end) {
      // Overlapping forms: keep the wider span, with the readings of both.
      kept[kept.length - 1] = { start: last.start, end: Math.max(last.end, date.end), readings: [...last.readings, ...date.readings] };
    } else kept.push(date);
  }
  return kept;
}

/** Year, month and day of an ISO date or datetime (`1991-02-14…`), or null. */
export function isoDay(value: string | null | undefined): { readonly year: number; readonly month: number; readonly day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (m === null) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}
