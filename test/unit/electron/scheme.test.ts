import { describe, expect, it } from 'vitest';
import { appScheme } from '../../../electron/policy/scheme';
import { APP_SCHEME } from '../../../shared/ipc';

describe('appScheme privileges', () => {
  const privileges = appScheme.privileges ?? {};

  it('registers the app scheme', () => {
    expect(appScheme.scheme).toBe(APP_SCHEME);
  });

  it('is standard and secure, with fetch and streaming (a real origin for IndexedDB, a secure context for WebCrypto)', () => {
    expect(privileges.standard).toBe(true);
    expect(privileges.secure).toBe(true);
    expect(privileges.supportFetchAPI).toBe(true);
    expect(privileges.stream).toBe(true);
  });

  it('does not bypass the CSP, nor enable CORS, service workers or extensions', () => {
    expect(privileges.bypassCSP).toBe(false);
    expect(privileges.corsEnabled).toBe(false);
    expect(privileges.allowServiceWorkers).toBe(false);
    expect(privileges.allowExtensions).toBe(false);
  });
});
