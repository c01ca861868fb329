/**
 * A case: one examination file in the case list. Its listing metadata (this file) stays in clear so
 * the list can be sorted and filtered without decrypting; it holds no name, no identity number and no
 * free text. Everything about the person lives in the sealed body (see renderer/db/codec.ts).
 */
import { z } from 'zod';

/** Version of the sealed case body. 1: opened only; 2: holds the examination draft. */
export const CASE_SCHEMA_VERSION = 2;

export const EncounterType = z.enum([
  'admission',
  'return_from_police_custody',
  'post_incident',
  'transfer_in',
  'on_request',
  'release',
]);
export type EncounterType = z.infer<typeof EncounterType>;

export const CaseStatus = z.enum(['draft', 'finalised', 'signed', 'referred']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Short code of a place of detention, e.g. `PRISON-01`. Never a person's name. */
export const FacilityCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'Use capital letters, digits, dash or underscore (at most 32).');

/** `A-2026-00042`: the year the case was opened and its number within that year. */
export const CaseNumber = z.string().regex(/^A-\d{4}-\d{5,}$/);

const IsoDateTime = z.iso.datetime({ offset: true });

/** What the case list shows and sorts on. Non-identifying by construction. */
export const CaseSummary = z.object({
  id: z.uuid(),
  caseNumber: CaseNumber,
  encounterType: EncounterType,
  facilityCode: FacilityCode.nullable(),
  status: CaseStatus,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** When the person arrived (from the examination), for the overdue badge. */
  arrivalAt: IsoDateTime.nullable(),
  /** When the examination started; null while the person has not been examined. */
  examStartAt: IsoDateTime.nullable(),
  /** Incremented by every save; lets two windows detect a concurrent edit. */
  revision: z.number().int().nonnegative(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** What a clinician enters to open a case. */
export const NewCaseInput = z.object({
  encounterType: EncounterType,
  facilityCode: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim().toUpperCase() : v),
    FacilityCode.nullable(),
  ),
});
export type NewCaseInput = z.input<typeof NewCaseInput>;

/** The largest examination draft stored, as JSON text (a 20-page account is about 100 kB). */
export const MAX_DRAFT_JSON_CHARS = 4_000_000;

/**
 * The examination as the clinician left it: any JSON object naming its form and version. A draft is
 * stored exactly as typed, invalid values included, so that nothing is lost; the examination schema
 * (shared/domain/examination.ts) shows what is wrong at each field and decides finalisation.
 */
export const ExaminationDraft = z
  .looseObject({
    schemaVersion: z.number().int().positive(),
    formId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    formVersion: z.number().int().positive(),
  })
  .refine((draft) => {
    try {
      return JSON.stringify(draft).length <= MAX_DRAFT_JSON_CHARS;
    } catch {
      return false;
    }
  }, 'The examination is too large to store.');
export type ExaminationDraft = z.infer<typeof ExaminationDraft>;

/** Body version 1 (foundation): the case was only opened. Read and upgraded, never written. */
const CaseBodyV1 = z.object({ schemaVersion: z.literal(1), openedAt: IsoDateTime });

/** The sealed part of a case: the examination draft and when the case was opened. */
export const CaseBody = z.object({
  schemaVersion: z.literal(CASE_SCHEMA_VERSION),
  openedAt: IsoDateTime,
  examination: ExaminationDraft.nullable(),
});
export type CaseBody = z.infer<typeof CaseBody>;

/** Reads a stored body of any known version and returns it in the current shape (upgrade on read). */
export const StoredCaseBody = z.union([CaseBody, CaseBodyV1.transform((v1): CaseBody => ({ schemaVersion: 2, openedAt: v1.openedAt, examination: null }))]);

/** Formats the case number for a year and a sequence number. */
export function formatCaseNumber(year: number, sequence: number): string {
  return `A-${String(year).padStart(4, '0')}-${String(sequence).padStart(5, '0')}`;
}
