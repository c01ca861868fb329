import { describe, expect, it } from 'vitest';
import { parseAssetPath } from '../../../shared/security/assetPath';

describe('parseAssetPath (path-traversal guard shared by the shell and the web server)', () => {
  it.each([
    ['/', [], true, false],
    ['/index.html', ['index.html'], false, false],
    ['/assets/index-DewCHFCT.js', ['assets', 'index-DewCHFCT.js'], false, false],
    ['/assets/a%20b.js', ['assets', 'a b.js'], false, false],
    ['/cases/new', ['cases', 'new'], false, true],
    ['/assets/', ['assets'], true, false],
    ['/index.html?x=1#y', ['index.html'], false, false],
    ['app://attest/assets/x.css', ['assets', 'x.css'], false, false],
    ['app://attest', [], true, false],
  ])('%s → %j (folder %s, SPA route %s)', (target, segments, directory, spaFallback) => {
    expect(parseAssetPath(target)).toEqual({ ok: true, segments, directory, spaFallback });
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../secret.js',
    '/..%2fetc%2fpasswd',
    '/%2e%2e/etc/passwd',
    '/%2E%2E/etc/passwd',
    '/assets%2findex.js',
    '/assets%5cindex.js',
    '/assets\\..\\x.js',
    '/a/./b.js',
    '//etc/passwd',
    '/x%00.js',
    '/x\u0000.js',
    '/%E0%A4%A',
    '/.env',
    '/C:/Windows/win.ini',
    'app://attest/../x',
    'relative.js',
  ])('refuses %j', (target) => {
    expect(parseAssetPath(target).ok).toBe(false);
  });
});
