/**
 * Where: main process, pure apart from the Node file reader at the bottom (no Electron at run
 * time). Serves the built renderer on `app://attest/` and refuses everything else.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from '../../shared/ipc';
import { parseAssetPath } from '../../shared/security/assetPath';
import { cacheControlFor, contentTypeFor, securityHeaders } from '../../shared/security/headers';

/** The file a request maps to, or why it is refused. */
export type AppFileResolution =
  | {
      readonly ok: true;
      /** Absolute path under the root directory. */
      readonly filePath: string;
      /** A path without an extension is a route of the single-page app: serve index.html if absent. */
      readonly spaFallback: boolean;
    }
  | { readonly ok: false; readonly status: 400 | 403 };

const INDEX_FILE = 'index.html';

/**
 * Maps an `app://attest/…` request URL to a file under `rootDir`, the built renderer.
 *
 * Refused with 403: another scheme or host, a port, a user name or password. Refused with 400:
 * `..` or `.` segments (plain or percent-encoded), encoded slashes or backslashes, backslashes,
 * NUL and control characters, empty segments (`//etc/passwd`), drive letters, dot files, and
 * anything that fails to decode. The query and fragment are ignored. `/` and any path ending in
 * `/` mean `index.html`.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): AppFileResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403 };
  }

  const asset = parseAssetPath(requestUrl);
  if (!asset.ok) return { ok: false, status: 400 };

  const root = path.resolve(rootDir);
  const filePath = asset.directory ? path.join(root, ...asset.segments, INDEX_FILE) : path.join(root, ...asset.segments);

  // The checks above should make this impossible; it stays as the last word on containment.
  const relative = path.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 400 };
  }

  return { ok: true, filePath, spaFallback: asset.spaFallback };
}

/**
 * Reads one file of the renderer build: its bytes, or `null` when it does not exist, is not a
 * regular file, or lies outside the root once symbolic links are resolved.
 */
export type AppFileReader = (filePath: string) => Promise<Uint8Array<ArrayBuffer> | null>;

/** Options of {@link createAppProtocolHandler}. */
export interface AppProtocolOptions {
  /** The built renderer (dist/renderer). */
  readonly rootDir: string;
  readonly readFile: AppFileReader;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The `protocol.handle('app', …)` handler. Every response, errors included, carries
 * `securityHeaders()`: the CSP is sent as a header, so no page can weaken it with a meta tag.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const indexPath = path.join(path.resolve(options.rootDir), INDEX_FILE);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');

    const resolution = resolveAppFile(options.rootDir, request.url);
    if (!resolution.ok) return textResponse(resolution.status, resolution.status === 403 ? 'Forbidden' : 'Bad request');

    let filePath = resolution.filePath;
    let bytes = await options.readFile(filePath);
    if (bytes === null && resolution.spaFallback) {
      filePath = indexPath;
      bytes = await options.readFile(filePath);
    }
    if (bytes === null) return textResponse(404, 'Not found');

    const cache = filePath === indexPath ? 'no-store' : cacheControlFor(new URL(request.url).pathname);
    const headers = { ...securityHeaders(), 'Content-Type': contentTypeFor(filePath), 'Cache-Control': cache };
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The real {@link AppFileReader}: resolves symbolic links of both the root and the file, and
 * refuses a file whose real path escapes the root (a link planted in the build pointing at
 * the user's files).
 */
export function createNodeFileReader(rootDir: string): AppFileReader {
  let realRoot: string | undefined;
  return async (filePath) => {
    try {
      realRoot ??= await realpath(rootDir);
      const real = await realpath(filePath);
      if (!isInside(realRoot, real)) return null;
      const info = await stat(real);
      if (!info.isFile()) return null;
      return await readFile(real);
    } catch {
      // Missing, unreadable or not a file: the page gets a 404.
      return null;
    }
  };
}
