/**
 * Where: main process, Node only (no Electron). Streaming saves and opens for large files
 * (backups): the renderer sends or fetches pieces through a handle, so neither side ever holds the
 * whole file as one buffer.
 *
 * Handles belong to the web contents (sender id) that began them: another sender gets nothing.
 * A transfer left idle for `idleMs` is cleaned up (a save's temporary file deleted), and
 * {@link FileStreams.closeSender} cleans up everything of a window that closed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Thrown for an unknown handle, a handle of another sender, or a transfer of the other kind. */
export class UnknownHandleError extends Error {
  override readonly name = 'UnknownHandleError';
}

interface SaveEntry {
  readonly kind: 'save';
  readonly sender: number;
  readonly file: FileHandle;
  readonly temporary: string;
  readonly target: string;
  timer: ReturnType<typeof setTimeout> | null;
}

interface OpenEntry {
  readonly kind: 'open';
  readonly sender: number;
  readonly file: FileHandle;
  readonly size: number;
  timer: ReturnType<typeof setTimeout> | null;
}

type Entry = SaveEntry | OpenEntry;

export interface FileStreamsOptions {
  /** Idle time after which a transfer is abandoned; default 10 minutes. */
  readonly idleMs?: number;
  /** Largest piece returned by {@link FileStreams.readChunk}. */
  readonly readChunkBytes?: number;
}

export class FileStreams {
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly readChunkBytes: number;

  constructor(options: FileStreamsOptions = {}) {
    this.idleMs = options.idleMs ?? 10 * 60 * 1000;
    this.readChunkBytes = options.readChunkBytes ?? 1024 * 1024;
  }

  /** How many transfers are open (for tests). */
  get size(): number {
    return this.entries.size;
  }

  /** Opens a private (0o600) temporary file next to `target`; it replaces `target` only on commit. */
  async beginSave(sender: number, target: string): Promise<string> {
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    const handle = randomUUID();
    this.entries.set(handle, { kind: 'save', sender, file, temporary, target, timer: null });
    this.touch(handle);
    return handle;
  }

  async writeChunk(sender: number, handle: string, bytes: Uint8Array): Promise<void> {
    const entry = this.take(sender, handle, 'save');
    let at = 0;
    while (at < bytes.byteLength) {
      const { bytesWritten } = await entry.file.write(bytes, at, bytes.byteLength - at);
      at += bytesWritten;
    }
    this.touch(handle);
  }

  /** Commit: flush to disk and rename over the target. Otherwise: delete the temporary file. */
  async endSave(sender: number, handle: string, commit: boolean): Promise<'saved' | 'discarded'> {
    const entry = this.take(sender, handle, 'save');
    this.forget(handle);
    if (!commit) {
      await discard(entry);
      return 'discarded';
    }
    try {
      await entry.file.sync();
      await entry.file.close();
      await rename(entry.temporary, entry.target);
    } catch (error) {
      await discard(entry);
      throw error;
    }
    return 'saved';
  }

  /** Opens a regular file for reading in pieces. */
  async beginOpen(sender: number, filePath: string): Promise<{ handle: string; size: number }> {
    const file = await open(filePath, 'r');
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new Error('Not a regular file.');
      const handle = randomUUID();
      this.entries.set(handle, { kind: 'open', sender, file, size: info.size, timer: null });
      this.touch(handle);
      return { handle, size: info.size };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Reads at most `readChunkBytes` from `offset`; `done` once the end of the file is reached. */
  async readChunk(sender: number, handle: string, offset: number): Promise<{ bytes: Uint8Array<ArrayBuffer>; done: boolean }> {
    const entry = this.take(sender, handle, 'open');
    const buffer = new Uint8Array(this.readChunkBytes);
    let filled = 0;
    while (filled < buffer.byteLength) {
      const { bytesRead } = await entry.file.read(buffer, filled, buffer.byteLength - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.touch(handle);
    const bytes = filled === buffer.byteLength ? buffer : buffer.slice(0, filled);
    return { bytes, done: filled < buffer.byteLength };
  }

  async endOpen(sender: number, handle: string): Promise<void> {
    const entry = this.take(sender, handle, 'open');
    this.forget(handle);
    await entry.file.close();
  }

  /** The window of `sender` closed: abandon all its transfers. */
  async closeSender(sender: number): Promise<void> {
    const mine = [...this.entries].filter(([, entry]) => entry.sender === sender);
    await Promise.all(mine.map(([handle]) => this.abandon(handle)));
  }

  /** Abandons every transfer (app quits). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((handle) => this.abandon(handle)));
  }

  private take<K extends Entry['kind']>(sender: number, handle: string, kind: K): Extract<Entry, { kind: K }> {
    const entry = this.entries.get(handle);
    if (entry?.sender !== sender || entry.kind !== kind) throw new UnknownHandleError('Unknown transfer.');
    return entry as Extract<Entry, { kind: K }>;
  }

  private touch(handle: string): void {
    const entry = this.entries.get(handle);
    if (entry === undefined) return;
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => { void this.abandon(handle); }, this.idleMs);
    entry.timer.unref();
  }

  private forget(handle: string): void {
    const entry = this.entries.get(handle);
    if (entry?.timer != null) clearTimeout(entry.timer);
    this.entries.delete(handle);
  }

  private async abandon(handle: string): Promise<void> {
    const entry = this.entries.get(handle);
    if (entry === undefined) return;
    this.forget(handle);
    if (entry.kind === 'save') await discard(entry);
    else await entry.file.close().catch(() => undefined);
  }
}

async function discard(entry: SaveEntry): Promise<void> {
  await entry.file.close().catch(() => undefined);
  await unlink(entry.temporary).catch(() => undefined);
}
