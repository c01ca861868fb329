import { describe, expect, it } from 'vitest';
import { decideNavigation } from '../../../electron/policy/navigation';

describe('decideNavigation', () => {
  it.each(['app://attest/', 'app://attest', 'app://attest/cases/12', 'app://attest/index.html?x=1#top'])(
    'allows a page of the app itself: %s',
    (url) => {
      expect(decideNavigation(url)).toBe('allow');
    },
  );

  it.each([
    ['the web', 'http://evil.example/'],
    ['https web', 'https://evil.example/phish'],
    ['a local file', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:app://attest/4b1c'],
    ['another app host', 'app://other/'],
    ['a look-alike host', 'app://attest.evil/'],
    ['a host with a port', 'app://attest:8080/'],
    ['credentials before the host', 'app://attest@evil/'],
    ['credentials on our host', 'app://user:pass@attest/'],
    ['an upper-case host Chromium would never send', 'app://ATTEST/'],
    ['about:blank', 'about:blank'],
    ['chrome internals', 'chrome://settings'],
    ['devtools', 'devtools://devtools/bundled/inspector.html'],
    ['a custom handler', 'ms-msdt:/id PCWDiagnostic'],
    ['text that is not a URL', 'not a url'],
    ['the empty string', ''],
  ])('denies %s', (_label, url) => {
    expect(decideNavigation(url)).toBe('deny');
  });
});
