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
    flushDone: vi.fn(() => Promise.resolve({ ok: true as const })),
    queryTimestampAuthority: vi.fn(() => Promise.resolve({ status: 'failed' as const, reason: 'unreachable' as const })),
    sendToFhirServer: vi.fn(() => Promise.resolve({ status: 'failed' as const, reason: 'unreachable' as const, httpStatus: null })),
    onLockRequested: vi.fn(() => () => undefined),
    onFlushRequested: vi.fn(() => () => undefined),
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

describe('flush before the shell closes the window', () => {
  it('runs the flush when asked, and answers only after it settled, even when it failed', async () => {
    let request: (() => void) | undefined;
    const flushDone = vi.fn(() => Promise.resolve({ ok: true as const }));
    const bridge = fakeBridge({
      flushDone,
      onFlushRequested: (callback) => {
        request = callback;
        return () => undefined;
      },
    });
    const platform = createElectronPlatform(bridge);
    let finish: (() => void) | undefined;
    const order: string[] = [];
    platform.onFlushRequested?.(() => {
      order.push('flush started');
      return new Promise<void>((resolve) => {
        finish = () => { order.push('flush finished'); resolve(); };
      });
    });
    request?.();
    await Promise.resolve();
    expect(order).toEqual(['flush started']);
    expect(flushDone).not.toHaveBeenCalled();
    finish?.();
    await vi.waitFor(() => { expect(flushDone).toHaveBeenCalledTimes(1); });

    platform.onFlushRequested?.(() => Promise.reject(new Error('vault locked')));
    request?.();
    await vi.waitFor(() => { expect(flushDone).toHaveBeenCalledTimes(2); });
  });

  it('is absent for a shell without the subscription', () => {
    const older: Record<string, unknown> = { ...fakeBridge() };
    delete older.onFlushRequested;
    expect('onFlushRequested' in createElectronPlatform(older as unknown as AttestBridge)).toBe(false);
  });
});
