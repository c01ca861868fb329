import { describe, expect, it } from 'vitest';
import { cacheControlFor, contentSecurityPolicy, contentTypeFor, cspDirectives, securityHeaders } from '../../../shared/security/headers';

function directive(name: string): string[] {
  const found = contentSecurityPolicy()
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return found ? found.slice(1) : [];
}

describe('Content-Security-Policy', () => {
  it('allows scripts from the app itself only: no inline, no eval, nothing remote', () => {
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(eval|inline|hashes)|wasm-unsafe-eval|strict-dynamic|https?:|\*/);
  });

  it('defaults to self and forbids plugins, framing, base rewriting and form posts', () => {
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
    expect(directive('frame-src')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    expect(directive('form-action')).toEqual(["'none'"]);
  });

  it('lets the app connect only to itself (no case data can be sent out by a script)', () => {
    expect(directive('connect-src')).toEqual(["'self'"]);
    expect(directive('style-src')).toEqual(["'self'"]);
  });

  it('names each directive once', () => {
    const names = cspDirectives.map(([name]) => name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is sent with the other security headers', () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Permissions-Policy']).toMatch(/geolocation=\(\)/);
  });

  it('gives known content types and a safe default', () => {
    expect(contentTypeFor('assets/index-abc.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('evil.exe')).toBe('application/octet-stream');
    expect(contentTypeFor('noextension')).toBe('application/octet-stream');
  });
});

describe('caching', () => {
  it('keeps hashed build assets for good, so the compiled code is reused at the next start', () => {
    expect(cacheControlFor('/assets/index-CWHAllie.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/assets/index-BiS8Oi-3.css')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/favicon.svg', '/assets/app.js', '/assets/../index-CWHAllie.js', '/cases/123'])('never stores %s', (path) => {
    expect(cacheControlFor(path)).toBe('no-store');
  });

  it('stores nothing by default', () => {
    expect(securityHeaders()['Cache-Control']).toBe('no-store');
  });
});

