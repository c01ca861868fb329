/**
 * The ordering of closing and quitting around the renderer's flush, with fake windows and a fake
 * clock. What Electron itself does with a prevented `close` or `before-quit` is not run here (the
 * Electron binary cannot be downloaded on this machine); main.ts's wiring is checked as text in
 * mainWiring.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCloseGuard, type GuardedWindow } from '../../../electron/policy/closeGuard';

function harness() {
  const log: string[] = [];
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const guard = createCloseGuard({
    timeoutMs: 3000,
    quit: () => log.push('quit'),
    setTimer: (callback) => {
      const id = nextTimer++;
      timers.set(id, callback);
      return id;
    },
    clearTimer: (id) => { timers.delete(id as number); },
  });
  const window = (id: number, options: { gone?: boolean; throws?: boolean } = {}): GuardedWindow & { closes: number } => {
    const w = {
      contentsId: id,
      closes: 0,
      requestFlush: () => {
        if (options.throws === true) throw new Error('page gone');
        log.push(`flush? ${id}`);
      },
      close: () => {
        w.closes += 1;
        log.push(`close ${id}`);
        // Electron emits `close` again for a programmatic close: run it through the guard.
        const event = { prevented: false, preventDefault: () => { event.prevented = true; } };
        guard.onClose(event, w);
        if (!event.prevented) log.push(`closed ${id}`);
      },
      isGone: () => options.gone === true,
    };
    return w;
  };
  const event = () => {
    const e = { prevented: false, preventDefault: () => { e.prevented = true; } };
    return e;
  };
  const fireTimers = () => {
    const pending = [...timers.values()];
    timers.clear();
    for (const callback of pending) callback();
  };
  return { guard, log, window, event, fireTimers, timers };
}

describe('closing a window waits for its flush', () => {
  it('refuses the first close, asks the page to flush, and closes only after the answer', () => {
    const { guard, log, window, event } = harness();
    const w = window(1);
    const first = event();
    guard.onClose(first, w);
    expect(first.prevented).toBe(true);
    expect(log).toEqual(['flush? 1']);
    guard.flushed(1);
    expect(log).toEqual(['flush? 1', 'close 1', 'closed 1']);
  });

  it('a second close while waiting asks nothing more, and the window closes once', () => {
    const { guard, log, window, event } = harness();
    const w = window(1);
    guard.onClose(event(), w);
    const again = event();
    guard.onClose(again, w);
    expect(again.prevented).toBe(true);
    guard.flushed(1);
    guard.flushed(1);
    expect(log).toEqual(['flush? 1', 'close 1', 'closed 1']);
    expect(w.closes).toBe(1);
  });

  it('a page that never answers is closed when the bound passes', () => {
    const { guard, log, window, event, fireTimers } = harness();
    guard.onClose(event(), window(1));
    expect(log).toEqual(['flush? 1']);
    fireTimers();
    expect(log).toEqual(['flush? 1', 'close 1', 'closed 1']);
  });

  it('the answer clears the bound (no second close later)', () => {
    const { guard, window, event, timers } = harness();
    guard.onClose(event(), window(1));
    expect(timers.size).toBe(1);
    guard.flushed(1);
    expect(timers.size).toBe(0);
  });

  it('a page gone or crashed is not waited for; a request that throws closes at once', () => {
    const { guard, log, window, event } = harness();
    const gone = event();
    guard.onClose(gone, window(1, { gone: true }));
    expect(gone.prevented).toBe(false);
    guard.onClose(event(), window(2, { throws: true }));
    expect(log).toEqual(['close 2', 'closed 2']);
  });

  it('an answer nobody asked for (another page, or a page calling early) closes nothing', () => {
    const { guard, log, window, event } = harness();
    guard.flushed(5);
    guard.onClose(event(), window(1));
    guard.flushed(2);
    expect(log).toEqual(['flush? 1']);
  });

  it('after closing, the same id closing again (a new window) is asked again', () => {
    const { guard, log, window, event } = harness();
    guard.onClose(event(), window(1));
    guard.flushed(1);
    const next = event();
    guard.onClose(next, window(1));
    expect(next.prevented).toBe(true);
    expect(log.at(-1)).toBe('flush? 1');
  });
});

describe('quitting waits for every window', () => {
  it('refuses the quit, asks each window, and quits once the last has answered', () => {
    const { guard, log, window, event } = harness();
    const a = window(1);
    const b = window(2);
    const quit = event();
    guard.onBeforeQuit(quit, [a, b]);
    expect(quit.prevented).toBe(true);
    expect(log).toEqual(['flush? 1', 'flush? 2']);
    guard.flushed(2);
    expect(log).toEqual(['flush? 1', 'flush? 2']);
    guard.flushed(1);
    expect(log).toEqual(['flush? 1', 'flush? 2', 'quit']);
    // Electron's quit then closes each window: now let through without asking again.
    const closeA = event();
    guard.onClose(closeA, a);
    expect(closeA.prevented).toBe(false);
    const quitAgain = event();
    guard.onBeforeQuit(quitAgain, [b]);
    expect(quitAgain.prevented).toBe(false);
  });

  it('quits when the bound passes for a window that never answers', () => {
    const { guard, log, window, event, fireTimers } = harness();
    guard.onBeforeQuit(event(), [window(1), window(2)]);
    guard.flushed(1);
    fireTimers();
    expect(log).toEqual(['flush? 1', 'flush? 2', 'quit']);
  });

  it('a window already flushing for its own close is not asked twice; its answer lets the quit go on', () => {
    const { guard, log, window, event } = harness();
    const a = window(1);
    guard.onClose(event(), a);
    guard.onBeforeQuit(event(), [a]);
    expect(log).toEqual(['flush? 1']);
    guard.flushed(1);
    expect(log).toEqual(['flush? 1', 'quit']);
  });

  it('with no window (the last one closed after its flush), quitting is not held', () => {
    const { guard, window, event } = harness();
    const quit = event();
    guard.onBeforeQuit(quit, []);
    expect(quit.prevented).toBe(false);
    const gone = event();
    guard.onBeforeQuit(gone, [window(3, { gone: true })]);
    expect(gone.prevented).toBe(false);
  });
});
