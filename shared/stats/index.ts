/** Monitoring statistics (issue #7 part 5): facts → raw counts → suppression → CSV/JSON. Pure. */
export { ADMISSION_ENCOUNTER_TYPES, StoredStatFacts, isAdmission, normalisePlace, statFactsOf, statFactsOfRecord, statSourceSchema, storedStatFactsOf, withThreshold, type LesionFact, type StatFacts, type StatFactsContext, type StatSource } from './facts';
export {
  ADMISSION_COUNTS,
  ADMISSION_SHARES,
  BREAKDOWNS,
  computeStatistics,
  monthsOf,
  type AdmissionCounts,
  type BreakdownRow,
  type LesionCell,
  type LesionTable,
  type StatPeriod,
  type Statistics,
} from './compute';
export { MIN_PERSONS, determinedCells, isSmall, suppressCells, suppressStatistics, type CellSystem, type Equation, type PublishedCount, type PublishedFigures, type PublishedRow, type PublishedShare, type PublishedStatistics, type Suppression } from './suppress';
export { CSV_HEADERS, SUPPRESSED_MARKER, STATISTICS_FORMAT, STATISTICS_FORMAT_VERSION, StatisticsJson, csvField, fromJson, toCsv, toJson, type CsvHeader } from './export';
export { parseStatisticsJson } from './parse';
