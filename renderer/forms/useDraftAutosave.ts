/**
 * Autosave of an examination draft: every change is kept in memory at once and saved through the
 * repository within about a second (debounced 400 ms, at most 1 s after the first unsaved change), one
 * save at a time, without a save button. The page being hidden or closed saves at once.
 *
 * Each save names the revision this window last read or wrote. If another window saved in between,
 * the repository refuses and autosave stops in the `conflict` state: the screen tells the clinician
 * rather than silently overwriting either window's work.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { setAt } from '../../forms/model';
import type { CaseSummary } from '../../shared/domain/case';
import type { CaseRepository } from '../db/repos';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'conflict' | 'tooLarge';

const DEBOUNCE_MS = 400;
const MAX_WAIT_MS = 1000;
const RETRY_MS = 3000;

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

export function useDraftAutosave(repo: CaseRepository, initial: { readonly summary: CaseSummary; readonly draft: unknown }): DraftAutosave {
  const [draft, setDraft] = useState<unknown>(initial.draft);
  const [summary, setSummary] = useState(initial.summary);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const state = useRef({
    draft: initial.draft,
    revision: initial.summary.revision,
    dirty: false,
    saving: false,
    stopped: false,
    firstPendingAt: 0,
    timer: null as ReturnType<typeof setTimeout> | null,
  });
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
    setSaveState('saving');
    const snapshot = s.draft;
    repo.saveExamination(initial.summary.id, snapshot, s.revision).then(
      (saved) => {
        s.saving = false;
        s.revision = saved.revision;
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
          return;
        }
        s.dirty = true;
        if (error instanceof Error && /too large/.test(error.message)) {
          setSaveState('tooLarge');
          return;
        }
        setSaveState('failed');
        s.timer = setTimeout(() => { flushRef.current(); }, RETRY_MS);
      },
    );
  }, [repo, initial.summary.id]);

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
      const now = Date.now();
      if (s.firstPendingAt === 0) s.firstPendingAt = now;
      setSaveState((current) => (current === 'saving' ? current : 'pending'));
      if (s.timer !== null) clearTimeout(s.timer);
      const wait = Math.max(0, Math.min(DEBOUNCE_MS, s.firstPendingAt + MAX_WAIT_MS - now));
      s.timer = setTimeout(flush, wait);
    },
    [flush],
  );

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const read = useCallback(() => state.current.draft, []);

  return { draft, saveState, summary, update, flush, read };
}
