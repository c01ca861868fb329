import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

const projectDir = path.resolve(import.meta.dirname, '../../..');

/** The targets of one platform section, as names. */
function targetNames(section: { target?: unknown } | null | undefined): string[] {
  const target = section?.target;
  const list: unknown[] = Array.isArray(target) ? target : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : (entry as { target: string }).target));
}

/** The file patterns, flattened from the `{ filter }` sets electron-builder normalizes them into. */
function filePatterns(files: Configuration['files']): string[] {
  const list: unknown[] = Array.isArray(files) ? files : [files];
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const filter = (entry as { filter?: string | string[] }).filter;
    return filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  });
}

// electron-builder's own loader and schema validation (the code `electron-builder` runs), so a
// misspelt option fails here rather than on the release machine.
describe('electron-builder.yml', () => {
  let config: Configuration;

  beforeAll(async () => {
    config = await getConfig(projectDir, null, null);
  });

  it('passes electron-builder 26 schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app', () => {
    expect(config.appId).toBe('org.attest.app');
    expect(config.productName).toBe('Attest');
    expect(config.directories?.output).toBe('release');
  });

  it('sets every Electron fuse that closes a way around our code', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into an asar archive (needed by the asar fuses)', () => {
    expect(config.asar).toBe(true);
  });

  it('ships only the built bundles and package.json, without source maps or node_modules', () => {
    expect(filePatterns(config.files)).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map', '!**/node_modules/**']);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS', () => {
    expect(targetNames(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win)).toEqual(['nsis']);
    expect(targetNames(config.mac)).toEqual(['dmg']);
  });

  it('declares why macOS should allow the camera', () => {
    const info = config.mac?.extendInfo as Record<string, unknown> | undefined;
    expect(info?.NSCameraUsageDescription).toEqual(expect.any(String));
  });

  it('never publishes as a side effect of a build', () => {
    expect(config.publish).toBeNull();
  });
});
