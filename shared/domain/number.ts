/**
 * Numbers with plausibility ranges. A range says what a human body can show, not what is normal:
 * it catches a mistyped unit or an extra digit, and its message names the range and unit.
 */
import { z } from 'zod';
import { typeError } from './text';

/** Options of `numberInRange`. */
export interface RangeOptions {
  /** Unit shown in the message, e.g. `mmHg`, `°C`. Empty for plain counts. */
  readonly unit?: string;
  /** Whether only whole numbers are allowed. */
  readonly integer?: boolean;
}

/** A finite number between `min` and `max` inclusive; out-of-range values report the range. */
export function numberInRange(min: number, max: number, options: RangeOptions = {}) {
  const base = z.number({ error: typeError('domain.error.notANumber') });
  const checked = options.integer === true ? base.int({ error: 'domain.error.wholeNumber' }) : base;
  const unit = options.unit ?? '';
  return checked.refine((value) => value >= min && value <= max, {
    error: unit === '' ? 'domain.error.outOfRange' : 'domain.error.outOfRangeUnit',
    params: unit === '' ? { min, max } : { min, max, unit },
  });
}
