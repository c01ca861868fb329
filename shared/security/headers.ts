/**
 * The HTTP security headers sent with every page and asset of the app: by the Electron `app://`
 * protocol handler, and by the local web server that end-to-end tests and `npm run web` use, so that
 * the tests run the renderer under the production policy.
 */

/** Directives of the Content-Security-Policy, in order. */
export const cspDirectives: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  // blob: for photographs and rendered PDFs shown from memory; data: for small inline SVG icons.
  ['img-src', "'self' blob: data:"],
  ['media-src', "'self' blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['child-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The Content-Security-Policy header value. No `unsafe-eval`, no `unsafe-inline`, nothing remote. */
export function contentSecurityPolicy(): string {
  return cspDirectives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * How long a response may be kept. Built assets under `/assets/` carry a content hash in their name, so
 * they never change and may be cached for good: the browser then also keeps their compiled code, which
 * makes every later start faster. Everything else (index.html, errors) is never stored. No response of
 * the app ever carries case data: that lives only in IndexedDB.
 */
export function cacheControlFor(pathname: string): string {
  return /^\/assets\/[A-Za-z0-9._-]+-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2|ttf|svg|png)$/.test(pathname)
    ? 'public, max-age=31536000, immutable'
    : 'no-store';
}

/** All security headers for a response of the app. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
    'Cache-Control': 'no-store',
  };
}

/** Content types for the files the renderer build contains. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type for a file name, `application/octet-stream` when unknown. */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot).toLowerCase() : '';
  return contentTypes[ext] ?? 'application/octet-stream';
}
