/**
 * When the vault locks by itself, and when the unlock screen accepts another attempt. Pure logic
 * (timers are passed in), tested in test/unit/renderer/lockPolicy.test.ts.
 */
import { unlockDelayMs } from '../../shared/vault/keys';

/**
 * Idle time after which the vault locks itself. One constant, here, until it becomes a setting.
 */
export const AUTO_LOCK_AFTER_MS = 10 * 60_000;

/** What counts as the person being at the keyboard. Mouse moves do not: a cat or a nudge is not a person. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

export interface IdleTimerOptions {
  readonly idleMs: number;
  readonly onIdle: () => void;
  readonly now?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface IdleTimer {
  /** The person did something: the idle time starts again. Cheap: it only notes the time. */
  activity(): void;
  /** Stops the timer for good (on lock or unmount). */
  stop(): void;
}

/**
 * Calls `onIdle` once, `idleMs` after the last `activity()`. One timer at a time: when it fires early
 * (activity happened since it was set), it is set again for the time that remains.
 */
export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => { clearTimeout(handle as ReturnType<typeof setTimeout>); });
  let last = now();
  let handle: unknown = null;
  let stopped = false;

  const schedule = (ms: number) => {
    handle = setTimer(check, Math.max(0, ms));
  };
  function check(): void {
    handle = null;
    if (stopped) return;
    const remaining = last + options.idleMs - now();
    if (remaining <= 0) {
      stopped = true;
      options.onIdle();
    } else {
      schedule(remaining);
    }
  }
  schedule(options.idleMs);

  return {
    activity() {
      if (!stopped) last = now();
    },
    stop() {
      stopped = true;
      if (handle !== null) clearTimer(handle);
      handle = null;
    },
  };
}

/**
 * When the next unlock attempt is allowed (ms since the epoch), after `count` wrong attempts in a
 * row, the last at `lastAt`: `unlockDelayMs` after the last one.
 */
export function nextAttemptAt(failures: { readonly count: number; readonly lastAt: string | null }): number {
  const delay = unlockDelayMs(failures.count);
  if (delay === 0 || failures.lastAt === null) return 0;
  const last = Date.parse(failures.lastAt);
  return Number.isNaN(last) ? 0 : last + delay;
}

/** Whole seconds left until `at`, rounded up (what the countdown shows); 0 once it has passed. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
