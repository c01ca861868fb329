import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileTooLargeError, readFileWithLimit, writePrivateFile } from '../../../electron/fileIo';
import { type HandlerDependencies, appPlatform, createHandlers } from '../../../electron/handlers';
import { IpcError } from '../../../electron/ipc';
import { MAX_IPC_FILE_BYTES } from '../../../shared/ipc';

const isWindows = process.platform === 'win32';
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'attest-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function deps(overrides: Partial<HandlerDependencies> = {}): HandlerDependencies {
  return {
    appVersion: () => '0.1.0',
    platform: 'linux',
    documentsDir: () => '/home/dr/Documents',
    showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
    showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    openExternal: () => Promise.resolve(),
    ...overrides,
  };
}

describe('app:getInfo', () => {
  it('reports the name, version and platform', async () => {
    await expect(createHandlers(deps({ platform: 'darwin' }))['app:getInfo'](undefined)).resolves.toEqual({
      name: 'Attest',
      version: '0.1.0',
      platform: 'darwin',
    });
  });

  it('maps platforms outside the three desktops to other', () => {
    expect(appPlatform('linux')).toBe('linux');
    expect(appPlatform('win32')).toBe('win32');
    expect(appPlatform('freebsd')).toBe('other');
    expect(appPlatform('android')).toBe('other');
  });
});

describe('file:save', () => {
  it('starts in Documents with the suggested name, filters by kind, and writes 0o600', async () => {
    const target = path.join(dir, 'report-0001.pdf');
    const showSaveDialog = vi.fn<HandlerDependencies['showSaveDialog']>(() => Promise.resolve({ canceled: false, filePath: target }));
    const handlers = createHandlers(deps({ showSaveDialog }));
    const bytes = new TextEncoder().encode('%PDF-1.7');

    await expect(handlers['file:save']({ suggestedName: 'report-0001.pdf', kind: 'pdf', bytes })).resolves.toEqual({ status: 'saved' });

    const options = showSaveDialog.mock.calls[0]?.[0];
    expect(options?.defaultPath).toBe(path.join('/home/dr/Documents', 'report-0001.pdf'));
    expect(options?.filters).toEqual([{ name: 'PDF document', extensions: ['pdf'] }]);
    expect(options?.properties).toContain('dontAddToRecent');
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7');
    if (!isWindows) expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const writeSpy = vi.fn(() => Promise.resolve());
    const handlers = createHandlers(deps({ writeFile: writeSpy }));
    await expect(handlers['file:save']({ suggestedName: 'a.pdf', kind: 'pdf', bytes: new Uint8Array() })).resolves.toEqual({ status: 'cancelled' });
    expect(writeSpy).not.toHaveBeenCalled();
  });
});

describe('file:open', () => {
  it('filters by kind and returns the bytes and the base name', async () => {
    const source = path.join(dir, 'backup-2025.attest-backup');
    await writeFile(source, new Uint8Array([1, 2, 3]));
    const showOpenDialog = vi.fn<HandlerDependencies['showOpenDialog']>(() => Promise.resolve({ canceled: false, filePaths: [source] }));
    const result = await createHandlers(deps({ showOpenDialog }))['file:open']({ kind: 'backup' });
    expect(result).toEqual({ status: 'opened', name: 'backup-2025.attest-backup', bytes: new Uint8Array([1, 2, 3]) });
    expect(showOpenDialog.mock.calls[0]?.[0].filters).toEqual([{ name: 'Attest backup', extensions: ['attest-backup'] }]);
    expect(showOpenDialog.mock.calls[0]?.[0].properties).toEqual(['openFile', 'dontAddToRecent']);
  });

  it('refuses a file above the IPC limit with the too-large code, without reading it', async () => {
    const readSpy = vi.fn(() => Promise.reject(new FileTooLargeError('The file is too large.')));
    const handlers = createHandlers(
      deps({ showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: ['/x/huge.attest-backup'] }), readFile: readSpy }),
    );
    const error = await handlers['file:open']({ kind: 'backup' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).code).toBe('too-large');
    expect(readSpy).toHaveBeenCalledWith('/x/huge.attest-backup', MAX_IPC_FILE_BYTES);
  });

  it('returns cancelled when nothing is chosen', async () => {
    await expect(createHandlers(deps())['file:open']({ kind: 'pdf' })).resolves.toEqual({ status: 'cancelled' });
  });
});

describe('link:open', () => {
  it('opens https links only', async () => {
    const openExternal = vi.fn(() => Promise.resolve());
    const handlers = createHandlers(deps({ openExternal }));
    await expect(handlers['link:open']({ url: 'https://www.ohchr.org/' })).resolves.toEqual({ opened: true });
    await expect(handlers['link:open']({ url: 'file:///etc/passwd' })).resolves.toEqual({ opened: false });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('writePrivateFile', () => {
  it.skipIf(isWindows)('makes a replaced file private too, and leaves no temporary file', async () => {
    const target = path.join(dir, 'report.pdf');
    await writeFile(target, 'old', { mode: 0o644 });
    await writePrivateFile(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['report.pdf']);
  });

  it('leaves nothing behind when the folder does not exist', async () => {
    await expect(writePrivateFile(path.join(dir, 'missing', 'a.pdf'), new Uint8Array([1]))).rejects.toThrow();
  });
});

describe('readFileWithLimit', () => {
  it('reads a file within the limit', async () => {
    const file = path.join(dir, 'a.json');
    await writeFile(file, '{}');
    expect(new TextDecoder().decode(await readFileWithLimit(file, 10))).toBe('{}');
  });

  it('refuses a larger file', async () => {
    const file = path.join(dir, 'big.json');
    await writeFile(file, '0123456789A');
    await expect(readFileWithLimit(file, 10)).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it('refuses a folder', async () => {
    await expect(readFileWithLimit(dir, 10)).rejects.toThrow();
  });
});

describe('app:flushed', () => {
  it('passes the answering window to the close guard, and refuses a call without a sender', async () => {
    const flushed = vi.fn();
    const handlers = createHandlers({ ...deps(), flushed });
    await expect(handlers['app:flushed'](undefined, { senderId: 7 })).resolves.toEqual({ ok: true });
    expect(flushed).toHaveBeenCalledWith(7);
    await expect(handlers['app:flushed'](undefined, { senderId: null })).rejects.toThrow(/untrusted-sender/u);
    expect(flushed).toHaveBeenCalledTimes(1);
  });
});

describe('tsa:query', () => {
  it('posts the RFC 3161 query from the main process and returns the answer unread; a TSA that does not answer is a failure, not a throw', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const answer = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
    const fetchOk: typeof fetch = (url, init) => {
      calls.push({ url: typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, init });
      return Promise.resolve(new Response(answer, { status: 200, headers: { 'Content-Type': 'application/timestamp-reply' } }));
    };
    const query = new Uint8Array([0x30, 0x01, 0x00]);
    const result = await createHandlers(deps({ fetch: fetchOk }))['tsa:query']({ url: 'https://tsa.example.org/tsr', query, username: 'clinic', password: 'secret', timeoutMs: 5_000 });
    expect(result).toEqual({ status: 'answered', bytes: answer });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.redirect).toBe('error');
    expect((calls[0]?.init?.headers as Record<string, string>).Authorization).toBe(`Basic ${btoa('clinic:secret')}`);

    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    await expect(createHandlers(deps({ fetch: refused }))['tsa:query']({ url: 'https://tsa.example.org/tsr', query, timeoutMs: 5_000 })).resolves.toEqual({ status: 'failed', reason: 'unreachable' });
    const slow: typeof fetch = () => Promise.reject(new DOMException('The operation timed out.', 'TimeoutError'));
    await expect(createHandlers(deps({ fetch: slow }))['tsa:query']({ url: 'https://tsa.example.org/tsr', query, timeoutMs: 5_000 })).resolves.toEqual({ status: 'failed', reason: 'timeout' });
    const http500: typeof fetch = () => Promise.resolve(new Response(null, { status: 500 }));
    await expect(createHandlers(deps({ fetch: http500 }))['tsa:query']({ url: 'https://tsa.example.org/tsr', query, timeoutMs: 5_000 })).resolves.toEqual({ status: 'failed', reason: 'unreachable' });
  });
});
