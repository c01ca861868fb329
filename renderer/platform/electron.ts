/** The platform over the preload bridge (`window.attest`), used inside the Electron shell. */
import {
  AppInfo,
  BRIDGE_GLOBAL,
  MAX_SAVE_CHUNK_BYTES,
  OpenBeginResult,
  OpenChunkResult,
  OpenFileResult,
  OpenLinkResult,
  SaveBeginResult,
  SaveEndResult,
  SaveFileResult,
  TsaQueryRequest,
  TsaQueryResult,
  FhirSendRequest,
  FhirSendResult,
  bridgeMethodNames,
  type AttestBridge,
} from '../../shared/ipc';
import type { OpenFileStreamResult, Platform, SaveFileStreamRequest } from '../../shared/platform';
import { limitChunkSize } from './streams';

/** Streams pieces to the main process: begin (dialog), one call per piece, then commit or discard. */
export async function saveStreamOverBridge(bridge: AttestBridge, request: SaveFileStreamRequest): Promise<SaveFileResult> {
  const begun = SaveBeginResult.parse(await bridge.saveBegin({ suggestedName: request.suggestedName, kind: request.kind }));
  if (begun.status === 'cancelled') return { status: 'cancelled' };
  const { handle } = begun;
  let written = 0;
  try {
    for await (const chunk of limitChunkSize(request.chunks, MAX_SAVE_CHUNK_BYTES)) {
      await bridge.saveChunk({ handle, bytes: chunk });
      written += chunk.byteLength;
      request.onProgress?.(written);
    }
  } catch (error) {
    // The half-written temporary file is deleted; the target is left as it was.
    await bridge.saveEnd({ handle, commit: false }).catch(() => undefined);
    throw error;
  }
  const ended = SaveEndResult.parse(await bridge.saveEnd({ handle, commit: true }));
  return ended.status === 'saved' ? { status: 'saved' } : { status: 'cancelled' };
}

/** Opens a file in the main process and reads it piece by piece; each iteration starts at offset 0. */
export async function openStreamOverBridge(bridge: AttestBridge, kind: Parameters<Platform['openFileStream']>[0]['kind']): Promise<OpenFileStreamResult> {
  const begun = OpenBeginResult.parse(await bridge.openBegin({ kind }));
  if (begun.status === 'cancelled') return { status: 'cancelled' };
  const { handle } = begun;
  let closed = false;
  async function* read(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    for (;;) {
      const piece = OpenChunkResult.parse(await bridge.openChunk({ handle, offset }));
      offset += piece.bytes.byteLength;
      if (piece.bytes.byteLength > 0) yield piece.bytes;
      if (piece.done) return;
    }
  }
  return {
    status: 'opened',
    name: begun.name,
    size: begun.size,
    chunks: { [Symbol.asyncIterator]: read },
    close: async () => {
      if (closed) return;
      closed = true;
      await bridge.openEnd({ handle }).catch(() => undefined);
    },
  };
}

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
  const onFlushRequested = typeof bridge.onFlushRequested === 'function' ? bridge.onFlushRequested : null;
  return {
    ...(onLockRequested === null ? {} : { onLockRequested: (callback: () => void) => onLockRequested(callback) }),
    ...(onFlushRequested === null
      ? {}
      : {
          onFlushRequested: (flush: () => Promise<void>) =>
            onFlushRequested(() => {
              // Answered whatever happened: the host closes after the answer or its bound anyway.
              void flush()
                .catch(() => undefined)
                .then(() => bridge.flushDone())
                .catch(() => undefined);
            }),
        }),
    kind: 'electron',
    appInfo: async () => AppInfo.parse(await bridge.getAppInfo()),
    saveFile: async (request) => SaveFileResult.parse(await bridge.saveFile(request)),
    openFile: async (request) => OpenFileResult.parse(await bridge.openFile(request)),
    saveFileStream: (request) => saveStreamOverBridge(bridge, request),
    openFileStream: ({ kind }) => openStreamOverBridge(bridge, kind),
    openExternalLink: async (url) => OpenLinkResult.parse(await bridge.openLink({ url })).opened,
    queryTimestampAuthority: async (request) => TsaQueryResult.parse(await bridge.queryTimestampAuthority(TsaQueryRequest.parse(request))),
    sendToFhirServer: async (request) => FhirSendResult.parse(await bridge.sendToFhirServer(FhirSendRequest.parse(request))),
  };
}
