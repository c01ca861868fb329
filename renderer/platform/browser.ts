/**
 * The platform in a plain browser (`npm run web`, end-to-end tests): files go out as downloads and
 * come in through a file input.
 */
import { FHIR_PROXY_PATH, FhirSendRequest, FhirSendResult } from '../../shared/ipc';
import { MAX_IPC_FILE_BYTES, MAX_TSA_REPLY_BYTES, SaveFileRequest, TSA_PROXY_PATH, TSA_PROXY_TIMEOUT_STATUS, TSA_URL_HEADER, TsaQueryRequest, type AppInfo, type FileKind, type TsaQueryResult } from '../../shared/ipc';
import type { OpenFileStreamResult, Platform } from '../../shared/platform';
import { collectParts, ownBuffer, reiterableChunks } from './streams';

/** The File System Access API's save picker, where the browser has it (Chromium). */
interface WritableFile {
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
type SaveFilePicker = (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<{
  createWritable(): Promise<WritableFile>;
}>;

const extensions: Record<FileKind, string[]> = {
  pdf: ['.pdf'],
  backup: ['.attest-backup'],
  json: ['.json'],
  ndjson: ['.ndjson'],
  csv: ['.csv'],
  image: ['.jpg', '.jpeg', '.png'],
  certificate: ['.pem', '.der', '.crt', '.cer', '.p12', '.pfx'],
};

/**
 * The save picker, unless absent or under automation (headless test browsers cannot answer it;
 * they get the download).
 */
function savePickerOf(doc: Document): SaveFilePicker | null {
  const view = doc.defaultView as (Window & { showSaveFilePicker?: SaveFilePicker }) | null;
  if (view === null || typeof view.showSaveFilePicker !== 'function' || view.navigator.webdriver) return null;
  return view.showSaveFilePicker.bind(view);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Asks the browser to download a blob under `name`. */
function download(doc: Document, blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoke after the download has started; the browser keeps its own reference.
  setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
}

/** Lets the user pick one file through a file input; null when cancelled. */
function pickFile(doc: Document, kind: FileKind): Promise<File | null> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = accept[kind];
    input.addEventListener('cancel', () => { resolve(null); });
    input.addEventListener('change', () => { resolve(input.files?.[0] ?? null); });
    input.click();
  });
}

const accept: Record<FileKind, string> = {
  pdf: 'application/pdf,.pdf',
  backup: '.attest-backup',
  json: 'application/json,.json',
  ndjson: 'application/x-ndjson,.ndjson',
  csv: 'text/csv,.csv',
  image: 'image/jpeg,image/png,.jpg,.jpeg,.png',
  certificate: '.pem,.der,.crt,.cer,.p12,.pfx',
};

const mimeTypes: Record<FileKind, string> = {
  pdf: 'application/pdf',
  backup: 'application/octet-stream',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  image: 'application/octet-stream',
  certificate: 'application/octet-stream',
};

/** Only https links leave the app, in a new browsing context without opener or referrer. */
export function isAllowedExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function createBrowserPlatform(info: { version: string }, doc: Document = document): Platform {
  return {
    kind: 'browser',
    appInfo: () => Promise.resolve<AppInfo>({ name: 'Attest', version: info.version, platform: 'browser' }),

    saveFile(request) {
      const { suggestedName, kind, bytes } = SaveFileRequest.parse(request);
      download(doc, new Blob([bytes], { type: mimeTypes[kind] }), suggestedName);
      return Promise.resolve({ status: 'saved' });
    },

    openFile({ kind }) {
      return new Promise((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = accept[kind];
        input.addEventListener('cancel', () => { resolve({ status: 'cancelled' }); });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) {
            resolve({ status: 'cancelled' });
            return;
          }
          if (file.size > MAX_IPC_FILE_BYTES) {
            reject(new Error('The file is too large.'));
            return;
          }
          file.arrayBuffer().then(
            (buffer) => { resolve({ status: 'opened', name: file.name.slice(0, 255), bytes: new Uint8Array(buffer) }); },
            (error: unknown) => { reject(error instanceof Error ? error : new Error('The file could not be read.')); },
          );
        });
        input.click();
      });
    },

    async saveFileStream({ suggestedName, kind, chunks, onProgress }) {
      const name = SaveFileRequest.shape.suggestedName.parse(suggestedName);
      const picker = savePickerOf(doc);
      let writable: WritableFile | null = null;
      if (picker !== null) {
        try {
          const file = await picker({ suggestedName: name, types: [{ description: name, accept: { [mimeTypes[kind]]: extensions[kind] } }] });
          writable = await file.createWritable();
        } catch (error) {
          if (isAbort(error)) return { status: 'cancelled' };
          // Refused (e.g. no user gesture left, or a policy): the download below still works.
          writable = null;
        }
      }
      if (writable !== null) {
        let written = 0;
        try {
          for await (const chunk of chunks) {
            await writable.write(ownBuffer(chunk));
            written += chunk.byteLength;
            onProgress?.(written);
          }
        } catch (error) {
          // Nothing reaches the chosen file: the browser writes to a swap file until close().
          await writable.abort().catch(() => undefined);
          throw error;
        }
        await writable.close();
        return { status: 'saved' };
      }
      // No picker: the pieces stay separate Blob parts (never one joined array), then a download.
      const { parts } = await collectParts(chunks, onProgress);
      download(doc, new Blob(parts, { type: mimeTypes[kind] }), name);
      return { status: 'saved' };
    },

    async openFileStream({ kind }): Promise<OpenFileStreamResult> {
      const file = await pickFile(doc, kind);
      if (file === null) return { status: 'cancelled' };
      return { status: 'opened', name: file.name.slice(0, 255), size: file.size, chunks: reiterableChunks(file), close: () => Promise.resolve() };
    },

    async queryTimestampAuthority(raw): Promise<TsaQueryResult> {
      const request = TsaQueryRequest.parse(raw);
      const headers: Record<string, string> = { 'Content-Type': 'application/timestamp-query', [TSA_URL_HEADER]: request.url };
      if (request.username !== undefined) {
        const pair = new TextEncoder().encode(`${request.username}:${request.password ?? ''}`);
        headers.Authorization = `Basic ${btoa(String.fromCharCode(...pair))}`;
      }
      try {
        // The page may connect to its own origin only (CSP): `attest web` forwards the query.
        const response = await fetch(TSA_PROXY_PATH, { method: 'POST', headers, body: new Uint8Array(request.query), signal: AbortSignal.timeout(request.timeoutMs + 2_000), credentials: 'omit', cache: 'no-store' });
        if (response.status === TSA_PROXY_TIMEOUT_STATUS) return { status: 'failed', reason: 'timeout' };
        if (!response.ok) return { status: 'failed', reason: 'unreachable' };
        const bytes = new Uint8Array(await response.arrayBuffer());
        return bytes.byteLength > MAX_TSA_REPLY_BYTES ? { status: 'failed', reason: 'garbage' } : { status: 'answered', bytes };
      } catch (error) {
        return { status: 'failed', reason: error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'unreachable' };
      }
    },

    async sendToFhirServer(raw): Promise<FhirSendResult> {
      const request = FhirSendRequest.parse(raw);
      try {
        // The page may connect to its own origin only (CSP): `attest web` talks to the server and classifies its answer.
        const response = await fetch(FHIR_PROXY_PATH, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(request.timeoutMs + 5_000),
          credentials: 'omit',
          cache: 'no-store',
        });
        if (!response.ok) return { status: 'failed', reason: 'unreachable', httpStatus: null };
        const answer = FhirSendResult.safeParse(await response.json());
        return answer.success ? answer.data : { status: 'failed', reason: 'not-fhir', httpStatus: null };
      } catch (error) {
        return { status: 'failed', reason: error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'unreachable', httpStatus: null };
      }
    },

    openExternalLink(url) {
      if (!isAllowedExternalLink(url)) return Promise.resolve(false);
      window.open(url, '_blank', 'noopener,noreferrer');
      return Promise.resolve(true);
    },
  };
}
