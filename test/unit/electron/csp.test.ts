import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../../shared/security/headers';

/** The CSP header as a map of directive → source list, parsed the way a browser splits it. */
function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/u);
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

describe('Content-Security-Policy the shell sends', () => {
  const csp = parseCsp(contentSecurityPolicy());

  it("defaults every fetch to the app's own origin (default-src 'self')", () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it("runs scripts from the app's own files only (script-src 'self')", () => {
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('allows neither eval nor inline code anywhere', () => {
    const header = contentSecurityPolicy();
    expect(header).not.toContain("'unsafe-eval'");
    expect(header).not.toContain("'unsafe-inline'");
    expect(header).not.toContain("'wasm-unsafe-eval'");
    expect(header).not.toContain("'unsafe-hashes'");
  });

  it("allows no plugins (object-src 'none')", () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
  });

  it("cannot be framed (frame-ancestors 'none') and frames nothing", () => {
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
  });

  it("pins the base URL and posts no forms anywhere (base-uri, form-action 'none')", () => {
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('connects to nothing but the app (connect-src), so case data cannot be sent out by fetch', () => {
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('names no remote host, scheme wildcard or other app in any directive', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, name).toMatch(/^(?:'self'|'none'|blob:|data:)$/u);
      }
    }
  });

  it('allows data: only for images, blob: only for images, media and workers', () => {
    const withData = [...csp].filter(([, sources]) => sources.includes('data:')).map(([name]) => name);
    const withBlob = [...csp].filter(([, sources]) => sources.includes('blob:')).map(([name]) => name);
    expect(withData).toEqual(['img-src']);
    expect(withBlob.sort()).toEqual(['img-src', 'media-src', 'worker-src']);
  });

  it('is sent as a header with the other security headers', () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
  });
});
