/**
 * E1 Timeliness. Mandela r.30 says "as soon as possible" and gives no number; the CPT (23rd General
 * Report §73) expects screening within 24 hours of arrival, and national rules set their own limits
 * (UK short-term holding facilities: 2 h). The limit is therefore a setting, 24 h by default.
 * Past it the delay must be explained. Exactly at the limit is not past it.
 */
import type { Examination } from '../examination';
import { hasText } from '../text';
import { instantOf } from '../time';
import { blocking, resolveContext, warning, type RuleContext, type RuleFinding } from './types';

const HOUR_MS = 60 * 60 * 1000;

/** The arrival → examination clock, for the rule and for a running display in the form. */
export interface ExamClock {
  /** Milliseconds from arrival to the start of the examination, or to `now` while it has not started; null without an arrival time. */
  readonly elapsedMs: number | null;
  readonly thresholdMs: number;
  /** Whether the examination has not started yet (the clock is still running). */
  readonly running: boolean;
  /** Strictly past the limit. */
  readonly overdue: boolean;
}

/** Reads the arrival → examination clock. */
export function examClock(exam: Examination, ctx: RuleContext): ExamClock {
  const { now, thresholdHours } = resolveContext(ctx);
  const thresholdMs = thresholdHours * HOUR_MS;
  const timing = exam.encounter?.timing;
  const arrival = instantOf(timing?.arrivalAt);
  const start = instantOf(timing?.examStartAt);
  if (arrival === null) return { elapsedMs: null, thresholdMs, running: start === null, overdue: false };
  const elapsedMs = (start ?? now.getTime()) - arrival;
  return { elapsedMs, thresholdMs, running: start === null, overdue: elapsedMs > thresholdMs };
}

/** E1: a delay past the limit needs a reason (blocking); with one, it is still reported (warning). */
export function timelinessRule(exam: Examination, ctx: RuleContext): RuleFinding[] {
  const clock = examClock(exam, ctx);
  if (clock.elapsedMs === null || !clock.overdue) return [];
  const totalMinutes = Math.floor(clock.elapsedMs / 60_000);
  const params = { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60, threshold: clock.thresholdMs / HOUR_MS };
  if (clock.running) return [warning('E1', 'domain.rule.examOverdue', 'encounter.timing.examStartAt', params)];
  if (hasText(exam.encounter?.timing?.delayReason)) return [warning('E1', 'domain.rule.examDelayed', 'encounter.timing.examStartAt', params)];
  return [blocking('E1', 'domain.rule.delayReasonRequired', 'encounter.timing.delayReason', params)];
}
