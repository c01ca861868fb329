/**
 * Autosave of an examination draft: every change is kept in memory at once and saved through the
 * repository within about a second (debounced 400 ms, at most 1 s after the first unsaved change), one
 * save at a time, without a save button. The page being hidden or closed starts a save at once.
 *
 * That save takes several asynchronous steps, which a page being reloaded or closed does not finish.
 * So each change is also kept, within milliseconds, as a sealed pending edit (one seal, one put:
 * renderer/db/repos/pendingEditRepository.ts) that opening the case applies; and while a change is not
 * yet kept, leaving the page asks first (the browser's own `beforeunload` prompt).
 *
 * Each save names the revision this window last read or wrote. If another window saved in between,
 * the repository refuses and autosave stops in the `conflict` state: the screen tells the clinician
 * rather than silently overwriting either window's work.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { setAt } from '../../forms/model';
import type { CaseSummary } from '../../shared/domain/case';
import type { CaseRepository, PendingEditRepository, PendingStamp } from '../db/repos';
import { registerFlusher, settle } from './flushOnClose';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'conflict' | 'tooLarge';

const DEBOUNCE_MS = 400;
const MAX_WAIT_MS = 1000;
const RETRY_MS = 3000;
/** How long a flush before the window closes waits for the save in flight (the shell's own bound is 3 s). */
const SETTLE_MS = 2500;

export interface DraftAutosave {
  readonly draft: unknown;
  readonly saveState: SaveState;
  readonly summary: CaseSummary;
  /** Sets one value at a dot path and schedules a save. */
  readonly update: (path: string, value: unknown) => void;
  /** Saves now (a pending change, if any). */
  readonly flush: () => void;
  /**
   * The draft as of the last `update`, even before React re-renders: for work that spans awaits (a
   * photograph import) and must not write back a stale copy of a list edited meanwhile.
   */
  readonly read: () => unknown;
}

export interface AutosaveOptions {
  /** Where each change is kept at once, ahead of the save. */
  readonly pending?: PendingEditRepository;
  /** The initial draft is a pending edit applied on opening: it is saved at once. */
  readonly unsaved?: boolean;
}

export function useDraftAutosave(
  repo: CaseRepository,
  initial: { readonly summary: CaseSummary; readonly draft: unknown },
  options: AutosaveOptions = {},
): DraftAutosave {
  const [draft, setDraft] = useState<unknown>(initial.draft);
  const [summary, setSummary] = useState(initial.summary);
  const [saveState, setSaveState] = useState<SaveState>(options.unsaved === true ? 'pending' : 'saved');
  const state = useRef({
    draft: initial.draft,
    revision: initial.summary.revision,
    dirty: options.unsaved === true,
    saving: false,
    stopped: false,
    /** The last save failed (it retries later); a flush before closing does not wait for the retry. */
    failed: false,
    firstPendingAt: 0,
    timer: null as ReturnType<typeof setTimeout> | null,
    /** This window's name in pending-edit rows, and the number of its latest change. */
    session: crypto.randomUUID(),
    seq: 0,
    /** The change the save in flight holds, and the latest change a completed save holds. */
    savingSeq: 0,
    savedSeq: 0,
    /** The latest change whose pending edit was written, the latest whose write was started, and whether one is under way. */
    keptSeq: 0,
    putSeq: 0,
    keeping: false,
  });
  const pending = options.pending;
  const caseId = initial.summary.id;
  // Keeps the draft as of the latest change as a pending edit: one seal-and-put at a time (a burst of
  // keys costs one write per write time, not one per key), then the newest change again.
  const keepRef = useRef<() => void>(() => undefined);
  const keep = useCallback(() => {
    const s = state.current;
    if (pending === undefined || s.stopped || s.keeping || s.putSeq >= s.seq) return;
    s.keeping = true;
    const seq = s.seq;
    const stamp = (): PendingStamp | null => {
      // A save that completed meanwhile holds this change: nothing to keep. After a conflict, nothing
      // this window kept may be applied over the other window's save.
      if (s.savedSeq >= seq || s.stopped) return null;
      s.putSeq = seq;
      const bases = [s.revision];
      if (s.saving && s.savingSeq <= seq) bases.push(s.revision + 1);
      return { session: s.session, seq, bases };
    };
    pending.keep(caseId, s.draft, stamp).then(
      (written) => {
        s.keeping = false;
        if (written) s.keptSeq = Math.max(s.keptSeq, seq);
        else s.putSeq = Math.max(s.putSeq, seq);
        keepRef.current();
      },
      () => {
        // Not kept (storage full, vault locked): the save still runs, and leaving the page asks first.
        s.keeping = false;
      },
    );
  }, [pending, caseId]);
  useEffect(() => {
    keepRef.current = keep;
  }, [keep]);
  // The save callbacks schedule the next save; they reach `flush` through this ref.
  const flushRef = useRef<() => void>(() => undefined);

  const flush = useCallback(() => {
    const s = state.current;
    if (s.timer !== null) {
      clearTimeout(s.timer);
      s.timer = null;
    }
    if (s.saving || !s.dirty || s.stopped) return;
    s.saving = true;
    s.dirty = false;
    s.firstPendingAt = 0;
    s.savingSeq = s.seq;
    setSaveState('saving');
    const snapshot = s.draft;
    repo.saveExamination(caseId, snapshot, s.revision).then(
      (saved) => {
        s.saving = false;
        s.failed = false;
        s.revision = saved.revision;
        s.savedSeq = s.savingSeq;
        if (pending !== undefined && s.putSeq <= s.savedSeq) {
          // The pending edit is in the saved revision now (a later change writes a new one).
          pending.drop(caseId, s.session, s.savedSeq).catch(() => undefined);
        }
        setSummary(saved);
        if (s.dirty) flushRef.current();
        else setSaveState('saved');
      },
      (error: unknown) => {
        s.saving = false;
        const name = error instanceof Error ? error.name : '';
        if (name === 'ConcurrentEditError') {
          s.stopped = true;
          setSaveState('conflict');
          // What this window kept sits on the revision the other window has just replaced, or on the
          // one this refused save would have made (the other window's number now): applied on the next
          // opening, it would overwrite the other window's save. A keep in flight stamps nothing now.
          if (pending !== undefined) pending.discard(caseId, s.session).catch(() => undefined);
          return;
        }
        s.dirty = true;
        s.failed = true;
        if (error instanceof Error && /too large/.test(error.message)) {
          setSaveState('tooLarge');
          return;
        }
        setSaveState('failed');
        s.timer = setTimeout(() => { flushRef.current(); }, RETRY_MS);
      },
    );
  }, [repo, caseId, pending]);

  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  const update = useCallback(
    (path: string, value: unknown) => {
      const s = state.current;
      s.draft = setAt(s.draft, path, value);
      setDraft(s.draft);
      if (s.stopped) return;
      s.dirty = true;
      s.seq += 1;
      keep();
      const now = Date.now();
      if (s.firstPendingAt === 0) s.firstPendingAt = now;
      setSaveState((current) => (current === 'saving' ? current : 'pending'));
      if (s.timer !== null) clearTimeout(s.timer);
      const wait = Math.max(0, Math.min(DEBOUNCE_MS, s.firstPendingAt + MAX_WAIT_MS - now));
      s.timer = setTimeout(flush, wait);
    },
    [flush, keep],
  );

  // Before the desktop shell closes the window: save now, and wait (bounded) until the save and the
  // pending edit in flight have finished.
  const settleNow = useCallback(() => settle(state.current, flush, SETTLE_MS), [flush]);

  useEffect(() => registerFlusher(settleNow), [settleNow]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    // Leaving while a change is neither saved nor kept as a pending edit asks first.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const s = state.current;
      const unkept = pending === undefined ? s.dirty || s.saving : s.keptSeq < s.seq && s.savedSeq < s.seq;
      if (!unkept || s.stopped) return;
      flush();
      event.preventDefault();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', onBeforeUnload);
    if (state.current.dirty) flush();
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', onBeforeUnload);
      flush();
    };
  }, [flush, pending]);

  const read = useCallback(() => state.current.draft, []);

  return { draft, saveState, summary, update, flush, read };
}
