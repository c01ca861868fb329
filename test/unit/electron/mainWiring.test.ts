import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const electronDir = path.resolve(import.meta.dirname, '../../../electron');

/** Source text without comments, so a commented-out call does not count as wiring. */
async function code(file: string): Promise<string> {
  const text = await readFile(path.join(electronDir, file), 'utf8');
  return text.replace(/\/\*[\s\S]*?\*\//gu, '').replace(/^\s*\/\/.*$/gmu, '');
}

// main.ts only runs inside Electron, so this cheap text check guards against wiring being removed;
// the behaviour of each policy is tested in its own file.
describe('electron/main.ts wires every policy', () => {
  it.each([
    ['the sandbox for every renderer', /\bapp\.enableSandbox\(\)/u],
    ['the privileged app scheme', /\bprotocol\.registerSchemesAsPrivileged\(\[appScheme\]\)/u],
    ['the protocol handler with the traversal guard', /\bprotocol\.handle\(APP_SCHEME,\s*createAppProtocolHandler\(/u],
    ['secure webPreferences', /webPreferences:\s*secureWebPreferences\(/u],
    ['hardening of every web contents (navigation, window.open, webviews)', /app\.on\('web-contents-created',[\s\S]*?hardenWebContents\(contents\)/u],
    ['the permission request handler', /\.setPermissionRequestHandler\(handlePermissionRequest\)/u],
    ['the permission check handler', /\.setPermissionCheckHandler\(handlePermissionCheck\)/u],
    ['a fixed window title', /\.on\('page-title-updated',\s*\(event\)\s*=>\s*\{\s*event\.preventDefault\(\)/u],
    ['the single-instance lock', /\bapp\.requestSingleInstanceLock\(\)/u],
    ['IPC through the one checked door', /\bregisterHandlers\(\s*ipcMain,/u],
    ['the app origin as the only page', /\.loadURL\(`\$\{APP_ORIGIN\}\/`\)/u],
    ['a lock request on suspend', /powerMonitor\.on\('suspend',\s*requestLock\)/u],
    ['a lock request on screen lock', /powerMonitor\.on\('lock-screen',\s*requestLock\)/u],
    ['the lock request sent to the window, without payload', /webContents\.send\('vault:lockRequested'\)/u],
    ['streaming transfers passed to the handlers', /createHandlers\(\{[\s\S]*?fileStreams,[\s\S]*?\}\)/u],
    ['streaming transfers of a window abandoned when it goes away', /webContents\.once\('destroyed',[\s\S]*?fileStreams\.closeSender\(/u],
    ['the power monitor wired once ready', /whenReady\(\)[\s\S]*?wirePowerMonitor\(\)/u],
    ['each window close waits for the page flush', /window\.on\('close',\s*\(event\)\s*=>\s*\{\s*closeGuard\.onClose\(event,/u],
    ['quitting waits for every window', /app\.on\('before-quit',\s*\(event\)\s*=>\s*\{\s*closeGuard\.onBeforeQuit\(event,\s*BrowserWindow\.getAllWindows\(\)/u],
    ['the flush request sent to the page, without payload', /contents\.send\('app:flushRequested'\)/u],
    ['the page answer passed to the guard', /flushed:\s*\(senderId\)\s*=>\s*\{\s*closeGuard\.flushed\(senderId\)/u],
  ])('%s', async (_label, pattern) => {
    expect(await code('main.ts')).toMatch(pattern);
  });

  it('registers the scheme at load time, before ready', async () => {
    const main = await code('main.ts');
    const register = main.indexOf('protocol.registerSchemesAsPrivileged(');
    expect(register).toBeGreaterThan(-1);
    expect(register).toBeLessThan(main.indexOf('whenReady('));
    expect(main.indexOf('app.enableSandbox()')).toBeLessThan(main.indexOf('whenReady('));
  });

  it('sets webPreferences in one place only, and loads no file:// page', async () => {
    const main = await code('main.ts');
    expect(main.match(/webPreferences\s*:/gu)).toHaveLength(1);
    expect(main).not.toMatch(/loadFile\(|file:\/\//u);
    expect(main).not.toMatch(/ipcMain\.(?:handle|on)\(/u);
  });

  it('hardening.ts prevents navigation, window.open and webviews', async () => {
    const hardening = await code('hardening.ts');
    for (const event of ["'will-navigate'", "'will-redirect'", "'will-attach-webview'"]) expect(hardening).toContain(event);
    expect(hardening).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/u);
  });

  it('the preload exposes the built bridge and nothing else', async () => {
    const preload = await code('preload.ts');
    expect(preload.match(/exposeInMainWorld\(/gu)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\(\s*bridgeGlobal,\s*buildBridge\(/u);
    expect(preload).not.toMatch(/ipcRenderer\.(?:send|once|sendSync|postMessage|removeAllListeners)\b/u);
    // One listener door, used only by buildBridge's subscribe (the bridge picks the channel, the page cannot).
    expect(preload.match(/ipcRenderer\.on\(/gu)).toHaveLength(1);
    expect(preload).toMatch(/ipcRenderer\.on\(channel, handler\);\s*return \(\) => \{ ipcRenderer\.removeListener\(channel, handler\); \};/u);
  });
});

describe('only the wiring files import electron at run time', () => {
  it('every other module under electron/ uses `import type` from electron', async () => {
    const entries = await readdir(electronDir, { recursive: true });
    const modules = entries.filter((file) => file.endsWith('.ts') && !['main.ts', 'preload.ts'].includes(file));
    expect(modules.length).toBeGreaterThan(5);
    for (const file of modules) {
      const source = await code(file);
      // An import of 'electron' that is not `import type`, or a require/dynamic import of it.
      expect(source, file).not.toMatch(/import\s+(?!type\b)[^;]*?from\s+['"]electron['"]/u);
      expect(source, file).not.toMatch(/(?:require|import)\(\s*['"]electron['"]\s*\)/u);
    }
  });
});
