/**
 * The statistics engine's only view of an examination (issue #7, monitoring statistics): a handful
 * of non-identifying facts. No name, id, date of birth, free-text account or examiner appears here,
 * so nothing downstream (tables, charts, CSV, JSON) can leak them even by mistake.
 *
 * The one piece of user-entered text kept is the name of the place the person arrived from (a
 * police station is a place, not a person): monitoring bodies need injuries "by police station of
 * origin". It is normalised here, grouped case-insensitively in compute.ts, escaped on export, and
 * small places are suppressed like any other small cell.
 */
import { z } from 'zod';
import { FacilityCode } from '../domain/case';
import { DEFAULT_THRESHOLD_HOURS } from '../domain/rules/types';
import { ShortText, TEXT_LIMITS } from '../domain/text';
import { IsoDateTime, instantOf, localDateOf } from '../domain/time';
import { AllegationAnswer, ArrivedFromType, ConsistencyLevel, EncounterType, LesionType } from '../domain/vocab';

/**
 * Encounter types that count as an admission: every entry of a person into the facility, since
 * Mandela r.30 asks for the examination of every entrant.
 * - `admission`: first reception.
 * - `transfer_in`: reception from another place of detention.
 * - `return_from_police_custody`: re-entry after police custody (CPT §73), exactly the arrivals
 *   whose injuries the "by police station of origin" figures are about.
 * Not admissions: `post_incident`, `on_request` (the person is already inside) and `release`.
 */
export const ADMISSION_ENCOUNTER_TYPES: readonly EncounterType[] = ['admission', 'transfer_in', 'return_from_police_custody'];

/** Whether an encounter type counts as an admission (see `ADMISSION_ENCOUNTER_TYPES`). */
export function isAdmission(type: EncounterType | null): boolean {
  return type !== null && ADMISSION_ENCOUNTER_TYPES.includes(type);
}

/** One lesion, reduced to its type and consistency level. */
export interface LesionFact {
  readonly type: LesionType | null;
  readonly consistency: ConsistencyLevel | null;
}

/** The non-identifying facts of one examination. */
export interface StatFacts {
  /**
   * Local calendar date (`YYYY-MM-DD`, as recorded) of arrival, else of the start of the examination.
   * Needed to place the record in a period given to the day; it is never exported (tables are by month).
   */
  readonly date: string;
  /** `YYYY-MM` of `date`. */
  readonly month: string;
  readonly facilityCode: string | null;
  readonly arrivedFromType: ArrivedFromType | null;
  /** The place the person arrived from, as recorded (whitespace normalised, control characters removed). */
  readonly arrivedFromPlace: string | null;
  readonly encounterType: EncounterType | null;
  /** The examination has started (an arrival may be registered before anyone examines the person). */
  readonly examined: boolean;
  /**
   * Examined within the limit after arrival (24 h by default, CPT 23rd General Report §73; exactly at
   * the limit counts as within). Null when not examined or when the arrival time is unknown.
   */
  readonly examinedWithin24h: boolean | null;
  /** At least one lesion charted. */
  readonly injuriesDocumented: boolean;
  /** The person makes an allegation of ill-treatment (`allegationPresent === 'yes'`). */
  readonly allegation: boolean;
  readonly lesions: readonly LesionFact[];
}

/**
 * The only fields of an examination that `statFactsOf` reads, each with the same schema as in the
 * full examination schema (shared/domain). Statistics over a year read ~100,000 stored drafts, each
 * already parsed by the full schema when it was saved; checking all of every record again (free
 * text, identity, findings' details) costs more than decrypting it. This schema checks what is read,
 * as strictly as the full one does, and ignores the rest: a field counted is a field checked.
 */
export const statSourceSchema = z.object({
  encounter: z
    .object({
      type: EncounterType.nullish(),
      facilityCode: FacilityCode.nullish(),
      timing: z.object({ arrivalAt: IsoDateTime.nullish(), examStartAt: IsoDateTime.nullish() }).nullish(),
    })
    .nullish(),
  provenance: z.object({ arrivedFromType: ArrivedFromType.nullish(), arrivedFromName: ShortText.nullish() }).nullish(),
  account: z.object({ allegationPresent: AllegationAnswer.nullish() }).nullish(),
  findings: z.object({ lesions: z.array(z.object({ type: LesionType.nullish(), consistency: ConsistencyLevel.nullish() })).nullish() }).nullish(),
});

/** The part of an examination statistics read; a full `Examination` is one. */
export type StatSource = z.infer<typeof statSourceSchema>;

/** What `statFactsOf` needs beyond the record. */
export interface StatFactsContext {
  /** Arrival → examination limit in hours; 24 when absent or not a positive number. */
  readonly thresholdHours?: number;
}

const HOUR_MS = 3_600_000;
/** Bidirectional-text controls: they could make a place name display as something else in a spreadsheet. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** A place name as recorded, in one canonical form: NFC, no control characters, single spaces. Null when empty. */
export function normalisePlace(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.normalize('NFC').replace(/\s+/gu, ' ').replace(/\p{Cc}/gu, '').replace(BIDI_CONTROLS, '').trim();
  return text === '' ? null : text;
}

/**
 * What is kept, sealed, per examination (renderer/db/repos/statFactsRepository.ts): the facts that do
 * not depend on settings. The arrival → examination limit is a setting, so the wait itself is stored
 * and compared with the limit when statistics are computed (`withThreshold`). Parsed strictly when
 * read back: a sealed row is still data from disk.
 */
export const StoredStatFacts = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    facilityCode: z.string().max(32).nullable(),
    arrivedFromType: ArrivedFromType.nullable(),
    // NFC may lengthen a recorded name a little (composition exclusions); the limit only bounds hostile rows.
    arrivedFromPlace: z.string().max(TEXT_LIMITS.short * 4).nullable(),
    encounterType: EncounterType.nullable(),
    examined: z.boolean(),
    /** Examination start − arrival in milliseconds; null when either is unknown. */
    waitMs: z.number().int().nullable(),
    injuriesDocumented: z.boolean(),
    allegation: z.boolean(),
    lesions: z.array(z.object({ type: LesionType.nullable(), consistency: ConsistencyLevel.nullable() }).strict()).max(1000),
  })
  .strict();
export type StoredStatFacts = z.infer<typeof StoredStatFacts>;

/**
 * The settings-independent facts of one examination, or null when the record has neither an arrival
 * nor an examination start time (it cannot be placed in any period).
 */
export function storedStatFactsOf(exam: StatSource): StoredStatFacts | null {
  const timing = exam.encounter?.timing;
  const date = localDateOf(timing?.arrivalAt) ?? localDateOf(timing?.examStartAt);
  if (date === null) return null;
  const arrival = instantOf(timing?.arrivalAt);
  const start = instantOf(timing?.examStartAt);
  const lesions = exam.findings?.lesions ?? [];
  return {
    date,
    facilityCode: exam.encounter?.facilityCode ?? null,
    arrivedFromType: exam.provenance?.arrivedFromType ?? null,
    arrivedFromPlace: normalisePlace(exam.provenance?.arrivedFromName),
    encounterType: exam.encounter?.type ?? null,
    examined: start !== null,
    waitMs: start !== null && arrival !== null ? start - arrival : null,
    injuriesDocumented: lesions.length > 0,
    allegation: exam.account?.allegationPresent === 'yes',
    lesions: lesions.map((lesion) => ({ type: lesion.type ?? null, consistency: lesion.consistency ?? null })),
  };
}

/** The arrival → examination limit in milliseconds: `thresholdHours`, else 24 h. */
function thresholdMsOf(ctx: StatFactsContext): number {
  const hours = ctx.thresholdHours;
  return (hours !== undefined && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_THRESHOLD_HOURS) * HOUR_MS;
}

/** Stored facts judged against the limit in `ctx`: what the statistics count. */
export function withThreshold(stored: StoredStatFacts, ctx: StatFactsContext = {}): StatFacts {
  const { waitMs, ...rest } = stored;
  return { ...rest, month: stored.date.slice(0, 7), examinedWithin24h: stored.examined && waitMs !== null ? waitMs <= thresholdMsOf(ctx) : null };
}

/**
 * Extracts the non-identifying facts of one examination, or null when the record has neither an
 * arrival nor an examination start time (it cannot be placed in any period).
 */
export function statFactsOf(exam: StatSource, ctx: StatFactsContext = {}): StatFacts | null {
  const stored = storedStatFactsOf(exam);
  return stored === null ? null : withThreshold(stored, ctx);
}

/**
 * Facts of a record as stored (unknown shape): `{ ok: true, facts }` (facts null when the record
 * cannot be placed in a period), or `{ ok: false }` when a field statistics read is malformed.
 */
export function statFactsOfRecord(record: unknown, ctx: StatFactsContext = {}): { readonly ok: true; readonly facts: StatFacts | null } | { readonly ok: false } {
  const parsed = statSourceSchema.safeParse(record);
  return parsed.success ? { ok: true, facts: statFactsOf(parsed.data, ctx) } : { ok: false };
}
