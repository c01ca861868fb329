/** E1 (arrival → examination clock) and E2 (re-examination prompt). */
import { describe, expect, it } from 'vitest';
import { reexaminationRule } from '../../../shared/domain/rules/reexamination';
import { examClock, timelinessRule } from '../../../shared/domain/rules/timeliness';
import { DEFAULT_THRESHOLD_HOURS, resolveContext } from '../../../shared/domain/rules/types';
import { ENCOUNTER_TYPES } from '../../../shared/domain/vocab';
import { buildAdmissionExam, FIXTURE_CONTEXT, FIXTURE_NOW } from './fixtures';
import { englishOf, findingsOf, summary } from './helpers';

const ARRIVAL_MS = Date.parse('2025-03-10T08:00:00+01:00');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An examination that started `ms` after arrival (end one minute later), with an optional delay reason. */
function startedAfter(ms: number, delayReason: string | null = null) {
  const start = new Date(ARRIVAL_MS + ms);
  const end = new Date(ARRIVAL_MS + ms + MINUTE);
  return buildAdmissionExam({ encounter: { timing: { examStartAt: start.toISOString(), examEndAt: end.toISOString(), delayReason } } });
}

/** E1 findings with a `now` well after everything. */
function e1(exam = buildAdmissionExam(), thresholdHours?: number) {
  const ctx = thresholdHours === undefined ? { now: new Date('2025-04-01T00:00:00Z') } : { now: new Date('2025-04-01T00:00:00Z'), thresholdHours };
  return summary(timelinessRule(exam, ctx));
}

describe('E1 timeliness: the 24-hour boundary', () => {
  it('says nothing at 23 h 59 min', () => {
    expect(e1(startedAfter(23 * HOUR + 59 * MINUTE))).toEqual([]);
  });

  it('says nothing at exactly 24 h 00 min: the limit itself is not past it', () => {
    expect(e1(startedAfter(24 * HOUR))).toEqual([]);
  });

  it('blocks at 24 h 01 min without a delay reason', () => {
    expect(e1(startedAfter(24 * HOUR + MINUTE))).toEqual(['blocking domain.rule.delayReasonRequired @encounter.timing.delayReason']);
  });

  it('blocks one second past 24 h (the clock has second precision)', () => {
    expect(e1(startedAfter(24 * HOUR + 1000))).toEqual(['blocking domain.rule.delayReasonRequired @encounter.timing.delayReason']);
  });

  it('tells the clinician how late, and the limit', () => {
    const [finding] = timelinessRule(startedAfter(27 * HOUR + 5 * MINUTE), { now: FIXTURE_NOW });
    expect(finding?.params).toEqual({ hours: 27, minutes: 5, threshold: 24 });
    expect(finding && englishOf(finding)).toBe('The examination started 27 h 5 min after arrival, beyond the 24 h limit. Record the reason for the delay.');
  });

  it('with a reason, only warns, so the delay still appears in the report', () => {
    expect(e1(startedAfter(30 * HOUR, 'Arrived at night; no clinician on duty until the morning.'))).toEqual(['warning domain.rule.examDelayed @encounter.timing.examStartAt']);
  });

  it('does not accept a blank reason', () => {
    expect(e1(startedAfter(30 * HOUR, '   '))).toEqual(['blocking domain.rule.delayReasonRequired @encounter.timing.delayReason']);
  });

  it('measures instants, not wall-clock times in different offsets', () => {
    // Arrival 08:00 at +01:00, examination 07:00Z the next day: exactly 24 h.
    const exam = buildAdmissionExam({ encounter: { timing: { examStartAt: '2025-03-11T07:00:00Z', examEndAt: '2025-03-11T08:00:00Z' } } });
    expect(e1(exam)).toEqual([]);
    const late = buildAdmissionExam({ encounter: { timing: { examStartAt: '2025-03-11T08:00:01+00:00', examEndAt: '2025-03-11T09:00:00Z' } } });
    expect(e1(late)).toEqual(['blocking domain.rule.delayReasonRequired @encounter.timing.delayReason']);
  });

  it('counts real hours across a daylight-saving change', () => {
    // Europe/Paris moved from +01:00 to +02:00 on 30 March 2025.
    const exam = buildAdmissionExam({
      encounter: { timing: { arrivalAt: '2025-03-29T12:00:00+01:00', examStartAt: '2025-03-30T12:30:00+02:00', examEndAt: '2025-03-30T13:00:00+02:00' } },
    });
    expect(examClock(exam, { now: new Date('2025-04-01T00:00:00Z') }).elapsedMs).toBe(23.5 * HOUR);
    expect(e1(exam)).toEqual([]);
  });
});

describe('E1 timeliness: a configurable limit', () => {
  it('uses a national limit of 2 h: 2 h 00 passes, 2 h 01 blocks', () => {
    expect(e1(startedAfter(2 * HOUR), 2)).toEqual([]);
    expect(e1(startedAfter(2 * HOUR + MINUTE), 2)).toEqual(['blocking domain.rule.delayReasonRequired @encounter.timing.delayReason']);
  });

  it('defaults to 24 h', () => {
    expect(DEFAULT_THRESHOLD_HOURS).toBe(24);
    expect(e1(startedAfter(24 * HOUR))).toEqual([]);
    expect(e1(startedAfter(24 * HOUR + MINUTE))).toHaveLength(1);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('falls back to 24 h for a broken setting (%s) instead of switching the rule off', (hours) => {
    expect(resolveContext({ now: FIXTURE_NOW, thresholdHours: hours }).thresholdHours).toBe(24);
    expect(e1(startedAfter(24 * HOUR + MINUTE), hours)).toHaveLength(1);
  });
});

describe('E1 timeliness: the running clock before the examination', () => {
  const waiting = buildAdmissionExam({ encounter: { timing: { examStartAt: null, examEndAt: null } } });

  it('shows the time elapsed since arrival', () => {
    const clock = examClock(waiting, { now: new Date(ARRIVAL_MS + 3 * HOUR) });
    expect(clock).toEqual({ elapsedMs: 3 * HOUR, thresholdMs: 24 * HOUR, running: true, overdue: false });
  });

  it('warns once the limit has passed and nobody has examined the person', () => {
    expect(summary(timelinessRule(waiting, { now: new Date(ARRIVAL_MS + 24 * HOUR) }))).toEqual([]);
    expect(summary(timelinessRule(waiting, { now: new Date(ARRIVAL_MS + 24 * HOUR + 1) }))).toEqual(['warning domain.rule.examOverdue @encounter.timing.examStartAt']);
  });

  it('says nothing without an arrival time (that is a required answer)', () => {
    const exam = buildAdmissionExam({ encounter: { timing: { arrivalAt: null } } });
    expect(examClock(exam, FIXTURE_CONTEXT).elapsedMs).toBeNull();
    expect(timelinessRule(exam, FIXTURE_CONTEXT)).toEqual([]);
  });
});

describe('E2 re-examination prompt', () => {
  it.each(['return_from_police_custody', 'post_incident'] as const)('prompts (warning) after %s', (type) => {
    const exam = buildAdmissionExam({ encounter: { type } });
    expect(summary(reexaminationRule(exam))).toEqual(['warning domain.rule.reexaminationPrompt @encounter.type']);
    expect(summary(findingsOf(exam))).toEqual(['warning domain.rule.reexaminationPrompt @encounter.type']);
  });

  it.each(ENCOUNTER_TYPES.filter((t) => t !== 'return_from_police_custody' && t !== 'post_incident'))('does not prompt for %s', (type) => {
    expect(reexaminationRule(buildAdmissionExam({ encounter: { type } }))).toEqual([]);
  });

  it('never blocks', () => {
    const exam = buildAdmissionExam({ encounter: { type: 'post_incident' } });
    expect(findingsOf(exam).filter((f) => f.severity === 'blocking')).toEqual([]);
  });
});
