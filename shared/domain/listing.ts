/**
 * What the case list needs from an examination draft: the clear listing metadata (encounter type,
 * arrival and examination times) and the values a clinician searches by exactly (names and the
 * identity or prisoner number), which repositories turn into blind-index keys, never store in clear.
 * A value that does not parse is left out, never guessed.
 */
import { z } from 'zod';
import { EncounterType } from './case';

const Instant = z.iso.datetime({ offset: true });
const Text = z.string().max(200);

export interface CaseListing {
  readonly encounterType: EncounterType | null;
  readonly arrivalAt: string | null;
  readonly examStartAt: string | null;
  /** Names and aliases, as typed. */
  readonly names: readonly string[];
  /** Identity document or prisoner numbers, as typed. */
  readonly idNumbers: readonly string[];
}

function pick<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function field(record: unknown, ...path: string[]): unknown {
  let current = record;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Reads the listing projection of a draft (any JSON: a draft may hold invalid values). */
export function caseListingOf(draft: unknown): CaseListing {
  const given = pick(Text, field(draft, 'identity', 'givenName'));
  const family = pick(Text, field(draft, 'identity', 'familyName'));
  const aliases = pick(z.array(Text).max(20), field(draft, 'identity', 'aliases')) ?? [];
  const names = [given, family, given && family ? `${given} ${family}` : null, given && family ? `${family} ${given}` : null, ...aliases];
  const idNumber = pick(Text, field(draft, 'identity', 'idNumber'));
  return {
    encounterType: pick(EncounterType, field(draft, 'encounter', 'type')),
    arrivalAt: pick(Instant, field(draft, 'encounter', 'timing', 'arrivalAt')),
    examStartAt: pick(Instant, field(draft, 'encounter', 'timing', 'examStartAt')),
    names: names.filter((n): n is string => typeof n === 'string' && n.trim() !== ''),
    idNumbers: idNumber && idNumber.trim() !== '' ? [idNumber] : [],
  };
}

/**
 * The form in which a searched value is compared: Unicode-normalised (NFKC), case-folded, inner
 * white space collapsed. "María  LÓPEZ" and "maría lópez" match; "Maria" and "María" do not
 * (an exact match, as asked: accents can tell two people apart).
 */
export function normaliseSearchText(value: string): string {
  return value.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/gu, ' ').trim();
}

/** Whether a case is overdue: arrived, not yet examined, and past the threshold. */
export function isOverdue(listing: { arrivalAt: string | null; examStartAt: string | null }, now: Date, thresholdHours: number): boolean {
  if (listing.arrivalAt === null || listing.examStartAt !== null) return false;
  return now.getTime() - Date.parse(listing.arrivalAt) > thresholdHours * 3_600_000;
}

/**
 * The case list's arrival order key: the arrival instant in UTC (`toISOString`), so that arrivals
 * typed with different offsets sort as instants; undefined without a (readable) arrival. Derived
 * from the arrival the case row already holds in clear.
 */
export function arrivalOrderOf(arrivalAt: string | null): string | undefined {
  if (arrivalAt === null) return undefined;
  const ms = Date.parse(arrivalAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
