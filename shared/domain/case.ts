/**
 * A case: one examination file in the case list. Its listing metadata (this file) stays in clear so
 * the list can be sorted and filtered without decrypting; it holds no name, no identity number and no
 * free text. Everything about the person lives in the sealed body (see renderer/db/codec.ts).
 */
import { z } from 'zod';

export const CASE_SCHEMA_VERSION = 1;

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

/**
 * The sealed part of a case. Filled by the admission examination issue; for now it records who
 * opened the case and with which form version, so that old records keep rendering as they were.
 */
export const CaseBody = z.object({
  schemaVersion: z.literal(CASE_SCHEMA_VERSION),
  openedAt: IsoDateTime,
});
export type CaseBody = z.infer<typeof CaseBody>;

/** Formats the case number for a year and a sequence number. */
export function formatCaseNumber(year: number, sequence: number): string {
  return `A-${String(year).padStart(4, '0')}-${String(sequence).padStart(5, '0')}`;
}
