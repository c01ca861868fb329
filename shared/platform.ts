/**
 * What the app needs from its host. `renderer/platform/electron.ts` implements it over the preload
 * bridge; `renderer/platform/browser.ts` with downloads and file inputs. The renderer picks one at start.
 */
import type {
  AppInfo,
  FileKind,
  OpenFileRequest,
  OpenFileResult,
  SaveFileRequest,
  SaveFileResult,
  TsaQueryRequest,
  TsaQueryResult,
  FhirSendRequest,
  FhirSendResult,
} from './ipc';

export interface SaveFileStreamRequest {
  readonly suggestedName: string;
  readonly kind: FileKind;
  /** Consumed once, piece by piece, after the destination is chosen; never joined into one buffer. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes handed to the host so far. */
  readonly onProgress?: (bytesWritten: number) => void;
}

export type OpenFileStreamResult =
  | {
      readonly status: 'opened';
      readonly name: string;
      readonly size: number;
      /** The file's bytes in pieces; each iteration starts again from the beginning. */
      readonly chunks: AsyncIterable<Uint8Array>;
      /** Lets the host release the file (Electron closes its handle); harmless to call twice. */
      readonly close: () => Promise<void>;
    }
  | { readonly status: 'cancelled' };

export type PlatformKind = 'electron' | 'browser';

export interface Platform {
  readonly kind: PlatformKind;
  appInfo(): Promise<AppInfo>;
  /** Saves bytes where the user chooses (Electron dialog) or as a download (browser). */
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Lets the user pick one file and returns its bytes. */
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  /** Saves a stream of pieces (large files, e.g. backups) without holding them as one buffer. */
  saveFileStream(request: SaveFileStreamRequest): Promise<SaveFileResult>;
  /** Lets the user pick one file and reads it piece by piece. */
  openFileStream(request: OpenFileRequest): Promise<OpenFileStreamResult>;
  /**
   * Posts an RFC 3161 query to a timestamp authority and returns its answer unread (the caller checks
   * it): Electron asks from the main process (`tsa:query`), the browser build through `attest web`
   * (`TSA_PROXY_PATH`), since the page's CSP allows no other connection. Never throws for a TSA that
   * cannot be reached: that is a `failed` result.
   */
  queryTimestampAuthority(request: TsaQueryRequest): Promise<TsaQueryResult>;
  /**
   * Sends one request to a FHIR server (GET metadata, or POST a transaction Bundle) and returns the
   * classified answer: Electron from the main process (`fhir:send`), the browser build through
   * `attest web` (`FHIR_PROXY_PATH`). Never throws for a server that cannot be reached or answers
   * something else than FHIR: that is a `failed` result.
   */
  sendToFhirServer(request: FhirSendRequest): Promise<FhirSendResult>;
  /** Opens an https link outside the app; anything else is refused. */
  openExternalLink(url: string): Promise<boolean>;
  /**
   * Calls `callback` when the host asks the vault to lock (the computer sleeps or its screen locks);
   * returns the function that stops listening. Absent where the host never asks (the browser).
   */
  onLockRequested?(callback: () => void): () => void;
  /**
   * Calls `flush` when the host is about to close the window or quit, and tells the host once the
   * promise settles (the host waits, bounded). Returns the function that stops listening. Absent in
   * the browser, where `pagehide` and the pending edits do this work.
   */
  onFlushRequested?(flush: () => Promise<void>): () => void;
}
