/**
 * The photo worker: decodes and re-encodes off the main thread, so a 12 MP import never freezes the
 * form. One request at a time (a queue), so two large imports never hold two full decodes at once.
 * Receives the original bytes as a transferred ArrayBuffer; returns the copies as transferred buffers.
 */
import { PhotoError } from '../../shared/photos/errors';
import { deriveCopies, type DeriveRequest, type DeriveResponse } from './deriveCore';

/** The parts of DedicatedWorkerGlobalScope used here (the renderer's types are the DOM's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DeriveRequest>) => void) | null;
  postMessage(message: DeriveResponse, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let queue: Promise<void> = Promise.resolve();

async function handle(request: DeriveRequest): Promise<void> {
  try {
    const copies = await deriveCopies(new Blob([request.buffer], { type: request.mime }));
    scope.postMessage({ id: request.id, ok: true, width: copies.width, height: copies.height, display: copies.display.buffer, thumb: copies.thumb.buffer }, [copies.display.buffer, copies.thumb.buffer]);
  } catch (error) {
    // The detail names the failing step only: never file content or names.
    const code = error instanceof PhotoError ? error.code : 'decodeFailed';
    scope.postMessage({ id: request.id, ok: false, code, detail: error instanceof PhotoError ? (error.detail ?? code) : 'unexpected failure' }, []);
  }
}

scope.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};
