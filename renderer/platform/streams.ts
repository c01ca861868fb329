/**
 * Pure stream helpers shared by the platforms (no DOM needed: they run under Node in unit tests).
 */

/** An ArrayBuffer-backed view (what Blob parts and IPC take); copies only a view over a shared buffer. */
export function ownBuffer(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  return chunk.buffer instanceof ArrayBuffer ? (chunk as Uint8Array<ArrayBuffer>) : new Uint8Array(chunk);
}

/** Yields the pieces of a byte stream as they come, releasing the reader at the end or on early exit. */
export async function* readStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.byteLength > 0) yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Something that can be read as a stream again and again (a `Blob` or `File`). */
export interface Streamable {
  stream(): ReadableStream<Uint8Array>;
}

/** An iterable over a file's pieces that starts from the beginning at each iteration. */
export function reiterableChunks(source: Streamable): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => readStreamChunks(source.stream()),
  };
}

/**
 * Collects pieces into a list of separate buffers, for `new Blob(parts)`: never joined into one
 * array. Reports the running byte count.
 */
export async function collectParts(chunks: AsyncIterable<Uint8Array>, onProgress?: (bytes: number) => void): Promise<{ parts: Uint8Array<ArrayBuffer>[]; bytes: number }> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for await (const chunk of chunks) {
    parts.push(ownBuffer(chunk));
    bytes += chunk.byteLength;
    onProgress?.(bytes);
  }
  return { parts, bytes };
}

/**
 * Splits pieces larger than `max` (the host's limit per call) into copies of at most `max` bytes
 * (copies, not views: IPC would clone a view's whole underlying buffer). Smaller pieces pass as they are.
 */
export async function* limitChunkSize(chunks: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  for await (const chunk of chunks) {
    if (chunk.byteLength <= max) {
      yield ownBuffer(chunk);
      continue;
    }
    for (let at = 0; at < chunk.byteLength; at += max) yield chunk.slice(at, Math.min(at + max, chunk.byteLength));
  }
}
