/**
 * Reads back the JSON export of published statistics (`attest-statistics` version 1, export.ts
 * `toJson`), so that a tool (`attest stats --format measure-report|dhis2`) can convert what the app
 * exported. One schema for every reader: export.ts's `StatisticsJson` (strict: a file of another format
 * or version, or a hidden count that carries a value, is refused rather than guessed at). What it
 * returns is what was exported: already suppressed.
 */
import { statisticsFromValue } from './export';
import type { PublishedStatistics } from './suppress';

/** Parses an exported statistics document; `{ ok: false }` with zod's issues ("path: message") when it is not one. */
export function parseStatisticsJson(input: unknown): { readonly ok: true; readonly stats: PublishedStatistics } | { readonly ok: false; readonly issues: readonly string[] } {
  const read = statisticsFromValue(input);
  return read.ok ? read : { ok: false, issues: read.issues.map((issue) => `${issue.path}: ${issue.message}`) };
}
