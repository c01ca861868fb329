/**
 * The case list's search, as typed in the form and as applied: text from the form is checked here
 * and turned into a repository query, so the screen never sends a half-valid filter.
 */
import { CaseStatus, FacilityCode } from '../../../shared/domain/case';
import type { CaseListQuery, CaseSortKey } from '../../db/repos';

/** The search form's values, as typed. */
export interface SearchFields {
  readonly term: string;
  readonly from: string;
  readonly to: string;
  readonly facility: string;
  /** A case status, or '' for any. */
  readonly status: string;
}

export const EMPTY_SEARCH: SearchFields = { term: '', from: '', to: '', facility: '', status: '' };

export interface SortOrder {
  readonly key: CaseSortKey;
  readonly direction: 'asc' | 'desc';
}

/** Newest first: what a clinician opening the list wants to see. */
export const DEFAULT_SORT: SortOrder = { key: 'createdAt', direction: 'desc' };

/** Dates sort newest first on a first click; everything else A to Z. */
export function firstDirectionOf(key: CaseSortKey): 'asc' | 'desc' {
  return key === 'createdAt' || key === 'arrivalAt' ? 'desc' : 'asc';
}

export type SearchProblem = 'facilityInvalid' | 'datesInvalid';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of a search, or the fields that are wrong. */
export function filtersOf(fields: SearchFields): { readonly ok: true; readonly filters: CaseListQuery } | { readonly ok: false; readonly problems: readonly SearchProblem[] } {
  const problems: SearchProblem[] = [];
  const facility = fields.facility.trim().toUpperCase();
  if (facility !== '' && !FacilityCode.safeParse(facility).success) problems.push('facilityInvalid');
  // A date input gives `YYYY-MM-DD` or nothing; anything else is ignored rather than guessed.
  const from = DATE.test(fields.from) ? fields.from : '';
  const to = DATE.test(fields.to) ? fields.to : '';
  if (from !== '' && to !== '' && to < from) problems.push('datesInvalid');
  if (problems.length > 0) return { ok: false, problems };
  const status = CaseStatus.safeParse(fields.status);
  const term = fields.term.trim();
  return {
    ok: true,
    filters: {
      ...(term === '' ? {} : { search: term }),
      ...(facility === '' ? {} : { facilityCode: facility }),
      ...(from === '' ? {} : { from }),
      ...(to === '' ? {} : { to }),
      ...(status.success ? { status: status.data } : {}),
    },
  };
}

/** Whether any filter narrows the list (then an empty list means "no match", not "no cases"). */
export function isFiltered(filters: CaseListQuery): boolean {
  return filters.search !== undefined || filters.facilityCode !== undefined || filters.from !== undefined || filters.to !== undefined || filters.status !== undefined;
}

/** Whole hours since arrival, for the overdue badge. */
export function hoursSince(arrivalAt: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(arrivalAt)) / 3_600_000);
}
