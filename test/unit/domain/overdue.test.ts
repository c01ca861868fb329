/** The overdue dashboard's selection: each section's rule, and its boundary exactly at the limit. */
import { describe, expect, it } from 'vitest';
import {
  hasDelayReason,
  hoursWaited,
  isArrivalOverdue,
  isLateExamination,
  isReexaminationDue,
  isReportSigned,
  overdueCountsOf,
  overdueIndexOf,
  owesCopy,
  selectCopiesOwed,
  selectOverdueCases,
  selectOverdueReferrals,
  type CopyCandidate,
  type OverdueCaseMeta,
} from '../../../shared/domain/overdue';
import { referralDraftSchema, type Referral } from '../../../shared/domain/referral';

const NOW = new Date('2026-05-10T12:00:00Z');
const clock = { now: NOW, thresholdHours: 24 };

let n = 0;
function meta(patch: Partial<OverdueCaseMeta> = {}): OverdueCaseMeta {
  n += 1;
  return {
    id: `case-${String(n)}`,
    caseNumber: `2026-${String(n).padStart(5, '0')}`,
    encounterType: 'admission',
    createdAt: '2026-05-01T00:00:00Z',
    arrivalAt: null,
    examStartAt: null,
    ...patch,
  };
}

const examWith = (delayReason: unknown) => ({ encounter: { timing: { delayReason } } });

describe('arrivals not examined past the limit', () => {
  it('is overdue strictly past the limit, not exactly at it', () => {
    expect(isArrivalOverdue(meta({ arrivalAt: '2026-05-09T12:00:00Z' }), clock)).toBe(false);
    expect(isArrivalOverdue(meta({ arrivalAt: '2026-05-09T11:59:59Z' }), clock)).toBe(true);
    // The same instant written with an offset.
    expect(isArrivalOverdue(meta({ arrivalAt: '2026-05-09T14:00:00+02:00' }), clock)).toBe(false);
    expect(isArrivalOverdue(meta({ arrivalAt: '2026-05-09T13:59:00+02:00' }), clock)).toBe(true);
  });

  it('follows the setting', () => {
    const arrival = meta({ arrivalAt: '2026-05-10T09:00:00Z' });
    expect(isArrivalOverdue(arrival, { now: NOW, thresholdHours: 2 })).toBe(true);
    expect(isArrivalOverdue(arrival, { now: NOW, thresholdHours: 3 })).toBe(false);
  });

  it('is never overdue once examined, or without an arrival', () => {
    expect(isArrivalOverdue(meta({ arrivalAt: '2026-05-01T00:00:00Z', examStartAt: '2026-05-05T00:00:00Z' }), clock)).toBe(false);
    expect(isArrivalOverdue(meta(), clock)).toBe(false);
  });
});

describe('examinations past the limit without a delay reason', () => {
  it('is late strictly past the limit from arrival to start, not exactly at it', () => {
    expect(isLateExamination({ arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-02T08:00:00Z' }, 24)).toBe(false);
    expect(isLateExamination({ arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-02T08:01:00Z' }, 24)).toBe(true);
    expect(isLateExamination({ arrivalAt: '2026-05-01T10:00:00+02:00', examStartAt: '2026-05-02T08:00:00Z' }, 24)).toBe(false);
  });

  it('needs both times', () => {
    expect(isLateExamination({ arrivalAt: '2026-05-01T08:00:00Z', examStartAt: null }, 24)).toBe(false);
    expect(isLateExamination({ arrivalAt: null, examStartAt: '2026-05-05T08:00:00Z' }, 24)).toBe(false);
  });

  it('reads the delay reason: blank is none', () => {
    expect(hasDelayReason(examWith('Person was in hospital'))).toBe(true);
    expect(hasDelayReason(examWith('   '))).toBe(false);
    expect(hasDelayReason(examWith(null))).toBe(false);
    expect(hasDelayReason(examWith(42))).toBe(false);
    expect(hasDelayReason({ encounter: null })).toBe(false);
    expect(hasDelayReason(null)).toBe(false);
  });

  it('lists a late examination only when its body was opened and gives no reason', () => {
    const late = { arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-03T08:00:00Z' };
    const noReason = meta(late);
    const withReason = meta(late);
    const notOpened = meta(late);
    const atLimit = meta({ arrivalAt: '2026-05-01T08:00:00Z', examStartAt: '2026-05-02T08:00:00Z' });
    const selected = selectOverdueCases(
      [
        { meta: noReason, exam: examWith('') },
        { meta: withReason, exam: examWith('Transferred to hospital on arrival') },
        { meta: notOpened },
        { meta: atLimit, exam: examWith(null) },
      ],
      clock,
    );
    expect(selected.lateWithoutReason.map((c) => c.id)).toEqual([noReason.id]);
    expect(selected.lateWithoutReason[0]?.hours).toBe(48);
    expect(selected.arrivals).toEqual([]);
  });
});

describe('re-examinations due (E2)', () => {
  it('is due after a return from police custody or an incident, until the examination starts', () => {
    expect(isReexaminationDue(meta({ encounterType: 'return_from_police_custody' }))).toBe(true);
    expect(isReexaminationDue(meta({ encounterType: 'post_incident', arrivalAt: '2026-05-10T11:00:00Z' }))).toBe(true);
    expect(isReexaminationDue(meta({ encounterType: 'return_from_police_custody', examStartAt: '2026-05-10T11:00:00Z' }))).toBe(false);
    expect(isReexaminationDue(meta({ encounterType: 'admission' }))).toBe(false);
    expect(isReexaminationDue(meta({ encounterType: 'transfer_in' }))).toBe(false);
  });

  it('is listed at once (E2 sets no delay), and also as an overdue arrival once past the limit', () => {
    const justBack = meta({ encounterType: 'return_from_police_custody', arrivalAt: '2026-05-10T11:00:00Z' });
    const longBack = meta({ encounterType: 'return_from_police_custody', arrivalAt: '2026-05-08T11:00:00Z' });
    const noArrival = meta({ encounterType: 'post_incident' });
    const selected = selectOverdueCases([{ meta: justBack }, { meta: longBack }, { meta: noArrival }], clock);
    expect(selected.reexaminations.map((c) => c.id)).toEqual([longBack.id, justBack.id, noArrival.id]);
    expect(selected.reexaminations.map((c) => c.hours)).toEqual([49, 1, null]);
    expect(selected.arrivals.map((c) => c.id)).toEqual([longBack.id]);
  });
});

describe('ordering and counts', () => {
  it('puts the longest wait first, ties by case number', () => {
    const a = meta({ arrivalAt: '2026-05-08T12:00:00Z' });
    const b = meta({ arrivalAt: '2026-05-05T12:00:00Z' });
    const c = meta({ arrivalAt: '2026-05-08T12:00:00Z' });
    const selected = selectOverdueCases([{ meta: c }, { meta: a }, { meta: b }], clock);
    expect(selected.arrivals.map((x) => x.id)).toEqual([b.id, a.id, c.id]);
    expect(overdueCountsOf({ ...selected, copiesOwed: [], referrals: null })).toEqual({ arrivals: 3, lateWithoutReason: 0, reexaminations: 0, copiesOwed: 0, referrals: null });
  });

  it('reads hours to now while waiting, to the start once examined', () => {
    expect(hoursWaited({ arrivalAt: '2026-05-10T09:30:00Z', examStartAt: null }, NOW)).toBe(2.5);
    expect(hoursWaited({ arrivalAt: '2026-05-01T09:00:00Z', examStartAt: '2026-05-01T12:00:00Z' }, NOW)).toBe(3);
    expect(hoursWaited({ arrivalAt: null, examStartAt: null }, NOW)).toBeNull();
  });
});

describe('copies of the report owed to the person (#14 item 7)', () => {
  const copy = (fields: Record<string, unknown>) => ({ consent: { copyToPerson: { decision: null, wantsCopy: null, copyGiven: null, ...fields } } });

  it('is owed when the person consented to a copy, or wants one, and none was given', () => {
    expect(owesCopy(copy({ decision: 'given', wantsCopy: true, copyGiven: false, notGivenReason: 'To be handed over once signed' }))).toBe(true);
    expect(owesCopy(copy({ decision: 'given' }))).toBe(true);
    expect(owesCopy(copy({ decision: 'partial', copyGiven: null }))).toBe(true);
    // The wish alone (the consent not sought, or not answered).
    expect(owesCopy(copy({ decision: 'not_sought', wantsCopy: true, copyGiven: false }))).toBe(true);
    expect(owesCopy(copy({ wantsCopy: true }))).toBe(true);
  });

  it('is not owed once given, nor when the person refused or does not want one, nor without an answer', () => {
    expect(owesCopy(copy({ decision: 'given', wantsCopy: true, copyGiven: true }))).toBe(false);
    expect(owesCopy(copy({ wantsCopy: true, copyGiven: true }))).toBe(false);
    expect(owesCopy(copy({ decision: 'refused', wantsCopy: false }))).toBe(false);
    expect(owesCopy(copy({ decision: 'not_sought', wantsCopy: false, copyGiven: false }))).toBe(false);
    expect(owesCopy(copy({ decision: 'not_applicable' }))).toBe(false);
    expect(owesCopy(copy({ decision: 'not_capable' }))).toBe(false);
    expect(owesCopy(copy({}))).toBe(false);
    expect(owesCopy({ consent: { copyToPerson: null } })).toBe(false);
    expect(owesCopy({ consent: null })).toBe(false);
    expect(owesCopy(null)).toBe(false);
    expect(owesCopy('given')).toBe(false);
  });

  it('marks the row from the draft at each save, or to be checked when the draft was not read', () => {
    const timing = { encounterType: 'admission', arrivalAt: null, examStartAt: null } as const;
    expect(overdueIndexOf(timing, copy({ decision: 'given', copyGiven: false }))).toEqual({ copyOwed: 1 });
    expect(overdueIndexOf(timing, copy({ decision: 'given', copyGiven: true }))).toEqual({});
    expect(overdueIndexOf(timing, null)).toEqual({});
    expect(overdueIndexOf(timing)).toEqual({ copyUnchecked: 1 });
  });

  it('is listed once a report is signed, the oldest signature first, by case number and dates only', () => {
    const row = (status: CopyCandidate['meta']['status'], signedAt: string | null, owes = true): CopyCandidate => {
      const m = meta({ examStartAt: '2026-05-01T10:00:00Z' });
      return { meta: { id: m.id, caseNumber: m.caseNumber, encounterType: m.encounterType, examStartAt: m.examStartAt, status }, owes, signedAt };
    };
    const draft = row('draft', null);
    const finalised = row('finalised', null);
    const recent = row('signed', '2026-05-09T10:00:00Z');
    const old = row('referred', '2026-05-02T10:00:00+02:00');
    const unknown = row('signed', null);
    const given = row('signed', '2026-05-01T10:00:00Z', false);
    expect(isReportSigned('signed')).toBe(true);
    expect(isReportSigned('draft')).toBe(false);
    const selected = selectCopiesOwed([draft, recent, given, unknown, finalised, old]);
    expect(selected.map((c) => c.id)).toEqual([old.meta.id, recent.meta.id, unknown.meta.id]);
    expect(selected[0]).toEqual({ id: old.meta.id, caseNumber: old.meta.caseNumber, encounterType: 'admission', examStartAt: '2026-05-01T10:00:00Z', signedAt: '2026-05-02T10:00:00+02:00' });
  });
});

describe('referrals not acknowledged past their follow-up date', () => {
  function referral(patch: Partial<Referral>): Referral {
    return referralDraftSchema.parse({
      id: `ref-${String((n += 1))}`,
      reportVersion: 1,
      reportSha256: 'a'.repeat(64),
      policy: 'consent-based',
      sentAt: '2026-04-01T10:00:00+00:00',
      followUpDate: '2026-05-09',
      ...patch,
    });
  }

  it('lists the sent, unacknowledged ones from the day after the follow-up date, oldest follow-up first', () => {
    const overdue = referral({});
    const older = referral({ followUpDate: '2026-05-01' });
    const today = referral({ followUpDate: '2026-05-10' });
    const acknowledged = referral({ acknowledgedAt: '2026-05-02T09:00:00+00:00' });
    const unsent = referral({ sentAt: null });
    const noFollowUp = referral({ followUpDate: null });
    const rows = [overdue, older, today, acknowledged, unsent, noFollowUp].map((r) => ({ caseId: 'case-x', caseNumber: '2026-00009', referral: r }));
    const selected = selectOverdueReferrals(rows, NOW);
    expect(selected.map((r) => r.referralId)).toEqual([older.id, overdue.id]);
    expect(selected[0]).toEqual({ caseId: 'case-x', caseNumber: '2026-00009', referralId: older.id, followUpDate: '2026-05-01', sentAt: '2026-04-01T10:00:00+00:00' });
  });
});
