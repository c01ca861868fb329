import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { type IpcImplementations, IpcError, registerHandlers } from '../../../electron/ipc';
import { type IpcErrorCode, ipcChannels, ipcErrorCodeOf } from '../../../shared/ipc';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** An ipcMain stand-in that records handlers, and invokes them as a page in `frameUrl` would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipcMain: Pick<IpcMain, 'handle'> = {
    handle(channel, listener) {
      handlers.set(channel, listener);
    },
  };
  return {
    ipcMain,
    channels: () => [...handlers.keys()],
    invoke: async (channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown> => {
      const handler = handlers.get(channel);
      if (handler === undefined) throw new Error(`no handler for ${channel}`);
      // Only senderFrame is read by the wrapper.
      const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as IpcMainInvokeEvent;
      return await handler(event, ...args);
    },
  };
}

function fakeImplementations() {
  return {
    'app:getInfo': vi.fn(() => Promise.resolve({ name: 'Attest' as const, version: '1.2.3', platform: 'linux' as const })),
    'file:save': vi.fn(() => Promise.resolve({ status: 'saved' as const })),
    'file:open': vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    'file:saveBegin': vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    'file:saveChunk': vi.fn(() => Promise.resolve({ ok: true as const })),
    'file:saveEnd': vi.fn(() => Promise.resolve({ status: 'discarded' as const })),
    'file:openBegin': vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    'file:openChunk': vi.fn(() => Promise.resolve({ bytes: new Uint8Array(), done: true })),
    'file:openEnd': vi.fn(() => Promise.resolve({ ok: true as const })),
    'link:open': vi.fn(() => Promise.resolve({ opened: true })),
    'app:flushed': vi.fn(() => Promise.resolve({ ok: true as const })),
    'tsa:query': vi.fn(() => Promise.resolve({ status: 'failed' as const, reason: 'unreachable' as const })),
    'fhir:send': vi.fn(() => Promise.resolve({ status: 'failed' as const, reason: 'unreachable' as const, httpStatus: null })),
  } satisfies IpcImplementations;
}

function setup(overrides: Partial<IpcImplementations> = {}) {
  const fake = fakeIpcMain();
  const impls = fakeImplementations();
  const failures: [string, IpcErrorCode][] = [];
  registerHandlers(fake.ipcMain, { ...impls, ...overrides }, (channel, code) => failures.push([channel, code]));
  return { ...fake, impls, failures };
}

const APP = 'app://attest/';
const pdf = { suggestedName: 'report-0001.pdf', kind: 'pdf', bytes: new Uint8Array([37, 80, 68, 70]) };

/** An argument that records any attempt to look inside it. */
function tripwire() {
  const touched: string[] = [];
  const target = {};
  const proxy = new Proxy(target, {
    get: (_t, key) => (touched.push(`get ${String(key)}`), undefined),
    has: (_t, key) => (touched.push(`has ${String(key)}`), false),
    ownKeys: () => (touched.push('ownKeys'), []),
    getPrototypeOf: () => (touched.push('getPrototypeOf'), Object.prototype),
    getOwnPropertyDescriptor: (_t, key) => (touched.push(`descriptor ${String(key)}`), undefined),
  });
  return { proxy, touched };
}

describe('registerHandlers', () => {
  it('registers exactly the channels of the contract', () => {
    expect(setup().channels().sort()).toEqual([...ipcChannels].sort());
  });

  it('runs the implementation for our page and returns its parsed result', async () => {
    const { invoke, impls } = setup();
    await expect(invoke('app:getInfo', APP)).resolves.toEqual({ name: 'Attest', version: '1.2.3', platform: 'linux' });
    await expect(invoke('file:save', 'app://attest/cases/1', pdf)).resolves.toEqual({ status: 'saved' });
    expect(impls['file:save']).toHaveBeenCalledWith(pdf, { senderId: null });
  });

  it.each([
    ['a foreign origin', 'https://evil.example/'],
    ['a look-alike host', 'app://attest.evil/'],
    ['a local file', 'file:///tmp/x.html'],
    ['about:blank', 'about:blank'],
    ['a missing frame', null],
  ])('refuses %s before looking at the arguments', async (_label, frameUrl) => {
    const { invoke, impls, failures } = setup();
    const { proxy, touched } = tripwire();
    await expect(invoke('file:save', frameUrl, proxy)).rejects.toThrow(IpcError);
    await expect(invoke('file:save', frameUrl, proxy)).rejects.toThrow('[ipc:untrusted-sender]');
    expect(touched).toEqual([]);
    expect(impls['file:save']).not.toHaveBeenCalled();
    expect(failures[0]).toEqual(['file:save', 'untrusted-sender']);
  });

  it('parses arguments for a trusted page (the same tripwire is looked at)', async () => {
    const { invoke } = setup();
    const { proxy, touched } = tripwire();
    await expect(invoke('file:save', APP, proxy)).rejects.toThrow('[ipc:invalid-request]');
    expect(touched.length).toBeGreaterThan(0);
  });

  it.each([
    ['a path in the file name', 'file:save', { ...pdf, suggestedName: '../../.bashrc' }],
    ['a name with a person in it and spaces', 'file:save', { ...pdf, suggestedName: 'Jane Doe.pdf' }],
    ['an unknown kind', 'file:save', { ...pdf, kind: 'exe' }],
    ['bytes that are not bytes', 'file:save', { ...pdf, bytes: 'JVBERi0=' }],
    ['a missing argument', 'file:open', undefined],
    ['an argument where none is expected', 'app:getInfo', { x: 1 }],
    ['a URL that is not a string', 'link:open', { url: 42 }],
  ])('refuses %s and never calls the implementation', async (_label, channel, arg) => {
    const { invoke, impls } = setup();
    await expect(invoke(channel, APP, arg)).rejects.toThrow('[ipc:invalid-request]');
    for (const impl of Object.values(impls)) expect(impl).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    const { invoke, impls } = setup();
    await expect(invoke('link:open', APP, { url: 'https://example.org' }, 'extra')).rejects.toThrow('[ipc:invalid-request]');
    expect(impls['link:open']).not.toHaveBeenCalled();
  });

  it('names the bad field but never echoes its value', async () => {
    const { invoke } = setup();
    const error = await invoke('file:save', APP, { ...pdf, suggestedName: 'Jane Doe, born 1980.pdf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as Error).message).toContain('suggestedName');
    expect((error as Error).message).not.toContain('Jane');
  });

  it('refuses a result that breaks the contract', async () => {
    const { invoke } = setup({
      'app:getInfo': () => Promise.resolve({ name: 'Attest', version: 'not-a-version', platform: 'linux' }),
    });
    await expect(invoke('app:getInfo', APP)).rejects.toThrow('[ipc:invalid-result]');
  });

  it('turns an implementation failure into a generic error without its message (paths, case data)', async () => {
    const { invoke, failures } = setup({
      'file:open': () => Promise.reject(new Error("EACCES: permission denied, open '/home/dr/Jane-Doe-injuries.pdf'")),
    });
    const error = await invoke('file:open', APP, { kind: 'pdf' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('[ipc:failed]');
    expect((error as Error).message).not.toContain('Jane');
    expect((error as Error).message).not.toContain('/home');
    expect(failures).toEqual([['file:open', 'failed']]);
  });

  it('lets a deliberate IpcError through with its code', async () => {
    const { invoke } = setup({ 'file:open': () => Promise.reject(new IpcError('too-large', 'file:open')) });
    const error = await invoke('file:open', APP, { kind: 'backup' }).catch((e: unknown) => e);
    expect(ipcErrorCodeOf(error)).toBe('too-large');
  });

  it('logs nothing of the arguments by default', async () => {
    const fake = fakeIpcMain();
    registerHandlers(fake.ipcMain, fakeImplementations());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await fake.invoke('link:open', 'https://evil.example/', { url: 'https://example.org/?patient=Jane' }).catch(() => undefined);
    await fake.invoke('link:open', APP, { url: 7, note: 'Jane' }).catch(() => undefined);
    const logged = JSON.stringify([...warn.mock.calls, ...error.mock.calls, ...log.mock.calls]);
    expect(logged).not.toContain('Jane');
    expect(logged).not.toContain('example.org');
    warn.mockRestore();
    error.mockRestore();
    log.mockRestore();
  });
});

describe('ipcErrorCodeOf', () => {
  it("reads the code from Electron's wrapped message", () => {
    const wrapped = new Error("Error invoking remote method 'file:open': Error: [ipc:too-large] file:open: The file is too large.");
    expect(ipcErrorCodeOf(wrapped)).toBe('too-large');
  });

  it('falls back to failed', () => {
    expect(ipcErrorCodeOf(new Error('boom'))).toBe('failed');
    expect(ipcErrorCodeOf('[ipc:not-a-code]')).toBe('failed');
    expect(ipcErrorCodeOf(undefined)).toBe('failed');
  });
});
