import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../electron/policy/webPreferences';

const preloadPath = '/app/dist/electron/preload.cjs';

describe('secureWebPreferences', () => {
  const packaged = secureWebPreferences(preloadPath, true);

  // Each setting is asserted explicitly (toBe, not toBeFalsy): relying on Electron's default would
  // let a removed line pass silently.
  it('isolates the preload world from the page (contextIsolation)', () => {
    expect(packaged.contextIsolation).toBe(true);
  });

  it('sandboxes the renderer (sandbox)', () => {
    expect(packaged.sandbox).toBe(true);
  });

  it('gives the page no Node (nodeIntegration, in workers and subframes too)', () => {
    expect(packaged.nodeIntegration).toBe(false);
    expect(packaged.nodeIntegrationInWorker).toBe(false);
    expect(packaged.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the same-origin policy (webSecurity) and refuses insecure content', () => {
    expect(packaged.webSecurity).toBe(true);
    expect(packaged.allowRunningInsecureContent).toBe(false);
  });

  it('disables webviews (webviewTag)', () => {
    expect(packaged.webviewTag).toBe(false);
  });

  it('disables experimental features, plugins, drag-and-drop navigation and the spell checker', () => {
    expect(packaged.experimentalFeatures).toBe(false);
    expect(packaged.plugins).toBe(false);
    expect(packaged.navigateOnDragDrop).toBe(false);
    expect(packaged.spellcheck).toBe(false);
  });

  it('enables no Blink feature by name', () => {
    expect(packaged.enableBlinkFeatures).toBeUndefined();
  });

  it('uses the given preload', () => {
    expect(packaged.preload).toBe(preloadPath);
  });

  it('has DevTools only in development builds', () => {
    expect(packaged.devTools).toBe(false);
    expect(secureWebPreferences(preloadPath, false).devTools).toBe(true);
  });

  it('is the same policy in development, apart from DevTools', () => {
    const { devTools: devPackaged, ...restPackaged } = packaged;
    const { devTools: devUnpackaged, ...restUnpackaged } = secureWebPreferences(preloadPath, false);
    expect(devPackaged).not.toBe(devUnpackaged);
    expect(restUnpackaged).toEqual(restPackaged);
  });
});
