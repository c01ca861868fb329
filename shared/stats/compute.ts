/**
 * Monitoring statistics for a period (issue #7 part 5), computed from `StatFacts` only. These are
 * raw counts: publish them (export, charts shown outside the clinic) only through
 * `suppressStatistics` (suppress.ts), which hides small cells.
 *
 * Admission tables count examinations (persons entering; one person admitted twice counts twice) of
 * the admission encounter types (`ADMISSION_ENCOUNTER_TYPES`). The lesion table counts lesions and
 * also records, for suppression, how many persons contribute to each cell and margin.
 */
import { ARRIVED_FROM_TYPES, CONSISTENCY_LEVELS, LESION_TYPES, type ArrivedFromType, type ConsistencyLevel, type LesionType } from '../domain/vocab';
import { isIsoDate } from '../domain/time';
import { isAdmission, type StatFacts } from './facts';

/** The person counts of an admission table row. */
export interface AdmissionCounts {
  /** Admissions recorded in the period, examined or not. */
  readonly admissions: number;
  /** Admissions examined: the base of the injuries and allegations shares. */
  readonly examined: number;
  /** Examined admissions whose arrival time is known: the base of the within-24-h share. */
  readonly timed: number;
  /** Examined within the limit after arrival (24 h by default). */
  readonly examinedWithin24h: number;
  /** Examined, with at least one lesion documented. */
  readonly injuries: number;
  /** Examined, with an allegation of ill-treatment. */
  readonly allegations: number;
}

/** The counts of an admission table, in column order. */
export const ADMISSION_COUNTS = ['admissions', 'examined', 'timed', 'examinedWithin24h', 'injuries', 'allegations'] as const satisfies readonly (keyof AdmissionCounts)[];
export type AdmissionCount = (typeof ADMISSION_COUNTS)[number];

/** The shares of an admission table: numerator over base. */
export const ADMISSION_SHARES = {
  shareWithin24h: { numerator: 'examinedWithin24h', base: 'timed' },
  shareInjuries: { numerator: 'injuries', base: 'examined' },
  shareAllegations: { numerator: 'allegations', base: 'examined' },
} as const satisfies Record<string, { numerator: AdmissionCount; base: AdmissionCount }>;
export type AdmissionShare = keyof typeof ADMISSION_SHARES;
export const ADMISSION_SHARE_NAMES = Object.keys(ADMISSION_SHARES) as AdmissionShare[];

/** One row of a breakdown; `key` null means "not recorded". */
export interface BreakdownRow<K extends string> {
  readonly key: K | null;
  readonly counts: AdmissionCounts;
}

/** The breakdowns of the admission figures. */
export const BREAKDOWNS = ['byMonth', 'byFacility', 'byArrivedFromType', 'byArrivedFromPlace'] as const;
export type BreakdownName = (typeof BREAKDOWNS)[number];

/** A lesion table cell: lesions counted, and the distinct persons (examinations) they belong to. */
export interface LesionCell {
  readonly lesions: number;
  readonly persons: number;
}

/** Lesions by type (rows) × consistency level (columns), with margins. */
export interface LesionTable {
  /** Every consistency level, weakest first, then null ("not graded"). */
  readonly columns: readonly (ConsistencyLevel | null)[];
  /** Every lesion type in vocabulary order, then null ("type not recorded"). */
  readonly rows: readonly { readonly type: LesionType | null; readonly cells: readonly LesionCell[]; readonly total: LesionCell }[];
  readonly columnTotals: readonly LesionCell[];
  readonly total: LesionCell;
}

/** A period given to the day, both ends included. */
export interface StatPeriod {
  readonly from: string;
  readonly to: string;
}

/** Raw (unsuppressed) statistics for a period. */
export interface Statistics {
  readonly period: StatPeriod;
  readonly total: AdmissionCounts;
  /** Every month of the period, in order, including months with no admission. */
  readonly byMonth: readonly BreakdownRow<string>[];
  /** Facilities that occur, by code; "not recorded" last. */
  readonly byFacility: readonly BreakdownRow<string>[];
  /** Every arrived-from type in vocabulary order, then "not recorded". */
  readonly byArrivedFromType: readonly BreakdownRow<ArrivedFromType>[];
  /** Places that occur, grouped ignoring case; "not recorded" last. */
  readonly byArrivedFromPlace: readonly BreakdownRow<string>[];
  readonly lesions: LesionTable;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Months `YYYY-MM` from the month of `from` to that of `to`, inclusive (RangeError on a bad period). */
export function monthsOf(period: StatPeriod): string[] {
  const from = DATE.exec(period.from);
  const to = DATE.exec(period.to);
  if (from === null || to === null || !isIsoDate(period.from) || !isIsoDate(period.to) || period.from > period.to) {
    throw new RangeError('stats: the period must be two calendar dates YYYY-MM-DD, from ≤ to');
  }
  const months: string[] = [];
  let year = Number(from[1]);
  let month = Number(from[2]);
  const endYear = Number(to[1]);
  const endMonth = Number(to[2]);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

type MutableCounts = { -readonly [K in keyof AdmissionCounts]: number };

function zeroCounts(): MutableCounts {
  return { admissions: 0, examined: 0, timed: 0, examinedWithin24h: 0, injuries: 0, allegations: 0 };
}

function add(counts: MutableCounts, fact: StatFacts): void {
  counts.admissions += 1;
  if (!fact.examined) return;
  counts.examined += 1;
  if (fact.examinedWithin24h !== null) {
    counts.timed += 1;
    if (fact.examinedWithin24h) counts.examinedWithin24h += 1;
  }
  if (fact.injuriesDocumented) counts.injuries += 1;
  if (fact.allegation) counts.allegations += 1;
}

/** Counts per key, created on first use. */
class Tally {
  readonly map = new Map<string | null, MutableCounts>();
  at(key: string | null): MutableCounts {
    let counts = this.map.get(key);
    if (counts === undefined) {
      counts = zeroCounts();
      this.map.set(key, counts);
    }
    return counts;
  }
  get(key: string | null): AdmissionCounts {
    return this.map.get(key) ?? zeroCounts();
  }
}

/** Code-unit order: the same on every machine and locale (unlike `localeCompare`). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows for the keys that occur, sorted, "not recorded" last. */
function occurringRows(tally: Tally): BreakdownRow<string>[] {
  const keys = [...tally.map.keys()].filter((key): key is string => key !== null).sort(byCodeUnits);
  const rows: BreakdownRow<string>[] = keys.map((key) => ({ key, counts: tally.get(key) }));
  if (tally.map.has(null)) rows.push({ key: null, counts: tally.get(null) });
  return rows;
}

/** Rows for every key of a vocabulary, in its order, then "not recorded". */
function vocabularyRows<K extends string>(keys: readonly K[], tally: Tally): BreakdownRow<K>[] {
  return [...keys.map((key) => ({ key, counts: tally.get(key) })), { key: null, counts: tally.get(null) }];
}

/** Place groups: case-insensitive; each shown under its most frequent spelling (ties: code-unit order). */
class PlaceTally {
  readonly tally = new Tally();
  readonly spellings = new Map<string, Map<string, number>>();
  at(place: string | null): MutableCounts {
    if (place === null) return this.tally.at(null);
    const group = place.toLowerCase();
    let spellings = this.spellings.get(group);
    if (spellings === undefined) {
      spellings = new Map();
      this.spellings.set(group, spellings);
    }
    spellings.set(place, (spellings.get(place) ?? 0) + 1);
    return this.tally.at(group);
  }
  rows(): BreakdownRow<string>[] {
    return occurringRows(this.tally).map((row) => {
      if (row.key === null) return row;
      let best: [string, number] = ['', -1];
      for (const [spelling, count] of this.spellings.get(row.key) ?? []) {
        if (count > best[1] || (count === best[1] && spelling < best[0])) best = [spelling, count];
      }
      return { key: best[0], counts: row.counts };
    });
  }
}

/** Lesion counting with distinct persons per cell, row, column and overall. */
class LesionTally {
  readonly columns: readonly (ConsistencyLevel | null)[] = [...CONSISTENCY_LEVELS, null];
  readonly rowKeys: readonly (LesionType | null)[] = [...LESION_TYPES, null];
  private readonly rowIndex = new Map<LesionType | null, number>(this.rowKeys.map((key, index) => [key, index]));
  private readonly columnIndex = new Map<ConsistencyLevel | null, number>(this.columns.map((key, index) => [key, index]));
  private readonly width = this.columns.length;
  readonly cellLesions = new Int32Array(this.rowKeys.length * this.width);
  readonly cellPersons = new Int32Array(this.rowKeys.length * this.width);
  readonly rowLesions = new Int32Array(this.rowKeys.length);
  readonly rowPersons = new Int32Array(this.rowKeys.length);
  readonly columnLesions = new Int32Array(this.width);
  readonly columnPersons = new Int32Array(this.width);
  lesions = 0;
  persons = 0;
  // Scratch marks of the current person, reset after each person.
  private readonly seenCell = new Uint8Array(this.rowKeys.length * this.width);
  private readonly seenRow = new Uint8Array(this.rowKeys.length);
  private readonly seenColumn = new Uint8Array(this.width);

  add(fact: StatFacts): void {
    if (fact.lesions.length === 0) return;
    const touched: number[] = [];
    for (const lesion of fact.lesions) {
      const row = this.rowIndex.get(lesion.type) ?? this.rowKeys.length - 1;
      const column = this.columnIndex.get(lesion.consistency) ?? this.width - 1;
      const cell = row * this.width + column;
      this.cellLesions[cell] = (this.cellLesions[cell] ?? 0) + 1;
      this.rowLesions[row] = (this.rowLesions[row] ?? 0) + 1;
      this.columnLesions[column] = (this.columnLesions[column] ?? 0) + 1;
      this.lesions += 1;
      if (this.seenCell[cell] === 0) {
        this.seenCell[cell] = 1;
        this.cellPersons[cell] = (this.cellPersons[cell] ?? 0) + 1;
        touched.push(cell);
      }
      if (this.seenRow[row] === 0) {
        this.seenRow[row] = 1;
        this.rowPersons[row] = (this.rowPersons[row] ?? 0) + 1;
      }
      if (this.seenColumn[column] === 0) {
        this.seenColumn[column] = 1;
        this.columnPersons[column] = (this.columnPersons[column] ?? 0) + 1;
      }
    }
    this.persons += 1;
    for (const cell of touched) {
      this.seenCell[cell] = 0;
      this.seenRow[Math.floor(cell / this.width)] = 0;
      this.seenColumn[cell % this.width] = 0;
    }
  }

  table(): LesionTable {
    const at = (lesions: Int32Array, persons: Int32Array, index: number): LesionCell => ({ lesions: lesions[index] ?? 0, persons: persons[index] ?? 0 });
    return {
      columns: this.columns,
      rows: this.rowKeys.map((type, row) => ({
        type,
        cells: this.columns.map((_, column) => at(this.cellLesions, this.cellPersons, row * this.width + column)),
        total: at(this.rowLesions, this.rowPersons, row),
      })),
      columnTotals: this.columns.map((_, column) => at(this.columnLesions, this.columnPersons, column)),
      total: { lesions: this.lesions, persons: this.persons },
    };
  }
}

/**
 * Computes the raw statistics of the admissions whose date (`StatFacts.date`) lies in the period,
 * both ends included. Lesions are those of the examined admissions. Throws a RangeError when the
 * period is not two valid dates in order (a programming error: the screen parses the period first).
 */
export function computeStatistics(facts: Iterable<StatFacts>, period: StatPeriod): Statistics {
  const months = monthsOf(period);
  const total = zeroCounts();
  const byMonth = new Tally();
  const byFacility = new Tally();
  const byType = new Tally();
  const byPlace = new PlaceTally();
  const lesions = new LesionTally();
  for (const fact of facts) {
    if (fact.date < period.from || fact.date > period.to || !isAdmission(fact.encounterType)) continue;
    add(total, fact);
    // From the date, not `fact.month`, so a month always lies in the period and the rows add up to the total.
    add(byMonth.at(fact.date.slice(0, 7)), fact);
    add(byFacility.at(fact.facilityCode), fact);
    add(byType.at(fact.arrivedFromType), fact);
    add(byPlace.at(fact.arrivedFromPlace), fact);
    if (fact.examined) lesions.add(fact);
  }
  return {
    period: { from: period.from, to: period.to },
    total,
    byMonth: months.map((month) => ({ key: month, counts: byMonth.get(month) })),
    byFacility: occurringRows(byFacility),
    byArrivedFromType: vocabularyRows(ARRIVED_FROM_TYPES, byType),
    byArrivedFromPlace: byPlace.rows(),
    lesions: lesions.table(),
  };
}
