/**
 * Serves the built renderer on 127.0.0.1 with the same security headers and the same path guard as the
 * Electron shell, so that `npm run web` and the end-to-end tests run the app under the production
 * Content-Security-Policy. It binds to loopback only: case data must never be reachable from the network.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { FHIR_PROXY_PATH, FhirSendRequest, MAX_FHIR_REQUEST_BYTES } from '../shared/ipc';
import { forwardFhirRequest } from '../shared/fhirForward';
import { MAX_TSA_QUERY_BYTES, TSA_PROXY_PATH, TSA_PROXY_TIMEOUT_STATUS, TSA_URL_HEADER, TsaQueryRequest } from '../shared/ipc';
import { parseAssetPath } from '../shared/security/assetPath';
import { forwardTimestampQuery } from '../shared/tsaForward';
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

  /**
   * The browser build's RFC 3161 queries (its CSP allows no outside connection), forwarded as Electron's
   * main process forwards them. Only from a page of this server (same-origin fetch: a cross-site page
   * cannot send this content type without a preflight, which is never allowed here), only POST
   * application/timestamp-query of at most MAX_TSA_QUERY_BYTES, to an http(s) URL. Nothing is logged.
   */
  function forwardTsa(request: IncomingMessage, response: ServerResponse): void {
    const refuse = (status: number) => {
      response.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end();
    };
    const origin = request.headers.origin;
    const host = request.headers.host;
    if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query' || host === undefined || (origin !== undefined && origin !== `http://${host}`) || request.headers['sec-fetch-site'] === 'cross-site') {
      refuse(403);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_TSA_QUERY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const authorization = /^Basic ([A-Za-z0-9+/=]{1,2000})$/.exec(request.headers.authorization ?? '')?.[1];
      let username: string | undefined;
      let password: string | undefined;
      if (authorization !== undefined) {
        const pair = Buffer.from(authorization, 'base64').toString('utf8');
        const colon = pair.indexOf(':');
        username = colon < 0 ? pair : pair.slice(0, colon);
        password = colon < 0 ? '' : pair.slice(colon + 1);
      }
      const parsed = TsaQueryRequest.safeParse({ url: request.headers[TSA_URL_HEADER], query: new Uint8Array(Buffer.concat(chunks)), timeoutMs: 10_000, ...(username === undefined ? {} : { username, password }) });
      if (!parsed.success) {
        refuse(400);
        return;
      }
      forwardTimestampQuery(fetch, parsed.data)
        .then((result) => {
          if (result.status === 'failed') {
            refuse(result.reason === 'timeout' ? TSA_PROXY_TIMEOUT_STATUS : 502);
            return;
          }
          response.writeHead(200, { ...securityHeaders(), 'Content-Type': 'application/timestamp-reply', 'Cache-Control': 'no-store' });
          response.end(result.bytes);
        })
        .catch(() => { refuse(502); });
    });
  }

  /**
   * The browser build's requests to its FHIR server (issue #18 item 5), forwarded as Electron's main
   * process forwards `fhir:send`: only from a page of this server, only POST application/json (a
   * cross-site page cannot send it without a preflight, never allowed here), a `FhirSendRequest` of at
   * most MAX_FHIR_REQUEST_BYTES plus its envelope. The answer is the forwarder's classified result, as
   * JSON. Nothing is logged.
   */
  function forwardFhir(request: IncomingMessage, response: ServerResponse): void {
    const refuse = (status: number) => {
      response.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end();
    };
    const origin = request.headers.origin;
    const host = request.headers.host;
    if (request.method !== 'POST' || !/^application\/json\b/u.test(request.headers['content-type'] ?? '') || host === undefined || (origin !== undefined && origin !== `http://${host}`) || request.headers['sec-fetch-site'] === 'cross-site') {
      refuse(403);
      return;
    }
    const limit = MAX_FHIR_REQUEST_BYTES + 64 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        refuse(413);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      if (tooLarge) return;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        refuse(400);
        return;
      }
      const parsed = FhirSendRequest.safeParse(json);
      if (!parsed.success) {
        refuse(400);
        return;
      }
      forwardFhirRequest(fetch, parsed.data)
        .then((result) => {
          response.writeHead(200, { ...securityHeaders(), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
          response.end(JSON.stringify(result));
        })
        .catch(() => { refuse(502); });
    });
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === TSA_PROXY_PATH) {
      forwardTsa(request, response);
      return;
    }
    if (path === FHIR_PROXY_PATH) {
      forwardFhir(request, response);
      return;
    }
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
