/**
 * Small-cell suppression (issue #7 part 5): no published figure may count fewer than 5 persons, and
 * no hidden figure may be recoverable from the figures that are published.
 *
 * Rules, in order:
 * 1. **Primary.** A cell that counts 1–4 persons is hidden. Zero is shown: it describes no one, and
 *    hiding zeros would only tell a reader that every hidden cell is not zero. (For the lesion table
 *    the cell's value is a number of lesions; what decides is the number of persons contributing.)
 * 2. **Secondary.** A table is a set of additive equations (a total and its parts: the rows of a
 *    1-D table and their total; each row, each column and the margins of a 2-D table). An equation
 *    with exactly one hidden member would give it away by subtraction, so another member is hidden
 *    too: the smallest non-zero part, else the total, else a zero part. Repeated until stable.
 * 3. **Audit.** "Two hidden per line" is not enough in every 2-D pattern (a hidden cell can still be
 *    fixed by a combination of rows and columns). So the published system is solved exactly
 *    (Gaussian elimination over the hidden cells); any hidden cell it determines gets a further cell
 *    hidden in one of its equations, and steps 2–3 repeat until no hidden cell is determined.
 * 4. **Shares.** A share is hidden when its numerator or its base is.
 * 5. **Places.** Places of origin with fewer than 5 admissions are pooled into one "other places" row
 *    before suppression, so a rarely typed name (free text, possibly mistyped) is never published.
 *
 * Not covered: bounds from non-negativity (a reader knows a hidden cell is between 0 and the sum of
 * its line's hidden cells); complements of two published counts of one row, which are not cells of
 * any table (admissions − examined, examined − injuries); and differences between overlapping
 * periods exported separately. Everything is pure
 * and deterministic: ties are broken by position.
 */
import {
  ADMISSION_COUNTS,
  ADMISSION_SHARES,
  ADMISSION_SHARE_NAMES,
  BREAKDOWNS,
  type AdmissionCount,
  type AdmissionCounts,
  type AdmissionShare,
  type BreakdownName,
  type BreakdownRow,
  type LesionTable,
  type StatPeriod,
  type Statistics,
} from './compute';
import type { ArrivedFromType, ConsistencyLevel, LesionType } from '../domain/vocab';

/** The smallest number of persons a published non-zero cell may count. */
export const MIN_PERSONS = 5;

/** `total = sum(parts)`, by cell index. */
export interface Equation {
  readonly total: number;
  readonly parts: readonly number[];
}

/** Cells with their published values, the persons each counts, and the equations that bind them. */
export interface CellSystem {
  readonly values: readonly number[];
  readonly persons: readonly number[];
  readonly equations: readonly Equation[];
}

/** Why a cell is hidden; null when published. */
export type Suppression = 'primary' | 'secondary' | null;

/** Whether a count of persons must be hidden on its own (1–4). */
export function isSmall(persons: number): boolean {
  return persons > 0 && persons < MIN_PERSONS;
}

const EPSILON = 1e-9;

/**
 * The hidden cells whose value the published figures determine exactly: reduces the equations,
 * restricted to the hidden cells, to row echelon form; a hidden cell is determined when its pivot
 * row has no other unknown. Returns cell indices in increasing order.
 */
export function determinedCells(system: Pick<CellSystem, 'equations'>, hidden: readonly boolean[]): number[] {
  const unknowns: number[] = [];
  const column = new Map<number, number>();
  hidden.forEach((isHidden, index) => {
    if (isHidden) {
      column.set(index, unknowns.length);
      unknowns.push(index);
    }
  });
  const n = unknowns.length;
  if (n === 0) return [];
  const rows: Float64Array[] = [];
  for (const equation of system.equations) {
    const row = new Float64Array(n);
    let involved = 0;
    for (const [cell, coefficient] of [[equation.total, -1], ...equation.parts.map((part) => [part, 1] as const)] as const) {
      const at = column.get(cell);
      if (at === undefined) continue;
      row[at] = (row[at] ?? 0) + coefficient;
      involved += 1;
    }
    if (involved > 0) rows.push(row);
  }
  const pivotRowOf = new Int32Array(n).fill(-1);
  let rank = 0;
  for (let c = 0; c < n && rank < rows.length; c += 1) {
    let best = -1;
    let bestAbs = EPSILON;
    for (let r = rank; r < rows.length; r += 1) {
      const abs = Math.abs(rows[r]?.[c] ?? 0);
      if (abs > bestAbs) {
        best = r;
        bestAbs = abs;
      }
    }
    if (best < 0) continue;
    const pivot = rows[best] as Float64Array; // best is a valid row index found above
    rows[best] = rows[rank] as Float64Array;
    rows[rank] = pivot;
    const scale = pivot[c] ?? 1;
    for (let k = 0; k < n; k += 1) pivot[k] = (pivot[k] ?? 0) / scale;
    for (let r = 0; r < rows.length; r += 1) {
      const row = rows[r];
      if (r === rank || row === undefined) continue;
      const factor = row[c] ?? 0;
      if (Math.abs(factor) <= EPSILON) continue;
      for (let k = 0; k < n; k += 1) row[k] = (row[k] ?? 0) - factor * (pivot[k] ?? 0);
    }
    pivotRowOf[c] = rank;
    rank += 1;
  }
  const determined: number[] = [];
  for (let c = 0; c < n; c += 1) {
    const r = pivotRowOf[c] ?? -1;
    const row = rows[r];
    if (r < 0 || row === undefined) continue;
    let alone = true;
    for (let k = 0; k < n && alone; k += 1) if (k !== c && Math.abs(row[k] ?? 0) > EPSILON) alone = false;
    const cell = unknowns[c];
    if (alone && cell !== undefined) determined.push(cell);
  }
  return determined;
}

/** Secondary suppression state: which cells are hidden, and how many hidden members each equation has. */
class Hiding {
  readonly hidden: boolean[];
  readonly result: Suppression[];
  /** For each cell, the equations it belongs to. */
  readonly memberOf: number[][];
  readonly hiddenIn: number[];

  constructor(
    readonly system: CellSystem,
    primary: readonly Suppression[],
  ) {
    this.result = [...primary];
    this.hidden = primary.map((reason) => reason !== null);
    this.memberOf = system.values.map(() => []);
    system.equations.forEach((equation, e) => {
      for (const cell of [equation.total, ...equation.parts]) this.memberOf[cell]?.push(e);
    });
    this.hiddenIn = system.equations.map((equation) => [equation.total, ...equation.parts].filter((cell) => this.hidden[cell] === true).length);
  }

  hide(cell: number): void {
    this.hidden[cell] = true;
    this.result[cell] = 'secondary';
    for (const e of this.memberOf[cell] ?? []) this.hiddenIn[e] = (this.hiddenIn[e] ?? 0) + 1;
  }

  /**
   * The best member of the given equations to hide next, by: non-zero parts first, then a non-zero
   * total, then zero parts; within that, a cell that also protects another equation with a single
   * hidden member (closing the pattern into a rectangle rather than spreading it); then the smallest
   * value; then the lowest position. Null when every member is hidden already.
   */
  next(equations: readonly number[]): number | null {
    let best: number | null = null;
    let bestRank: readonly number[] = [];
    const consider = (cell: number, isTotal: boolean): void => {
      if (this.hidden[cell] === true) return;
      const value = this.system.values[cell] ?? 0;
      const kind = value === 0 ? 2 : isTotal ? 1 : 0;
      const closes = (this.memberOf[cell] ?? []).some((e) => !equations.includes(e) && this.hiddenIn[e] === 1) ? 0 : 1;
      const rank = [kind, closes, value, cell];
      if (best === null || lexicallyBefore(rank, bestRank)) {
        best = cell;
        bestRank = rank;
      }
    };
    for (const e of equations) {
      const equation = this.system.equations[e];
      if (equation === undefined) continue;
      for (const part of equation.parts) consider(part, false);
      consider(equation.total, true);
    }
    return best;
  }
}

function lexicallyBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * Decides which cells to hide: primary suppression, then (unless `secondary: false`, which exists
 * to show what a naive table would give away) secondary suppression checked by `determinedCells`.
 */
export function suppressCells(system: CellSystem, options: { readonly secondary?: boolean } = {}): Suppression[] {
  const primary: Suppression[] = system.persons.map((persons) => (isSmall(persons) ? 'primary' : null));
  if (options.secondary === false) return primary;
  const state = new Hiding(system, primary);
  for (;;) {
    // Step 2: no equation may have exactly one hidden member.
    let changed = true;
    while (changed) {
      changed = false;
      for (let e = 0; e < system.equations.length; e += 1) {
        if (state.hiddenIn[e] !== 1) continue;
        const cell = state.next([e]);
        if (cell !== null) {
          state.hide(cell);
          changed = true;
        }
      }
    }
    // Step 3: hide more around the first hidden cell the published figures still determine.
    let fixed = false;
    for (const cell of determinedCells(system, state.hidden)) {
      const next = state.next(state.memberOf[cell] ?? []);
      if (next !== null) {
        state.hide(next);
        fixed = true;
        break;
      }
    }
    if (!fixed) return state.result;
  }
}

/** A published count: its value, or hidden. */
export type PublishedCount = { readonly value: number; readonly suppressed: false } | { readonly value: null; readonly suppressed: true };

/** A published share in percent (one decimal), hidden, or null when its base is zero. */
export interface PublishedShare {
  readonly percent: number | null;
  readonly suppressed: boolean;
}

export type PublishedFigures = { readonly [K in AdmissionCount]: PublishedCount } & { readonly [K in AdmissionShare]: PublishedShare };

/** A row of a published breakdown. `kind` says what a null key means. */
export interface PublishedRow<K extends string> {
  readonly kind: 'value' | 'not_recorded' | 'other_places';
  readonly key: K | null;
  readonly figures: PublishedFigures;
}

export interface PublishedLesionTable {
  readonly columns: readonly (ConsistencyLevel | null)[];
  readonly rows: readonly { readonly type: LesionType | null; readonly cells: readonly PublishedCount[]; readonly total: PublishedCount }[];
  readonly columnTotals: readonly PublishedCount[];
  readonly total: PublishedCount;
}

/** Statistics safe to export or show: every small cell, and every cell that would reveal one, hidden. */
export interface PublishedStatistics {
  readonly period: StatPeriod;
  readonly minPersons: number;
  readonly total: PublishedFigures;
  readonly byMonth: readonly PublishedRow<string>[];
  readonly byFacility: readonly PublishedRow<string>[];
  readonly byArrivedFromType: readonly PublishedRow<ArrivedFromType>[];
  readonly byArrivedFromPlace: readonly PublishedRow<string>[];
  readonly lesions: PublishedLesionTable;
}

function published(value: number, suppression: Suppression | undefined): PublishedCount {
  return suppression === null || suppression === undefined ? { value, suppressed: false } : { value: null, suppressed: true };
}

function share(numerator: PublishedCount, base: PublishedCount): PublishedShare {
  if (numerator.suppressed || base.suppressed) return { percent: null, suppressed: true };
  if (base.value === 0) return { percent: null, suppressed: false };
  return { percent: Math.round((numerator.value * 1000) / base.value) / 10, suppressed: false };
}

function figuresOf(counts: { readonly [K in AdmissionCount]: PublishedCount }): PublishedFigures {
  const shares = {} as Record<AdmissionShare, PublishedShare>;
  for (const name of ADMISSION_SHARE_NAMES) {
    const { numerator, base } = ADMISSION_SHARES[name];
    shares[name] = share(counts[numerator], counts[base]);
  }
  return { ...counts, ...shares };
}

/** Places with fewer than `MIN_PERSONS` admissions, pooled into one row (see rule 5). */
function poolSmallPlaces(rows: readonly BreakdownRow<string>[]): { kind: PublishedRow<string>['kind']; key: string | null; counts: AdmissionCounts }[] {
  const kept: { kind: PublishedRow<string>['kind']; key: string | null; counts: AdmissionCounts }[] = [];
  const pool: Record<AdmissionCount, number> = { admissions: 0, examined: 0, timed: 0, examinedWithin24h: 0, injuries: 0, allegations: 0 };
  let pooled = false;
  let notRecorded: AdmissionCounts | null = null;
  for (const row of rows) {
    if (row.key === null) notRecorded = row.counts;
    else if (row.counts.admissions >= MIN_PERSONS) kept.push({ kind: 'value', key: row.key, counts: row.counts });
    else {
      pooled = true;
      for (const name of ADMISSION_COUNTS) pool[name] += row.counts[name];
    }
  }
  if (pooled) kept.push({ kind: 'other_places', key: null, counts: pool });
  if (notRecorded !== null) kept.push({ kind: 'not_recorded', key: null, counts: notRecorded });
  return kept;
}

/** The admission tables of one count: the period total (cell 0) shared by every breakdown. */
function suppressAdmissionCount(total: number, breakdowns: readonly (readonly number[])[]): { total: Suppression; breakdowns: Suppression[][] } {
  const values = [total];
  const equations: Equation[] = [];
  for (const rows of breakdowns) {
    const parts = rows.map((value) => {
      values.push(value);
      return values.length - 1;
    });
    equations.push({ total: 0, parts });
  }
  const result = suppressCells({ values, persons: values, equations });
  let next = 1;
  return { total: result[0] ?? null, breakdowns: breakdowns.map((rows) => rows.map(() => result[next++] ?? null)) };
}

/** Suppresses the lesion table: lesion counts published, persons per cell deciding. */
function suppressLesions(table: LesionTable): PublishedLesionTable {
  const width = table.columns.length;
  const height = table.rows.length;
  // Cell layout: 0 grand total, 1..height row totals, then column totals, then the interior row by row.
  const rowTotal = (r: number): number => 1 + r;
  const columnTotal = (c: number): number => 1 + height + c;
  const inner = (r: number, c: number): number => 1 + height + width + r * width + c;
  const cells = [table.total, ...table.rows.map((row) => row.total), ...table.columnTotals, ...table.rows.flatMap((row) => row.cells)];
  const equations: Equation[] = [];
  for (let r = 0; r < height; r += 1) equations.push({ total: rowTotal(r), parts: table.columns.map((_, c) => inner(r, c)) });
  for (let c = 0; c < width; c += 1) equations.push({ total: columnTotal(c), parts: table.rows.map((_, r) => inner(r, c)) });
  equations.push({ total: 0, parts: table.rows.map((_, r) => rowTotal(r)) });
  equations.push({ total: 0, parts: table.columns.map((_, c) => columnTotal(c)) });
  const result = suppressCells({ values: cells.map((cell) => cell.lesions), persons: cells.map((cell) => cell.persons), equations });
  const at = (index: number): PublishedCount => published(cells[index]?.lesions ?? 0, result[index]);
  return {
    columns: table.columns,
    rows: table.rows.map((row, r) => ({ type: row.type, cells: table.columns.map((_, c) => at(inner(r, c))), total: at(rowTotal(r)) })),
    columnTotals: table.columns.map((_, c) => at(columnTotal(c))),
    total: at(0),
  };
}

/** Applies small-cell suppression to raw statistics. The only way to statistics that may be exported. */
export function suppressStatistics(stats: Statistics): PublishedStatistics {
  const tables: Record<BreakdownName, { kind: PublishedRow<string>['kind']; key: string | null; counts: AdmissionCounts }[]> = {
    byMonth: stats.byMonth.map((row) => ({ kind: 'value', key: row.key, counts: row.counts })),
    byFacility: stats.byFacility.map((row) => ({ kind: row.key === null ? 'not_recorded' : 'value', key: row.key, counts: row.counts })),
    byArrivedFromType: stats.byArrivedFromType.map((row) => ({ kind: row.key === null ? 'not_recorded' : 'value', key: row.key, counts: row.counts })),
    byArrivedFromPlace: poolSmallPlaces(stats.byArrivedFromPlace),
  };
  const totalCounts = {} as Record<AdmissionCount, PublishedCount>;
  const rowCounts: Record<BreakdownName, Record<AdmissionCount, PublishedCount>[]> = {
    byMonth: tables.byMonth.map(() => ({}) as Record<AdmissionCount, PublishedCount>),
    byFacility: tables.byFacility.map(() => ({}) as Record<AdmissionCount, PublishedCount>),
    byArrivedFromType: tables.byArrivedFromType.map(() => ({}) as Record<AdmissionCount, PublishedCount>),
    byArrivedFromPlace: tables.byArrivedFromPlace.map(() => ({}) as Record<AdmissionCount, PublishedCount>),
  };
  for (const name of ADMISSION_COUNTS) {
    const result = suppressAdmissionCount(
      stats.total[name],
      BREAKDOWNS.map((breakdown) => tables[breakdown].map((row) => row.counts[name])),
    );
    totalCounts[name] = published(stats.total[name], result.total);
    BREAKDOWNS.forEach((breakdown, b) => {
      tables[breakdown].forEach((row, r) => {
        const target = rowCounts[breakdown][r];
        if (target !== undefined) target[name] = published(row.counts[name], result.breakdowns[b]?.[r]);
      });
    });
  }
  const rowsOf = <K extends string>(breakdown: BreakdownName): PublishedRow<K>[] =>
    tables[breakdown].map((row, r) => ({ kind: row.kind, key: row.key as K | null, figures: figuresOf(rowCounts[breakdown][r] ?? totalCounts) }));
  return {
    period: { from: stats.period.from, to: stats.period.to },
    minPersons: MIN_PERSONS,
    total: figuresOf(totalCounts),
    byMonth: rowsOf<string>('byMonth'),
    byFacility: rowsOf<string>('byFacility'),
    byArrivedFromType: rowsOf<ArrivedFromType>('byArrivedFromType'),
    byArrivedFromPlace: rowsOf<string>('byArrivedFromPlace'),
    lesions: suppressLesions(stats.lesions),
  };
}
