import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppFileReader,
  createAppProtocolHandler,
  createNodeFileReader,
  resolveAppFile,
} from '../../../electron/policy/protocol';
import { contentSecurityPolicy } from '../../../shared/security/headers';

const root = path.resolve('/srv/attest/dist/renderer');
const inRoot = (...parts: string[]) => path.join(root, ...parts);

describe('resolveAppFile', () => {
  it('maps / and index paths to index.html', () => {
    expect(resolveAppFile(root, 'app://attest/')).toEqual({ ok: true, filePath: inRoot('index.html'), spaFallback: false });
    expect(resolveAppFile(root, 'app://attest')).toEqual({ ok: true, filePath: inRoot('index.html'), spaFallback: false });
    expect(resolveAppFile(root, 'app://attest/index.html')).toEqual({ ok: true, filePath: inRoot('index.html'), spaFallback: false });
  });

  it('maps assets under the root', () => {
    expect(resolveAppFile(root, 'app://attest/assets/index-4f2a.js')).toEqual({
      ok: true,
      filePath: inRoot('assets', 'index-4f2a.js'),
      spaFallback: false,
    });
  });

  it('decodes ordinary percent-escapes', () => {
    expect(resolveAppFile(root, 'app://attest/fonts/Noto%20Sans.ttf')).toMatchObject({ ok: true, filePath: inRoot('fonts', 'Noto Sans.ttf') });
  });

  it('ignores the query string and fragment', () => {
    expect(resolveAppFile(root, 'app://attest/index.html?next=../../etc/passwd#..')).toEqual({
      ok: true,
      filePath: inRoot('index.html'),
      spaFallback: false,
    });
  });

  it('marks paths without an extension as single-page-app routes', () => {
    expect(resolveAppFile(root, 'app://attest/cases/12')).toEqual({ ok: true, filePath: inRoot('cases', '12'), spaFallback: true });
    expect(resolveAppFile(root, 'app://attest/assets/missing.js')).toMatchObject({ spaFallback: false });
  });

  it.each([
    ['a dot-dot segment', 'app://attest/../etc/passwd'],
    ['a dot-dot segment in the middle', 'app://attest/assets/../../etc/passwd'],
    ['a trailing dot-dot', 'app://attest/assets/..'],
    ['a single dot segment', 'app://attest/./index.html'],
    ['encoded dots', 'app://attest/%2e%2e/etc/passwd'],
    ['upper-case encoded dots', 'app://attest/%2E%2E/etc/passwd'],
    ['half-encoded dots', 'app://attest/.%2e/etc/passwd'],
    ['an encoded slash', 'app://attest/..%2Fetc%2Fpasswd'],
    ['an encoded slash between names', 'app://attest/assets%2Findex.js'],
    ['a backslash', 'app://attest/..\\etc\\passwd'],
    ['an encoded backslash', 'app://attest/..%5Cetc%5Cpasswd'],
    ['an encoded NUL', 'app://attest/index.html%00.png'],
    ['a raw NUL', 'app://attest/index.html\u0000.png'],
    ['a control character', 'app://attest/a%0Ab.js'],
    ['an absolute path (empty segment)', 'app://attest//etc/passwd'],
    ['a Windows drive', 'app://attest/C:/Windows/win.ini'],
    ['an encoded Windows drive', 'app://attest/C%3A/Windows/win.ini'],
    ['an NTFS stream', 'app://attest/index.html::$DATA'],
    ['a dot file', 'app://attest/.env'],
    ['a malformed escape', 'app://attest/%E0%A4%A'],
  ])('refuses %s with 400', (_label, url) => {
    expect(resolveAppFile(root, url)).toEqual({ ok: false, status: 400 });
  });

  it.each([
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://attest.evil/index.html'],
    ['a port', 'app://attest:8080/index.html'],
    ['credentials', 'app://user:pw@attest/index.html'],
    ['another scheme', 'file:///srv/attest/dist/renderer/index.html'],
    ['https', 'https://attest/index.html'],
  ])('refuses %s with 403', (_label, url) => {
    expect(resolveAppFile(root, url)).toEqual({ ok: false, status: 403 });
  });

  it('refuses text that is not a URL with 400', () => {
    expect(resolveAppFile(root, 'not a url')).toEqual({ ok: false, status: 400 });
  });

  it('never resolves outside the root, whatever the input', () => {
    const tricky = ['app://attest/a/b/c.js', 'app://attest/%20', 'app://attest/...', 'app://attest/a/.../b', 'app://attest/%E2%80%AE.js'];
    for (const url of tricky) {
      const result = resolveAppFile(root, url);
      if (result.ok) expect(path.relative(root, result.filePath).startsWith('..'), url).toBe(false);
    }
  });
});

const indexHtml = '<!doctype html><title>Attest</title>';
const files = new Map<string, string>([
  [inRoot('index.html'), indexHtml],
  [inRoot('assets', 'app.js'), 'console.log(1)'],
  [inRoot('assets', 'app.css'), 'body{}'],
]);
const memoryReader: AppFileReader = (filePath) => {
  const text = files.get(filePath);
  return Promise.resolve(text === undefined ? null : new TextEncoder().encode(text));
};
const handler = createAppProtocolHandler({ rootDir: root, readFile: memoryReader });
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('createAppProtocolHandler', () => {
  it('serves a file with its content type', async () => {
    const response = await get('app://attest/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('serves index.html for / and for app routes (SPA fallback)', async () => {
    for (const url of ['app://attest/', 'app://attest/cases/12/findings', 'app://attest/settings?tab=keys']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe('text/html; charset=utf-8');
      expect(await response.text(), url).toBe(indexHtml);
    }
  });

  it('answers 404, not index.html, for a missing file with an extension', async () => {
    const response = await get('app://attest/assets/missing.js');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<title>');
  });

  it('refuses traversal and foreign hosts without reading anything', async () => {
    const read: string[] = [];
    const spyHandler = createAppProtocolHandler({
      rootDir: root,
      readFile: (filePath) => {
        read.push(filePath);
        return memoryReader(filePath);
      },
    });
    // The forms that survive URL normalization (as in Chromium) are refused outright.
    expect((await spyHandler(new Request('app://attest/..%2fetc%2fpasswd'))).status).toBe(400);
    expect((await spyHandler(new Request('app://attest/..\\..\\etc\\passwd'))).status).toBe(400);
    expect((await spyHandler(new Request('app://attest/index.html%00.png'))).status).toBe(400);
    expect((await spyHandler(new Request('app://evil/index.html'))).status).toBe(403);
    expect(read).toEqual([]);
  });

  it('keeps dot segments that URL parsing already resolved inside the root', async () => {
    const read: string[] = [];
    const spyHandler = createAppProtocolHandler({
      rootDir: root,
      readFile: (filePath) => {
        read.push(filePath);
        return memoryReader(filePath);
      },
    });
    // new Request() resolves `..` and `%2e%2e` before the handler sees the URL, as Chromium does.
    for (const url of ['app://attest/../../etc/passwd', 'app://attest/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await spyHandler(new Request(url));
      expect(await response.text(), url).toBe(indexHtml);
    }
    for (const filePath of read) expect(path.relative(root, filePath).startsWith('..'), filePath).toBe(false);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://attest/assets/app.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get('app://attest/index.html', 'POST')).status).toBe(405);
  });

  it('sends the CSP header and the other security headers on every response, errors included', async () => {
    const responses = await Promise.all([
      get('app://attest/'),
      get('app://attest/assets/app.js'),
      get('app://attest/assets/missing.js'),
      get('app://attest/..%2fx'),
      get('app://evil/'),
      get('app://attest/', 'PUT'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 400, 403, 405]);
    for (const response of responses) {
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });
});

describe('createNodeFileReader', () => {
  let base = '';
  let rendererRoot = '';

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'attest-protocol-'));
    rendererRoot = path.join(base, 'renderer');
    await mkdir(path.join(rendererRoot, 'assets'), { recursive: true });
    await writeFile(path.join(rendererRoot, 'index.html'), indexHtml);
    await writeFile(path.join(base, 'secret.txt'), 'case data outside the build');
    // A link inside the build that points outside it, and one that stays inside.
    await symlink(path.join(base, 'secret.txt'), path.join(rendererRoot, 'assets', 'escape.txt'));
    await symlink(path.join(base), path.join(rendererRoot, 'up'));
    await symlink(path.join(rendererRoot, 'index.html'), path.join(rendererRoot, 'assets', 'inside.html'));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('reads a file of the build', async () => {
    const bytes = await createNodeFileReader(rendererRoot)(path.join(rendererRoot, 'index.html'));
    expect(new TextDecoder().decode(bytes ?? new Uint8Array())).toBe(indexHtml);
  });

  it('refuses a symbolic link that escapes the build (file or folder)', async () => {
    const read = createNodeFileReader(rendererRoot);
    expect(await read(path.join(rendererRoot, 'assets', 'escape.txt'))).toBeNull();
    expect(await read(path.join(rendererRoot, 'up', 'secret.txt'))).toBeNull();
  });

  it('follows a symbolic link that stays inside the build', async () => {
    expect(await createNodeFileReader(rendererRoot)(path.join(rendererRoot, 'assets', 'inside.html'))).not.toBeNull();
  });

  it('returns null for a folder or a missing file', async () => {
    const read = createNodeFileReader(rendererRoot);
    expect(await read(path.join(rendererRoot, 'assets'))).toBeNull();
    expect(await read(path.join(rendererRoot, 'nope.js'))).toBeNull();
  });

  it('serves the escape link as a 404 through the handler, never the secret', async () => {
    const realHandler = createAppProtocolHandler({ rootDir: rendererRoot, readFile: createNodeFileReader(rendererRoot) });
    const response = await realHandler(new Request('app://attest/assets/escape.txt'));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('case data');
    const viaFolder = await realHandler(new Request('app://attest/up/secret.txt'));
    expect(await viaFolder.text()).not.toContain('case data');
  });
});
