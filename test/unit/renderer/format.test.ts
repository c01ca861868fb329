import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldForSearch, formatDateTimeInput, parseDateTimeInput, parseNumberInput, parseTextInput } from '../../../renderer/forms/format';

const savedTz = process.env.TZ;
beforeEach(() => { process.env.TZ = 'Europe/Paris'; });
afterEach(() => { process.env.TZ = savedTz; });

describe('what the clinician types → what the draft stores', () => {
  it('stores a typed local date and time as ISO 8601 with seconds and the offset in force that day', () => {
    expect(parseDateTimeInput('2025-03-10 14:00')).toBe('2025-03-10T14:00:00+01:00');
    expect(parseDateTimeInput('2025-07-10T14:00')).toBe('2025-07-10T14:00:00+02:00');
    expect(parseDateTimeInput('  ')).toBeNull();
  });

  it('keeps text that is not a date and time exactly as typed (the schema says what is wrong)', () => {
    expect(parseDateTimeInput('yesterday')).toBe('yesterday');
    expect(parseDateTimeInput('2025-02-30 10:00')).toBe('2025-02-30 10:00');
    // 02:30 does not exist in Paris on the night clocks go forward.
    expect(parseDateTimeInput('2025-03-30 02:30')).toBe('2025-03-30 02:30');
  });

  it('shows a stored instant on the local clock, and other stored text as it is', () => {
    expect(formatDateTimeInput('2025-03-10T13:00:00Z')).toBe('2025-03-10 14:00');
    expect(formatDateTimeInput('2025-03-10T14:00:00+01:00')).toBe('2025-03-10 14:00');
    expect(formatDateTimeInput('not a date')).toBe('not a date');
    expect(formatDateTimeInput(null)).toBe('');
  });

  it('reads numbers with a point or a comma, and keeps anything else', () => {
    expect(parseNumberInput('37,5')).toBe(37.5);
    expect(parseNumberInput('120')).toBe(120);
    expect(parseNumberInput('')).toBeNull();
    expect(parseNumberInput('12O')).toBe('12O');
  });

  it('treats blank text as unanswered but keeps every other character', () => {
    expect(parseTextInput('   ')).toBeNull();
    expect(parseTextInput(' <b>x</b> \u202e ')).toBe(' <b>x</b> \u202e ');
  });

  it('folds accents for pick-list search', () => {
    expect(foldForSearch('Réfugié ÉTAT')).toBe('refugie etat');
  });
});
