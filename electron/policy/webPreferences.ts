/**
 * Where: main process, pure (Electron types only). The renderer's sandbox, in one place.
 */
import type { WebPreferences } from 'electron';

/**
 * The `webPreferences` of every window of the app. The page runs like a website in a sandbox:
 * no Node, an isolated preload world, web security on, no webviews, no experimental features.
 * DevTools exist only in development builds.
 */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    plugins: false,
    // A file dropped on the window would replace the app with that file.
    navigateOnDragDrop: false,
    // The spell checker can send typed words, here case text, to a dictionary service.
    spellcheck: false,
    safeDialogs: true,
    devTools: !isPackaged,
  };
}
