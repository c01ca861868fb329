/**
 * Export of published (suppressed) statistics as CSV and JSON. Only `PublishedStatistics` is
 * accepted: raw counts cannot be exported by mistake.
 *
 * Content: codes (vocabulary codes, facility codes, months) and counts; the only text a person
 * typed is a place of origin's name, and only for places with at least 5 admissions (suppress.ts
 * rule 5). The CSV's header records (section titles and column names) are in the chosen language by
 * default, for a person opening it in a spreadsheet; `header: 'ids'` writes the format's stable
 * identifiers instead, for monitoring bodies' own tools. The data cells (codes, months, counts) and
 * the JSON keys are identifiers in every language.
 *
 * CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break,
 * quotes doubled): one section per table, each a `section,<name>` record, a header record and the
 * data records, sections separated by an empty line. A hidden cell is written `[c]`
 * ("confidential", the UK Government Statistical Service marker), the same for primary and secondary
 * suppression, so a reader cannot tell which hidden cells are the small ones; `<5` would be untrue
 * for secondary cells. A share whose base is 0 is empty. Any field beginning with `=`, `+`, `-`,
 * `@`, tab or carriage return gets a leading `'` so a spreadsheet never runs it as a formula.
 *
 * JSON: fixed key order; a hidden count is `{ "value": null, "suppressed": true }`.
 */
import { catalogs, defaultLanguage, type Language } from '../i18n';
import { fmt } from '../report/format';
import { ADMISSION_COUNTS, ADMISSION_SHARE_NAMES, type AdmissionCount, type AdmissionShare } from './compute';
import type { PublishedCount, PublishedFigures, PublishedRow, PublishedShare, PublishedStatistics } from './suppress';
import { z } from 'zod';
import { ArrivedFromType, ConsistencyLevel, LesionType } from '../domain/vocab';

/** Written in CSV in place of a hidden value. */
export const SUPPRESSED_MARKER = '[c]';
/** Identifies the export format; raise the version when its shape changes. */
export const STATISTICS_FORMAT = 'attest-statistics';
export const STATISTICS_FORMAT_VERSION = 1;

const COLUMN_OF: Record<AdmissionCount | AdmissionShare, string> = {
  admissions: 'admissions',
  examined: 'examined',
  timed: 'examined_with_arrival_time',
  examinedWithin24h: 'examined_within_24h',
  injuries: 'injuries_documented',
  allegations: 'allegations',
  shareWithin24h: 'share_within_24h_pct',
  shareInjuries: 'share_injuries_pct',
  shareAllegations: 'share_allegations_pct',
};

const SECTION_OF = {
  byMonth: 'by_month',
  byFacility: 'by_facility',
  byArrivedFromType: 'by_arrived_from_type',
  byArrivedFromPlace: 'by_arrived_from_place',
} as const;

/** One CSV field: formula-neutralised, then quoted when RFC 4180 requires it. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

function countText(count: PublishedCount): string {
  return count.suppressed ? SUPPRESSED_MARKER : String(count.value);
}

function shareText(share: PublishedShare): string {
  if (share.suppressed) return SUPPRESSED_MARKER;
  return share.percent === null ? '' : share.percent.toFixed(1);
}

function figureFields(figures: PublishedFigures): string[] {
  return [...ADMISSION_COUNTS.map((name) => countText(figures[name])), ...ADMISSION_SHARE_NAMES.map((name) => shareText(figures[name]))];
}

/** How the CSV names its sections and columns: in the export's language, or by the format's identifiers. */
export const CSV_HEADERS = ['language', 'ids'] as const;
export type CsvHeader = (typeof CSV_HEADERS)[number];

/** The header words of the CSV: identifiers, or the catalog's words in `language`. */
function headerWords(language: Language, header: CsvHeader) {
  const S = catalogs[language].signing.stats;
  const H = S.export.header;
  const V = catalogs[language].domain.vocab;
  const ids = header === 'ids';
  const column = (name: AdmissionCount | AdmissionShare): string => (ids ? COLUMN_OF[name] : name in S.count ? S.count[name as AdmissionCount] : S.share[name as AdmissionShare]);
  return {
    section: ids ? 'section' : H.section,
    about: ids ? 'about' : H.about,
    summary: ids ? 'summary' : S.total,
    field: ids ? 'field' : H.field,
    value: ids ? 'value' : H.value,
    kind: ids ? 'kind' : H.kind,
    key: ids ? 'key' : H.key,
    figures: [...ADMISSION_COUNTS, ...ADMISSION_SHARE_NAMES].map(column),
    breakdown: (name: keyof typeof SECTION_OF): string => (ids ? SECTION_OF[name] : S[name]),
    lesions: ids ? 'lesions_by_type_and_consistency' : S.lesions,
    lesionType: ids ? 'lesion_type' : S.lesionType,
    level: (level: ConsistencyLevel | null): string => (level === null ? (ids ? 'not_graded' : S.noConsistency) : ids ? level : V.consistency[level]),
    total: ids ? 'total' : S.rowTotal,
  };
}

/**
 * Serialises published statistics as CSV (see the module comment for the layout). The notes are in
 * `language`, and so are the section titles and column names unless `header` is `'ids'`; the data
 * cells (`kind` values, keys, months, codes, counts) are the format's identifiers in every language.
 */
export function toCsv(stats: PublishedStatistics, language: Language = defaultLanguage, header: CsvHeader = 'language'): string {
  const N = catalogs[language].signing.stats.export;
  const W = headerWords(language, header);
  const sections: string[][] = [];
  sections.push([
    csvRecord([W.section, W.about]),
    csvRecord([W.field, W.value]),
    csvRecord(['format', STATISTICS_FORMAT]),
    csvRecord(['version', String(STATISTICS_FORMAT_VERSION)]),
    csvRecord(['period_from', stats.period.from]),
    csvRecord(['period_to', stats.period.to]),
    csvRecord(['min_persons', String(stats.minPersons)]),
    csvRecord(['suppressed_marker', SUPPRESSED_MARKER]),
    csvRecord(['note', fmt(N.noteSuppressed, { marker: SUPPRESSED_MARKER, minPersons: String(stats.minPersons) })]),
    csvRecord(['note', N.noteAdmissions]),
    csvRecord(['note', N.noteKinds]),
    csvRecord(['note', N.noteLesions]),
  ]);
  sections.push([csvRecord([W.section, W.summary]), csvRecord([W.kind, W.key, ...W.figures]), csvRecord(['total', '', ...figureFields(stats.total)])]);
  for (const breakdown of ['byMonth', 'byFacility', 'byArrivedFromType', 'byArrivedFromPlace'] as const) {
    const rows: readonly PublishedRow<string>[] = stats[breakdown];
    sections.push([
      csvRecord([W.section, W.breakdown(breakdown)]),
      csvRecord([W.kind, W.key, ...W.figures]),
      ...rows.map((row) => csvRecord([row.kind, row.key ?? '', ...figureFields(row.figures)])),
      csvRecord(['total', '', ...figureFields(stats.total)]),
    ]);
  }
  const lesions = stats.lesions;
  sections.push([
    csvRecord([W.section, W.lesions]),
    csvRecord([W.lesionType, ...lesions.columns.map(W.level), W.total]),
    ...lesions.rows.map((row) => csvRecord([row.type ?? 'not_recorded', ...row.cells.map(countText), countText(row.total)])),
    csvRecord(['total', ...lesions.columnTotals.map(countText), countText(lesions.total)]),
  ]);
  return sections.map((lines) => lines.map((line) => `${line}\r\n`).join('')).join('\r\n');
}

function countJson(count: PublishedCount): { value: number | null; suppressed: boolean } {
  return { value: count.value, suppressed: count.suppressed };
}

function figuresJson(figures: PublishedFigures): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of ADMISSION_COUNTS) out[name] = countJson(figures[name]);
  for (const name of ADMISSION_SHARE_NAMES) out[name] = { percent: figures[name].percent, suppressed: figures[name].suppressed };
  return out;
}

/** Serialises published statistics as JSON with a fixed key order (2-space indent, final newline). */
export function toJson(stats: PublishedStatistics): string {
  const rows = (list: readonly PublishedRow<string>[]): unknown[] => list.map((row) => ({ kind: row.kind, key: row.key, ...figuresJson(row.figures) }));
  const document = {
    format: STATISTICS_FORMAT,
    version: STATISTICS_FORMAT_VERSION,
    period: { from: stats.period.from, to: stats.period.to },
    suppression: { minPersons: stats.minPersons, zeroShown: true, secondary: true, smallPlacesPooled: true },
    total: figuresJson(stats.total),
    byMonth: rows(stats.byMonth),
    byFacility: rows(stats.byFacility),
    byArrivedFromType: rows(stats.byArrivedFromType),
    byArrivedFromPlace: rows(stats.byArrivedFromPlace),
    lesions: {
      // What each cell counts, stated as on screen and in the CSV: lesions (persons decide only what is hidden).
      unit: 'lesions',
      columns: [...stats.lesions.columns],
      rows: stats.lesions.rows.map((row) => ({ type: row.type, cells: row.cells.map(countJson), total: countJson(row.total) })),
      columnTotals: stats.lesions.columnTotals.map(countJson),
      total: countJson(stats.lesions.total),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const CountJson = z.union([z.strictObject({ value: z.number().int().nonnegative(), suppressed: z.literal(false) }), z.strictObject({ value: z.null(), suppressed: z.literal(true) })]);
const ShareJson = z.strictObject({ percent: z.number().min(0).max(100).nullable(), suppressed: z.boolean() });
const FiguresJson = z.strictObject({
  ...(Object.fromEntries(ADMISSION_COUNTS.map((name) => [name, CountJson])) as Record<AdmissionCount, typeof CountJson>),
  ...(Object.fromEntries(ADMISSION_SHARE_NAMES.map((name) => [name, ShareJson])) as Record<AdmissionShare, typeof ShareJson>),
});
const RowJson = <T extends string>(key: z.ZodType<T>) =>
  z.looseObject({ kind: z.enum(['value', 'not_recorded', 'other_places']), key: key.nullable() }).transform((row, ctx) => {
    const { kind, key: value, ...rest } = row;
    const figures = FiguresJson.safeParse(rest);
    if (!figures.success) {
      for (const issue of figures.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { kind, key: value, figures: figures.data };
  });
const MONTH = z.string().regex(/^\d{4}-\d{2}$/);
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The JSON export as `toJson` writes it, read back (for `attest stats`, which writes its CSV). */
export const StatisticsJson = z.strictObject({
  format: z.literal(STATISTICS_FORMAT),
  version: z.literal(STATISTICS_FORMAT_VERSION),
  period: z.strictObject({ from: DAY, to: DAY }),
  suppression: z.looseObject({ minPersons: z.number().int().positive() }),
  total: FiguresJson,
  byMonth: z.array(RowJson(MONTH)),
  byFacility: z.array(RowJson(z.string())),
  byArrivedFromType: z.array(RowJson(ArrivedFromType)),
  byArrivedFromPlace: z.array(RowJson(z.string())),
  lesions: z.strictObject({
    unit: z.literal('lesions'),
    columns: z.array(ConsistencyLevel.nullable()),
    rows: z.array(z.strictObject({ type: LesionType.nullable(), cells: z.array(CountJson), total: CountJson })),
    columnTotals: z.array(CountJson),
    total: CountJson,
  }),
});

/** Published statistics from a parsed JSON export, or zod's issues (path and message) when it is not one. */
export function statisticsFromValue(json: unknown): { readonly ok: true; readonly stats: PublishedStatistics } | { readonly ok: false; readonly issues: readonly { readonly path: string; readonly message: string }[] } {
  const parsed = StatisticsJson.safeParse(json);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  const data = parsed.data;
  return {
    ok: true,
    stats: {
      period: data.period,
      minPersons: data.suppression.minPersons,
      total: data.total,
      byMonth: data.byMonth,
      byFacility: data.byFacility,
      byArrivedFromType: data.byArrivedFromType,
      byArrivedFromPlace: data.byArrivedFromPlace,
      lesions: data.lesions,
    },
  };
}

/** Published statistics from the text of a JSON export, or the problems (field paths). */
export function fromJson(text: string): { readonly ok: true; readonly stats: PublishedStatistics } | { readonly ok: false; readonly problems: readonly string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['(JSON)'] };
  }
  const read = statisticsFromValue(json);
  return read.ok ? read : { ok: false, problems: read.issues.map((issue) => issue.path) };
}
