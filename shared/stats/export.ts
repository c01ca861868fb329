/**
 * Export of published (suppressed) statistics as CSV and JSON. Only `PublishedStatistics` is
 * accepted: raw counts cannot be exported by mistake.
 *
 * Content: codes (vocabulary codes, facility codes, months) and counts; the only text a person
 * typed is a place of origin's name, and only for places with at least 5 admissions (suppress.ts
 * rule 5). Column names are stable machine identifiers, not translated prose: the files are data for
 * monitoring bodies' own tools, like the JSON keys.
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

const FIGURE_HEADER = [...ADMISSION_COUNTS, ...ADMISSION_SHARE_NAMES].map((name) => COLUMN_OF[name]);

/**
 * Serialises published statistics as CSV (see the module comment for the layout). The notes are in
 * `language`; section, field and column names and codes are the format's identifiers, the same in
 * every language, so that one reader parses every export.
 */
export function toCsv(stats: PublishedStatistics, language: Language = defaultLanguage): string {
  const N = catalogs[language].signing.stats.export;
  const sections: string[][] = [];
  sections.push([
    csvRecord(['section', 'about']),
    csvRecord(['field', 'value']),
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
  sections.push([csvRecord(['section', 'summary']), csvRecord(['kind', 'key', ...FIGURE_HEADER]), csvRecord(['total', '', ...figureFields(stats.total)])]);
  for (const breakdown of ['byMonth', 'byFacility', 'byArrivedFromType', 'byArrivedFromPlace'] as const) {
    const rows: readonly PublishedRow<string>[] = stats[breakdown];
    sections.push([
      csvRecord(['section', SECTION_OF[breakdown]]),
      csvRecord(['kind', 'key', ...FIGURE_HEADER]),
      ...rows.map((row) => csvRecord([row.kind, row.key ?? '', ...figureFields(row.figures)])),
      csvRecord(['total', '', ...figureFields(stats.total)]),
    ]);
  }
  const lesions = stats.lesions;
  sections.push([
    csvRecord(['section', 'lesions_by_type_and_consistency']),
    csvRecord(['lesion_type', ...lesions.columns.map((column) => column ?? 'not_graded'), 'total']),
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
