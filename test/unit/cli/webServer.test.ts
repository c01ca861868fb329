import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../../cli/webServer';
import { contentSecurityPolicy } from '../../../shared/security/headers';
import { TSA_PROXY_PATH, TSA_URL_HEADER } from '../../../shared/ipc';

let server: Server;
let dir: string;
let port: number;

/** A raw request, so the path reaches the server exactly as written (no client-side normalising). */
function get(path: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body, headers: res.headers }); });
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attest-web-'));
  mkdirSync(join(dir, 'root', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'root', 'index.html'), '<!doctype html><title>Attest</title>');
  writeFileSync(join(dir, 'root', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'root', 'assets', 'index-CWHAllie.js'), 'console.log(2)');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'root', 'assets', 'link.js'));
  server = await startWebServer({ root: join(dir, 'root'), port: 0 });
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local web server', () => {
  it('serves the app with the production CSP on every response', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Attest</title>');
    expect(index.headers['content-security-policy']).toBe(contentSecurityPolicy());
    const js = await get('/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const missing = await get('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(contentSecurityPolicy());
  });

  it('lets hashed assets be cached, and never index.html', async () => {
    expect((await get('/assets/index-CWHAllie.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/')).headers['cache-control']).toBe('no-store');
    expect((await get('/assets/app.js')).headers['cache-control']).toBe('no-store');
    expect((await get('/cases/new')).headers['cache-control']).toBe('no-store');
  });

  it('serves index.html for app routes', async () => {
    expect((await get('/cases/new')).body).toContain('<title>Attest</title>');
  });

  it.each(['/../secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/link.js'])('never serves %s', async (path) => {
    const response = await get(path);
    expect([400, 404]).toContain(response.status);
    expect(response.body).not.toContain('SECRET');
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startWebServer({ root: join(dir, 'root'), port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

/** A POST to the TSA door of `attest web`, with the headers the browser build sends. */
function postTsa(headers: Record<string, string>, body: Uint8Array): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: TSA_PROXY_PATH, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }); });
    });
    req.on('error', reject);
    req.end(Buffer.from(body));
  });
}

describe('the timestamp authority door (the browser build cannot connect out: CSP)', () => {
  it('forwards a same-origin RFC 3161 query with its credentials and returns the answer unread; refuses anything else', async () => {
    let seen: { type: string | undefined; auth: string | undefined; body: Buffer } | null = null;
    const tsa = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen = { type: req.headers['content-type'], auth: req.headers.authorization, body: Buffer.concat(chunks) };
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]));
      });
    });
    await new Promise<void>((resolve) => tsa.listen(0, '127.0.0.1', resolve));
    const tsaUrl = `http://127.0.0.1:${String((tsa.address() as AddressInfo).port)}/tsr`;
    const query = new Uint8Array([0x30, 0x01, 0x00]);
    const auth = `Basic ${Buffer.from('clinic:pa:ss').toString('base64')}`;
    try {
      const ok = await postTsa({ 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: tsaUrl, Origin: `http://127.0.0.1:${String(port)}`, Authorization: auth }, query);
      expect(ok.status).toBe(200);
      expect([...ok.body]).toEqual([0x30, 0x03, 0x02, 0x01, 0x00]);
      expect(seen).toEqual({ type: 'application/timestamp-query', auth, body: Buffer.from(query) });

      // Another site's page, another content type, a URL that is not http(s) or carries credentials: refused, nothing sent.
      seen = null;
      expect((await postTsa({ 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: tsaUrl, Origin: 'https://evil.example' }, query)).status).toBe(403);
      expect((await postTsa({ 'Content-Type': 'text/plain', [TSA_URL_HEADER]: tsaUrl }, query)).status).toBe(403);
      expect((await postTsa({ 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: 'file:///etc/passwd' }, query)).status).toBe(400);
      expect((await postTsa({ 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: tsaUrl.replace('http://', 'http://u:p@') }, query)).status).toBe(400);
      expect(seen).toBeNull();
      // Nobody listening: 502, which the browser platform reports as "could not be reached".
      expect((await postTsa({ 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: 'http://127.0.0.1:9/tsr' }, query)).status).toBe(502);
    } finally {
      tsa.close();
    }
  });
});
