/**
 * The overdue dashboard's selection (issue #7 part 4): which cases and referrals need the clinician
 * now. Pure: the repository reads the clear case metadata, opens only the bodies a rule needs, and
 * hands both here.
 * - arrivals not examined past the limit (E1, running clock): `isOverdue` of the case list;
 * - examinations started past the limit without a delay reason (E1, blocking);
 * - re-examinations due (E2): a return from police custody or a post-incident encounter whose
 *   examination has not started. E2 gives no delay: the examination is due from the encounter on,
 *   so these are listed at once, not only past the limit;
 * - referrals sent, not acknowledged, past their follow-up date (`isReferralOverdue`);
 * - copies of the report owed (issue #14 item 7): a report is signed, the person consented to
 *   receive a copy or wants one (E14, E20), and no copy given is recorded (`owesCopy`).
 */
import type { CaseStatus } from './case';
import { isOverdue } from './listing';
import { isReferralOverdue, type Referral } from './referral';
import { REEXAMINATION_ENCOUNTERS } from './rules/reexamination';
import { hasText } from './text';
import type { EncounterType } from './vocab';

const HOUR_MS = 3_600_000;

/** The clear metadata of a case the selection reads (a case list row has it all). */
export interface OverdueCaseMeta {
  readonly id: string;
  readonly caseNumber: string;
  readonly encounterType: EncounterType;
  readonly createdAt: string;
  readonly arrivalAt: string | null;
  readonly examStartAt: string | null;
}

/** When, and against which limit (settings `thresholdHours`). */
export interface OverdueClock {
  readonly now: Date;
  readonly thresholdHours: number;
}

/** E1, clock running: arrived, not examined, strictly past the limit (exactly at it is not). */
export function isArrivalOverdue(meta: OverdueCaseMeta, clock: OverdueClock): boolean {
  return isOverdue(meta, clock.now, clock.thresholdHours);
}

/**
 * Hours from arrival to the examination's start, or to `now` while it has not started; null without
 * a readable arrival (or start) time.
 */
export function hoursWaited(meta: Pick<OverdueCaseMeta, 'arrivalAt' | 'examStartAt'>, now: Date): number | null {
  const arrival = meta.arrivalAt === null ? Number.NaN : Date.parse(meta.arrivalAt);
  const end = meta.examStartAt === null ? now.getTime() : Date.parse(meta.examStartAt);
  if (!Number.isFinite(arrival) || !Number.isFinite(end)) return null;
  return (end - arrival) / HOUR_MS;
}

/**
 * E1, clock stopped: the examination started strictly past the limit after arrival. From clear
 * metadata only: the candidates whose sealed body must be opened to look for a delay reason.
 */
export function isLateExamination(meta: Pick<OverdueCaseMeta, 'arrivalAt' | 'examStartAt'>, thresholdHours: number): boolean {
  if (meta.arrivalAt === null || meta.examStartAt === null) return false;
  const elapsed = Date.parse(meta.examStartAt) - Date.parse(meta.arrivalAt);
  return Number.isFinite(elapsed) && elapsed > thresholdHours * HOUR_MS;
}

/** Whether an examination draft (any JSON, as stored) gives a reason for the delay. */
export function hasDelayReason(exam: unknown): boolean {
  if (exam === null || typeof exam !== 'object') return false;
  const encounter = (exam as { encounter?: unknown }).encounter;
  if (encounter === null || typeof encounter !== 'object') return false;
  const timing = (encounter as { timing?: unknown }).timing;
  if (timing === null || typeof timing !== 'object') return false;
  const reason = (timing as { delayReason?: unknown }).delayReason;
  return typeof reason === 'string' && hasText(reason);
}

/** E2: a re-examination encounter (police custody return, post-incident) not yet examined. */
export function isReexaminationDue(meta: Pick<OverdueCaseMeta, 'encounterType' | 'examStartAt'>): boolean {
  return meta.examStartAt === null && (REEXAMINATION_ENCOUNTERS as readonly string[]).includes(meta.encounterType);
}

/** Case statuses that follow a signed report: version 1 is stored with the status `signed`. */
export const REPORT_SIGNED_STATUSES = ['signed', 'referred'] as const satisfies readonly CaseStatus[];

/** Whether a report of the case has been signed: a copy cannot be owed before there is one. */
export function isReportSigned(status: CaseStatus): boolean {
  return (REPORT_SIGNED_STATUSES as readonly string[]).includes(status);
}

/**
 * Whether an examination draft (any JSON, as stored) records that the person consented to receive a
 * copy of the report (given or partly given) or wants one, and no copy given (`copyGiven` not yes).
 * E20 blocks signing while the consent and the wish contradict each other, so for a signed report
 * either says it; "copy given: no" with its reason (E14) is still a copy owed.
 */
export function owesCopy(exam: unknown): boolean {
  if (exam === null || typeof exam !== 'object') return false;
  const consent = (exam as { consent?: unknown }).consent;
  if (consent === null || typeof consent !== 'object') return false;
  const copy = (consent as { copyToPerson?: unknown }).copyToPerson;
  if (copy === null || typeof copy !== 'object') return false;
  const { decision, wantsCopy, copyGiven } = copy as { decision?: unknown; wantsCopy?: unknown; copyGiven?: unknown };
  const consented = decision === 'given' || decision === 'partial';
  return (consented || wantsCopy === true) && copyGiven !== true;
}

/**
 * The sparse index fields a case row carries so that the dashboard finds its cases through indexes,
 * without reading every row or opening every late examination (100,000 cases with 15,000 examined
 * late took 16–27 s). Each field is present only when its condition holds, so its index holds only
 * those rows. Nothing here identifies the person: the arrival and start times are already clear.
 */
export interface OverdueIndexFields {
  /**
   * Examination start − arrival in milliseconds, when both are known and no delay reason is recorded
   * (or, with `delayReasonUnchecked`, not known to be): late without a reason is "above the limit".
   */
  readonly waitNoReasonMs?: number;
  /** Set when the examination body was not read (rows stored before these fields): open it to check. */
  readonly delayReasonUnchecked?: 1;
  /** E2: a re-examination encounter not yet examined (`isReexaminationDue`). */
  readonly reexaminationDue?: 1;
  /**
   * The examination records a copy of the report consented to or wanted and none given (`owesCopy`),
   * whatever the status: it is owed once the report is signed, and signing does not change the body.
   */
  readonly copyOwed?: 1;
  /** Set when the examination body was not read (rows stored before these fields): open it to check. */
  readonly copyUnchecked?: 1;
}

/** The names of `OverdueIndexFields`, to clear them from a row before setting. */
export const OVERDUE_INDEX_FIELDS = ['waitNoReasonMs', 'delayReasonUnchecked', 'reexaminationDue', 'copyOwed', 'copyUnchecked'] as const satisfies readonly (keyof OverdueIndexFields)[];

/**
 * The index fields of a case from its clear metadata and its examination draft; without the draft
 * (`exam` undefined: not read), a timed examination is marked to be checked, and so is the copy.
 */
export function overdueIndexOf(meta: Pick<OverdueCaseMeta, 'encounterType' | 'arrivalAt' | 'examStartAt'>, exam?: unknown): OverdueIndexFields {
  const fields: { -readonly [K in keyof OverdueIndexFields]: OverdueIndexFields[K] } = {};
  const wait = meta.arrivalAt === null || meta.examStartAt === null ? Number.NaN : Date.parse(meta.examStartAt) - Date.parse(meta.arrivalAt);
  if (Number.isFinite(wait)) {
    if (exam === undefined) {
      fields.waitNoReasonMs = wait;
      fields.delayReasonUnchecked = 1;
    } else if (!hasDelayReason(exam)) {
      fields.waitNoReasonMs = wait;
    }
  }
  if (isReexaminationDue(meta)) fields.reexaminationDue = 1;
  if (exam === undefined) fields.copyUnchecked = 1;
  else if (owesCopy(exam)) fields.copyOwed = 1;
  return fields;
}

/** A case on the dashboard, with the hours waited (to now, or to the examination's start). */
export interface OverdueCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly encounterType: EncounterType;
  readonly arrivalAt: string | null;
  readonly examStartAt: string | null;
  readonly hours: number | null;
}

/** A referral on the dashboard: which case, which referral, when to have followed up. */
export interface OverdueReferral {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly referralId: string;
  readonly followUpDate: string;
  readonly sentAt: string;
}

/**
 * A signed case whose record owes the person a copy of the report: the case number and dates only,
 * never who the person is.
 */
export interface CopyOwedCase {
  readonly id: string;
  readonly caseNumber: string;
  readonly encounterType: EncounterType;
  readonly examStartAt: string | null;
  /** When version 1 of the report was signed; null if its row is not found. */
  readonly signedAt: string | null;
}

/** Every section of the dashboard; `referrals` is null while referrals cannot be read. */
export interface OverdueDashboard {
  readonly arrivals: readonly OverdueCase[];
  readonly lateWithoutReason: readonly OverdueCase[];
  readonly reexaminations: readonly OverdueCase[];
  readonly copiesOwed: readonly CopyOwedCase[];
  readonly referrals: readonly OverdueReferral[] | null;
}

/** The counts shown on the case list. */
export interface OverdueCounts {
  readonly arrivals: number;
  readonly lateWithoutReason: number;
  readonly reexaminations: number;
  readonly copiesOwed: number;
  readonly referrals: number | null;
}

function toOverdueCase(meta: OverdueCaseMeta, now: Date): OverdueCase {
  return {
    id: meta.id,
    caseNumber: meta.caseNumber,
    encounterType: meta.encounterType,
    arrivalAt: meta.arrivalAt,
    examStartAt: meta.examStartAt,
    hours: hoursWaited(meta, now),
  };
}

/** Longest wait first; unknown waits last, then by case number. */
function byWait(a: OverdueCase, b: OverdueCase): number {
  if (a.hours !== b.hours) {
    if (a.hours === null) return 1;
    if (b.hours === null) return -1;
    return b.hours - a.hours;
  }
  return a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0;
}

/** A case row and, when it was opened, its examination draft (`undefined`: not opened). */
export interface OverdueCandidate {
  readonly meta: OverdueCaseMeta;
  readonly exam?: unknown;
}

/**
 * Selects the dashboard's cases. A late examination is listed only when its body was opened and has
 * no delay reason: a candidate whose body was not given is left out (the repository opens them all).
 */
export function selectOverdueCases(candidates: readonly OverdueCandidate[], clock: OverdueClock): Omit<OverdueDashboard, 'referrals' | 'copiesOwed'> {
  const arrivals: OverdueCase[] = [];
  const lateWithoutReason: OverdueCase[] = [];
  const reexaminations: OverdueCase[] = [];
  for (const { meta, exam } of candidates) {
    if (isArrivalOverdue(meta, clock)) arrivals.push(toOverdueCase(meta, clock.now));
    if (isLateExamination(meta, clock.thresholdHours) && exam !== undefined && !hasDelayReason(exam)) lateWithoutReason.push(toOverdueCase(meta, clock.now));
    if (isReexaminationDue(meta)) reexaminations.push(toOverdueCase(meta, clock.now));
  }
  return { arrivals: arrivals.sort(byWait), lateWithoutReason: lateWithoutReason.sort(byWait), reexaminations: reexaminations.sort(byWait) };
}

/** A case that may owe a copy: its row, whether its record owes one (from the index or the body), and when it was signed. */
export interface CopyCandidate {
  readonly meta: Pick<OverdueCaseMeta, 'id' | 'caseNumber' | 'encounterType' | 'examStartAt'> & { readonly status: CaseStatus };
  readonly owes: boolean;
  readonly signedAt: string | null;
}

/** Copies owed: a signed report and a record that owes a copy; the oldest signature first (unknown last). */
export function selectCopiesOwed(candidates: readonly CopyCandidate[]): CopyOwedCase[] {
  const owed: CopyOwedCase[] = [];
  for (const { meta, owes, signedAt } of candidates) {
    if (!owes || !isReportSigned(meta.status)) continue;
    owed.push({ id: meta.id, caseNumber: meta.caseNumber, encounterType: meta.encounterType, examStartAt: meta.examStartAt, signedAt });
  }
  const at = (c: CopyOwedCase) => {
    const ms = c.signedAt === null ? Number.NaN : Date.parse(c.signedAt);
    return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
  };
  return owed.sort((a, b) => at(a) - at(b) || (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0));
}

/** A referral and the case it belongs to. */
export interface ReferralOfCase {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly referral: Referral;
}

/** Referrals sent, not acknowledged, past their follow-up date; the oldest follow-up first. */
export function selectOverdueReferrals(referrals: readonly ReferralOfCase[], now: Date): OverdueReferral[] {
  const overdue: OverdueReferral[] = [];
  for (const { caseId, caseNumber, referral } of referrals) {
    if (!isReferralOverdue(referral, now)) continue;
    // isReferralOverdue holds only with both set.
    if (referral.followUpDate === null || referral.followUpDate === undefined || referral.sentAt === null || referral.sentAt === undefined) continue;
    overdue.push({ caseId, caseNumber, referralId: referral.id, followUpDate: referral.followUpDate, sentAt: referral.sentAt });
  }
  return overdue.sort((a, b) => (a.followUpDate < b.followUpDate ? -1 : a.followUpDate > b.followUpDate ? 1 : 0));
}

/** The counts of a dashboard. */
export function overdueCountsOf(dashboard: OverdueDashboard): OverdueCounts {
  return {
    arrivals: dashboard.arrivals.length,
    lateWithoutReason: dashboard.lateWithoutReason.length,
    reexaminations: dashboard.reexaminations.length,
    copiesOwed: dashboard.copiesOwed.length,
    referrals: dashboard.referrals === null ? null : dashboard.referrals.length,
  };
}
