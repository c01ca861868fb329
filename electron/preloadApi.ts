/**
 * Where: preload, pure. Builds the object the page sees as `window.attest`.
 *
 * Only types come from the contract (erased at build time): the sandboxed preload is bundled on
 * its own, and importing the contract's values would pull zod into it. `AttestBridge` fixes the
 * method names; the compiler checks `bridgeGlobal` against `BRIDGE_GLOBAL`.
 */
import type { AttestBridge, BRIDGE_GLOBAL, IpcChannel, PushChannel } from '../shared/ipc';

/** The global name of the bridge, equal to the contract's `BRIDGE_GLOBAL`. */
export const bridgeGlobal: typeof BRIDGE_GLOBAL = 'attest';

/** `ipcRenderer.invoke`, narrowed to the contract's channels. */
export type BridgeInvoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

/**
 * `ipcRenderer.on` for one push channel, narrowed: the listener gets no event object and no
 * arguments; the returned function removes it.
 */
export type BridgeSubscribe = (channel: PushChannel, listener: () => void) => () => void;

/**
 * One named function per channel, each invoking only its own channel with at most one argument.
 * No generic `send`, `invoke` or `on`: a compromised page gets these doors (and one subscription) and no other
 * (Element Desktop: "to avoid handing out generalised messaging access").
 *
 * Results are not parsed here (no zod in the preload): the main process has already parsed them
 * with the contract's result schemas.
 */
export function buildBridge(invoke: BridgeInvoke, subscribe: BridgeSubscribe): AttestBridge {
  // The casts below assert the result type the main process guarantees; see above.
  const bridge: AttestBridge = {
    getAppInfo: () => invoke('app:getInfo') as ReturnType<AttestBridge['getAppInfo']>,
    saveFile: (request) => invoke('file:save', request) as ReturnType<AttestBridge['saveFile']>,
    openFile: (request) => invoke('file:open', request) as ReturnType<AttestBridge['openFile']>,
    saveBegin: (request) => invoke('file:saveBegin', request) as ReturnType<AttestBridge['saveBegin']>,
    saveChunk: (request) => invoke('file:saveChunk', request) as ReturnType<AttestBridge['saveChunk']>,
    saveEnd: (request) => invoke('file:saveEnd', request) as ReturnType<AttestBridge['saveEnd']>,
    openBegin: (request) => invoke('file:openBegin', request) as ReturnType<AttestBridge['openBegin']>,
    openChunk: (request) => invoke('file:openChunk', request) as ReturnType<AttestBridge['openChunk']>,
    openEnd: (request) => invoke('file:openEnd', request) as ReturnType<AttestBridge['openEnd']>,
    openLink: (request) => invoke('link:open', request) as ReturnType<AttestBridge['openLink']>,
    flushDone: () => invoke('app:flushed') as ReturnType<AttestBridge['flushDone']>,
    queryTimestampAuthority: (request) => invoke('tsa:query', request) as ReturnType<AttestBridge['queryTimestampAuthority']>,
    sendToFhirServer: (request) => invoke('fhir:send', request) as ReturnType<AttestBridge['sendToFhirServer']>,
    // The page's callback is called with nothing: no IpcRendererEvent (and its `sender`) reaches it.
    onLockRequested: (callback) => {
      if (typeof callback !== 'function') throw new TypeError('onLockRequested needs a function.');
      return subscribe('vault:lockRequested', () => { callback(); });
    },
    onFlushRequested: (callback) => {
      if (typeof callback !== 'function') throw new TypeError('onFlushRequested needs a function.');
      return subscribe('app:flushRequested', () => { callback(); });
    },
  };
  return Object.freeze(bridge);
}
