import { describe, expect, it, vi } from 'vitest';
import { isAllowedExternalLink } from '../../../renderer/platform/browser';
import { createElectronPlatform, findBridge } from '../../../renderer/platform/electron';
import type { AttestBridge } from '../../../shared/ipc';

function fakeBridge(overrides: Partial<AttestBridge> = {}): AttestBridge {
  return {
    getAppInfo: vi.fn(() => Promise.resolve({ name: 'Attest' as const, version: '1.2.3', platform: 'linux' as const })),
    saveFile: vi.fn(() => Promise.resolve({ status: 'saved' as const })),
    openFile: vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    saveBegin: vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    saveChunk: vi.fn(() => Promise.resolve({ ok: true as const })),
    saveEnd: vi.fn(() => Promise.resolve({ status: 'discarded' as const })),
    openBegin: vi.fn(() => Promise.resolve({ status: 'cancelled' as const })),
    openChunk: vi.fn(() => Promise.resolve({ bytes: new Uint8Array(), done: true })),
    openEnd: vi.fn(() => Promise.resolve({ ok: true as const })),
    openLink: vi.fn(() => Promise.resolve({ opened: true })),
    onLockRequested: vi.fn(() => () => undefined),
    ...overrides,
  };
}

describe('platform choice', () => {
  it('uses the preload bridge only when every expected function is there', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ attest: { getAppInfo: () => undefined } })).toBeNull();
    expect(findBridge({ attest: 'x' })).toBeNull();
    const bridge = fakeBridge();
    expect(findBridge({ attest: bridge })).toBe(bridge);
  });

  it('parses what the shell answers, refusing a malformed reply', async () => {
    const good = createElectronPlatform(fakeBridge());
    await expect(good.appInfo()).resolves.toEqual({ name: 'Attest', version: '1.2.3', platform: 'linux' });
    const bad = createElectronPlatform(
      fakeBridge({ getAppInfo: () => Promise.resolve({ name: 'Attest', version: '<img src=x>', platform: 'linux' } as never) }),
    );
    await expect(bad.appInfo()).rejects.toThrow();
  });
});

describe('external links in the browser platform', () => {
  it.each([
    ['https://www.ohchr.org/en/publications', true],
    ['http://example.org', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['https://user:pass@example.org', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalLink(url)).toBe(allowed);
  });
});
