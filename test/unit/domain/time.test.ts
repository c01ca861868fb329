/** Datetime helpers: strict parsing, local calendar dates, the clock-checked schemas. */
import { describe, expect, it } from 'vitest';
import { instantOf, isIsoDate, localDateOf, timeChecks, utcDateOf } from '../../../shared/domain/time';

describe('instantOf', () => {
  it('reads ISO datetimes with an offset', () => {
    expect(instantOf('2025-03-10T08:00:00+01:00')).toBe(Date.parse('2025-03-10T07:00:00Z'));
    expect(instantOf('2025-03-10T07:00:00.250Z')).toBe(Date.parse('2025-03-10T07:00:00.250Z'));
  });

  it.each(['10/03/2025 08:00', 'March 10, 2025', '2025-03-10', '2025-03-10T08:00:00', '1741590000000', '', null, undefined])('refuses to guess at %j', (value) => {
    expect(instantOf(value)).toBeNull();
  });
});

describe('calendar dates', () => {
  it('takes the local date in the offset the time was recorded with', () => {
    expect(localDateOf('2025-03-10T23:30:00-05:00')).toBe('2025-03-10');
    expect(localDateOf('2025-03-11T00:30:00+14:00')).toBe('2025-03-11');
    expect(localDateOf('not a date')).toBeNull();
    expect(utcDateOf(new Date('2025-03-10T23:30:00-05:00'))).toBe('2025-03-11');
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });
});

describe('timeChecks', () => {
  const now = new Date('2025-03-11T09:00:00Z');

  it('without a clock, accepts any valid time', () => {
    expect(timeChecks().pastDateTime.safeParse('2999-01-01T00:00:00Z').success).toBe(true);
  });

  it('with a clock, refuses the future but not a future-allowed field', () => {
    const t = timeChecks({ now, futureToleranceMs: 0 });
    expect(t.pastDateTime.safeParse('2025-03-11T09:00:00Z').success).toBe(true);
    expect(t.pastDateTime.safeParse('2025-03-11T09:00:00.001Z').success).toBe(false);
    expect(t.dateTime.safeParse('2999-01-01T00:00:00Z').success).toBe(true);
    expect(t.date.safeParse('2999-01-01').success).toBe(true);
  });

  it('reads a clock function at each parse, so a schema can be built once', () => {
    let current = new Date('2025-03-11T09:00:00Z');
    const t = timeChecks({ now: () => current, futureToleranceMs: 0 });
    expect(t.pastDateTime.safeParse('2025-03-11T10:00:00Z').success).toBe(false);
    current = new Date('2025-03-11T10:00:00Z');
    expect(t.pastDateTime.safeParse('2025-03-11T10:00:00Z').success).toBe(true);
  });

  it('reports a malformed time as a format error only, not also as a future date', () => {
    const result = timeChecks({ now }).pastDateTime.safeParse('10/03/2030 08:00');
    expect(result.error?.issues.map((i) => i.message)).toEqual(['domain.error.dateTimeFormat']);
  });
});
