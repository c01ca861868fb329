/**
 * What the statistics charts draw, derived from published (suppressed) statistics only: a hidden
 * figure never reaches a chart as a number. Pure, so it is tested without a canvas.
 */
import type { PublishedStatistics } from '../../shared/stats';
import type { ConsistencyLevel, LesionType } from '../../shared/domain/vocab';

/** Admissions by month: visible counts, hidden months as a flag, and the within-limit share. */
export interface MonthSeries {
  readonly months: readonly string[];
  /** Admissions per month; null where the figure is hidden. */
  readonly admissions: readonly (number | null)[];
  /** Whether each month's admissions figure is hidden. */
  readonly hidden: readonly boolean[];
  /** Percentage examined within the limit; null where hidden or without a base (a gap in the line). */
  readonly shareWithin: readonly (number | null)[];
}

export function monthSeries(stats: PublishedStatistics): MonthSeries {
  const rows = stats.byMonth.filter((row) => row.kind === 'value');
  return {
    months: rows.map((row) => row.key ?? ''),
    admissions: rows.map((row) => row.figures.admissions.value),
    hidden: rows.map((row) => row.figures.admissions.suppressed),
    shareWithin: rows.map((row) => (row.figures.shareWithin24h.suppressed ? null : row.figures.shareWithin24h.percent)),
  };
}

/** Lesions by type, one stack per type, one series per consistency level (null: not graded). */
export interface LesionSeries {
  readonly types: readonly (LesionType | null)[];
  /** Whether a type has at least one hidden cell (its label says so; the cell is not drawn). */
  readonly typeHasHidden: readonly boolean[];
  readonly levels: readonly { readonly level: ConsistencyLevel | null; readonly values: readonly (number | null)[] }[];
}

/** Types with something to show (a visible count above zero, or a hidden cell). */
export function lesionSeries(stats: PublishedStatistics): LesionSeries {
  const { columns, rows } = stats.lesions;
  const shown = rows.filter((row) => row.total.suppressed || row.total.value > 0 || row.cells.some((cell) => cell.suppressed));
  return {
    types: shown.map((row) => row.type),
    typeHasHidden: shown.map((row) => row.cells.some((cell) => cell.suppressed)),
    levels: columns.map((level, column) => ({
      level,
      values: shown.map((row) => {
        const cell = row.cells[column];
        return cell === undefined || cell.suppressed ? null : cell.value;
      }),
    })),
  };
}
