import { describe, expect, it, vi } from 'vitest';
import { AUTO_LOCK_AFTER_MS, createIdleTimer, nextAttemptAt, secondsUntil } from '../../../renderer/vault/lockPolicy';

function fakeClock() {
  let time = 0;
  const timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => time,
    setTimer: (callback: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: time + ms, callback, id });
      return id;
    },
    clearTimer: (handle: unknown) => {
      const i = timers.findIndex((t) => t.id === handle);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      const end = time + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (due === undefined || due.at > end) break;
        timers.shift();
        time = due.at;
        due.callback();
      }
      time = end;
    },
    pending: () => timers.length,
  };
}

describe('auto-lock after idle time', () => {
  it('locks ten minutes after the last activity by default, not before', () => {
    expect(AUTO_LOCK_AFTER_MS).toBe(600_000);
    const clock = fakeClock();
    const onIdle = vi.fn();
    createIdleTimer({ idleMs: AUTO_LOCK_AFTER_MS, onIdle, ...clock });
    clock.advance(AUTO_LOCK_AFTER_MS - 1);
    expect(onIdle).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    clock.advance(AUTO_LOCK_AFTER_MS * 3);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('activity pushes the lock back by the full idle time, with one timer at a time', () => {
    const clock = fakeClock();
    const onIdle = vi.fn();
    const timer = createIdleTimer({ idleMs: 1000, onIdle, ...clock });
    clock.advance(900);
    timer.activity();
    clock.advance(900);
    timer.activity();
    expect(clock.pending()).toBe(1);
    clock.advance(999);
    expect(onIdle).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped', () => {
    const clock = fakeClock();
    const onIdle = vi.fn();
    const timer = createIdleTimer({ idleMs: 1000, onIdle, ...clock });
    timer.stop();
    clock.advance(5000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });
});

describe('pacing of unlock attempts', () => {
  const at = '2026-05-02T10:00:00.000Z';
  const t = Date.parse(at);
  it('lets the first three wrong attempts through at once, then waits 1 s, 2 s, 4 s after the last', () => {
    expect(nextAttemptAt({ count: 0, lastAt: null })).toBe(0);
    expect(nextAttemptAt({ count: 2, lastAt: at })).toBe(0);
    expect(nextAttemptAt({ count: 3, lastAt: at })).toBe(t + 1000);
    expect(nextAttemptAt({ count: 5, lastAt: at })).toBe(t + 4000);
    expect(nextAttemptAt({ count: 5, lastAt: 'garbage' })).toBe(0);
  });

  it('counts down in whole seconds, rounded up', () => {
    expect(secondsUntil(t + 4000, t)).toBe(4);
    expect(secondsUntil(t + 4000, t + 3001)).toBe(1);
    expect(secondsUntil(t + 4000, t + 4000)).toBe(0);
    expect(secondsUntil(0, t)).toBe(0);
  });
});
