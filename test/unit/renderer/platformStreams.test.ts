import { describe, expect, it, vi } from 'vitest';
import { openStreamOverBridge, saveStreamOverBridge } from '../../../renderer/platform/electron';
import { collectParts, limitChunkSize, readStreamChunks, reiterableChunks } from '../../../renderer/platform/streams';
import type { AttestBridge } from '../../../shared/ipc';

async function all(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function* from(...pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) {
    await Promise.resolve();
    yield piece;
  }
}

function joined(pieces: readonly Uint8Array[]): number[] {
  return pieces.flatMap((p) => [...p]);
}

describe('browser stream helpers', () => {
  const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => i % 256);

  it('reads a Blob stream piece by piece, every byte in order', async () => {
    const blob = new Blob([big, new Uint8Array([1, 2, 3])]);
    const pieces = await all(readStreamChunks(blob.stream()));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.reduce((n, p) => n + p.byteLength, 0)).toBe(big.byteLength + 3);
    const last = pieces.at(-1);
    expect(last?.subarray(last.byteLength - 3)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('releases the stream when the reader stops early', async () => {
    const stream = new Blob([big]).stream();
    for await (const piece of readStreamChunks(stream)) {
      expect(piece.byteLength).toBeGreaterThan(0);
      break;
    }
    expect(stream.locked).toBe(false);
  });

  it('starts again from the beginning at each iteration of a file', async () => {
    const chunks = reiterableChunks(new Blob([new Uint8Array([5, 6, 7])]));
    expect(joined(await all(chunks))).toEqual([5, 6, 7]);
    expect(joined(await all(chunks))).toEqual([5, 6, 7]);
  });

  it('collects pieces as separate Blob parts, never joined, with progress', async () => {
    const a = new Uint8Array([1, 2]);
    const b = new Uint8Array([3, 4, 5]);
    const progress: number[] = [];
    const { parts, bytes } = await collectParts(from(a, b), (n) => { progress.push(n); });
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(a);
    expect(parts[1]).toBe(b);
    expect(bytes).toBe(5);
    expect(progress).toEqual([2, 5]);
    expect([...new Uint8Array(await new Blob(parts).arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
  });

  it('splits pieces above a limit and passes smaller ones as they are', async () => {
    const small = new Uint8Array([9]);
    const pieces = await all(limitChunkSize(from(small, new Uint8Array(10).fill(1)), 4));
    expect(pieces[0]).toBe(small);
    expect(pieces.map((p) => p.byteLength)).toEqual([1, 4, 4, 2]);
  });
});

function fakeBridge(overrides: Partial<AttestBridge>): AttestBridge {
  return overrides as AttestBridge;
}

const HANDLE = '6f1c1f2e-4d4b-4e55-9a47-1b7c2a0c9d11';

describe('Electron stream methods over the bridge', () => {
  it('save: begins, sends every piece, commits, and reports progress', async () => {
    const sent: number[][] = [];
    const saveEnd = vi.fn(() => Promise.resolve({ status: 'saved' as const }));
    const bridge = fakeBridge({
      saveBegin: () => Promise.resolve({ status: 'started' as const, handle: HANDLE }),
      saveChunk: ({ bytes }) => { sent.push([...bytes]); return Promise.resolve({ ok: true as const }); },
      saveEnd,
    });
    const progress: number[] = [];
    const result = await saveStreamOverBridge(bridge, {
      suggestedName: 'a.attest-backup',
      kind: 'backup',
      chunks: from(new Uint8Array([1]), new Uint8Array([2, 3])),
      onProgress: (n) => { progress.push(n); },
    });
    expect(result).toEqual({ status: 'saved' });
    expect(sent).toEqual([[1], [2, 3]]);
    expect(progress).toEqual([1, 3]);
    expect(saveEnd).toHaveBeenCalledWith({ handle: HANDLE, commit: true });
  });

  it('save: discards when making the pieces fails, and never asks for pieces when cancelled', async () => {
    const saveEnd = vi.fn(() => Promise.resolve({ status: 'discarded' as const }));
    const bridge = fakeBridge({
      saveBegin: () => Promise.resolve({ status: 'started' as const, handle: HANDLE }),
      saveChunk: () => Promise.resolve({ ok: true as const }),
      saveEnd,
    });
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield* from(new Uint8Array([1]));
      throw new Error('wrong passphrase');
    }
    await expect(saveStreamOverBridge(bridge, { suggestedName: 'a.attest-backup', kind: 'backup', chunks: failing() })).rejects.toThrow('wrong passphrase');
    expect(saveEnd).toHaveBeenCalledWith({ handle: HANDLE, commit: false });

    const pulled = vi.fn();
    async function* lazy(): AsyncGenerator<Uint8Array> {
      pulled();
      yield* from(new Uint8Array([1]));
    }
    const cancelled = fakeBridge({ saveBegin: () => Promise.resolve({ status: 'cancelled' as const }) });
    await expect(saveStreamOverBridge(cancelled, { suggestedName: 'a.attest-backup', kind: 'backup', chunks: lazy() })).resolves.toEqual({ status: 'cancelled' });
    expect(pulled).not.toHaveBeenCalled();
  });

  it('open: reads pieces by offset until done, again from 0 on a second pass, and closes once', async () => {
    const file = new Uint8Array([1, 2, 3, 4, 5]);
    const openEnd = vi.fn(() => Promise.resolve({ ok: true as const }));
    const bridge = fakeBridge({
      openBegin: () => Promise.resolve({ status: 'opened' as const, handle: HANDLE, name: 'b.attest-backup', size: file.byteLength }),
      openChunk: ({ offset }) => {
        const bytes = file.slice(offset, offset + 2);
        return Promise.resolve({ bytes, done: offset + 2 >= file.byteLength });
      },
      openEnd,
    });
    const opened = await openStreamOverBridge(bridge, 'backup');
    if (opened.status !== 'opened') throw new Error('not opened');
    expect(opened).toMatchObject({ name: 'b.attest-backup', size: 5 });
    expect(joined(await all(opened.chunks))).toEqual([1, 2, 3, 4, 5]);
    expect(joined(await all(opened.chunks))).toEqual([1, 2, 3, 4, 5]);
    await opened.close();
    await opened.close();
    expect(openEnd).toHaveBeenCalledTimes(1);
  });
});
