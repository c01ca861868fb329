/**
 * Where: main process. Wiring only: each policy lives in a small module under electron/policy/
 * (tested there); this file connects them to Electron and is never imported by tests.
 */
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../shared/ipc';
import { FileStreams } from './fileStreams';
import { createHandlers } from './handlers';
import { hardenWebContents } from './hardening';
import { registerHandlers } from './ipc';
import { FLUSH_TIMEOUT_MS, type GuardedWindow, createCloseGuard } from './policy/closeGuard';
import { handlePermissionCheck, handlePermissionRequest } from './policy/permissions';
import { createAppProtocolHandler, createNodeFileReader } from './policy/protocol';
import { appScheme } from './policy/scheme';
import { secureWebPreferences } from './policy/webPreferences';

const WINDOW_TITLE = 'Attest';

// Privileges must be granted before `ready`, or app:// pages get no origin and no secure context.
protocol.registerSchemesAsPrivileged([appScheme]);
// Every renderer sandboxed, whatever a window asks for.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

/** Streaming saves and opens (backups), per window; abandoned when the window goes away. */
const fileStreams = new FileStreams();

/** Closing a window or quitting first waits (bounded) for the page to save what was just typed. */
const closeGuard = createCloseGuard({ timeoutMs: FLUSH_TIMEOUT_MS, quit: () => { app.quit(); } });

function guarded(window: BrowserWindow): GuardedWindow {
  const contents = window.webContents;
  return {
    contentsId: contents.id,
    requestFlush: () => { contents.send('app:flushRequested'); },
    close: () => { window.close(); },
    isGone: () => window.isDestroyed() || contents.isDestroyed() || contents.isCrashed(),
  };
}

function createMainWindow(): BrowserWindow {
  const appRoot = app.getAppPath();
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    show: false,
    webPreferences: secureWebPreferences(path.join(appRoot, 'dist', 'electron', 'preload.cjs'), app.isPackaged),
  });
  // The page's <title> may name a person; the title bar (and the task switcher) stays "Attest".
  window.on('page-title-updated', (event) => {
    event.preventDefault();
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  const contentsId = window.webContents.id;
  const guardedWindow = guarded(window);
  window.on('close', (event) => {
    closeGuard.onClose(event, guardedWindow);
  });
  window.webContents.once('destroyed', () => {
    void fileStreams.closeSender(contentsId);
  });
  window.on('closed', () => {
    mainWindow = null;
  });
  window.loadURL(`${APP_ORIGIN}/`).catch(() => {
    console.error('Attest could not load its window.');
  });
  return window;
}

/** The computer sleeps or its screen locks: the vault locks too (the renderer drops its keys). */
function wirePowerMonitor(): void {
  const requestLock = () => {
    mainWindow?.webContents.send('vault:lockRequested');
  };
  powerMonitor.on('suspend', requestLock);
  powerMonitor.on('lock-screen', requestLock);
}

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function wireSession(): void {
  const appRoot = app.getAppPath();
  const rendererRoot = path.join(appRoot, 'dist', 'renderer');
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: rendererRoot, readFile: createNodeFileReader(rendererRoot) }));

  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler(handlePermissionRequest);
  defaultSession.setPermissionCheckHandler(handlePermissionCheck);
  // WebHID, WebUSB and Web Serial: never.
  defaultSession.setDevicePermissionHandler(() => false);
  // Files leave the app only through the save dialog (file:save), never as silent downloads.
  defaultSession.on('will-download', (event) => {
    event.preventDefault();
  });
}

function wireIpc(): void {
  registerHandlers(
    ipcMain,
    createHandlers({
      appVersion: () => app.getVersion(),
      platform: process.platform,
      documentsDir: () => app.getPath('documents'),
      showSaveDialog: (options) =>
        mainWindow === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(mainWindow, options),
      showOpenDialog: (options) =>
        mainWindow === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(mainWindow, options),
      openExternal: (url) => shell.openExternal(url),
      fileStreams,
      flushed: (senderId) => { closeGuard.flushed(senderId); },
    }),
  );
}

// One instance only: two would share and race on the same IndexedDB.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
  });

  // Closing the window ends the session on every platform (macOS included): the vault is
  // locked with it, rather than left open in a windowless app.
  app.on('window-all-closed', () => {
    app.quit();
  });

  app.on('before-quit', (event) => {
    closeGuard.onBeforeQuit(event, BrowserWindow.getAllWindows().map(guarded));
  });

  app
    .whenReady()
    .then(() => {
      wireSession();
      wireIpc();
      wirePowerMonitor();
      mainWindow = createMainWindow();
    })
    .catch((error: unknown) => {
      console.error('Attest could not start:', error instanceof Error ? error.name : 'unknown error');
      app.exit(1);
    });
}
