import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStreams } from '../../../electron/fileStreams';
import { type HandlerDependencies, createHandlers } from '../../../electron/handlers';
import { IpcError, registerHandlers } from '../../../electron/ipc';
import { MAX_OPEN_CHUNK_BYTES, MAX_SAVE_CHUNK_BYTES } from '../../../shared/ipc';

const isWindows = process.platform === 'win32';
const APP = 'app://attest/';
const ME = { senderId: 1 };
const OTHER = { senderId: 2 };
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'attest-streams-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(overrides: Partial<HandlerDependencies> = {}) {
  const streams = new FileStreams();
  const target = path.join(dir, 'attest-2026-01-01.attest-backup');
  const handlers = createHandlers({
    appVersion: () => '0.1.0',
    platform: 'linux',
    documentsDir: () => dir,
    showSaveDialog: () => Promise.resolve({ canceled: false, filePath: target }),
    showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: [target] }),
    openExternal: () => Promise.resolve(),
    fileStreams: streams,
    ...overrides,
  });
  return { handlers, streams, target };
}

function piece(index: number, size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(size).fill(index % 251);
}

async function begin(handlers: ReturnType<typeof setup>['handlers']): Promise<string> {
  const begun = await handlers['file:saveBegin']({ suggestedName: 'attest-2026-01-01.attest-backup', kind: 'backup' }, ME);
  if (begun.status !== 'started') throw new Error('not started');
  return begun.handle;
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return error instanceof IpcError ? error.code : null;
}

describe('file:saveBegin / saveChunk / saveEnd', () => {
  it('streams many pieces to a private temporary file and renames it over the target only on commit', async () => {
    const { handlers, streams, target } = setup();
    const handle = await begin(handlers);
    const pieces = Array.from({ length: 40 }, (_, i) => piece(i, 64 * 1024 + i));
    for (const bytes of pieces) await expect(handlers['file:saveChunk']({ handle, bytes }, ME)).resolves.toEqual({ ok: true });

    // Nothing at the target yet: only the temporary file, readable by the user only.
    const before = await readdir(dir);
    expect(before).not.toContain(path.basename(target));
    expect(before).toHaveLength(1);
    if (!isWindows) expect((await stat(path.join(dir, before[0] ?? ''))).mode & 0o777).toBe(0o600);

    await expect(handlers['file:saveEnd']({ handle, commit: true }, ME)).resolves.toEqual({ status: 'saved' });
    expect(await readdir(dir)).toEqual([path.basename(target)]);
    const written = await readFile(target);
    expect(written.byteLength).toBe(pieces.reduce((n, p) => n + p.byteLength, 0));
    const lastSize = pieces.at(-1)?.byteLength ?? 0;
    expect(written.subarray(written.byteLength - lastSize).every((b) => b === 39)).toBe(true);
    if (!isWindows) expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(streams.size).toBe(0);
    // The handle is spent.
    expect(await codeOf(handlers['file:saveChunk']({ handle, bytes: piece(0, 1) }, ME))).toBe('invalid-request');
  });

  it('discard deletes the temporary file and leaves an existing target untouched', async () => {
    const { handlers, target } = setup();
    await writeFile(target, 'old backup');
    const handle = await begin(handlers);
    await handlers['file:saveChunk']({ handle, bytes: piece(1, 1000) }, ME);
    await expect(handlers['file:saveEnd']({ handle, commit: false }, ME)).resolves.toEqual({ status: 'discarded' });
    expect(await readdir(dir)).toEqual([path.basename(target)]);
    expect(await readFile(target, 'utf8')).toBe('old backup');
  });

  it('opens nothing when the dialog is cancelled', async () => {
    const { handlers, streams } = setup({ showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }) });
    await expect(handlers['file:saveBegin']({ suggestedName: 'a.attest-backup', kind: 'backup' }, ME)).resolves.toEqual({ status: 'cancelled' });
    expect(streams.size).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a handle from another sender, and a call without a sender', async () => {
    const { handlers } = setup();
    const handle = await begin(handlers);
    expect(await codeOf(handlers['file:saveChunk']({ handle, bytes: piece(1, 10) }, OTHER))).toBe('invalid-request');
    expect(await codeOf(handlers['file:saveEnd']({ handle, commit: true }, OTHER))).toBe('invalid-request');
    expect(await codeOf(handlers['file:saveChunk']({ handle, bytes: piece(1, 10) }))).toBe('untrusted-sender');
    expect(await codeOf(handlers['file:saveChunk']({ handle, bytes: piece(1, 10) }, { senderId: null }))).toBe('untrusted-sender');
    // Still usable by its owner.
    await expect(handlers['file:saveEnd']({ handle, commit: false }, ME)).resolves.toEqual({ status: 'discarded' });
  });

  it('cleans up every transfer of a window that closed', async () => {
    const { handlers, streams } = setup();
    const handle = await begin(handlers);
    await handlers['file:saveChunk']({ handle, bytes: piece(1, 10) }, ME);
    await streams.closeSender(OTHER.senderId);
    expect(streams.size).toBe(1);
    await streams.closeSender(ME.senderId);
    expect(streams.size).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('abandons an idle transfer', async () => {
    const streams = new FileStreams({ idleMs: 20 });
    await streams.beginSave(1, path.join(dir, 'x.attest-backup'));
    expect(await readdir(dir)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(streams.size).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });
});

/** Registers the real handlers on a fake ipcMain, to go through the contract's schemas. */
function viaIpc(handlers: ReturnType<typeof setup>['handlers']) {
  const listeners = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: Pick<IpcMain, 'handle'> = { handle: (channel, listener) => { listeners.set(channel, listener); } };
  registerHandlers(ipcMain, handlers, () => undefined);
  return async (channel: string, senderId: number, ...args: unknown[]): Promise<unknown> => {
    const event = { senderFrame: { url: APP }, sender: { id: senderId } } as unknown as IpcMainInvokeEvent;
    return await listeners.get(channel)?.(event, ...args);
  };
}

describe('streaming channels through registerHandlers', () => {
  it('passes the sender web contents id, and enforces the 8 MiB piece limit', async () => {
    const { handlers, target } = setup();
    const invoke = viaIpc(handlers);
    const begun = (await invoke('file:saveBegin', 7, { suggestedName: 'a.attest-backup', kind: 'backup' })) as { status: string; handle: string };
    expect(begun.status).toBe('started');
    await expect(invoke('file:saveChunk', 7, { handle: begun.handle, bytes: new Uint8Array(MAX_SAVE_CHUNK_BYTES) })).resolves.toEqual({ ok: true });
    await expect(invoke('file:saveChunk', 7, { handle: begun.handle, bytes: new Uint8Array(MAX_SAVE_CHUNK_BYTES + 1) })).rejects.toThrow('[ipc:invalid-request]');
    await expect(invoke('file:saveChunk', 8, { handle: begun.handle, bytes: new Uint8Array(1) })).rejects.toThrow('[ipc:invalid-request]');
    await expect(invoke('file:saveChunk', 7, { handle: 'not-a-uuid', bytes: new Uint8Array(1) })).rejects.toThrow('[ipc:invalid-request]');
    await expect(invoke('file:saveEnd', 7, { handle: begun.handle, commit: true })).resolves.toEqual({ status: 'saved' });
    expect((await stat(target)).size).toBe(MAX_SAVE_CHUNK_BYTES);
  });

  it('reads a large file in pieces of at most 1 MiB, from any offset, and reports done', async () => {
    const { handlers, target, streams } = setup();
    const size = 3 * MAX_OPEN_CHUNK_BYTES + 12345;
    const content = new Uint8Array(size);
    for (let i = 0; i < size; i += 1) content[i] = (i * 7) % 256;
    await writeFile(target, content);
    const invoke = viaIpc(handlers);
    const opened = (await invoke('file:openBegin', 3, { kind: 'backup' })) as { status: string; handle: string; name: string; size: number };
    expect(opened).toMatchObject({ status: 'opened', name: path.basename(target), size });

    const read = async () => {
      const pieces: Uint8Array[] = [];
      let offset = 0;
      for (;;) {
        const piece = (await invoke('file:openChunk', 3, { handle: opened.handle, offset })) as { bytes: Uint8Array; done: boolean };
        expect(piece.bytes.byteLength).toBeLessThanOrEqual(MAX_OPEN_CHUNK_BYTES);
        pieces.push(piece.bytes);
        offset += piece.bytes.byteLength;
        if (piece.done) return pieces;
      }
    };
    const pieces = await read();
    expect(pieces).toHaveLength(4);
    expect(Buffer.concat(pieces).equals(Buffer.from(content))).toBe(true);
    // A second pass (a second restore attempt) reads the same bytes again.
    expect(Buffer.concat(await read()).equals(Buffer.from(content))).toBe(true);

    await expect(invoke('file:openChunk', 4, { handle: opened.handle, offset: 0 })).rejects.toThrow('[ipc:invalid-request]');
    await expect(invoke('file:openEnd', 4, { handle: opened.handle })).rejects.toThrow('[ipc:invalid-request]');
    await expect(invoke('file:openEnd', 3, { handle: opened.handle })).resolves.toEqual({ ok: true });
    expect(streams.size).toBe(0);
    await expect(invoke('file:openChunk', 3, { handle: opened.handle, offset: 0 })).rejects.toThrow('[ipc:invalid-request]');
  });

  it('reports done on an exact multiple of the piece size, and on an empty file', async () => {
    const { handlers, target } = setup();
    await writeFile(target, new Uint8Array(MAX_OPEN_CHUNK_BYTES));
    const invoke = viaIpc(handlers);
    const opened = (await invoke('file:openBegin', 3, { kind: 'backup' })) as { handle: string };
    const first = (await invoke('file:openChunk', 3, { handle: opened.handle, offset: 0 })) as { bytes: Uint8Array; done: boolean };
    expect(first.bytes.byteLength).toBe(MAX_OPEN_CHUNK_BYTES);
    const second = (await invoke('file:openChunk', 3, { handle: opened.handle, offset: MAX_OPEN_CHUNK_BYTES })) as { bytes: Uint8Array; done: boolean };
    expect(second).toEqual({ bytes: new Uint8Array(), done: true });
  });

  it('refuses a folder', async () => {
    const { handlers, streams } = setup({ showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: [dir] }) });
    expect(await codeOf(handlers['file:openBegin']({ kind: 'backup' }, ME))).toBe('failed');
    expect(streams.size).toBe(0);
  });
});
