/** The platform over the preload bridge (`window.attest`), used inside the Electron shell. */
import {
  AppInfo,
  BRIDGE_GLOBAL,
  OpenFileResult,
  OpenLinkResult,
  SaveFileResult,
  bridgeMethodNames,
  type AttestBridge,
} from '../../shared/ipc';
import type { Platform } from '../../shared/platform';

/** The bridge, if the preload exposed every expected function. */
export function findBridge(host: object): AttestBridge | null {
  const candidate: unknown = (host as Record<string, unknown>)[BRIDGE_GLOBAL];
  if (typeof candidate !== 'object' || candidate === null) return null;
  const methods = Object.values(bridgeMethodNames);
  const complete = methods.every((name) => typeof (candidate as Record<string, unknown>)[name] === 'function');
  return complete ? (candidate as AttestBridge) : null;
}

/** Results are parsed again here: defence in depth against a compromised or outdated shell. */
export function createElectronPlatform(bridge: AttestBridge): Platform {
  // An older shell may lack the subscription: then the vault simply never hears from the host.
  const onLockRequested = typeof bridge.onLockRequested === 'function' ? bridge.onLockRequested : null;
  return {
    ...(onLockRequested === null ? {} : { onLockRequested: (callback: () => void) => onLockRequested(callback) }),
    kind: 'electron',
    appInfo: async () => AppInfo.parse(await bridge.getAppInfo()),
    saveFile: async (request) => SaveFileResult.parse(await bridge.saveFile(request)),
    openFile: async (request) => OpenFileResult.parse(await bridge.openFile(request)),
    openExternalLink: async (url) => OpenLinkResult.parse(await bridge.openLink({ url })).opened,
  };
}
