/**
 * Reads back the JSON export of published statistics (`attest-statistics` version 1, export.ts
 * `toJson`), so that a tool (`attest stats`) can convert what the app exported. Strict (zod): a file of
 * another format or version, or with a hidden count that carries a value, is refused rather than
 * guessed at. What it returns is what was exported: already suppressed.
 */
import { z } from 'zod';
import { ARRIVED_FROM_TYPES, CONSISTENCY_LEVELS, LESION_TYPES } from '../domain/vocab';
import { STATISTICS_FORMAT, STATISTICS_FORMAT_VERSION } from './export';
import type { PublishedCount, PublishedFigures, PublishedRow, PublishedStatistics } from './suppress';

const Count = z.union([z.strictObject({ value: z.int().min(0), suppressed: z.literal(false) }), z.strictObject({ value: z.null(), suppressed: z.literal(true) })]);
const Share = z.strictObject({ percent: z.number().min(0).max(100).nullable(), suppressed: z.boolean() });
const Day = z.iso.date();
const rowSchema = <K extends z.ZodType<string>>(key: K) =>
  z.strictObject({
    kind: z.enum(['value', 'not_recorded', 'other_places']),
    key: key.nullable(),
    admissions: Count,
    examined: Count,
    timed: Count,
    examinedWithin24h: Count,
    injuries: Count,
    allegations: Count,
    shareWithin24h: Share,
    shareInjuries: Share,
    shareAllegations: Share,
  });
const Figures = rowSchema(z.string()).omit({ kind: true, key: true });

export const StatisticsJson = z.strictObject({
  format: z.literal(STATISTICS_FORMAT),
  version: z.literal(STATISTICS_FORMAT_VERSION),
  period: z.strictObject({ from: Day, to: Day }),
  suppression: z.strictObject({ minPersons: z.int().min(1), zeroShown: z.boolean(), secondary: z.boolean(), smallPlacesPooled: z.boolean() }),
  total: Figures,
  byMonth: z.array(rowSchema(z.string().regex(/^\d{4}-\d{2}$/u))),
  byFacility: z.array(rowSchema(z.string().max(200))),
  byArrivedFromType: z.array(rowSchema(z.enum(ARRIVED_FROM_TYPES))),
  byArrivedFromPlace: z.array(rowSchema(z.string().max(500))),
  lesions: z.strictObject({
    unit: z.literal('lesions'),
    columns: z.array(z.enum(CONSISTENCY_LEVELS).nullable()),
    rows: z.array(z.strictObject({ type: z.enum(LESION_TYPES).nullable(), cells: z.array(Count), total: Count })),
    columnTotals: z.array(Count),
    total: Count,
  }),
});

type FiguresJson = z.infer<typeof Figures>;

function figures(f: FiguresJson): PublishedFigures {
  const c = (count: FiguresJson['admissions']): PublishedCount => count;
  return {
    admissions: c(f.admissions),
    examined: c(f.examined),
    timed: c(f.timed),
    examinedWithin24h: c(f.examinedWithin24h),
    injuries: c(f.injuries),
    allegations: c(f.allegations),
    shareWithin24h: f.shareWithin24h,
    shareInjuries: f.shareInjuries,
    shareAllegations: f.shareAllegations,
  };
}

/** Parses an exported statistics document; `{ ok: false }` with zod's issues when it is not one. */
export function parseStatisticsJson(input: unknown): { readonly ok: true; readonly stats: PublishedStatistics } | { readonly ok: false; readonly issues: readonly string[] } {
  const parsed = StatisticsJson.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  const d = parsed.data;
  const rows = <K extends string>(list: readonly (FiguresJson & { kind: PublishedRow<K>['kind']; key: K | null })[]): PublishedRow<K>[] => list.map((row) => ({ kind: row.kind, key: row.key, figures: figures(row) }));
  return {
    ok: true,
    stats: {
      period: d.period,
      minPersons: d.suppression.minPersons,
      total: figures(d.total),
      byMonth: rows(d.byMonth),
      byFacility: rows(d.byFacility),
      byArrivedFromType: rows(d.byArrivedFromType),
      byArrivedFromPlace: rows(d.byArrivedFromPlace),
      lesions: { columns: d.lesions.columns, rows: d.lesions.rows, columnTotals: d.lesions.columnTotals, total: d.lesions.total },
    },
  };
}
