/**
 * Photograph import: from a chosen file to the evidence record's parts. The original bytes are kept
 * exactly as received and identified by their SHA-256; the copies shown on screen and placed in the
 * report are re-encoded, upright, and carry no metadata. Anything that must not be decoded (empty,
 * too big, not JPEG or PNG, incomplete, broken, over 50 megapixels) is refused from the bytes before
 * decoding, with a PhotoError and nothing else: there is never a partial result.
 *
 * Decoding and encoding run in one reusable module worker; where Worker or OffscreenCanvas is
 * missing, or the worker cannot start, on the page instead.
 */
import { PhotoError, type PhotoErrorCode } from '../../shared/photos/errors';
import { sha256Hex } from '../../shared/photos/hash';
import { MAX_PHOTO_BYTES, inspectImage } from '../../shared/photos/inspect';
import { deriveCopies, type DeriveRequest, type DeriveResponse, type DerivedCopies } from './deriveCore';

export { PhotoError, type PhotoErrorCode } from '../../shared/photos/errors';

export interface ProcessedPhoto {
  /** Lowercase hex SHA-256 of the original bytes. */
  readonly sha256: string;
  /** Exactly the file's bytes. */
  readonly original: Uint8Array;
  readonly mime: 'image/jpeg' | 'image/png';
  /** As displayed (orientation applied). */
  readonly width: number;
  readonly height: number;
  /** EXIF DateTimeOriginal as 'YYYY-MM-DDTHH:mm:ss', plus '+02:00'-style offset when the file gives one. */
  readonly takenAt: string | null;
  /** JPEG, long edge ≤ 2048 px, no metadata. */
  readonly display: Uint8Array;
  /** JPEG, long edge ≤ 320 px, no metadata. */
  readonly thumb: Uint8Array;
}

/** The i18n key of the message for `error`, e.g. `findings:photo.error.truncated`. */
export function messageKeyFor(error: PhotoError): `findings:photo.error.${PhotoErrorCode}` {
  return `findings:photo.error.${error.code}`;
}

interface Pending {
  readonly resolve: (copies: DerivedCopies) => void;
  readonly reject: (error: unknown) => void;
  /** Runs the same request on the page, if the worker dies before answering. */
  readonly fallback: () => void;
}

/** After this many worker failures in a row (it cannot start, or keeps dying), use the page. */
const MAX_WORKER_FAILURES = 2;

let worker: Worker | null = null;
let workerFailures = 0;
let nextId = 1;
const pending = new Map<number, Pending>();

function workerAvailable(): boolean {
  return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && workerFailures < MAX_WORKER_FAILURES;
}

function onWorkerMessage(event: MessageEvent<DeriveResponse>): void {
  const response = event.data;
  const job = pending.get(response.id);
  if (job === undefined) return; // aborted meanwhile
  pending.delete(response.id);
  workerFailures = 0;
  if (response.ok) job.resolve({ width: response.width, height: response.height, display: new Uint8Array(response.display), thumb: new Uint8Array(response.thumb) });
  else job.reject(new PhotoError(response.code, response.detail));
}

/** The worker failed as a whole (did not load, crashed, sent something unreadable): replace it. */
function onWorkerFailure(failed: Worker): void {
  if (worker !== failed) return;
  failed.terminate();
  worker = null;
  workerFailures += 1;
  console.warn('Photo worker failed; its requests continue on the page.');
  const jobs = [...pending.values()];
  pending.clear();
  for (const job of jobs) job.fallback();
}

function getWorker(): Worker {
  if (worker !== null) return worker;
  const created = new Worker(new URL('./derive.worker.ts', import.meta.url), { type: 'module', name: 'photo-derive' });
  created.addEventListener('message', onWorkerMessage);
  created.addEventListener('error', (event) => {
    event.preventDefault();
    onWorkerFailure(created);
  });
  created.addEventListener('messageerror', () => {
    onWorkerFailure(created);
  });
  worker = created;
  return created;
}

function deriveOnPage(original: Uint8Array<ArrayBuffer>, mime: string): Promise<DerivedCopies> {
  return deriveCopies(new Blob([original], { type: mime }));
}

function deriveInWorker(original: Uint8Array<ArrayBuffer>, mime: string, signal: AbortSignal | undefined): Promise<DerivedCopies> {
  return new Promise<DerivedCopies>((resolve, reject) => {
    const id = nextId;
    nextId += 1;
    const onAbort = (): void => {
      pending.delete(id);
      // Nothing else waits on the worker: stop the decode now rather than let the next import queue
      // behind it (a new worker starts in a few milliseconds). Otherwise its answer is dropped.
      if (pending.size === 0 && worker !== null) {
        worker.terminate();
        worker = null;
      }
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The import was cancelled.', 'AbortError'));
    };
    const settle = <T>(fn: (value: T) => void) => (value: T): void => {
      signal?.removeEventListener('abort', onAbort);
      fn(value);
    };
    const job: Pending = {
      resolve: settle(resolve),
      reject: settle(reject),
      fallback: () => {
        deriveOnPage(original, mime).then(settle(resolve), settle(reject));
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pending.set(id, job);
    let target: Worker;
    try {
      target = getWorker();
    } catch {
      // The constructor itself can throw (a policy forbids workers): the page does it.
      pending.delete(id);
      workerFailures = MAX_WORKER_FAILURES;
      job.fallback();
      return;
    }
    // A copy goes to the worker (transferred, not cloned again): the original stays here, untouched.
    const buffer = original.slice().buffer;
    const request: DeriveRequest = { id, buffer, mime };
    target.postMessage(request, [buffer]);
  });
}

async function readAll(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new PhotoError('unreadable', undefined, { cause: error });
  }
}

/**
 * Imports one photograph file. Throws PhotoError (see its codes) when the file is refused, or the
 * signal's reason when aborted. The caller detects duplicates by `sha256`.
 */
export async function processPhoto(file: Blob, options: { signal?: AbortSignal } = {}): Promise<ProcessedPhoto> {
  const { signal } = options;
  signal?.throwIfAborted();
  // Size first, from the Blob: a refused file is never read into memory.
  if (file.size === 0) throw new PhotoError('empty');
  if (file.size > MAX_PHOTO_BYTES) throw new PhotoError('tooBig');
  const original = await readAll(file);
  signal?.throwIfAborted();
  const inspection = inspectImage(original);
  const derive = workerAvailable() ? deriveInWorker(original, inspection.mime, signal) : deriveOnPage(original, inspection.mime);
  const [sha256, copies] = await Promise.all([sha256Hex(original), derive]);
  signal?.throwIfAborted();
  return {
    sha256,
    original,
    mime: inspection.mime,
    width: copies.width,
    height: copies.height,
    takenAt: inspection.takenAt,
    display: copies.display,
    thumb: copies.thumb,
  };
}
