/**
 * Where: main process (Electron types only, so tests can import it with fakes). What each IPC
 * channel does; `main.ts` passes in Electron's dialogs and shell.
 */
import path from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { type AppInfo, MAX_IPC_FILE_BYTES } from '../shared/ipc';
import { type IpcChannel, type IpcErrorCode } from '../shared/ipc';
import { forwardFhirRequest } from '../shared/fhirForward';
import { forwardTimestampQuery } from '../shared/tsaForward';
import { FileTooLargeError, readFileWithLimit, writePrivateFile } from './fileIo';
import { FileStreams, UnknownHandleError } from './fileStreams';
import { type IpcCallContext, IpcError, type IpcImplementations } from './ipc';
import { openExternalLink } from './policy/externalLinks';
import { filtersFor } from './policy/fileKinds';

/** What the handlers need from Electron and the OS, injected so tests can fake them. */
export interface HandlerDependencies {
  readonly appVersion: () => string;
  readonly platform: NodeJS.Platform;
  /** The user's Documents folder, where save dialogs start. */
  readonly documentsDir: () => string;
  readonly showSaveDialog: (options: SaveDialogOptions) => Promise<Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>>;
  readonly showOpenDialog: (options: OpenDialogOptions) => Promise<Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>>;
  readonly openExternal: (url: string) => Promise<void>;
  readonly writeFile?: (filePath: string, bytes: Uint8Array) => Promise<void>;
  readonly readFile?: (filePath: string, maxBytes: number) => Promise<Uint8Array<ArrayBuffer>>;
  /** Streaming transfers; `main.ts` passes its own so it can clean up when a window closes. */
  readonly fileStreams?: FileStreams;
  /** HTTP for `tsa:query` and `fhir:send` (Node's `fetch` by default; Electron's `net.fetch` would also do). */
  readonly fetch?: typeof fetch;
  /** A window answered `app:flushRequested` (policy/closeGuard.ts); its web-contents id. */
  readonly flushed?: (senderId: number) => void;
}

/** The sender id of a streaming call; refused when Electron gave none. */
function senderOf(channel: IpcChannel, context: IpcCallContext | undefined): number {
  if (context?.senderId == null) throw new IpcError('untrusted-sender', channel);
  return context.senderId;
}

/** Runs a streaming step, turning an unknown or foreign handle into an invalid request. */
async function withHandle<T>(channel: IpcChannel, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code: IpcErrorCode = error instanceof UnknownHandleError ? 'invalid-request' : 'failed';
    throw error instanceof IpcError ? error : new IpcError(code, channel, code === 'invalid-request' ? 'unknown handle' : '');
  }
}

/** The platform names of the contract; anything but the three desktop systems is `other`. */
export function appPlatform(platform: NodeJS.Platform): AppInfo['platform'] {
  return platform === 'linux' || platform === 'darwin' || platform === 'win32' ? platform : 'other';
}

/** The implementation of every channel of the IPC contract. */
export function createHandlers(deps: HandlerDependencies): IpcImplementations {
  const writeFile = deps.writeFile ?? writePrivateFile;
  const readFile = deps.readFile ?? readFileWithLimit;
  const streams = deps.fileStreams ?? new FileStreams();

  return {
    'app:getInfo': () =>
      Promise.resolve({ name: 'Attest', version: deps.appVersion(), platform: appPlatform(deps.platform) }),

    'file:save': async ({ suggestedName, kind, bytes }) => {
      const choice = await deps.showSaveDialog({
        defaultPath: path.join(deps.documentsDir(), suggestedName),
        filters: filtersFor(kind),
        // Recent-documents lists are visible to anyone at the computer.
        properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
      });
      if (choice.canceled || choice.filePath === '') return { status: 'cancelled' };
      await writeFile(choice.filePath, bytes);
      return { status: 'saved' };
    },

    'file:open': async ({ kind }) => {
      const choice = await deps.showOpenDialog({
        filters: filtersFor(kind),
        properties: ['openFile', 'dontAddToRecent'],
      });
      const filePath = choice.filePaths[0];
      if (choice.canceled || filePath === undefined) return { status: 'cancelled' };
      try {
        const bytes = await readFile(filePath, MAX_IPC_FILE_BYTES);
        return { status: 'opened', name: path.basename(filePath), bytes };
      } catch (error) {
        if (error instanceof FileTooLargeError) throw new IpcError('too-large', 'file:open');
        throw error;
      }
    },

    'file:saveBegin': async ({ suggestedName, kind }, context) => {
      const sender = senderOf('file:saveBegin', context);
      const choice = await deps.showSaveDialog({
        defaultPath: path.join(deps.documentsDir(), suggestedName),
        filters: filtersFor(kind),
        properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
      });
      if (choice.canceled || choice.filePath === '') return { status: 'cancelled' };
      const target = choice.filePath;
      return { status: 'started', handle: await withHandle('file:saveBegin', () => streams.beginSave(sender, target)) };
    },

    'file:saveChunk': async ({ handle, bytes }, context) => {
      const sender = senderOf('file:saveChunk', context);
      await withHandle('file:saveChunk', () => streams.writeChunk(sender, handle, bytes));
      return { ok: true };
    },

    'file:saveEnd': async ({ handle, commit }, context) => {
      const sender = senderOf('file:saveEnd', context);
      return { status: await withHandle('file:saveEnd', () => streams.endSave(sender, handle, commit)) };
    },

    'file:openBegin': async ({ kind }, context) => {
      const sender = senderOf('file:openBegin', context);
      const choice = await deps.showOpenDialog({
        filters: filtersFor(kind),
        properties: ['openFile', 'dontAddToRecent'],
      });
      const filePath = choice.filePaths[0];
      if (choice.canceled || filePath === undefined) return { status: 'cancelled' };
      const { handle, size } = await withHandle('file:openBegin', () => streams.beginOpen(sender, filePath));
      return { status: 'opened', handle, name: path.basename(filePath).slice(0, 255), size };
    },

    'file:openChunk': async ({ handle, offset }, context) => {
      const sender = senderOf('file:openChunk', context);
      return await withHandle('file:openChunk', () => streams.readChunk(sender, handle, offset));
    },

    'file:openEnd': async ({ handle }, context) => {
      const sender = senderOf('file:openEnd', context);
      await withHandle('file:openEnd', () => streams.endOpen(sender, handle));
      return { ok: true };
    },

    'link:open': async ({ url }) => ({ opened: await openExternalLink(url, deps.openExternal) }),

    // The renderer may connect nowhere (CSP): the timestamp authority is asked from here, the answer checked there.
    'tsa:query': (request) => forwardTimestampQuery(deps.fetch ?? fetch, request),

    // Likewise the FHIR server: the forwarder composes the URL from the base, limits time and size, and classifies the answer.
    'fhir:send': (request) => forwardFhirRequest(deps.fetch ?? fetch, request),

    'app:flushed': async (_request, context) => {
      deps.flushed?.(senderOf('app:flushed', context));
      return Promise.resolve({ ok: true as const });
    },
  };
}
