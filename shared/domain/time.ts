/**
 * Dates and times. Datetimes are ISO 8601 strings with a UTC offset (`2025-03-10T14:05:00+01:00`),
 * so each keeps the local clock time it was recorded in and still compares as an instant. Dates of
 * birth and follow-up dates are calendar dates (`2008-02-29`).
 *
 * Nothing here reads the clock: "no future dates" needs `now`, so the schemas that check it are
 * built by `timeChecks({ now })` and every section schema is a factory over those checks.
 */
import { z } from 'zod';

/** An ISO 8601 datetime with seconds and an offset (`Z` or `±hh:mm`). */
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'domain.error.dateTimeFormat' });
/** An ISO 8601 calendar date (`YYYY-MM-DD`), checked against the real calendar. */
export const IsoDate = z.iso.date({ error: 'domain.error.dateFormat' });

/**
 * How far ahead of `now` a time may be and still count as "not in the future": forms round to the
 * minute and device clocks drift a little, and a clinician should not be blocked by that.
 */
export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The earliest offset in use (UTC+14): a date is in the future only once it has begun nowhere yet. */
const EARLIEST_OFFSET = '+14:00';

/** Options of the plausibility checks that need the current time. */
export interface PlausibilityOptions {
  /**
   * The current time, passed in so that checks are pure and testable. A function is read at each
   * parse: a form can then build its schema once (about 2 ms) and keep validating as time passes.
   */
  readonly now: Date | (() => Date);
  /** Defaults to `DEFAULT_FUTURE_TOLERANCE_MS`. */
  readonly futureToleranceMs?: number;
}

/** The datetime and date schemas the section schemas are built from. */
export interface TimeChecks {
  /** A datetime that must not be in the future (arrival, examination, consent, arrest…). */
  readonly pastDateTime: z.ZodType<string, string>;
  /** A calendar date that must not be in the future (date of birth, date of an episode). */
  readonly pastDate: z.ZodType<string, string>;
  /** A datetime with no time limit. */
  readonly dateTime: z.ZodType<string, string>;
  /** A calendar date with no time limit (a follow-up date lies ahead by nature). */
  readonly date: z.ZodType<string, string>;
}

/** The shape `IsoDateTime` accepts; checked before `Date.parse`, which guesses at anything else. */
const ISO_DATETIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of an ISO datetime with offset, or null when missing or not one.
 * `Date.parse` alone would read "10/03/2025" as 3 October in some engines: never trust it with
 * text that has not the ISO shape.
 */
export function instantOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !ISO_DATETIME_SHAPE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Whether a value is a valid ISO calendar date. */
export function isIsoDate(value: unknown): value is string {
  return IsoDate.safeParse(value).success;
}

/** The first instant of a calendar date anywhere on Earth, or null when unreadable. */
function earliestStartOf(date: string): number | null {
  return instantOf(`${date}T00:00:00${EARLIEST_OFFSET}`);
}

/**
 * The schemas for dates and times. Without options (drafts parsed without a clock) nothing is
 * checked against the present; with `{ now }` past-only fields refuse future values.
 */
export function timeChecks(options?: PlausibilityOptions): TimeChecks {
  if (options === undefined) {
    return { pastDateTime: IsoDateTime, pastDate: IsoDate, dateTime: IsoDateTime, date: IsoDate };
  }
  const { now } = options;
  const tolerance = options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
  const limit = (): number => (typeof now === 'function' ? now() : now).getTime() + tolerance;
  const notFuture = { error: 'domain.error.futureDate' } as const;
  // Unreadable values pass here: the format check has already reported them.
  return {
    pastDateTime: IsoDateTime.refine((value) => (instantOf(value) ?? Number.NEGATIVE_INFINITY) <= limit(), notFuture),
    pastDate: IsoDate.refine((value) => (earliestStartOf(value) ?? Number.NEGATIVE_INFINITY) <= limit(), notFuture),
    dateTime: IsoDateTime,
    date: IsoDate,
  };
}

/** The checks used by the static draft schemas (no clock). */
export const DRAFT_TIME_CHECKS: TimeChecks = timeChecks();

/**
 * The local calendar date of an ISO datetime, in the offset it was recorded with (the date on the
 * clinic's wall calendar), or null when unreadable.
 */
export function localDateOf(value: string | null | undefined): string | null {
  if (value === null || value === undefined || instantOf(value) === null) return null;
  return value.slice(0, 10);
}

/** The UTC calendar date of an instant. */
export function utcDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * Completed years between a date of birth and a later calendar date. A birthday is reached when the
 * (month, day) of `onDate` is at or past that of the birth date, so a person born on 29 February
 * turns a year older on 1 March in common years. Returns null when either date is unreadable.
 */
export function completedYears(dateOfBirth: string, onDate: string): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const on = /^(\d{4})-(\d{2})-(\d{2})$/.exec(onDate);
  if (birth === null || on === null) return null;
  const [, by, bm, bd] = birth.map(Number);
  const [, oy, om, od] = on.map(Number);
  if (by === undefined || bm === undefined || bd === undefined || oy === undefined || om === undefined || od === undefined) return null;
  const beforeBirthday = om < bm || (om === bm && od < bd);
  return oy - by - (beforeBirthday ? 1 : 0);
}

/**
 * Adds an issue at `path` when both datetimes are readable and `later` is before `earlier`.
 * Shared by the sections that record periods (timing, places of detention).
 */
export function requireOrder(
  ctx: z.RefinementCtx,
  earlier: string | null | undefined,
  later: string | null | undefined,
  path: (string | number)[],
  messageKey: string,
): void {
  const from = instantOf(earlier);
  const to = instantOf(later);
  if (from !== null && to !== null && to < from) ctx.addIssue({ code: 'custom', message: messageKey, path, input: later });
}
