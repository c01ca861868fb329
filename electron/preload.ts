/**
 * Where: preload (sandboxed, bundled to CommonJS; may require only `electron`). Wiring only: the
 * API itself is built and tested in preloadApi.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeGlobal, buildBridge } from './preloadApi';

// ipcRenderer.invoke itself is never exposed: the page gets only the named functions.
contextBridge.exposeInMainWorld(
  bridgeGlobal,
  buildBridge(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (channel, listener) => {
      const handler = () => { listener(); };
      ipcRenderer.on(channel, handler);
      return () => { ipcRenderer.removeListener(channel, handler); };
    },
  ),
);
