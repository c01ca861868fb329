/**
 * Serves the built renderer on 127.0.0.1 with the same security headers and the same path guard as the
 * Electron shell, so that `npm run web` and the end-to-end tests run the app under the production
 * Content-Security-Policy. It binds to loopback only: case data must never be reachable from the network.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseAssetPath } from '../shared/security/assetPath';
import { cacheControlFor, contentTypeFor, securityHeaders } from '../shared/security/headers';

export interface WebServerOptions {
  readonly root: string;
  readonly port: number;
  readonly host?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** A file's bytes, or null when missing, not a file, or (after resolving links) outside the root. */
async function readInside(realRoot: string, filePath: string): Promise<Buffer | null> {
  try {
    const real = await realpath(filePath);
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
    if (!(await stat(real)).isFile()) return null;
    return await readFile(real);
  } catch {
    return null;
  }
}

export async function startWebServer({ root, port, host = '127.0.0.1' }: WebServerOptions): Promise<Server> {
  if (!LOOPBACK.has(host)) throw new Error('The web server binds to loopback only (127.0.0.1 or ::1).');
  const realRoot = await realpath(resolve(root));

  async function respond(method: string, target: string): Promise<{ status: number; body: Uint8Array | string; type: string; cache: string }> {
    const text = (status: number, body: string) => ({ status, body, type: 'text/plain; charset=utf-8', cache: 'no-store' });
    if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed');
    const asset = parseAssetPath(target);
    if (!asset.ok) return text(400, 'Bad request');
    const name = asset.directory ? [...asset.segments, 'index.html'] : [...asset.segments];
    let path = join(realRoot, ...name);
    let cache = cacheControlFor(`/${name.join('/')}`);
    let bytes = await readInside(realRoot, path);
    if (bytes === null && asset.spaFallback) {
      path = join(realRoot, 'index.html');
      cache = 'no-store';
      bytes = await readInside(realRoot, path);
    }
    return bytes === null ? text(404, 'Not found') : { status: 200, body: bytes, type: contentTypeFor(path), cache };
  }

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    respond(method, request.url ?? '/')
      .catch(() => ({ status: 500, body: 'Server error', type: 'text/plain; charset=utf-8', cache: 'no-store' }))
      .then(({ status, body, type, cache }) => {
        response.writeHead(status, { ...securityHeaders(), 'Content-Type': type, 'Cache-Control': cache });
        response.end(method === 'HEAD' ? undefined : body);
      })
      .catch(() => { response.destroy(); });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { resolvePromise(); });
  });
  return server;
}
