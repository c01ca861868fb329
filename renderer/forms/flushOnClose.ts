/**
 * Everything that holds typed work not yet saved registers here how to save it and wait; the
 * desktop shell asks for all of it before it closes a window or quits (platform `onFlushRequested`,
 * electron/policy/closeGuard.ts).
 */
type Flusher = () => Promise<void>;

const flushers = new Set<Flusher>();

/** Adds one; returns the function that removes it. */
export function registerFlusher(flusher: Flusher): () => void {
  flushers.add(flusher);
  return () => {
    flushers.delete(flusher);
  };
}

/** Saves or keeps everything pending; settles when each has (one failing does not stop the others). */
export async function flushEverything(): Promise<void> {
  await Promise.allSettled([...flushers].map((flusher) => flusher()));
}

/** What `settle` reads of an autosave's state (useDraftAutosave.ts). */
export interface SettleState {
  readonly dirty: boolean;
  readonly saving: boolean;
  readonly keeping: boolean;
  readonly stopped: boolean;
  readonly failed: boolean;
}

/**
 * Starts the save of a pending change and waits until neither a save nor a pending-edit write is under
 * way and nothing savable is left, or until `timeoutMs`. A change saved meanwhile by the autosave
 * itself, a stopped autosave (save conflict) and a failed save (retried later; its pending edit is kept)
 * end the wait.
 */
export async function settle(
  state: SettleState,
  flush: () => void,
  timeoutMs: number,
  pollMs = 10,
  now: () => number = Date.now,
): Promise<void> {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (state.dirty && !state.saving && !state.stopped && !state.failed) flush();
    const busy = state.saving || state.keeping || (state.dirty && !state.stopped && !state.failed);
    if (!busy || now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
