/**
 * Where: main process, pure (no Electron import). Closing a window or quitting waits for the renderer
 * to save or keep what was just typed.
 *
 * A change is kept as a sealed pending edit within milliseconds and saved within a second; both are
 * asynchronous work in the page (WebCrypto, IndexedDB) that a window destroyed at once does not finish.
 * So the first `close` of a window (and `before-quit`) is refused; the window is asked over IPC
 * (`app:flushRequested`) to flush; when it answers (`app:flushed`) or the bound passes, the window is
 * closed (or the app quits) for real. A renderer that hangs or crashed delays closing by the bound,
 * never forever.
 */

/** The part of a BrowserWindow the guard needs (main.ts adapts the real one). */
export interface GuardedWindow {
  /** The id of its web contents: the sender id of its `app:flushed` answer. */
  readonly contentsId: number;
  /** Sends `app:flushRequested` to the page. May throw when the page is gone. */
  readonly requestFlush: () => void;
  /** Closes the window again; the guard lets this close through. */
  readonly close: () => void;
  /** The window, or its page, is gone or crashed: nothing to wait for. */
  readonly isGone: () => boolean;
}

export interface PreventableEvent {
  readonly preventDefault: () => void;
}

export interface CloseGuardOptions {
  /** Longest wait for a renderer's answer. */
  readonly timeoutMs: number;
  /** `app.quit()`: called again once every window has flushed. */
  readonly quit: () => void;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export interface CloseGuard {
  /** Wire to BrowserWindow `close`. */
  readonly onClose: (event: PreventableEvent, window: GuardedWindow) => void;
  /** Wire to app `before-quit`, with every open window. */
  readonly onBeforeQuit: (event: PreventableEvent, windows: readonly GuardedWindow[]) => void;
  /** Wire to the `app:flushed` handler, with the sender's web-contents id. */
  readonly flushed: (contentsId: number) => void;
}

/** Long enough for a save of a large case on a slow machine; short enough that closing never seems stuck. */
export const FLUSH_TIMEOUT_MS = 3000;

type Phase = { readonly name: 'flushing'; readonly timer: unknown } | { readonly name: 'flushed' };

export function createCloseGuard(options: CloseGuardOptions): CloseGuard {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => { clearTimeout(handle as ReturnType<typeof setTimeout>); });
  const phases = new Map<number, Phase>();
  const windows = new Map<number, GuardedWindow>();
  /** The windows a quit waits for; null when no quit is under way. */
  let quitWaitsFor: Set<number> | null = null;
  let quitting = false;

  const finish = (contentsId: number) => {
    const phase = phases.get(contentsId);
    if (phase?.name !== 'flushing') return;
    clearTimer(phase.timer);
    phases.set(contentsId, { name: 'flushed' });
    const window = windows.get(contentsId);
    if (quitWaitsFor !== null) {
      quitWaitsFor.delete(contentsId);
      if (quitWaitsFor.size === 0) {
        quitWaitsFor = null;
        quitting = true;
        options.quit();
      }
      return;
    }
    if (window !== undefined && !window.isGone()) window.close();
  };

  /** Asks the window to flush once; later requests while it flushes wait for the same answer. */
  const startFlush = (window: GuardedWindow) => {
    const id = window.contentsId;
    windows.set(id, window);
    if (phases.get(id)?.name === 'flushing') return;
    phases.set(id, { name: 'flushing', timer: setTimer(() => { finish(id); }, options.timeoutMs) });
    try {
      window.requestFlush();
    } catch {
      finish(id);
    }
  };

  return {
    onClose(event, window) {
      const phase = phases.get(window.contentsId);
      if (phase?.name === 'flushed' || window.isGone()) {
        phases.delete(window.contentsId);
        windows.delete(window.contentsId);
        return;
      }
      event.preventDefault();
      startFlush(window);
    },

    onBeforeQuit(event, open) {
      const waiting = open.filter((w) => !w.isGone() && phases.get(w.contentsId)?.name !== 'flushed');
      if (quitting || waiting.length === 0) return;
      event.preventDefault();
      quitWaitsFor = new Set(waiting.map((w) => w.contentsId));
      for (const window of waiting) startFlush(window);
      // A window already flushing for its own close: its answer now counts for the quit.
    },

    flushed(contentsId) {
      finish(contentsId);
    },
  };
}
