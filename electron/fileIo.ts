/**
 * Where: main process, Node only (no Electron). Writes and reads the files the user picked.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Thrown by {@link readFileWithLimit} when the file is larger than allowed. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
}

/**
 * Writes `bytes` to `filePath` readable by the user only (mode 0o600), through a temporary file
 * in the same folder renamed over the target: an interrupted save never leaves half a report, and
 * an existing file replaced this way gets the private mode too (a plain write keeps its old mode).
 */
export async function writePrivateFile(filePath: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes, { mode: 0o600, flag: 'wx' });
    await rename(temporary, filePath);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Reads a regular file of at most `maxBytes` bytes; refuses larger files before reading them. */
export async function readFileWithLimit(filePath: string, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await open(filePath, 'r');
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('Not a regular file.');
    if (info.size > maxBytes) throw new FileTooLargeError('The file is too large.');
    const bytes = await handle.readFile();
    // The file may have grown between stat and read.
    if (bytes.byteLength > maxBytes) throw new FileTooLargeError('The file is too large.');
    // A plain Uint8Array view (no copy): what the contract and IPC carry, not a Node Buffer.
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await handle.close();
  }
}
