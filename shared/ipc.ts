/**
 * The one IPC contract between the renderer (through the preload) and the Electron main process.
 *
 * Channel names are `area:verb`. Every channel has a zod schema for its arguments and for its result;
 * the main process parses arguments after checking the sender's origin, and the preload exposes one
 * named function per channel (see `bridgeMethodNames`), never a generic `send`.
 */
import { z } from 'zod';

/** The app's origin. IndexedDB data is bound to it: never change it after the first release. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'attest';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Largest file the shell will save or open in one call (backups are chunked below this). */
export const MAX_IPC_FILE_BYTES = 512 * 1024 * 1024;

/**
 * File names carry no case data: they are chosen by code, never typed from a record, and this
 * schema refuses anything but a short, plain name.
 */
export const SafeFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'A file name may use letters, digits, dot, dash and underscore only.')
  .refine((name) => !name.includes('..'), 'A file name may not contain "..".');

export const FileKind = z.enum(['pdf', 'backup', 'json', 'ndjson', 'csv', 'image', 'certificate']);
export type FileKind = z.infer<typeof FileKind>;

const Bytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength <= MAX_IPC_FILE_BYTES, 'The file is too large.');

export const AppInfo = z.object({
  name: z.literal('Attest'),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/),
  platform: z.enum(['linux', 'darwin', 'win32', 'browser', 'other']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SaveFileRequest = z.object({
  suggestedName: SafeFileName,
  kind: FileKind,
  bytes: Bytes,
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;

export const SaveFileResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved') }),
  z.object({ status: z.literal('cancelled') }),
]);
export type SaveFileResult = z.infer<typeof SaveFileResult>;

export const OpenFileRequest = z.object({ kind: FileKind });
export type OpenFileRequest = z.infer<typeof OpenFileRequest>;

export const OpenFileResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('opened'), name: z.string().max(255), bytes: Bytes }),
  z.object({ status: z.literal('cancelled') }),
]);
export type OpenFileResult = z.infer<typeof OpenFileResult>;

export const OpenLinkRequest = z.object({ url: z.string().max(2048) });
export type OpenLinkRequest = z.infer<typeof OpenLinkRequest>;

export const OpenLinkResult = z.object({ opened: z.boolean() });
export type OpenLinkResult = z.infer<typeof OpenLinkResult>;

/** Largest piece the renderer may send in one `file:saveChunk` call. */
export const MAX_SAVE_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest piece the main process returns from one `file:openChunk` call. */
export const MAX_OPEN_CHUNK_BYTES = 1024 * 1024;

/** A streaming transfer, held in the main process for the window that began it. */
export const StreamHandle = z.uuid();

export const SaveBeginRequest = z.object({ suggestedName: SafeFileName, kind: FileKind });
export type SaveBeginRequest = z.infer<typeof SaveBeginRequest>;
export const SaveBeginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('started'), handle: StreamHandle }),
  z.object({ status: z.literal('cancelled') }),
]);
export type SaveBeginResult = z.infer<typeof SaveBeginResult>;

export const SaveChunkRequest = z.object({
  handle: StreamHandle,
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVE_CHUNK_BYTES, 'The piece is too large.'),
});
export type SaveChunkRequest = z.infer<typeof SaveChunkRequest>;
export const SaveChunkResult = z.object({ ok: z.literal(true) });

export const SaveEndRequest = z.object({ handle: StreamHandle, commit: z.boolean() });
export type SaveEndRequest = z.infer<typeof SaveEndRequest>;
export const SaveEndResult = z.object({ status: z.enum(['saved', 'discarded']) });
export type SaveEndResult = z.infer<typeof SaveEndResult>;

export const OpenBeginRequest = z.object({ kind: FileKind });
export const OpenBeginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('opened'), handle: StreamHandle, name: z.string().max(255), size: z.number().int().nonnegative() }),
  z.object({ status: z.literal('cancelled') }),
]);
export type OpenBeginResult = z.infer<typeof OpenBeginResult>;

/** `offset`: where to read from (0 to start again, e.g. a second restore attempt of the same file). */
export const OpenChunkRequest = z.object({ handle: StreamHandle, offset: z.number().int().nonnegative() });
export type OpenChunkRequest = z.infer<typeof OpenChunkRequest>;
export const OpenChunkResult = z.object({
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_OPEN_CHUNK_BYTES, 'The piece is too large.'),
  done: z.boolean(),
});
export type OpenChunkResult = z.infer<typeof OpenChunkResult>;

export const OpenEndRequest = z.object({ handle: StreamHandle });
export const OpenEndResult = z.object({ ok: z.literal(true) });

/** The renderer's answer to `app:flushRequested`: every pending edit it had is saved or kept. */
export const FlushedResult = z.object({ ok: z.literal(true) });

/** Largest RFC 3161 query sent, and largest answer accepted, by `tsa:query` (a TSA answers a few kilobytes). */
export const MAX_TSA_QUERY_BYTES = 4096;
export const MAX_TSA_REPLY_BYTES = 256 * 1024;

/** An http(s) URL without credentials in it (they travel apart, and are never logged). */
export const TsaUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'A timestamp authority is an http or https address, without a user name or password in it.');

/**
 * `tsa:query`: the main process posts an RFC 3161 TimeStampReq to a timestamp authority (the renderer's
 * CSP allows no outside connection) and returns the DER answer unread; the renderer checks it
 * (shared/signing/timestamp.ts). Credentials, when given, go as HTTP basic authentication.
 */
export const TsaQueryRequest = z.strictObject({
  url: TsaUrl,
  query: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0 && b.byteLength <= MAX_TSA_QUERY_BYTES, 'The query is empty or too large.'),
  username: z.string().max(256).optional(),
  password: z.string().max(1024).optional(),
  timeoutMs: z.number().int().min(1000).max(60_000),
});
export type TsaQueryRequest = z.infer<typeof TsaQueryRequest>;
export const TsaQueryResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('answered'), bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_TSA_REPLY_BYTES, 'The answer is too large.') }),
  z.object({ status: z.literal('failed'), reason: z.enum(['timeout', 'unreachable', 'garbage']) }),
]);
export type TsaQueryResult = z.infer<typeof TsaQueryResult>;

/**
 * Where `attest web` forwards the browser build's RFC 3161 queries: POST, same origin only, the
 * authority's URL in `TSA_URL_HEADER`, its credentials (if any) as `Authorization`.
 */
export const TSA_PROXY_PATH = '/_attest/tsa';
export const TSA_URL_HEADER = 'x-attest-tsa-url';
/** `attest web` answers 504 when the authority did not answer in time, 502 when it could not be reached. */
export const TSA_PROXY_TIMEOUT_STATUS = 504;

/** Largest transaction Bundle `fhir:send` posts (a case's bundle carries no images: hashes and sizes only). */
export const MAX_FHIR_REQUEST_BYTES = 8 * 1024 * 1024;
/** Largest answer read from a FHIR server (a transaction-response may echo every resource). */
export const MAX_FHIR_REPLY_BYTES = 8 * 1024 * 1024;
/** Issue texts of an OperationOutcome kept and shown, and the length of each. */
export const MAX_FHIR_ISSUES = 20;
export const MAX_FHIR_ISSUE_CHARS = 1000;

/** A FHIR server's base URL: http(s), without credentials, query or fragment (credentials travel apart). */
export const FhirBaseUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.hash === '' && url.search === '';
    } catch {
      return false;
    }
  }, 'A FHIR server is an http or https address, without a user name, password, query or fragment in it.');

/** How the app authenticates to the FHIR server: none, a bearer token, or HTTP basic. */
export const FhirAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('bearer'), token: z.string().min(1).max(8192).regex(/^[\x21-\x7e]+$/u, 'A token is printable ASCII without spaces.') }),
  z.strictObject({ kind: z.literal('basic'), username: z.string().min(1).max(256).refine((u) => !u.includes(':'), 'A user name has no colon.'), password: z.string().min(1).max(1024) }),
]);
export type FhirAuth = z.infer<typeof FhirAuth>;

/**
 * `fhir:send`: the main process (or `attest web`) talks to the configured FHIR server for the renderer,
 * whose CSP allows no outside connection. Only two requests exist, each on a path the forwarder
 * composes from the base URL: `metadata` (GET [base]/metadata, "Test connection") and `transaction`
 * (POST [base] with a transaction Bundle). The answer is read with a size limit, parsed with zod and
 * returned classified; the server's own JSON is never handed over whole.
 */
export const FhirSendRequest = z.discriminatedUnion('operation', [
  z.strictObject({ operation: z.literal('metadata'), baseUrl: FhirBaseUrl, auth: FhirAuth, timeoutMs: z.int().min(1000).max(120_000) }),
  z.strictObject({
    operation: z.literal('transaction'),
    baseUrl: FhirBaseUrl,
    auth: FhirAuth,
    timeoutMs: z.int().min(1000).max(120_000),
    /** The Bundle as JSON text. */
    bundle: z.string().min(2).max(MAX_FHIR_REQUEST_BYTES),
  }),
]);
export type FhirSendRequest = z.infer<typeof FhirSendRequest>;

const IssueTexts = z.array(z.string().max(MAX_FHIR_ISSUE_CHARS)).max(MAX_FHIR_ISSUES);
/** Why a request to a FHIR server did not give a FHIR answer. */
export const FhirFailure = z.enum(['timeout', 'unreachable', 'html', 'not-fhir', 'too-large', 'auth']);
export type FhirFailure = z.infer<typeof FhirFailure>;
export const FhirSendResult = z.discriminatedUnion('status', [
  /** GET metadata: a CapabilityStatement. */
  z.strictObject({ status: z.literal('capability'), httpStatus: z.int(), fhirVersion: z.string().max(20).nullable(), software: z.string().max(200).nullable() }),
  /** POST: a transaction-response whose every entry succeeded; `locations` as the server gave them. */
  z.strictObject({ status: z.literal('accepted'), httpStatus: z.int(), locations: z.array(z.string().max(2048)).max(10_000) }),
  /** The server answered FHIR, but refused: its OperationOutcome issue texts (they may echo what was sent: never logged). */
  z.strictObject({ status: z.literal('refused'), httpStatus: z.int(), issues: IssueTexts }),
  /** No FHIR answer: nothing answered in time, no connection, a web page, something else, too large, or credentials refused. */
  z.strictObject({ status: z.literal('failed'), reason: FhirFailure, httpStatus: z.int().nullable() }),
]);
export type FhirSendResult = z.infer<typeof FhirSendResult>;

/** Where `attest web` forwards the browser build's FHIR requests: POST, same origin, a JSON `FhirSendRequest`; answers a JSON `FhirSendResult`. */
export const FHIR_PROXY_PATH = '/_attest/fhir';

/** Every channel, its argument schema (one object, or none) and its result schema. */
export const ipcContract = {
  'app:getInfo': { request: z.undefined(), result: AppInfo },
  'file:save': { request: SaveFileRequest, result: SaveFileResult },
  'file:open': { request: OpenFileRequest, result: OpenFileResult },
  'file:saveBegin': { request: SaveBeginRequest, result: SaveBeginResult },
  'file:saveChunk': { request: SaveChunkRequest, result: SaveChunkResult },
  'file:saveEnd': { request: SaveEndRequest, result: SaveEndResult },
  'file:openBegin': { request: OpenBeginRequest, result: OpenBeginResult },
  'file:openChunk': { request: OpenChunkRequest, result: OpenChunkResult },
  'file:openEnd': { request: OpenEndRequest, result: OpenEndResult },
  'link:open': { request: OpenLinkRequest, result: OpenLinkResult },
  'app:flushed': { request: z.undefined(), result: FlushedResult },
  'tsa:query': { request: TsaQueryRequest, result: TsaQueryResult },
  'fhir:send': { request: FhirSendRequest, result: FhirSendResult },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];

export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResult<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['result']>;

/** The name under which the preload exposes each channel on `window.attest`. */
export const bridgeMethodNames = {
  'app:getInfo': 'getAppInfo',
  'file:save': 'saveFile',
  'file:open': 'openFile',
  'file:saveBegin': 'saveBegin',
  'file:saveChunk': 'saveChunk',
  'file:saveEnd': 'saveEnd',
  'file:openBegin': 'openBegin',
  'file:openChunk': 'openChunk',
  'file:openEnd': 'openEnd',
  'link:open': 'openLink',
  'app:flushed': 'flushDone',
  'tsa:query': 'queryTimestampAuthority',
  'fhir:send': 'sendToFhirServer',
} as const satisfies Record<IpcChannel, string>;

type MethodOf<C extends IpcChannel> = (typeof bridgeMethodNames)[C];

/**
 * Events the main process pushes to the renderer, without payload, and the bridge function that
 * subscribes to each. `vault:lockRequested`: the computer is going to sleep or its screen locked.
 * `app:flushRequested`: the window is closing or the app quitting; the main process waits (bounded)
 * for the renderer to save or keep every pending edit and answer on `app:flushed`.
 */
export const pushChannels = {
  'vault:lockRequested': 'onLockRequested',
  'app:flushRequested': 'onFlushRequested',
} as const;

export type PushChannel = keyof typeof pushChannels;

/**
 * What the preload puts on `window.attest`: one named async function per channel, and one named
 * subscription per push event (it returns the function that unsubscribes).
 */
export type AttestBridge = {
  [C in IpcChannel as MethodOf<C>]: IpcRequest<C> extends undefined
    ? () => Promise<IpcResult<C>>
    : (request: IpcRequest<C>) => Promise<IpcResult<C>>;
} & {
  readonly [P in PushChannel as (typeof pushChannels)[P]]: (callback: () => void) => () => void;
};

/** The global name of the bridge object. */
export const BRIDGE_GLOBAL = 'attest';

/**
 * Why an IPC call failed. The main process rejects the call with a message holding `[ipc:<code>]`
 * and a fixed English sentence, never case data; the renderer shows a translated sentence per code.
 */
export const IpcErrorCode = z.enum(['untrusted-sender', 'invalid-request', 'invalid-result', 'too-large', 'failed']);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

/** The tag the main process puts in the message of a failed call, e.g. `[ipc:too-large]`. */
export function ipcErrorTag(code: IpcErrorCode): string {
  return `[ipc:${code}]`;
}

/**
 * The code of a rejected bridge call (Electron wraps the message as
 * "Error invoking remote method 'file:open': Error: [ipc:too-large] …"); `failed` when absent.
 */
export function ipcErrorCodeOf(error: unknown): IpcErrorCode {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const parsed = IpcErrorCode.safeParse(/\[ipc:([a-z-]+)\]/u.exec(message)?.[1]);
  return parsed.success ? parsed.data : 'failed';
}
