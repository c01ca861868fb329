/** Picks the host implementation once, at start: the preload bridge if present, else the browser. */
import type { Platform } from '../../shared/platform';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform, findBridge } from './electron';

export function choosePlatform(host: object, info: { version: string }): Platform {
  const bridge = findBridge(host);
  return bridge ? createElectronPlatform(bridge) : createBrowserPlatform(info);
}
