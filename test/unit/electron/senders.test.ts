import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../electron/policy/senders';

describe('isTrustedSender', () => {
  it.each(['app://attest/', 'app://attest/index.html', 'app://attest/cases/4?tab=findings#lesion-2'])('trusts our page: %s', (url) => {
    expect(isTrustedSender(url)).toBe(true);
  });

  it.each([
    ['a look-alike host', 'app://attest.evil/'],
    ['another app host', 'app://other/'],
    ['https with our host name', 'https://attest/'],
    ['a local file', 'file:///app/dist/renderer/index.html'],
    ['about:blank', 'about:blank'],
    ['credentials', 'app://x@attest/'],
    ['a port', 'app://attest:1/'],
    ['the empty string', ''],
    ['garbage', '::::'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender(url)).toBe(false);
  });

  it('refuses a missing frame', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
