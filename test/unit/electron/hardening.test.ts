import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from '../../../electron/hardening';

type Listener = (event: { url: string | undefined; preventDefault: () => void }) => void;

/** A stand-in for Electron's WebContents that records what the hardening attaches. */
function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      windowOpenHandler = handler;
    },
  };
  return {
    // Only the two members hardenWebContents uses are implemented.
    contents: contents as unknown as WebContents,
    /** Emits `event` like Electron and reports whether a listener prevented it. */
    emit(event: string, url?: string): boolean {
      const preventDefault = vi.fn();
      for (const listener of listeners.get(event) ?? []) listener({ url, preventDefault });
      return preventDefault.mock.calls.length > 0;
    },
    listenerCount: (event: string) => listeners.get(event)?.length ?? 0,
    openWindow: (url: string) => windowOpenHandler?.({ url }),
  };
}

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('prevents %s away from the app', (event) => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents);
    expect(fake.listenerCount(event)).toBe(1);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://attest.evil/']) {
      expect(fake.emit(event, url), url).toBe(true);
    }
    expect(fake.emit(event, 'app://attest/cases')).toBe(false);
  });

  it('prevents every webview from attaching', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents);
    expect(fake.emit('will-attach-webview')).toBe(true);
  });

  it('denies window.open, even to the app itself', () => {
    const fake = fakeWebContents();
    hardenWebContents(fake.contents);
    expect(fake.openWindow('https://example.org/')).toEqual({ action: 'deny' });
    expect(fake.openWindow('app://attest/')).toEqual({ action: 'deny' });
  });
});
