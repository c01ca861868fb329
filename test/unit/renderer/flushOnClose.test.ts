import { describe, expect, it, vi } from 'vitest';
import { flushEverything, registerFlusher, settle } from '../../../renderer/forms/flushOnClose';

function autosave(initial: Partial<{ dirty: boolean; saving: boolean; keeping: boolean; stopped: boolean; failed: boolean }>) {
  const state = { dirty: false, saving: false, keeping: false, stopped: false, failed: false, ...initial };
  const saves: (() => void)[] = [];
  const failures: (() => void)[] = [];
  const flush = vi.fn(() => {
    if (state.saving || !state.dirty) return;
    state.saving = true;
    state.dirty = false;
    saves.push(() => { state.saving = false; });
    failures.push(() => { state.saving = false; state.dirty = true; state.failed = true; });
  });
  return { state, flush, saves, failures };
}

describe('settle: the autosave before the window closes', () => {
  it('starts the save of a pending change and resolves only once it has finished', async () => {
    const a = autosave({ dirty: true });
    let done = false;
    const settled = settle(a.state, a.flush, 2000, 1).then(() => { done = true; });
    expect(a.flush).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    a.saves[0]?.();
    await settled;
    expect(done).toBe(true);
  });

  it('a change typed while the save was in flight is saved too before it resolves', async () => {
    const a = autosave({ dirty: true });
    const settled = settle(a.state, a.flush, 2000, 1);
    a.state.dirty = true; // typed during the save
    a.saves[0]?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(a.flush).toHaveBeenCalledTimes(2);
    a.saves[1]?.();
    await settled;
    expect(a.state).toMatchObject({ dirty: false, saving: false });
  });

  it('waits for the pending-edit write in flight', async () => {
    const a = autosave({ keeping: true });
    let done = false;
    const settled = settle(a.state, a.flush, 2000, 1).then(() => { done = true; });
    await new Promise((r) => setTimeout(r, 15));
    expect(done).toBe(false);
    a.state.keeping = false;
    await settled;
    expect(a.flush).not.toHaveBeenCalled();
  });

  it('stops waiting on a failed save, a stopped autosave (conflict), and at the bound', async () => {
    const failing = autosave({ dirty: true });
    const settled = settle(failing.state, failing.flush, 2000, 1);
    failing.failures[0]?.();
    await settled;
    expect(failing.flush).toHaveBeenCalledTimes(1);

    const stopped = autosave({ dirty: true, stopped: true });
    await settle(stopped.state, stopped.flush, 2000, 1);
    expect(stopped.flush).not.toHaveBeenCalled();

    const hung = autosave({ dirty: true });
    let clock = 0;
    const bounded = settle(hung.state, hung.flush, 100, 1, () => (clock += 30));
    await bounded;
    expect(hung.state.saving).toBe(true);
  });

  it('flushEverything waits for every registered autosave, and one failing does not stop the others', async () => {
    const order: string[] = [];
    const off1 = registerFlusher(() => Promise.reject(new Error('locked')));
    const off2 = registerFlusher(async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push('second saved');
    });
    await flushEverything();
    expect(order).toEqual(['second saved']);
    off1();
    off2();
    const off3 = registerFlusher(() => { order.push('again'); return Promise.resolve(); });
    off3();
    await flushEverything();
    expect(order).toEqual(['second saved']);
  });
});
